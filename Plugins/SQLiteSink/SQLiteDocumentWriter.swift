import GRDB
import SluiceCore
import SluiceStorageSupport

/// Writes flattened documents into a SQLite store inside the caller's transaction: records,
/// search entries (and their index entries), and the rows of the projections' extra tables.
/// Knows no document kind: the extra tables are whatever the projections described.
struct SQLiteDocumentWriter {
    /// Every table whose rows belong to one document (a foreign key to `records`): cleared when
    /// the document is stored again.
    let childTables: [String]
    /// The extra tables by name, for their insert statements.
    let extraTables: [String: StoredTable]

    /// Creates the projections' extra tables that are missing and finds every child table.
    static func prepare(_ tables: [StoredTable], in db: Database) throws -> SQLiteDocumentWriter {
        for table in tables {
            for sql in tableSQL.createStatements(table) { try db.execute(sql: sql) }
        }
        let children = try String.fetchAll(db, sql: """
            SELECT DISTINCT m.name FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f
            WHERE m.type = 'table' AND f."table" = 'records' ORDER BY m.name
            """)
        return SQLiteDocumentWriter(
            childTables: children, extraTables: Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }))
    }

    /// The SQL of the extra tables: rows keyed by `document_id` and the key, without a rowid.
    static let tableSQL = ExtraTableSQL(
        types: [.text: "TEXT", .integer: "INTEGER", .json: "TEXT"],
        documentColumn: "document_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE", keyedSuffix: " WITHOUT ROWID")

    /// Upserts `rows` (an unchanged record is left as it is).
    func store(_ rows: [RelationalDocument], in db: Database, replaceSource: Bool) throws {
        // Later duplicates of an id in the same batch win, as they would in separate batches.
        var seen = Set<String>()
        var unique: [RelationalDocument] = []
        for row in rows.reversed() where seen.insert(row.document.id).inserted { unique.append(row) }
        unique.reverse()
        if replaceSource { try removeReplaced(unique, in: db) }
        let stored = try db.cachedStatement(sql: "SELECT record_sha256 FROM records WHERE id = ?")
        for r in unique {
            let previous = try String.fetchOne(stored, arguments: [r.document.id])
            // The same record is already stored with all its rows: nothing to do.
            if previous == r.document.recordSHA256 { continue }
            if previous != nil { try deleteDocument(r.document.id, in: db, keepRow: true) }
            try insert(r, in: db)
        }
    }

    /// Removes the documents stored earlier from the batch's source paths that the batch no longer
    /// holds (the file changed).
    private func removeReplaced(_ unique: [RelationalDocument], in db: Database) throws {
        var idsByPath: [PathKey: [String]] = [:]
        for r in unique { idsByPath[PathKey(r.document.sourcePath), default: []].append(r.document.id) }
        for (key, ids) in idsByPath where !key.path.isEmpty {
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
            let stale = try String.fetchAll(
                db, sql: "SELECT id FROM records WHERE source_path = ? AND id NOT IN (\(placeholders))",
                arguments: StatementArguments([key.path] + ids))
            for id in stale { try deleteDocument(id, in: db, keepRow: false) }
        }
    }

    /// Writes one document's record, search entries, index entries and extra rows.
    private func insert(_ r: RelationalDocument, in db: Database) throws {
        let d = r.document
        try db.cachedStatement(sql: """
            INSERT INTO records (id, kind, title, published, source_path, source_reader, source_bytes,
                source_sha256, source_encoding, metadata, json, record_sha256, ingested_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
            ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, title = excluded.title,
                published = excluded.published, source_path = excluded.source_path,
                source_reader = excluded.source_reader, source_bytes = excluded.source_bytes,
                source_sha256 = excluded.source_sha256, source_encoding = excluded.source_encoding,
                metadata = excluded.metadata, json = excluded.json,
                record_sha256 = excluded.record_sha256, ingested_at = excluded.ingested_at
            """).execute(arguments: [
                d.id, d.kind, d.title, d.published, d.sourcePath, d.sourceReader, d.sourceBytes, d.sourceSHA256,
                d.sourceEncoding, d.metadata, d.json, d.recordSHA256,
            ])
        let entry = try db.cachedStatement(sql: """
            INSERT INTO search_entries (document_id, unit, facets, title, context, body) VALUES (?, ?, ?, ?, ?, ?)
            """)
        let index = try db.cachedStatement(sql: "INSERT INTO search_fts (rowid, title, context, body) VALUES (?, ?, ?, ?)")
        for e in r.searchEntries {
            // A body that is the document's text (the whole-document entry's, a chunk's) is stored
            // once, in the record (`search_content` reads it from there): NULL here.
            let body = e.unit == "document" || e.body == d.text ? nil : e.body
            try entry.execute(arguments: [d.id, e.unit, e.facets, e.title, e.context, body])
            try index.execute(arguments: [db.lastInsertedRowID, e.title, e.context, e.body])
        }
        for rows in r.tableRows { try insert(rows, of: d.id, in: db) }
    }

    /// Inserts one document's rows of an extra table.
    private func insert(_ rows: TableRows, of id: String, in db: Database) throws {
        guard let table = extraTables[rows.table] else {
            throw PluginError.storage("a projection gave rows for '\(rows.table)', which it did not describe")
        }
        let names = ExtraTableSQL.insertColumns(table).joined(separator: ", ")
        let marks = Array(repeating: "?", count: table.columns.count + 1).joined(separator: ", ")
        let statement = try db.cachedStatement(sql: "INSERT INTO \"\(table.name)\" (\(names)) VALUES (\(marks))")
        for row in rows.rows {
            guard row.count == table.columns.count else {
                throw PluginError.storage("a row for '\(table.name)' has \(row.count) values for \(table.columns.count) columns")
            }
            var arguments: [DatabaseValue] = [id.databaseValue]
            for value in row {
                switch value {
                case .null: arguments.append(.null)
                case .text(let s): arguments.append(s.databaseValue)
                case .integer(let i): arguments.append(i.databaseValue)
                }
            }
            try statement.execute(arguments: StatementArguments(arguments))
        }
    }

    /// Removes a document's rows in every child table and its entries in the full-text index (and
    /// the record unless `keepRow`). The index is told what it indexed, read back through
    /// `search_content`, so this runs before the record changes.
    func deleteDocument(_ id: String, in db: Database, keepRow: Bool) throws {
        try db.cachedStatement(sql: """
            INSERT INTO search_fts (search_fts, rowid, title, context, body)
            SELECT 'delete', entry_id, title, context, body FROM search_content WHERE document_id = ?
            """).execute(arguments: [id])
        for table in childTables {
            try db.cachedStatement(sql: "DELETE FROM \"\(table)\" WHERE document_id = ?").execute(arguments: [id])
        }
        if !keepRow { try db.cachedStatement(sql: "DELETE FROM records WHERE id = ?").execute(arguments: [id]) }
    }
}
