import Foundation
import GRDB
import Logging
import SluiceCore
import SluiceStorageSupport

/// Searches a SQLite store written by the `sqlite` sink.
///
/// Every query is answered from the FTS5 index (tokenizer ``SQLiteTokenizer``): each term is a
/// phrase of its tokens (one per Chinese character, one per Latin word), a term ending in a Latin
/// letter or digit matches as a prefix (`stor` finds `storage`), all terms must match, and BM25
/// ranks the entries (title weighted over context over body).
public struct SQLiteSearchStore: SearchableStore {
    let database: DatabaseQueue
    /// The file searched.
    public let path: String

    /// Opens `path` read-only.
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw PluginError.io("\(path): no such database")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in db.add(tokenizer: SQLiteTokenizer.self) }
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            let (current, old, facets) = try database.read { db in
                (try db.tableExists("records"), try db.tableExists("search_entries"),
                 try db.tableExists("search_entries") && db.columns(in: "search_entries").contains { $0.name == "facets" })
            }
            if old && (!current || !facets) {
                throw PluginError.invalidInput(
                    "\(path) was written by an older Sluice (store schema v\(current ? 2 : 1)); any `sluice ingest` or `run` into it migrates it")
            }
            if !current { throw PluginError.invalidInput("\(path) is not a Sluice store (no records table)") }
        } catch let error as DatabaseError {
            throw PluginError.storage("cannot open \(path): \(SQLiteSink.describe(error))")
        }
        self.path = path
    }

    /// The FTS5 query for `terms`: one quoted phrase per term (terms without any letter, digit or
    /// ideograph are dropped), a prefix phrase when the term ends in a Latin letter or digit.
    static func matchExpression(_ terms: [String]) -> String? {
        let phrases = terms.compactMap { term -> String? in
            let kinds = term.unicodeScalars.map { SQLiteTokenizer.classify($0.value) }
            guard kinds.contains(where: { $0 != .separator }) else { return nil }
            let quoted = "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return kinds.last == .word ? quoted + " *" : quoted
        }
        return phrases.isEmpty ? nil : phrases.joined(separator: " ")
    }

    public func search(_ query: SearchQuery) async throws -> [SearchHit] {
        guard let match = Self.matchExpression(query.terms) else { return [] }
        var arguments: [DatabaseValue] = [match.databaseValue]
        var kindFilter = ""
        if let kind = query.kind {
            kindFilter = "AND rowid IN (SELECT e.entry_id FROM search_entries e JOIN records r ON r.id = e.document_id WHERE r.kind = ?)"
            arguments.append(kind.databaseValue)
        }
        arguments.append(SearchRanking.candidateLimit(query).databaseValue)
        // Rank over the index alone, then read the few best rows (the document text is read out
        // of the record only for them).
        let sql = """
            WITH ranked AS (
                SELECT rowid AS entry_id, bm25(search_fts, 4.0, 2.0, 1.0) AS rank FROM search_fts
                WHERE search_fts MATCH ? \(kindFilter)
                ORDER BY rank LIMIT ?)
            SELECT e.document_id, r.kind, r.title AS document_title, r.source_path, r.published, e.unit,
                   e.facets, e.title, e.context, COALESCE(e.body, r.json ->> '$.text') AS body,
                   -ranked.rank AS score
            FROM ranked
            JOIN search_entries e ON e.entry_id = ranked.entry_id
            JOIN records r ON r.id = e.document_id
            ORDER BY ranked.rank, e.entry_id
            """
        let bound = StatementArguments(arguments)
        let candidates: [SearchCandidate]
        do {
            candidates = try await database.read { db in
                try Row.fetchAll(db, sql: sql, arguments: bound).map { row in
                    SearchCandidate(
                        documentID: row["document_id"], kind: row["kind"], documentTitle: row["document_title"],
                        path: row["source_path"], published: row["published"], unit: row["unit"],
                        facets: SearchCandidate.facets(json: row["facets"]), title: row["title"],
                        context: row["context"], body: row["body"], score: row["score"])
                }
            }
        } catch let error as DatabaseError {
            throw PluginError.storage("search in \(path) failed: \(SQLiteSink.describe(error))")
        }
        return SearchRanking.hits(candidates, query: query)
    }

    public func close() async {
        try? database.close()
        // A read-only connection cannot remove the WAL and shared-memory files it made; a
        // writable one that opens and closes last does (when the file is ours to write and no
        // other process has the store open), so a search leaves the store as one file.
        guard FileManager.default.isWritableFile(atPath: path), let last = try? DatabaseQueue(path: path) else { return }
        _ = try? await last.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
        try? last.close()
    }

    public func kinds() async throws -> [String]? {
        do {
            return try await database.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT kind FROM documents ORDER BY kind") }
        } catch let error as DatabaseError {
            throw PluginError.storage("cannot read \(path): \(SQLiteSink.describe(error))")
        }
    }
}

/// Lets `sluice search FILE …` open SQLite stores.
public enum SQLiteSearchProvider: SearchProvider {
    public static let name = "sqlite"

    /// Accepts a path to an existing file that starts with SQLite's header, or a path ending in
    /// `.db`, `.sqlite` or `.sqlite3`.
    public static func accepts(location: String) -> Bool {
        if location.contains("://") { return location.hasPrefix("sqlite://") || location.hasPrefix("file://") }
        if let handle = FileHandle(forReadingAtPath: location) {
            defer { try? handle.close() }
            let head = (try? handle.read(upToCount: 16)) ?? Data()
            if head.starts(with: Array("SQLite format 3".utf8)) { return true }
        }
        return ["db", "sqlite", "sqlite3"].contains(PathSupport.fileExtension(of: location))
    }

    public static func open(location: String, logger: Logger) async throws -> any SearchableStore {
        var path = location
        for prefix in ["sqlite://", "file://"] where path.hasPrefix(prefix) { path.removeFirst(prefix.count) }
        return try SQLiteSearchStore(path: path)
    }
}
