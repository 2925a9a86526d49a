import Foundation
import GRDB
import SluiceCore
import SluiceStorageSupport

/// The sink `sqlite`: stores documents in a SQLite file (WAL mode) with their blocks, the search
/// entries and extra tables their kinds' projections add (``DocumentProjection``), and a
/// full-text index for Chinese and English (`sluice search`).
///
/// Each batch is one transaction. Documents are upserted by id: running the same inputs again
/// replaces their rows (search entries and extra tables' rows included) and never
/// duplicates them. Batches already committed stay when a later one fails or the run stops, so
/// writes are durable as soon as ``write(_:)`` returns (``writesAreDurable``), and incremental
/// runs can remove the documents of inputs that disappeared (``removeDocuments(fromInputs:)``).
public final class SQLiteSink: Sink {
    public static let name = "sqlite"
    public static let summary = "Stores documents in a SQLite file with full-text search (Chinese and English)."

    static let path = OptionKey<String>.path(
        "path", default: "sluice.db", doc: "The database file; created with its schema when missing, migrated when older.")
    static let synchronous = OptionKey<String>.choice(
        "synchronous", ["normal", "full"], default: "normal",
        doc: "SQLite's durability setting in WAL mode: `normal` (fast; a power cut may lose the last batches, never corrupts) or `full`.")
    static let replaceSource = OptionKey<Bool>.boolean(
        "replace_source", default: true,
        doc: "When an input is stored again, remove the documents an earlier run stored from the same path that this run no longer produces (the file changed).")
    static let busyTimeout = OptionKey<Int>.integer(
        "busy_timeout_ms", default: 10_000, doc: "How long a write waits for another process's write to finish.")

    public static var options: [OptionSpec] { [path.spec, synchronous.spec, replaceSource.spec, busyTimeout.spec] }
    public static var example: String? {
        """
        sinks:
          - name: sqlite
            path: out/sluice.db
        """
    }

    /// The resolved database path.
    public let databasePath: String
    let fullSync: Bool
    let replacesSource: Bool
    let busyTimeoutMilliseconds: Int
    private let pool = Locked<DatabasePool?>(nil)
    /// What writes the documents (the extra tables and child tables found when the store opened).
    private let writer = Locked<SQLiteDocumentWriter?>(nil)
    /// The projections of the run (``SinkContext/projections``).
    private let projections = Locked(DocumentProjections())
    private let created = Locked(false)

    /// Each batch is its own transaction: what ``write(_:)`` stored is durable when it returns.
    public var writesAreDurable: Bool { true }
    /// Whether ``open(_:)`` found no database file, or one without a `documents` table.
    public var outputIsNew: Bool { created.withLock { $0 } }

    public init(_ setup: PluginSetup) throws {
        databasePath = setup.resolve(path: setup.options[Self.path])
        fullSync = setup.options[Self.synchronous] == "full"
        replacesSource = setup.options[Self.replaceSource]
        busyTimeoutMilliseconds = max(0, setup.options[Self.busyTimeout])
        if databasePath == "-" { throw PluginError.configuration("sqlite: path must be a file, not '-'") }
    }

    public func open(_ context: SinkContext) async throws {
        let directory = (databasePath as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw PluginError.io("cannot create the folder of \(databasePath): \(error.localizedDescription)")
            }
        }
        let (database, isNew) = try Self.openPool(databasePath, fullSync: fullSync, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        do {
            let prepared = try await database.write { db in try SQLiteDocumentWriter.prepare(context.projections.tables, in: db) }
            writer.withLock { $0 = prepared }
        } catch let error as DatabaseError {
            try? database.close()
            throw PluginError.storage("cannot prepare \(databasePath): \(Self.describe(error))")
        }
        projections.withLock { $0 = context.projections }
        pool.withLock { $0 = database }
        created.withLock { $0 = isNew }
    }

    /// Opens and migrates the database; `isNew` when it had no `documents` table before (a
    /// missing file is created empty, so it counts too).
    static func openPool(_ path: String, fullSync: Bool, busyTimeoutMilliseconds: Int) throws -> (pool: DatabasePool, isNew: Bool) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(Double(busyTimeoutMilliseconds) / 1000)
        configuration.prepareDatabase { db in
            try db.execute(sql: fullSync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
            // A run inserts into the id index and the full-text index all over the file: 64 MiB of
            // page cache (instead of 2) keeps them out of read(2); a checkpoint every 4000 pages of
            // WAL (128 MiB with the 32 KiB pages of a new store; SQLite's default is 1000) syncs
            // less often, and the WAL is truncated when the run ends.
            try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 4000")
            db.add(tokenizer: SQLiteTokenizer.self)
        }
        do {
            // Best effort: a store created by another process at the same moment is fine too.
            if !FileManager.default.fileExists(atPath: path) { try? create(path, busyTimeout: configuration.busyMode) }
            let database = try DatabasePool(path: path, configuration: configuration)
            let hadDocuments = try database.read { try $0.tableExists("documents") || $0.tableExists("records") }
            try SQLiteSchema.migrator.migrate(database)
            return (database, !hadDocuments)
        } catch let error as DatabaseError {
            throw PluginError.storage("cannot open \(path): \(Self.describe(error))")
        }
    }

