#if Postgres
import Foundation
import Logging
import PostgresNIO
import SluiceCore
import SluiceStorageSupport

/// The sink `postgres`: stores documents in PostgreSQL with the same logical schema as the
/// `sqlite` sink (documents, blocks, groups, group members, statements, search entries), searched
/// with `pg_trgm`.
///
/// Each batch is one transaction of multi-row `INSERT … ON CONFLICT` statements; documents are
/// upserted by id, so re-runs and several workers writing the same document never duplicate it,
/// and a batch is durable once ``write(_:)`` returns (``writesAreDurable``). Incremental runs can
/// remove the documents of inputs that disappeared (``removeDocuments(fromInputs:)``).
/// Transient failures (connection refused or reset, a server restart) are retried with backoff
/// and a bound; a permanent failure fails the batch with its reason. The URL's password never
/// appears in logs or errors.
public final class PostgresSink: Sink {
    public static let name = "postgres"
    public static let summary = "Stores documents in PostgreSQL (upserts, migrations, pg_trgm search); built with the Postgres trait."

    static let url = OptionKey<String>.string(
        "url", default: nil,
        doc: "The connection URL, postgres://user:password@host:port/database?sslmode=disable|prefer|require; usually ${DATABASE_URL}. The password is never logged.")
    static let retries = OptionKey<Int>.integer(
        "retries", default: 8, doc: "How many times a transient failure (connection lost, server restarting) is retried before the batch fails.")
    static let replaceSource = OptionKey<Bool>.boolean(
        "replace_source", default: true,
        doc: "When an input is stored again, remove the documents an earlier run stored from the same path that this run no longer produces.")

    public static var options: [OptionSpec] { [url.spec, retries.spec, replaceSource.spec] }
    public static var example: String? {
        """
        sinks:
          - name: postgres
            url: ${DATABASE_URL}
        """
    }

    let endpoint: PostgresEndpoint
    let logger: Logger
    let replacesSource: Bool
    let session: PostgresSession

    public init(_ setup: PluginSetup) throws {
        guard let url = setup.options.value(Self.url), !url.isEmpty else {
            throw PluginError.configuration("postgres: set 'url' (for example ${DATABASE_URL})")
        }
        endpoint = try PostgresEndpoint(url: url)
        logger = setup.logger
        replacesSource = setup.options[Self.replaceSource]
        session = PostgresSession(endpoint: endpoint, logger: setup.logger, retry: RetryPolicy(retries: max(0, setup.options[Self.retries])))
    }

    private let created = Locked(false)

    /// Each batch is its own transaction: what ``write(_:)`` stored is durable when it returns.
    public var writesAreDurable: Bool { true }
    /// Whether the `documents` table did not exist before ``open(_:)`` ran the migrations.
    public var outputIsNew: Bool { created.withLock { $0 } }

    public func open(_ context: SinkContext) async throws {
        // A sink may be opened again after `commit` or `abort` closed its session.
        await session.reopen()
        let hadDocuments: Bool
        do {
            hadDocuments = try await PostgresSchema.migrate(session, logger: logger)
        } catch {
            // The runner aborts only the sinks that opened: leave no connection behind.
            await session.close()
            throw error
        }
        created.withLock { $0 = !hadDocuments }
    }

    public var canRemoveDocuments: Bool { true }

    /// Removes, in one transaction, every document stored from these source paths; their blocks,
    /// groups, members, statements and search entries go with them (`ON DELETE CASCADE`).
    public func removeDocuments(fromInputs paths: [String]) async throws {
        let unique = paths.uniquePathsInByteOrder()
        guard !unique.isEmpty else { return }
        let logger = self.logger
        try await session.transaction("removing the documents of \(unique.count) inputs") { conn in
            var binds = PostgresBindings()
            binds.append(unique)
            try await conn.exec("DELETE FROM documents WHERE source_path = ANY($1::text[])", binds, logger: logger)
        }
    }

    public func write(_ batch: DocumentBatch) async throws {
        let rows: [RelationalDocument]
        do {
            rows = try batch.documents.map { try RelationalDocument($0) }
        } catch {
            throw PluginError.storage("cannot encode a document: \(error)")
        }
        let logger = self.logger
        let replaces = replacesSource
        try await session.transaction("writing a batch of \(rows.count) documents") { conn in
            try await Self.store(rows, on: conn, replaceSource: replaces, logger: logger)
        }
    }

