import GRDB

/// The SQLite schema, as GRDB migrations. Migrations only ever add: a store written by an
/// older Sluice is brought up to date when a newer one opens it.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: documents, blocks, groups, statements, search") { db in
            try db.execute(sql: version1)
        }
        migrator.registerMigration("v2: one copy of the text, the sluice tokenizer") { db in
            try db.execute(sql: version2)
            try db.execute(sql: "INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            // Each batch commits a small segment; merging 16 at a time (FTS5's default is 4)
            // rewrites the index half as often while a run writes.
            try db.execute(sql: "INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 16)")
        }
        migrator.registerMigration("v3: generic search entries with facets") { db in
            try db.execute(sql: version3)
        }
        migrator.registerMigration("v4: one index segment per batch") { db in
            // FTS5 writes its in-memory index out as a new segment each time it passes 1 MiB, so
            // a batch of a few MB of text left several segments to merge again later. With 64 MiB
            // a batch (at most 16 MiB of text) leaves one.
            try db.execute(sql: "INSERT INTO search_fts(search_fts, rank) VALUES ('hashsize', \(indexMemory))")
        }
        return migrator
    }

    /// The memory FTS5 may use for a transaction's index entries before it writes them out as a
    /// segment, in bytes.
    static let indexMemory = 64 * 1024 * 1024

    /// The first schema (frozen: a migration never changes once released). It still names the
    /// tables and columns of the first minutes store, which later migrations turned generic.
    static let version1 = """
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
        """

    /// From v2 (search entries with columns of one document kind) to generic entries: the
    /// kind-specific columns become the entry's `facets` (a JSON object, NULL when empty), under
    /// the facet names the projection that now writes such entries uses, so stored entries and
    /// new ones look alike. Tables a v1/v2 store already has (such as the extra tables a
    /// projection describes) stay as they are; the index is untouched (it indexes title, context
    /// and body, which do not change).
    static let version3 = """
        ALTER TABLE search_entries ADD COLUMN facets TEXT;
        UPDATE search_entries
            SET facets = NULLIF(json_patch('{}', json_object('group', group_label, 'speaker', speaker)), '{}')
            WHERE unit <> 'document';
        ALTER TABLE search_entries DROP COLUMN group_ordinal;
        ALTER TABLE search_entries DROP COLUMN statement_ordinal;
        ALTER TABLE search_entries DROP COLUMN group_label;
        ALTER TABLE search_entries DROP COLUMN speaker;
        """

    /// From v1 (the text in `documents.text`, `blocks`, `search_entries` and a trigram index) to
    /// one stored copy: the canonical JSON in `records.json`. `documents` and `blocks` become
    /// views over it, so queries written for v1 keep working; a document's search entry keeps its
    /// body as NULL (meaning the document's text) and the index reads it through `search_content`.
    static let version2 = """
        DROP TRIGGER search_entries_ai;
        DROP TRIGGER search_entries_ad;
        DROP TABLE search_fts;
        DROP TABLE blocks;
        DROP INDEX documents_kind;
        DROP INDEX documents_source_path;
        DROP INDEX documents_published;
        ALTER TABLE documents RENAME TO records;
        ALTER TABLE records DROP COLUMN text;
        CREATE INDEX records_kind ON records(kind);
        CREATE INDEX records_source_path ON records(source_path);
        CREATE INDEX records_published ON records(published);

        CREATE TABLE search_entries_v2 (
            entry_id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            unit TEXT NOT NULL,
            group_ordinal INTEGER,
            statement_ordinal INTEGER,
            group_label TEXT,
            speaker TEXT,
            title TEXT NOT NULL,
            context TEXT NOT NULL,
            body TEXT
        );
        INSERT INTO search_entries_v2
            SELECT entry_id, document_id, unit, group_ordinal, statement_ordinal, group_label, speaker, title, context,
                   CASE unit WHEN 'document' THEN NULL ELSE body END
            FROM search_entries;
        DROP TABLE search_entries;
        ALTER TABLE search_entries_v2 RENAME TO search_entries;
        CREATE INDEX search_entries_document ON search_entries(document_id);

        CREATE VIEW documents AS
            SELECT id, kind, title, published, source_path, source_reader, source_bytes, source_sha256,
                   source_encoding, metadata, json ->> '$.text' AS text, json, record_sha256, ingested_at
            FROM records;
        CREATE VIEW blocks AS
            SELECT r.id AS document_id, CAST(b.key AS INTEGER) AS ordinal, b.value ->> '$.type' AS type,
                   b.value ->> '$.text' AS text, b.value ->> '$.level' AS level, b.value ->> '$.src' AS src,
                   b.value ->> '$.speaker' AS speaker, b.value -> '$.attributes' AS attributes
            FROM records r, json_each(r.json, '$.blocks') b;
        CREATE VIEW search_content AS
            SELECT e.entry_id, e.document_id, e.title, e.context, COALESCE(e.body, r.json ->> '$.text') AS body
            FROM search_entries e JOIN records r ON r.id = e.document_id;
        CREATE VIRTUAL TABLE search_fts USING fts5(
            title, context, body, content='search_content', content_rowid='entry_id', tokenize='sluice');
        """
}
