#if Postgres
import Foundation
import Logging
import PostgresNIO
import SluiceCore
import SluiceStorageSupport

/// The sink `postgres`: stores documents in PostgreSQL with the same logical schema as the
/// `sqlite` sink (documents, blocks, search entries, and the extra tables of the document kinds'
/// projections), searched with `pg_trgm`.
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
    /// What writes the documents (set by ``open(_:)``).
    private let writer = Locked<PostgresDocumentWriter?>(nil)
    /// The projections of the run (``SinkContext/projections``).
    private let projections = Locked(DocumentProjections())

    /// Each batch is its own transaction: what ``write(_:)`` stored is durable when it returns.
    public var writesAreDurable: Bool { true }
    /// Whether the `documents` table did not exist before ``open(_:)`` ran the migrations.
    public var outputIsNew: Bool { created.withLock { $0 } }

    public func open(_ context: SinkContext) async throws {
        // A sink may be opened again after `commit` or `abort` closed its session.
        await session.reopen()
        let hadDocuments: Bool
        do {
            let (had, prepared) = try await PostgresSchema.migrate(session, tables: context.projections.tables, logger: logger)
            hadDocuments = had
            writer.withLock { $0 = prepared }
            projections.withLock { $0 = context.projections }
        } catch {
            // The runner aborts only the sinks that opened: leave no connection behind.
            await session.close()
            throw error
        }
        created.withLock { $0 = !hadDocuments }
    }

    public var canRemoveDocuments: Bool { true }

    /// Removes, in one transaction, every document stored from these source paths; their blocks,
    /// search entries and extra tables' rows go with them (`ON DELETE CASCADE`).
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
        guard let writer = writer.withLock({ $0 }) else { throw PluginError.storage("postgres: write before open") }
        let projections = self.projections.withLock { $0 }
        let rows: [RelationalDocument]
        do {
            rows = try await RelationalDocument.rows(of: batch.documents, projections: projections)
        } catch {
            throw PluginError.storage("cannot encode a document: \(error)")
        }
        let logger = self.logger
        let replaces = replacesSource
        try await session.transaction("writing a batch of \(rows.count) documents") { conn in
            try await writer.store(rows, on: conn, replaceSource: replaces, logger: logger)
        }
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
    case texts([String])
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
                    case .texts(let a): binds.append(a)
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
