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
/// ranks the entries (title weighted over context over body; ``SQLiteRanking``).
///
/// Ranking is bounded by ``rankingBound``: when more entries than that match a query, only the
/// newest `rankingBound` of them (the last written) are ranked, and a phrase's entry count for
/// its IDF is exact up to the bound and estimated beyond it (``SQLiteRanking/matchCount(_:phrase:bound:span:)``).
/// Up to the bound the order is exactly FTS5's `bm25()`; beyond it a query costs the same however
/// many entries a frequent term is in (`Benchmarks/storage/README.md`).
public struct SQLiteSearchStore: SearchableStore {
    let database: DatabaseQueue
    /// The file searched.
    public let path: String
    /// At most this many matching entries are ranked per query (see the type's documentation).
    public let rankingBound: Int
    /// The default ``rankingBound``.
    public static let defaultRankingBound = SearchRanking.defaultRankingBound

    /// Opens `path` read-only.
    public init(path: String, rankingBound: Int = defaultRankingBound) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw PluginError.io("\(path): no such database")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            db.add(tokenizer: SQLiteTokenizer.self)
            SQLiteRanking.register(db)
        }
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
        self.rankingBound = max(1, rankingBound)
    }

    /// The FTS5 query for `terms`: one quoted phrase per term (terms without any letter, digit or
    /// ideograph are dropped), a prefix phrase when the term ends in a Latin letter or digit.
    static func matchExpression(_ terms: [String]) -> String? {
        let phrases = matchPhrases(terms)
        return phrases.isEmpty ? nil : phrases.joined(separator: " ")
    }

    /// The phrases of ``matchExpression(_:)``, one FTS5 query each.
    static func matchPhrases(_ terms: [String]) -> [String] {
        terms.compactMap { term -> String? in
            let kinds = term.unicodeScalars.map { SQLiteTokenizer.classify($0.value) }
            guard kinds.contains(where: { $0 != .separator }) else { return nil }
            let quoted = "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return kinds.last == .word ? quoted + " *" : quoted
        }
    }

    public func search(_ query: SearchQuery) async throws -> [SearchHit] {
        let phrases = Self.matchPhrases(query.terms)
        guard !phrases.isEmpty else { return [] }
        var kindFilter = ""
        if query.kind != nil {
            // Checked per visited match (two key lookups): `rowid IN (all entries of the kind)`
            // built that whole list first and took 17 s for a common word on 1 GB of text.
            kindFilter = """
                AND EXISTS (SELECT 1 FROM search_entries e JOIN records r ON r.id = e.document_id
                            WHERE e.entry_id = search_fts.rowid AND r.kind = ?)
                """
        }
        // Rank the newest matches over the index alone, then read the few best rows (the
        // document text is read out of the record only for them).
        let placeholders = Array(repeating: ", ?", count: phrases.count).joined()
        let sql = """
            WITH matched AS (
                SELECT rowid AS entry_id, \(SQLiteRanking.functionName)(search_fts, 4.0, 2.0, 1.0\(placeholders)) AS rank
                FROM search_fts WHERE search_fts MATCH ? \(kindFilter)
                ORDER BY rowid DESC LIMIT \(rankingBound)),
            ranked AS (SELECT entry_id, rank FROM matched ORDER BY rank, entry_id LIMIT ?)
            SELECT e.document_id, r.kind, r.title AS document_title, r.source_path, r.published, e.unit,
                   e.facets, e.title, e.context, COALESCE(e.body, r.json ->> '$.text') AS body,
                   -ranked.rank AS score,
                   (SELECT count(*) FROM matched) AS matched, (SELECT min(entry_id) FROM matched) AS oldest
            FROM ranked
            JOIN search_entries e ON e.entry_id = ranked.entry_id
            JOIN records r ON r.id = e.document_id
            ORDER BY ranked.rank, e.entry_id
            """
        let match = phrases.joined(separator: " ")
        let kind = query.kind
        let limit = SearchRanking.candidateLimit(query)
        let bound = rankingBound
        let candidates: [SearchCandidate]
        do {
            candidates = try await database.read { db in
                var span: SQLiteRanking.IndexSpan?
                // One phrase and no kind: the query's matches are the phrase's, so they are counted
                // in the ranking pass itself instead of walking them twice. The scores are ranked
                // with a stand-in count (one phrase's score is its IDF times a factor of the row,
                // so the order is the same) and rescaled below.
                let countsInPass = phrases.count == 1 && kind == nil
                var arguments = try phrases.map {
                    countsInPass ? 0.databaseValue : try SQLiteRanking.matchCount(db, phrase: $0, bound: bound, span: &span).databaseValue
                }
                arguments.append(match.databaseValue)
                if let kind { arguments.append(kind.databaseValue) }
                arguments.append(limit.databaseValue)
                let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
                var scale = 1.0
                if countsInPass, let first = rows.first {
                    let count = try SQLiteRanking.estimate(db, matches: first["matched"], first: first["oldest"], bound: bound, span: &span)
                    if span == nil { span = try SQLiteRanking.IndexSpan(db) }
                    let entries = Double(span?.entries ?? 0)
                    scale = SQLiteRanking.idf(matches: count, entries: entries) / SQLiteRanking.idf(matches: 0, entries: entries)
                }
                return rows.map { row in
                    SearchCandidate(
                        documentID: row["document_id"], kind: row["kind"], documentTitle: row["document_title"],
                        path: row["source_path"], published: row["published"], unit: row["unit"],
                        facets: SearchCandidate.facets(json: row["facets"]), title: row["title"],
                        context: row["context"], body: row["body"], score: scale * row["score"])
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
