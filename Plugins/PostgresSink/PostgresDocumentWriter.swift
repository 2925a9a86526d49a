#if Postgres
import Logging
import PostgresNIO
import SluiceCore
import SluiceStorageSupport

/// Writes flattened documents into PostgreSQL inside the caller's transaction: documents,
/// blocks, search entries and the rows of the projections' extra tables, each table with
/// multi-row inserts. Knows no document kind: the extra tables are whatever the projections
/// described.
struct PostgresDocumentWriter: Sendable {
    /// Every table whose rows belong to one document (a foreign key to `documents`), as SQL names.
    let childTables: [String]
    /// The extra tables by name.
    let extraTables: [String: StoredTable]

    /// Creates the projections' extra tables that are missing and finds every child table; runs
    /// inside the migration's transaction (under its advisory lock).
    static func prepare(_ tables: [StoredTable], on conn: PostgresConnection, logger: Logger) async throws -> PostgresDocumentWriter {
        for table in tables {
            for sql in tableSQL.createStatements(table) { try await conn.exec(sql, logger: logger) }
        }
        var children: [String] = []
        for row in try await conn.run("""
            SELECT DISTINCT conrelid::regclass::text FROM pg_constraint
            WHERE contype = 'f' AND confrelid = 'documents'::regclass ORDER BY 1
            """, logger: logger) {
            children.append(try row.decode(String.self))
        }
        return PostgresDocumentWriter(
            childTables: children, extraTables: Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }))
    }

    /// The SQL of the extra tables.
    static let tableSQL = ExtraTableSQL(
        types: [.text: "text", .integer: "bigint", .json: "jsonb"],
        documentColumn: "document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE")

    /// Upserts `rows` (the last copy of an id wins); documents stored with the same record are
    /// left as they are.
    func store(_ rows: [RelationalDocument], on conn: PostgresConnection, replaceSource: Bool, logger: Logger) async throws {
        // Ids in a fixed order so that concurrent writers lock rows in the same order and cannot
        // deadlock each other.
        var byID: [String: RelationalDocument] = [:]
        for r in rows { byID[r.document.id] = r }
        let all = byID.keys.sorted().map { byID[$0]! }
        guard !all.isEmpty else { return }
        if replaceSource { try await removeReplaced(all, on: conn, logger: logger) }
        let unique = try await changed(all, on: conn, logger: logger)
        guard !unique.isEmpty else { return }
        try await upsertDocuments(unique, on: conn, logger: logger)
        // The upsert above locked the documents' rows (in id order), so a concurrent writer of the
        // same ids waits here, and these deletes then see its committed rows.
        var idBinds = PostgresBindings()
        idBinds.append(unique.map(\.document.id))
        for table in childTables {
            try await conn.exec("DELETE FROM \(table) WHERE document_id = ANY($1::text[])", idBinds, logger: logger)
        }
        try await insertChildren(unique, on: conn, logger: logger)
    }

    /// Removes the documents stored earlier from the batch's source paths that it no longer holds.
    private func removeReplaced(_ all: [RelationalDocument], on conn: PostgresConnection, logger: Logger) async throws {
        let paths = all.map(\.document.sourcePath).filter { !$0.isEmpty }.uniquePathsInByteOrder()
        guard !paths.isEmpty else { return }
        var binds = PostgresBindings()
        binds.append(paths)
        binds.append(all.map(\.document.id))
        try await conn.exec(
            "DELETE FROM documents WHERE source_path = ANY($1::text[]) AND NOT (id = ANY($2::text[]))", binds, logger: logger)
    }

    /// The documents whose stored record differs (or that are not stored).
    private func changed(_ all: [RelationalDocument], on conn: PostgresConnection, logger: Logger) async throws -> [RelationalDocument] {
        var lookup = PostgresBindings()
        lookup.append(all.map(\.document.id))
        var storedHashes: [String: String] = [:]
        for row in try await conn.run("SELECT id, record_sha256 FROM documents WHERE id = ANY($1::text[])", lookup, logger: logger) {
            let (id, hash) = try row.decode((String, String).self)
            storedHashes[id] = hash
        }
        return all.filter { storedHashes[$0.document.id] != $0.document.recordSHA256 }
    }

    private func upsertDocuments(_ unique: [RelationalDocument], on conn: PostgresConnection, logger: Logger) async throws {
        try await MultiRowInsert(
            table: "documents",
            columns: ["id", "kind", "title", "published", "source_path", "source_reader", "source_bytes", "source_sha256",
                      "source_encoding", "metadata", "text", "json", "record_sha256"],
            casts: [9: "jsonb", 11: "jsonb"],
            suffix: """
                ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title,
                    published = EXCLUDED.published, source_path = EXCLUDED.source_path,
                    source_reader = EXCLUDED.source_reader, source_bytes = EXCLUDED.source_bytes,
                    source_sha256 = EXCLUDED.source_sha256, source_encoding = EXCLUDED.source_encoding,
                    metadata = EXCLUDED.metadata, text = EXCLUDED.text, json = EXCLUDED.json,
                    record_sha256 = EXCLUDED.record_sha256, ingested_at = now()
                """
        ).run(on: conn, logger: logger, rows: unique.map { r in
            let d = r.document
            return [.text(d.id), .text(d.kind), .text(d.title), .text(d.published), .text(d.sourcePath), .text(d.sourceReader),
                    .int(d.sourceBytes), .text(d.sourceSHA256), .text(d.sourceEncoding), .text(d.metadata), .text(d.text), .text(d.json),
                    .text(d.recordSHA256)]
        })
    }

    /// Blocks, search entries and extra rows of documents whose old rows were just deleted.
    private func insertChildren(_ unique: [RelationalDocument], on conn: PostgresConnection, logger: Logger) async throws {
        for r in unique {
            for part in r.tableRows where extraTables[part.table] == nil {
                throw PluginError.storage("a projection gave rows for '\(part.table)', which it did not describe")
            }
        }
        try await MultiRowInsert(
            table: "blocks", columns: ["document_id", "ordinal", "type", "text", "level", "src", "speaker", "attributes"],
            casts: [7: "jsonb"]
        ).run(on: conn, logger: logger, rows: unique.flatMap { r in
            r.blocks.map { b in
                [.text(r.document.id), .int(b.ordinal), .text(b.type), .text(b.text), .int(b.level), .text(b.src), .text(b.speaker), .text(b.attributes)]
            }
        })
        try await MultiRowInsert(
            table: "search_entries", columns: ["document_id", "unit", "facets", "title", "context", "body", "terms"],
            casts: [2: "jsonb", 6: "text[]"]
        ).run(on: conn, logger: logger, rows: unique.flatMap { r in
            r.searchEntries.map { e in
                [.text(r.document.id), .text(e.unit), .text(e.facets), .text(e.title), .text(e.context), .text(e.body),
                 .texts(PostgresSearchTerms.entry([e.title, e.context, e.body]))]
            }
        })
        for (name, table) in extraTables.sorted(by: { $0.key < $1.key }) {
            var rows: [[SQLValue]] = []
            for r in unique {
                for part in r.tableRows where part.table == name {
                    for row in part.rows {
                        guard row.count == table.columns.count else {
                            throw PluginError.storage("a row for '\(name)' has \(row.count) values for \(table.columns.count) columns")
                        }
                        rows.append([.text(r.document.id)] + row.map(SQLValue.init))
                    }
                }
            }
            var casts: [Int: String] = [:]
            for (i, c) in table.columns.enumerated() where c.type == .json { casts[i + 1] = "jsonb" }
            try await MultiRowInsert(
                table: "\"\(name)\"", columns: ExtraTableSQL.insertColumns(table), casts: casts
            ).run(on: conn, logger: logger, rows: rows)
        }
    }
}

extension SQLValue {
    init(_ value: StoredValue) {
        switch value {
        case .null: self = .text(nil)
        case .text(let s): self = .text(s)
        case .integer(let i): self = .int(i)
        }
    }
}
#endif
