import Foundation
import GRDB
import Logging
import SluiceCore
import SluiceStorageSupport

/// Searches a SQLite store written by the `sqlite` sink.
///
/// Terms of three characters or more go through the FTS5 trigram index (ranked by BM25, title
/// weighted over context over body). Shorter terms, which a trigram index cannot find (one or two
/// Chinese characters such as `云` or `老蒋`), are matched with `instr` over the search entries:
/// alone they rank by how often they occur relative to the entry's length, and next to a long term
/// they filter the trigram hits.
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
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            let hasSchema = try database.read { db in try db.tableExists("search_entries") }
            if !hasSchema { throw PluginError.invalidInput("\(path) is not a Sluice store (no search_entries table)") }
        } catch let error as DatabaseError {
            throw PluginError.storage("cannot open \(path): \(SQLiteSink.describe(error))")
        }
        self.path = path
    }

    public func search(_ query: SearchQuery) async throws -> [SearchHit] {
        let (long, short) = SearchRanking.split(query)
        guard !(long.isEmpty && short.isEmpty) else { return [] }
        let limit = SearchRanking.candidateLimit(query)
        let haystack = "lower(e.title || char(10) || e.context || char(10) || e.body)"
        var conditions: [String] = []
        var arguments: [DatabaseValue] = []
        let sql: String
        if !long.isEmpty {
            let match = long.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " ")
            conditions.append("search_fts MATCH ?")
            arguments.append((match).databaseValue)
            for term in short {
                conditions.append("instr(\(haystack), ?) > 0")
                arguments.append((term.lowercased()).databaseValue)
            }
            if let kind = query.kind {
                conditions.append("d.kind = ?")
                arguments.append((kind).databaseValue)
            }
            arguments.append((limit).databaseValue)
            sql = """
                SELECT e.document_id, d.kind, d.title AS document_title, d.source_path, d.published, e.unit,
                       e.group_label, e.speaker, e.title, e.context, e.body,
                       -bm25(search_fts, 4.0, 2.0, 1.0) AS score
                FROM search_fts
                JOIN search_entries e ON e.entry_id = search_fts.rowid
                JOIN documents d ON d.id = e.document_id
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY bm25(search_fts, 4.0, 2.0, 1.0)
                LIMIT ?
                """
        } else {
            // Occurrences of each term, weighted by field, per 1000 characters of entry.
            var scoreParts: [String] = []
            for term in short {
                conditions.append("instr(\(haystack), ?) > 0")
                arguments.append((term.lowercased()).databaseValue)
            }
            for (i, term) in short.enumerated() {
                _ = i
                let t = term.lowercased().replacingOccurrences(of: "'", with: "''")
                let n = term.count
                scoreParts.append("""
                    (4.0 * (length(lower(e.title)) - length(replace(lower(e.title), '\(t)', ''))) / \(n)
                     + 2.0 * (length(lower(e.context)) - length(replace(lower(e.context), '\(t)', ''))) / \(n)
                     + 1.0 * (length(lower(e.body)) - length(replace(lower(e.body), '\(t)', ''))) / \(n))
                    """)
            }
            if let kind = query.kind {
                conditions.append("d.kind = ?")
                arguments.append((kind).databaseValue)
            }
            arguments.append((limit).databaseValue)
            sql = """
                SELECT e.document_id, d.kind, d.title AS document_title, d.source_path, d.published, e.unit,
                       e.group_label, e.speaker, e.title, e.context, e.body,
                       (\(scoreParts.joined(separator: " + "))) * 1000.0 / (length(e.body) + length(e.title) + 200) AS score
                FROM search_entries e
                JOIN documents d ON d.id = e.document_id
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY score DESC, e.entry_id
                LIMIT ?
                """
        }
        let bound = StatementArguments(arguments)
        let candidates: [SearchCandidate]
        do {
            candidates = try await database.read { db in
                try Row.fetchAll(db, sql: sql, arguments: bound).map { row in
                    SearchCandidate(
                        documentID: row["document_id"], kind: row["kind"], documentTitle: row["document_title"],
                        path: row["source_path"], published: row["published"], unit: row["unit"],
                        groupLabel: row["group_label"], speaker: row["speaker"], title: row["title"],
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
