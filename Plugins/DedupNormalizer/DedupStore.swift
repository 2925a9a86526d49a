import Foundation
import GRDB
import SluiceCore

/// The originals dedup has seen, kept in a small SQLite file so that a later run (an incremental
/// one that reads only new and changed inputs) finds copies of documents stored before. It holds
/// signatures, hashes, ids and paths — never document text.
final class DedupStore: Sendable {
    let path: String
    private let queue: DatabaseQueue

    /// What makes stored signatures comparable with new ones.
    static func format(numPerm: Int, shingle: Int) -> String { "minhash32-v1 num_perm=\(numPerm) shingle=\(shingle)" }

    /// Opens (creating if needed) the store at `path`; a store made with other signature settings
    /// is refused, since its signatures cannot be compared.
    init(path: String, format: String) throws {
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: PathSupport.directory(of: path), withIntermediateDirectories: true)
        } catch {
            throw PluginError(.io, "cannot create the folder of the dedup store \(path): \(error.localizedDescription)", plugin: DedupNormalizer.name)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in _ = try db.execute(sql: "PRAGMA journal_mode = WAL") }
            let stored = try queue.write { db -> String in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS originals (
                        path TEXT NOT NULL, id TEXT NOT NULL, exact INTEGER NOT NULL, signature BLOB,
                        PRIMARY KEY (path, id));
                    """)
                try db.execute(sql: "INSERT OR IGNORE INTO meta (key, value) VALUES ('format', ?)", arguments: [format])
                return try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'") ?? format
            }
            guard stored == format else {
                throw PluginError(
                    .configuration,
                    "the dedup store \(path) holds signatures made with \(stored), this pipeline makes \(format): name another store or delete it",
                    plugin: DedupNormalizer.name)
            }
        } catch let error as DatabaseError {
            throw PluginError(.storage, "cannot open the dedup store \(path): \(error.message ?? error.description)", plugin: DedupNormalizer.name)
        }
    }

    /// Every stored original, in a stable order (path, then id).
    func load() throws -> [DedupIndex.Original] {
        try storage {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT path, id, exact, signature FROM originals ORDER BY path, id").map { row in
                    let blob: Data? = row["signature"]
                    return DedupIndex.Original(
                        id: row["id"], path: row["path"], exactHash: UInt64(bitPattern: row["exact"]),
                        signature: blob.map(Self.decode))
                }
            }
        }
    }

    /// Removes the originals stored for `path` (its input is being read again) and records `add`.
    func replace(path: String, with add: DedupIndex.Original?) throws {
        try storage {
            try queue.write { db in
                try db.execute(sql: "DELETE FROM originals WHERE path = ?", arguments: [path])
                if let add { try insert(add, db) }
            }
        }
    }

    /// Records an original.
    func add(_ original: DedupIndex.Original) throws {
        try storage { try queue.write { db in try insert(original, db) } }
    }

    private func insert(_ o: DedupIndex.Original, _ db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO originals (path, id, exact, signature) VALUES (?, ?, ?, ?)",
            arguments: [o.path, o.id, Int64(bitPattern: o.exactHash), o.signature.map(Self.encode)])
    }

    private func storage<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw PluginError(.storage, "dedup store \(path): \(error.message ?? error.description)", plugin: DedupNormalizer.name)
        }
    }

    static func encode(_ signature: [UInt32]) -> Data {
        var data = Data(capacity: signature.count * 4)
        for v in signature { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func decode(_ data: Data) -> [UInt32] {
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count - 3, by: 4).map { i in
            UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
        }
    }
}