    /// Creates an empty store with 32 KiB pages and incremental vacuum, which only an empty file
    /// can be given. 32 KiB pages hold a record's canonical JSON (~2× its text) inline, where
    /// 4 KiB pages leave each leaf half empty beside its overflow pages (measured: 10 % of the
    /// file); index merges free pages, which ``commit()`` hands back.
    static func create(_ path: String, busyTimeout: Database.BusyMode) throws {
        var configuration = Configuration()
        configuration.busyMode = busyTimeout
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = 32768; PRAGMA auto_vacuum = INCREMENTAL; VACUUM")
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
        try queue.close()
    }

    public func write(_ batch: DocumentBatch) async throws {
        guard let database = pool.withLock({ $0 }), let writer = writer.withLock({ $0 }) else {
            throw PluginError.storage("sqlite: write before open")
        }
        let projections = self.projections.withLock { $0 }
        let rows: [RelationalDocument]
        do {
            rows = try await RelationalDocument.rows(of: batch.documents, projections: projections)
        } catch {
            throw PluginError.storage("cannot encode a document: \(error)")
        }
        let replaces = replacesSource
        do {
            try await database.write { db in
                try writer.store(rows, in: db, replaceSource: replaces)
            }
        } catch let error as DatabaseError {
            throw Self.writeError(error, databasePath)
        }
    }

    public var canRemoveDocuments: Bool { true }

    /// Removes, in one transaction, every document stored from these source paths with all
    /// their rows (search entries, extra tables' rows).
    public func removeDocuments(fromInputs paths: [String]) async throws {
        guard let database = pool.withLock({ $0 }), let writer = writer.withLock({ $0 }) else {
            throw PluginError.storage("sqlite: removeDocuments before open")
        }
        guard !paths.isEmpty else { return }
        do {
            try await database.write { db in
                let lookup = try db.cachedStatement(sql: "SELECT id FROM records WHERE source_path = ?")
                for path in paths.uniquePathsInByteOrder() {
                    for id in try String.fetchAll(lookup, arguments: [path]) {
                        try writer.deleteDocument(id, in: db, keepRow: false)
                    }
                }
            }
        } catch let error as DatabaseError {
            throw Self.writeError(error, databasePath)
        }
    }

    /// A write failure as a plugin error: busy or locked is transient.
    static func writeError(_ error: DatabaseError, _ path: String) -> PluginError {
        if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return PluginError.transient("\(path) is busy: \(describe(error))")
        }
        return PluginError.storage("cannot write to \(path): \(describe(error))")
    }

    public func commit() async throws {
        guard let database = pool.withLock({ value in
            let v = value
            value = nil
            return v
        }) else { return }
        do {
            // A finished run leaves one file: the WAL is copied into the database and truncated.
            // The index is not merged into one segment at the end (`optimize`): with one segment
            // per batch and FTS5 merging 16 at a time there are a handful, queries took as long
            // as on a merged index, and merging rewrote the whole index (a fifth of a 1 GB run).
            try await database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA incremental_vacuum")
                _ = try? db.checkpoint(.truncate)
            }
            try database.close()
            // SQLite removes the WAL and shared-memory files when the last connection to close
            // can write; a pool closes its read-only readers last, so one writable connection
            // opens and closes after them (it leaves both files when another process still has
            // the store open).
            let last = try DatabaseQueue(path: databasePath)
            _ = try await last.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
            try last.close()
        } catch let error as DatabaseError {
            throw PluginError.storage("cannot close \(databasePath): \(Self.describe(error))")
        }
    }

    public func abort() async {
        // Each batch is its own transaction, so there is nothing half-written to undo: committed
        // batches are complete documents, and a later run upserts over them.
        let database = pool.withLock { value in
            let v = value
            value = nil
            return v
        }
        try? database?.close()
    }

    static func describe(_ error: DatabaseError) -> String {
        // Never the SQL or its arguments (which would carry document text): the code and message.
        "\(error.resultCode) \(error.message ?? "")".trimmingCharacters(in: .whitespaces)
    }
}