    /// Upserts `rows` inside the caller's transaction.
    static func store(_ rows: [RelationalDocument], on conn: PostgresConnection, replaceSource: Bool, logger: Logger) async throws {
        // The last copy of an id wins; ids in a fixed order so that concurrent writers lock rows
        // in the same order and cannot deadlock each other.
        var byID: [String: RelationalDocument] = [:]
        for r in rows { byID[r.document.id] = r }
        let all = byID.keys.sorted().map { byID[$0]! }
        guard !all.isEmpty else { return }
        let ids = all.map(\.document.id)

        if replaceSource {
            let paths = all.map(\.document.sourcePath).filter { !$0.isEmpty }.uniquePathsInByteOrder()
            if !paths.isEmpty {
                var binds = PostgresBindings()
                binds.append(paths)
                binds.append(ids)
                try await conn.exec(
                    "DELETE FROM documents WHERE source_path = ANY($1::text[]) AND NOT (id = ANY($2::text[]))", binds, logger: logger)
            }
        }
        // Documents stored with the same record already have all their rows: leave them be.
        var lookup = PostgresBindings()
        lookup.append(ids)
        var storedHashes: [String: String] = [:]
        for row in try await conn.run(
            "SELECT id, record_sha256 FROM documents WHERE id = ANY($1::text[])", lookup, logger: logger
        ) {
            let (id, hash) = try row.decode((String, String).self)
            storedHashes[id] = hash
        }
        let unique = all.filter { storedHashes[$0.document.id] != $0.document.recordSHA256 }
        guard !unique.isEmpty else { return }
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
        // The upsert above locked the documents' rows (in id order), so a concurrent writer of the
        // same ids waits here, and these deletes then see its committed rows.
        var idBinds = PostgresBindings()
        idBinds.append(unique.map(\.document.id))
        for table in ["blocks", "\"groups\"", "group_members", "statements", "search_entries"] {
            try await conn.exec("DELETE FROM \(table) WHERE document_id = ANY($1::text[])", idBinds, logger: logger)
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
            table: "\"groups\"",
            columns: ["document_id", "ordinal", "label", "number", "leader", "topic", "members", "recorders", "headings"],
            casts: [6: "jsonb", 7: "jsonb", 8: "jsonb"]
        ).run(on: conn, logger: logger, rows: unique.flatMap { r in
            r.groups.map { g in
                [.text(r.document.id), .int(g.ordinal), .text(g.label), .int(g.number), .text(g.leader), .text(g.topic),
                 .text(g.members), .text(g.recorders), .text(g.headings)]
            }
        })
        try await MultiRowInsert(
            table: "group_members", columns: ["document_id", "group_ordinal", "ordinal", "name", "role", "employee_id", "note"]
        ).run(on: conn, logger: logger, rows: unique.flatMap { r in
            r.members.map { m in
                [.text(r.document.id), .int(m.groupOrdinal), .int(m.ordinal), .text(m.name), .text(m.role), .text(m.employeeID), .text(m.note)]
            }
        })
        try await MultiRowInsert(
            table: "statements",
            columns: ["document_id", "ordinal", "group_ordinal", "group_label", "speaker", "speaker_raw", "role", "text", "points"],
            casts: [8: "jsonb"]
        ).run(on: conn, logger: logger, rows: unique.flatMap { r in
            r.statements.map { s in
                [.text(r.document.id), .int(s.ordinal), .int(s.groupOrdinal), .text(s.groupLabel), .text(s.speaker),
                 .text(s.speakerRaw), .text(s.role), .text(s.text), .text(s.points)]
            }
        })
        try await MultiRowInsert(
            table: "search_entries",
            columns: ["document_id", "unit", "group_ordinal", "statement_ordinal", "group_label", "speaker", "title", "context", "body"]
        ).run(on: conn, logger: logger, rows: unique.flatMap { r in
            r.searchEntries.map { e in
                [.text(r.document.id), .text(e.unit), .int(e.groupOrdinal), .int(e.statementOrdinal), .text(e.groupLabel),
                 .text(e.speaker), .text(e.title), .text(e.context), .text(e.body)]
            }
        })
    }

    public func commit() async throws {
        await session.close()
    }

    public func abort() async {
        // Each batch is its own transaction: nothing half-written remains.
        await session.close()
    }
}

/// A value bound into a multi-row insert.
enum SQLValue: Sendable {
    case text(String?)
    case int(Int?)
}

/// `INSERT INTO table (columns) VALUES ($1, …), ($n, …) suffix`, split so that no statement binds
/// more than PostgreSQL's 65 535 parameters.
struct MultiRowInsert {
    var table: String
    var columns: [String]
    /// Casts per column index (`jsonb`).
    var casts: [Int: String] = [:]
    var suffix: String = ""

    static let maxParameters = 30_000

    func run(on conn: PostgresConnection, logger: Logger, rows: [[SQLValue]]) async throws {
        guard !rows.isEmpty else { return }
        let perStatement = max(1, Self.maxParameters / columns.count)
        var start = 0
        while start < rows.count {
            let part = rows[start..<min(rows.count, start + perStatement)]
            var binds = PostgresBindings(capacity: part.count * columns.count)
            var tuples: [String] = []
            tuples.reserveCapacity(part.count)
            var n = 0
            for row in part {
                var placeholders: [String] = []
                for (i, value) in row.enumerated() {
                    n += 1
                    switch value {
                    case .text(let s?): binds.append(s)
                    case .int(let v?): binds.append(v)
                    case .text(nil), .int(nil): binds.appendNull()
                    }
                    placeholders.append(casts[i].map { "$\(n)::\($0)" } ?? "$\(n)")
                }
                tuples.append("(" + placeholders.joined(separator: ",") + ")")
            }
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ",")) \(suffix)"
            try await conn.exec(sql, binds, logger: logger)
            start += perStatement
        }
    }
}
#endif
