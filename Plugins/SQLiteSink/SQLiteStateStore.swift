import Foundation
import GRDB
import Logging
import SluiceCore

/// The state store of incremental runs, in a SQLite file of its own (WAL mode): one row per
/// pipeline and input with what the last run that processed it found.
///
/// Table `inputs` (pipeline, path, source_path, size, modified_ns, changed_ns, inode, sha256,
/// config_hash, outcome, stage,
/// error_kind, reason, document_ids as a JSON array, recorded_at). Each save is one
/// transaction, so a killed run leaves the records of the inputs it finished and nothing else.
public final class SQLiteStateStore: InputStateStore {
    /// The file.
    public let path: String
    private let queue: DatabaseQueue

    /// Opens (creating when missing, with its folder) the store at `path`.
    public init(path: String) throws {
        self.path = path
        let directory = PathSupport.directory(of: path)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PluginError.io("cannot create the folder of the state store \(path): \(error.localizedDescription)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in _ = try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try Self.migrator.migrate(queue)
        } catch let error as DatabaseError {
            throw PluginError.storage("cannot open the state store \(path): \(SQLiteSink.describe(error))")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: inputs") { db in
            try db.execute(sql: """
                CREATE TABLE inputs (
                    pipeline TEXT NOT NULL,
                    path TEXT NOT NULL,
                    source_path TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    modified_ns INTEGER NOT NULL,
                    changed_ns INTEGER NOT NULL DEFAULT 0,
                    inode INTEGER NOT NULL DEFAULT 0,
                    sha256 TEXT NOT NULL,
                    config_hash TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    stage TEXT,
                    error_kind TEXT,
                    reason TEXT,
                    document_ids TEXT NOT NULL DEFAULT '[]',
                    recorded_at TEXT NOT NULL,
                    PRIMARY KEY (pipeline, path)
                ) WITHOUT ROWID;
                CREATE INDEX inputs_outcome ON inputs(outcome);
                """)
        }
        return migrator
    }

    public func records(pipeline: String) async throws -> [PathKey: InputRecord] {
        try await guarded("read") {
            try await self.queue.read { db in
                var out: [PathKey: InputRecord] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM inputs WHERE pipeline = ?", arguments: [pipeline])
                while let row = try rows.next() {
                    let record = try Self.record(row)
                    out[PathKey(record.path)] = record
                }
                return out
            }
        }
    }

    public func save(_ records: [InputRecord], pipeline: String) async throws {
        guard !records.isEmpty else { return }
        try await guarded("write") {
            try await self.queue.write { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO inputs (pipeline, path, source_path, size, modified_ns, changed_ns, inode, sha256, config_hash, outcome,
                        stage, error_kind, reason, document_ids, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let encoder = JSONEncoder()
                for r in records {
                    let ids = String(decoding: try encoder.encode(r.documentIDs), as: UTF8.self)
                    try statement.execute(arguments: [
                        pipeline, r.path, r.sourcePath, r.size, r.modifiedNanoseconds, r.changedNanoseconds, Int64(bitPattern: r.inode), r.sha256, r.configurationHash, r.outcome.rawValue,
                        r.stage, r.errorKind, r.reason, ids, r.recordedAt,
                    ])
                }
            }
        }
    }

    public func remove(paths: [String], pipeline: String) async throws {
        guard !paths.isEmpty else { return }
        try await guarded("write") {
            try await self.queue.write { db in
                for path in paths {
                    try db.execute(sql: "DELETE FROM inputs WHERE pipeline = ? AND path = ?", arguments: [pipeline, path])
                }
            }
        }
    }

    public func failures(pipeline: String?) async throws -> [(pipeline: String, record: InputRecord)] {
        try await guarded("read") {
            try await self.queue.read { db in
                var sql = "SELECT * FROM inputs WHERE outcome = 'failed'"
                var arguments: StatementArguments = []
                if let pipeline {
                    sql += " AND pipeline = ?"
                    arguments = [pipeline]
                }
                sql += " ORDER BY pipeline, source_path"
                return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    (pipeline: row["pipeline"] as String, record: try Self.record(row))
                }
            }
        }
    }

    public func close() async {
        try? queue.close()
    }

    private static func record(_ row: Row) throws -> InputRecord {
        let ids = (row["document_ids"] as String?).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        return InputRecord(
            path: row["path"], sourcePath: row["source_path"], size: row["size"], modifiedNanoseconds: row["modified_ns"],
            changedNanoseconds: row["changed_ns"], inode: UInt64(bitPattern: row["inode"] as Int64), sha256: row["sha256"],
            configurationHash: row["config_hash"], outcome: RunReport.Status(rawValue: row["outcome"]) ?? .failed,
            stage: row["stage"], errorKind: row["error_kind"], reason: row["reason"], documentIDs: ids,
            recordedAt: row["recorded_at"])
    }

    private func guarded<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError {
            throw PluginError.storage("cannot \(what) the state store \(path): \(SQLiteSink.describe(error))")
        }
    }
}

/// Registers ``SQLiteStateStore`` as the state store of incremental runs.
public enum SQLiteStateStoreProvider: InputStateStoreProvider {
    public static let name = "sqlite"

    public static func openStateStore(path: String, logger: Logger) throws -> any InputStateStore {
        try SQLiteStateStore(path: path)
    }
}
