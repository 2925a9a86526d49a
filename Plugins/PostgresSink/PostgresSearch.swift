#if Postgres
import Logging
import PostgresNIO
import SluiceCore
import SluiceStorageSupport

/// Searches a PostgreSQL store written by the `postgres` sink.
///
/// Every term is a case-insensitive substring match (`LIKE '%term%'` over the lower-cased entry),
/// which the `pg_trgm` GIN index serves for terms of three characters or more. Terms with CJK
/// characters (one- and two-character Chinese words too) are first narrowed through the GIN index
/// over the entries' CJK characters and bigrams (``PostgresSearchTerms``). Hits rank by
/// how often the terms occur (title weighted over context over body) relative to the entry's
/// length.
///
/// Ranking is bounded like the SQLite store's: of the entries that match, at most
/// ``rankingBound`` — the newest, by entry id — are scored. Below the bound every match is
/// ranked. A query of one- and two-character Chinese terms that the statistics say is in that
/// many entries or more walks the entries back from the newest and stops at the bound
/// (``PostgresGramStatistics``); other frequent queries (Latin words, longer terms) still test
/// every match before the newest are kept.
public struct PostgresSearchStore: SearchableStore {
    let session: PostgresSession
    let logger: Logger
    /// At most this many matching entries are ranked per query (see the type's documentation).
    let rankingBound: Int

    init(endpoint: PostgresEndpoint, logger: Logger, rankingBound: Int = SearchRanking.defaultRankingBound) {
        self.session = PostgresSession(endpoint: endpoint, logger: logger, retry: RetryPolicy(retries: 3))
        self.logger = logger
        self.rankingBound = max(1, rankingBound)
    }

    public func search(_ query: SearchQuery) async throws -> [SearchHit] {
        guard !query.terms.isEmpty else { return [] }
        let logger = self.logger
        let bound = rankingBound
        let grams = PostgresSearchTerms.query(query.terms.map { $0.lowercased() })
        let candidates = try await session.run("searching") { conn -> [SearchCandidate] in
            let stats = try await PostgresGramStatistics.read(grams, on: conn, logger: logger)
            // More matches expected than are ranked: walk the entries back from the newest.
            let walk = stats.walks(query, bound: bound)
            guard let (sql, binds) = Self.statement(query, skipping: walk ? grams : stats.common, bound: bound, walking: walk)
            else { return [] }
            let rows = walk
                ? try await Self.walkingBack(on: conn, logger: logger) { try await conn.run(sql, binds, logger: logger) }
                : try await conn.run(sql, binds, logger: logger)
            var out: [SearchCandidate] = []
            for row in rows {
                let (id, kind, title, path, published, unit, facets, etitle, context, body, score) = try row.decode(
                    (String, String, String?, String, String?, String, String?, String, String, String, Double).self)
                out.append(SearchCandidate(
                    documentID: id, kind: kind, documentTitle: title, path: path, published: published, unit: unit,
                    facets: SearchCandidate.facets(json: facets), title: etitle, context: context, body: body, score: score))
            }
            return out
        }
        return SearchRanking.hits(candidates, query: query)
    }

