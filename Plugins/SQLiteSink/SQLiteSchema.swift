import GRDB

/// The SQLite schema, as GRDB migrations. Migrations only ever add: a store written by an
/// older Sluice is brought up to date when a newer one opens it.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: documents, blocks, groups, statements, search") { db in
            try db.execute(sql: """
                CREATE TABLE documents (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    title TEXT,
                    published TEXT,
                    source_path TEXT NOT NULL,
                    source_reader TEXT NOT NULL,
                    source_bytes INTEGER NOT NULL,
                    source_sha256 TEXT NOT NULL,
                    source_encoding TEXT,
                    metadata TEXT NOT NULL DEFAULT '{}',
                    text TEXT NOT NULL,
                    json TEXT NOT NULL,
                    record_sha256 TEXT NOT NULL DEFAULT '',
                    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                );
                CREATE INDEX documents_kind ON documents(kind);
                CREATE INDEX documents_source_path ON documents(source_path);
                CREATE INDEX documents_published ON documents(published);

                CREATE TABLE blocks (
                    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                    ordinal INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    text TEXT NOT NULL,
                    level INTEGER,
                    src TEXT,
                    speaker TEXT,
                    attributes TEXT,
                    PRIMARY KEY (document_id, ordinal)
                ) WITHOUT ROWID;

                CREATE TABLE groups (
                    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                    ordinal INTEGER NOT NULL,
                    label TEXT,
                    number INTEGER,
                    leader TEXT,
                    topic TEXT,
                    members TEXT NOT NULL DEFAULT '[]',
                    recorders TEXT NOT NULL DEFAULT '[]',
                    headings TEXT NOT NULL DEFAULT '[]',
                    PRIMARY KEY (document_id, ordinal)
                ) WITHOUT ROWID;

                CREATE TABLE group_members (
                    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                    group_ordinal INTEGER NOT NULL,
                    ordinal INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    employee_id TEXT,
                    note TEXT,
                    PRIMARY KEY (document_id, group_ordinal, ordinal)
                ) WITHOUT ROWID;
                CREATE INDEX group_members_name ON group_members(name);

                CREATE TABLE statements (
                    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                    ordinal INTEGER NOT NULL,
                    group_ordinal INTEGER NOT NULL,
                    group_label TEXT,
                    speaker TEXT,
                    speaker_raw TEXT,
                    role TEXT,
                    text TEXT NOT NULL,
                    points TEXT NOT NULL DEFAULT '[]',
                    PRIMARY KEY (document_id, ordinal)
                ) WITHOUT ROWID;
                CREATE INDEX statements_speaker ON statements(speaker);

                CREATE TABLE search_entries (
                    entry_id INTEGER PRIMARY KEY,
                    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                    unit TEXT NOT NULL,
                    group_ordinal INTEGER,
                    statement_ordinal INTEGER,
                    group_label TEXT,
                    speaker TEXT,
                    title TEXT NOT NULL,
                    context TEXT NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX search_entries_document ON search_entries(document_id);

                CREATE VIRTUAL TABLE search_fts USING fts5(
                    title, context, body,
                    content='search_entries', content_rowid='entry_id', tokenize='trigram');
                CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN
                    INSERT INTO search_fts(rowid, title, context, body)
                    VALUES (new.entry_id, new.title, new.context, new.body);
                END;
                CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN
                    INSERT INTO search_fts(search_fts, rowid, title, context, body)
                    VALUES ('delete', old.entry_id, old.title, old.context, old.body);
                END;
                """)
        }
        return migrator
    }
}
