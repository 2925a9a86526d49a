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
/// length, like the SQLite store's short-term path.
public struct PostgresSearchStore: SearchableStore {
    let session: PostgresSession
    let logger: Logger

    init(endpoint: PostgresEndpoint, logger: Logger) {
        self.session = PostgresSession(endpoint: endpoint, logger: logger, retry: RetryPolicy(retries: 3))
        self.logger = logger
    }

    public func search(_ query: SearchQuery) async throws -> [SearchHit] {
        guard !query.terms.isEmpty else { return [] }
        let logger = self.logger
        let grams = PostgresSearchTerms.query(query.terms.map { $0.lowercased() })
        let candidates = try await session.run("searching") { conn -> [SearchCandidate] in
            let common = try await PostgresSearchTerms.common(grams, on: conn, logger: logger)
            guard let (sql, bound) = Self.statement(query, skipping: common) else { return [] }
            var out: [SearchCandidate] = []
            let rows = try await conn.run(sql, bound, logger: logger)
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
    /// of the index condition the grams in `skipping`.
    static func statement(_ query: SearchQuery, skipping: [String] = []) -> (String, PostgresBindings)? {
        let terms = query.terms.map { $0.lowercased() }
        guard !terms.isEmpty else { return nil }
        var binds = PostgresBindings()
        var conditions: [String] = []
        var scoreParts: [String] = []
        var n = 0
        func bind(_ s: String) -> String {
            binds.append(s)
            n += 1
            return "$\(n)"
        }
        for term in terms {
            let escaped = term.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            conditions.append("\(PostgresSchema.searchHaystack) LIKE \(bind("%" + escaped + "%"))")
            let t = bind(term)
            let len = term.count
            scoreParts.append("""
                (4.0 * (length(lower(e.title)) - length(replace(lower(e.title), \(t), ''))) / \(len)
                 + 2.0 * (length(lower(e.context)) - length(replace(lower(e.context), \(t), ''))) / \(len)
                 + 1.0 * (length(lower(e.body)) - length(replace(lower(e.body), \(t), ''))) / \(len))
                """)
        }
        // The terms' CJK grams, all in the entry's `terms`: served by the GIN index whatever the
        // terms' length, before the exact match above (which it never changes).
        let grams = PostgresSearchTerms.query(terms).filter { g in
            !skipping.contains { $0.unicodeScalars.elementsEqual(g.unicodeScalars) }
        }
        if !grams.isEmpty {
            binds.append(grams)
            n += 1
            conditions.insert("e.terms @> $\(n)::text[]", at: 0)
        }
        if let kind = query.kind { conditions.append("d.kind = \(bind(kind))") }
        binds.append(SearchRanking.candidateLimit(query))
        n += 1
        let sql = """
            SELECT e.document_id, d.kind, d.title, d.source_path, d.published, e.unit, e.facets::text,
                   e.title, e.context, e.body,
                   ((\(scoreParts.joined(separator: " + "))) * 1000.0 / (length(e.body) + length(e.title) + 200))::float8 AS score
            FROM search_entries e JOIN documents d ON d.id = e.document_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY score DESC, e.entry_id
            LIMIT $\(n)
            """
        return (sql, binds)
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