    /// The SQL and bindings that find `query`'s candidates (nil when it has no term), leaving out
    /// of the index condition the grams in `skipping`: the newest `bound` matching entries are
    /// found first (`matched`), then only they are scored. `walking`: the statement will walk
    /// the entries back (``walkingBack(on:logger:_:)``), so no index serves the match and a term
    /// without upper and lower case (Chinese) is matched without lower-casing each entry.
    static func statement(
        _ query: SearchQuery, skipping: [String] = [], bound: Int = SearchRanking.defaultRankingBound,
        walking: Bool = false
    ) -> (String, PostgresBindings)? {
        let terms = query.terms.map { $0.lowercased() }
        guard !terms.isEmpty else { return nil }
        var binds = PostgresBindings()
        var conditions: [String] = []
        var scoreParts: [String] = []
        var n = 0
        func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            n += 1
            return "$\(n)"
        }
        for term in terms {
            let escaped = term.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            // Lower-casing every entry took most of a walk's time; a term with no case needs none.
            let caseless = Self.isCaseless(term)
            let haystack = walking && caseless ? PostgresSchema.searchText : PostgresSchema.searchHaystack
            conditions.append("\(haystack) LIKE \(bind("%" + escaped + "%"))")
            let t = bind(term)
            let len = term.count
            func count(_ column: String) -> String {
                let text = caseless ? "e.\(column)" : "lower(e.\(column))"
                return "(length(\(text)) - length(replace(\(text), \(t), ''))) / \(len)"
            }
            scoreParts.append("(4.0 * \(count("title")) + 2.0 * \(count("context")) + 1.0 * \(count("body")))")
        }
        // The terms' CJK grams, all in the entry's `terms`: served by the GIN index whatever the
        // terms' length, before the exact match above (which it never changes).
        let grams = PostgresSearchTerms.query(terms).filter { g in
            !skipping.contains { $0.unicodeScalars.elementsEqual(g.unicodeScalars) }
        }
        if !grams.isEmpty { conditions.insert("e.terms @> \(bind(grams))::text[]", at: 0) }
        var kindJoin = ""
        if let kind = query.kind {
            kindJoin = "JOIN documents d ON d.id = e.document_id"
            conditions.append("d.kind = \(bind(kind))")
        }
        let limitBound = bind(bound)
        let limit = bind(SearchRanking.candidateLimit(query))
        let sql = """
            WITH matched AS MATERIALIZED (
                SELECT e.entry_id FROM search_entries e \(kindJoin)
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY e.entry_id DESC
                LIMIT \(limitBound)::int8)
            SELECT e.document_id, d.kind, d.title, d.source_path, d.published, e.unit, e.facets::text,
                   e.title, e.context, e.body,
                   ((\(scoreParts.joined(separator: " + "))) * 1000.0 / (length(e.body) + length(e.title) + 200))::float8 AS score
            FROM matched m
            JOIN search_entries e ON e.entry_id = m.entry_id
            JOIN documents d ON d.id = e.document_id
            ORDER BY score DESC, e.entry_id
            LIMIT \(limit)::int8
            """
        return (sql, binds)
    }

    /// Runs `body` (one statement) with the planner kept to ordered index scans, in a read-only
    /// transaction of its own. The search statement's `ORDER BY entry_id DESC LIMIT bound` then
    /// walks the primary key back from the newest entry and stops at the bound; left to itself
    /// the planner, which cannot estimate how many entries a `LIKE '%…%'` matches and guesses
    /// few, would read and test every entry first.
    static func walkingBack<T>(
        on conn: PostgresConnection, logger: Logger, _ body: () async throws -> T
    ) async throws -> T {
        try await conn.exec("BEGIN READ ONLY", logger: logger)
        do {
            // SET LOCAL of both, in one round trip.
            try await conn.exec(
                "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)",
                logger: logger)
            let result = try await body()
            try await conn.exec("COMMIT", logger: logger)
            return result
        } catch {
            try? await conn.exec("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Whether `term` matches and counts the same in an entry and in its lower-cased form
    /// without lower-casing it: only CJK characters and ASCII other than letters (no case tables
    /// involved, so the server's Unicode version cannot disagree).
    static func isCaseless(_ term: String) -> Bool {
        term.unicodeScalars.allSatisfy { CJK.isCJK($0) || ($0.isASCII && !$0.properties.isAlphabetic) }
    }

    public func close() async {
        await session.close()
    }
}

/// Lets `sluice search postgres://…` open PostgreSQL stores.
public enum PostgresSearchProvider: SearchProvider {
    public static let name = "postgres"

    public static func accepts(location: String) -> Bool { PostgresEndpoint.accepts(location) }

    public static func open(location: String, logger: Logger) async throws -> any SearchableStore {
        PostgresSearchStore(endpoint: try PostgresEndpoint(url: location), logger: logger)
    }
}
#endif
