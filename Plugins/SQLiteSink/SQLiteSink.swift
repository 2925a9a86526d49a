import Foundation
import GRDB
import SluiceCore
import SluiceStorageSupport

/// The sink `sqlite`: stores documents in a SQLite file (WAL mode) with their blocks, the groups
/// and statements of minutes, and a full-text index for Chinese and English (`sluice search`).
///
/// Each batch is one transaction. Documents are upserted by id: running the same inputs again
/// replaces their rows (blocks, groups, statements, search entries included) and never
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
    private let created = Locked(false)
    /// Documents this run wrote (not counting unchanged ones), for the index merge at the end.
    private let written = Locked(0)

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
        guard let database = pool.withLock({ $0 }) else {
            throw PluginError.storage("sqlite: write before open")
        }
        let rows: [RelationalDocument]
        do {
            rows = try batch.documents.map { try RelationalDocument($0) }
        } catch {
            throw PluginError.storage("cannot encode a document: \(error)")
        }
        let replaces = replacesSource
        do {
            let count = try await database.write { db in
                try Self.store(rows, in: db, replaceSource: replaces)
            }
            written.withLock { $0 += count }
        } catch let error as DatabaseError {
            throw Self.writeError(error, databasePath)
        }
    }

    public var canRemoveDocuments: Bool { true }

    /// Removes, in one transaction, every document stored from these source paths with all
    /// their rows (blocks, groups, members, statements, search entries).
    public func removeDocuments(fromInputs paths: [String]) async throws {
        guard let database = pool.withLock({ $0 }) else {
            throw PluginError.storage("sqlite: removeDocuments before open")
        }
        guard !paths.isEmpty else { return }
        do {
            try await database.write { db in
                let lookup = try db.cachedStatement(sql: "SELECT id FROM records WHERE source_path = ?")
                for path in paths.uniquePathsInByteOrder() {
                    for id in try String.fetchAll(lookup, arguments: [path]) {
                        try Self.deleteDocument(id, in: db, keepRow: false)
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

    /// Upserts `rows` inside the caller's transaction; returns how many were written (unchanged
    /// records are not).
    @discardableResult
    static func store(_ rows: [RelationalDocument], in db: Database, replaceSource: Bool) throws -> Int {
        var count = 0
        // Later duplicates of an id in the same batch win, as they would in separate batches.
        var seen = Set<String>()
        var unique: [RelationalDocument] = []
        for row in rows.reversed() where seen.insert(row.document.id).inserted { unique.append(row) }
        unique.reverse()

        if replaceSource {
            var idsByPath: [PathKey: [String]] = [:]
            for r in unique { idsByPath[PathKey(r.document.sourcePath), default: []].append(r.document.id) }
            for (key, ids) in idsByPath where !key.path.isEmpty {
                let path = key.path
                let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
                let stale = try String.fetchAll(
                    db, sql: "SELECT id FROM records WHERE source_path = ? AND id NOT IN (\(placeholders))",
                    arguments: StatementArguments([path] + ids))
                for id in stale { try deleteDocument(id, in: db, keepRow: false) }
            }
        }

        let upsert = try db.cachedStatement(sql: """
            INSERT INTO records (id, kind, title, published, source_path, source_reader, source_bytes,
                source_sha256, source_encoding, metadata, json, record_sha256, ingested_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
            ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, title = excluded.title,
                published = excluded.published, source_path = excluded.source_path,
                source_reader = excluded.source_reader, source_bytes = excluded.source_bytes,
                source_sha256 = excluded.source_sha256, source_encoding = excluded.source_encoding,
                metadata = excluded.metadata, json = excluded.json,
                record_sha256 = excluded.record_sha256, ingested_at = excluded.ingested_at
            """)
        let group = try db.cachedStatement(sql: """
            INSERT INTO groups (document_id, ordinal, label, number, leader, topic, members, recorders, headings)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let member = try db.cachedStatement(sql: """
            INSERT INTO group_members (document_id, group_ordinal, ordinal, name, role, employee_id, note)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let statement = try db.cachedStatement(sql: """
            INSERT INTO statements (document_id, ordinal, group_ordinal, group_label, speaker, speaker_raw, role, text, points)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let entry = try db.cachedStatement(sql: """
            INSERT INTO search_entries (document_id, unit, group_ordinal, statement_ordinal, group_label, speaker, title, context, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let index = try db.cachedStatement(sql: "INSERT INTO search_fts (rowid, title, context, body) VALUES (?, ?, ?, ?)")
        let stored = try db.cachedStatement(sql: "SELECT record_sha256 FROM records WHERE id = ?")
        for r in unique {
            let d = r.document
            let previous = try String.fetchOne(stored, arguments: [d.id])
            // The same record is already stored with all its rows: nothing to do.
            if previous == d.recordSHA256 { continue }
            if previous != nil { try deleteDocument(d.id, in: db, keepRow: true) }
            count += 1
            try upsert.execute(arguments: [
                d.id, d.kind, d.title, d.published, d.sourcePath, d.sourceReader, d.sourceBytes, d.sourceSHA256,
                d.sourceEncoding, d.metadata, d.json, d.recordSHA256,
            ])
            for g in r.groups {
                try group.execute(arguments: [d.id, g.ordinal, g.label, g.number, g.leader, g.topic, g.members, g.recorders, g.headings])
            }
            for m in r.members {
                try member.execute(arguments: [d.id, m.groupOrdinal, m.ordinal, m.name, m.role, m.employeeID, m.note])
            }
            for s in r.statements {
                try statement.execute(arguments: [
                    d.id, s.ordinal, s.groupOrdinal, s.groupLabel, s.speaker, s.speakerRaw, s.role, s.text, s.points,
                ])
            }
            for e in r.searchEntries {
                // The whole-document entry's body is the document's text, stored once in the record
                // (`search_content` reads it from there): NULL here.
                let body = e.unit == "document" ? nil : e.body
                try entry.execute(arguments: [d.id, e.unit, e.groupOrdinal, e.statementOrdinal, e.groupLabel, e.speaker, e.title, e.context, body])
                try index.execute(arguments: [db.lastInsertedRowID, e.title, e.context, e.body])
            }
        }
        return count
    }

    /// Removes a document's dependent rows and its entries in the full-text index (and the record
    /// unless `keepRow`). The index is told what it indexed, read back through `search_content`,
    /// so this runs before the record changes.
    static func deleteDocument(_ id: String, in db: Database, keepRow: Bool) throws {
        try db.cachedStatement(sql: """
            INSERT INTO search_fts (search_fts, rowid, title, context, body)
            SELECT 'delete', entry_id, title, context, body FROM search_content WHERE document_id = ?
            """).execute(arguments: [id])
        for table in ["groups", "group_members", "statements", "search_entries"] {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE document_id = ?").execute(arguments: [id])
        }
        if !keepRow { try db.cachedStatement(sql: "DELETE FROM records WHERE id = ?").execute(arguments: [id]) }
    }

    public func commit() async throws {
        guard let database = pool.withLock({ value in
            let v = value
            value = nil
            return v
        }) else { return }
        do {
            // A finished run leaves one file: the WAL is copied into the database and truncated.
            let wrote = written.withLock { $0 }
            try await database.writeWithoutTransaction { db in
                // A run that wrote a good part of the store merges the index into one segment
                // (smaller, faster to query); a small update leaves merging to FTS5 rather than
                // rewrite a large index for it.
                let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM records") ?? 0
                if wrote > 0 && wrote * 4 >= total {
                    try db.execute(sql: "INSERT INTO search_fts(search_fts) VALUES ('optimize')")
                }
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
