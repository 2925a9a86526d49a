#if Postgres
import Logging
import PostgresNIO
import SluiceCore

/// What `ANALYZE` knows of a query's CJK grams: the share of the entries each is in
/// (`pg_stats.most_common_elems` of `search_entries.terms`) and how many entries there are
/// (`pg_class.reltuples`). Search uses it to plan: which grams to leave out of the index
/// condition, and whether a query matches so many entries that its newest matches are best found
/// by walking the entries back from the newest (``PostgresSearchStore``).
///
/// Before the table is analyzed nothing is known: no gram is common and no query walks.
struct PostgresGramStatistics: Sendable {
    /// The share of the entries each gram is in, for the grams the statistics list (a gram they
    /// do not list is rarer than any they do).
    var shares: [String: Double]
    /// How many entries the table has, as last estimated (`VACUUM`, `ANALYZE`, `CREATE INDEX`; 0
    /// before any of them).
    var entries: Double

    /// The share of entries above which a gram is left out of a query's index condition: the
    /// index cannot narrow such a gram's matches much, the planner then scans, and checking each
    /// entry's gram array on the way only adds work (`Benchmarks/storage/README.md`).
    static let commonShare = 0.5

    /// The grams in more than ``commonShare`` of the entries.
    var common: [String] { shares.filter { $0.value > Self.commonShare }.map(\.key).sorted() }

    /// About how many entries hold every one of `terms` (lower-cased), the terms taken as
    /// independent. Known only for terms that are one gram (one CJK character or two), the
    /// short terms the trigram index cannot serve: the statistics estimate those directly, while
    /// a longer term may be much rarer than any of its grams. Zero when a term is not one gram or
    /// the statistics do not list it (nothing is known, or it is rare).
    func expectedMatches(of terms: [String]) -> Double {
        var share = 1.0
        for term in terms {
            guard PostgresSearchTerms.query([term]) == [term], let s = shares[term] else { return 0 }
            share *= s
        }
        return share * entries
    }

    /// Whether `query` should walk the entries back from the newest (``PostgresSearchStore``):
    /// when about `bound` or more entries are expected to match it.
    func walks(_ query: SearchQuery, bound: Int) -> Bool {
        expectedMatches(of: query.terms.map { $0.lowercased() }) >= Double(max(1, bound))
    }

    /// The statistics of `grams` on `conn` (one round trip), for the `search_entries` table the
    /// search path finds.
    static func read(_ grams: [String], on conn: PostgresConnection, logger: Logger) async throws -> PostgresGramStatistics {
        var stats = PostgresGramStatistics(shares: [:], entries: 0)
        guard !grams.isEmpty else { return stats }
        var binds = PostgresBindings()
        binds.append(grams)
        for row in try await conn.run("""
            WITH t AS (
                SELECT greatest(c.reltuples, 0)::float8 AS entries, n.nspname AS schema FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass('search_entries'))
            SELECT NULL::text AS gram, t.entries AS value FROM t
            UNION ALL
            SELECT u.gram, u.share::float8 FROM t, pg_stats s,
                unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u (gram, share)
            WHERE s.schemaname = t.schema AND s.tablename = 'search_entries' AND s.attname = 'terms'
                AND u.gram IS NOT NULL AND u.gram = ANY($1::text[])
            """, binds, logger: logger) {
            // The row without a gram is the entry count (the frequency list's trailing minimum,
            // maximum and null share have no gram either, and are left out above).
            let (gram, value) = try row.decode((String?, Double).self)
            if let gram { stats.shares[gram] = value } else { stats.entries = value }
        }
        return stats
    }
}
#endif
