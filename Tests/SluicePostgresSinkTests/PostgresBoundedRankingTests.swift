#if Postgres
import SluiceTesting
import SluiceTestSupport
import Foundation
import SluiceCore
@testable import SluicePostgresSink
import SluiceStorageSupport
import Testing

/// PostgreSQL search ranks at most `rankingBound` matching entries, the newest: below the bound
/// it ranks every match, above it the older matches are not seen; a frequent short Chinese word
/// walks the entries back from the newest (docs/storage.md, "Search").
@Suite("PostgreSQL bounded ranking")
struct PostgresBoundedRankingTests {
    let server = PostgresServer.shared

    /// 40 articles, stored one per batch in this order (entry ids follow it); article `i` says
    /// 本文 `40 - i` times, so the oldest score best, and every eighth also holds 靖江.
    static let articles: [Document] = (0..<40).map { i in
        // The article's number first and beside 靖江: every snippet differs (identical ones collapse).
        document("第\(i)篇：" + String(repeating: "本文", count: 40 - i) + "。" + (i % 8 == 0 ? "靖江在江苏（第\(i)篇）。" : ""),
                 kind: "article", path: "bounded/\(i).txt")
    }

    /// Five notes saying 本文 once, stored after the articles.
    static let notes: [Document] = (0..<5).map { i in document("便条\(i)：本文。", kind: "note", path: "notes/\(i).txt") }

    static func document(_ text: String, kind: String, path: String) -> Document {
        let doc = Document(kind: kind, title: nil, blocks: [Block(.paragraph, text: text)], text: text)
        return StoreFixtures.stamp(doc, path: path, reader: "text", bytes: Array(text.utf8))
    }

    func search(_ query: SearchQuery, _ url: String, bound: Int) async throws -> [SearchHit] {
        let store = PostgresSearchStore(endpoint: try PostgresEndpoint(url: url), logger: StoreFixtures.logger, rankingBound: bound)
        do {
            let hits = try await store.search(query)
            await store.close()
            return hits
        } catch {
            await store.close()
            throw error
        }
    }

    /// The documents of the `count` newest entries (highest ids) that hold `term`, by scanning.
    func newest(_ count: Int, holding term: String, _ db: String) throws -> Set<String> {
        let out = try server.psql("""
            SELECT document_id FROM search_entries WHERE strpos(body, '\(term)') > 0
            ORDER BY entry_id DESC LIMIT \(count)
            """, database: db)
        return Set(out.split(separator: "\n").map(String.init))
    }

    func statistics(_ grams: [String], _ url: String) async throws -> PostgresGramStatistics {
        let session = PostgresSession(endpoint: try PostgresEndpoint(url: url), logger: StoreFixtures.logger)
        let stats = try await session.run("testing") { try await PostgresGramStatistics.read(grams, on: $0, logger: StoreFixtures.logger) }
        await session.close()
        return stats
    }

    @Test func aboveTheBoundOnlyTheNewestMatchesAreRanked() async throws {
        let (db, url) = try server.createDatabase("b")
        try await PostgresTermsIndexTests.ingest(Self.articles + Self.notes, into: url, batchSize: 1)
        let newestArticles = Set(Self.articles[30...].map(\.id))
        let newest10 = Set(Self.notes.map(\.id) + Self.articles[35...].map(\.id))
        #expect(try newest(10, holding: "本文", db) == newest10, "entry ids follow the order written")

        // Before ANALYZE the planner finds the matches; after it the statistics say 本文 is in
        // every entry and the search walks the entries back from the newest. The same hits.
        for analyzed in [false, true] {
            if analyzed { try server.psql("VACUUM ANALYZE search_entries", database: db) }
            #expect(try await statistics(["本文"], url).walks(SearchQuery("本文"), bound: 10) == analyzed)

            let everything = try await search(SearchQuery("本文", limit: 60), url, bound: 1_000)
            #expect(everything.count == 45)
            let best = try #require(everything.first)
            #expect(["bounded/0.txt", "bounded/1.txt"].contains(best.path), "unbounded, an old article saying 本文 most often ranks first")

            let bounded = try await search(SearchQuery("本文", limit: 60), url, bound: 10)
            #expect(Set(bounded.map(\.id)) == newest10, "only the 10 newest matches are ranked (analyzed: \(analyzed))")

            // --kind filters before the bound: the 10 newest articles, though the notes are newer.
            let articles = try await search(SearchQuery("本文", kind: "article", limit: 60), url, bound: 10)
            #expect(Set(articles.map(\.id)) == newestArticles, "analyzed: \(analyzed)")
            let notes = try await search(SearchQuery("本文", kind: "note", limit: 60), url, bound: 10)
            #expect(Set(notes.map(\.id)) == Set(Self.notes.map(\.id)))
        }
    }

    @Test func belowTheBoundEveryMatchIsRankedAsWithoutOne() async throws {
        let (db, url) = try server.createDatabase("b")
        try await PostgresTermsIndexTests.ingest(Self.articles, into: url, batchSize: 1)
        try server.psql("VACUUM ANALYZE search_entries", database: db)
        #expect(try newest(100, holding: "靖江", db).count == 5)
        // 5 of 40 entries: with a bound of 5 the search walks, and still sees every match.
        #expect(try await statistics(["靖江"], url).walks(SearchQuery("靖江"), bound: 5))
        // Every score as the search computed it before terms without case skipped lower().
        let out = try server.psql("""
            SELECT document_id, round((((4.0 * (length(lower(title)) - length(replace(lower(title), '靖江', ''))) / 2
                + 2.0 * (length(lower(context)) - length(replace(lower(context), '靖江', ''))) / 2
                + 1.0 * (length(lower(body)) - length(replace(lower(body), '靖江', ''))) / 2)
                * 1000.0 / (length(body) + length(title) + 200)))::numeric, 3)
            FROM search_entries WHERE strpos(body, '靖江') > 0
            """, database: db)
        let scores = Dictionary(uniqueKeysWithValues: out.split(separator: "\n").map { line in
            let parts = line.split(separator: "|")
            return (String(parts[0]), Double(parts[1]) ?? -1)
        })
        #expect(scores.count == 5)
        for query in [SearchQuery("靖江", limit: 60), SearchQuery("本文 靖江", limit: 60), SearchQuery("靖江", limit: 2)] {
            let bounded = try await search(query, url, bound: 5)
            let unbounded = try await search(query, url, bound: 1_000)
            #expect(bounded.map(\.id) == unbounded.map(\.id), "\(query.terms): same hits in the same order")
            #expect(bounded.map(\.score) == unbounded.map(\.score))
            #expect(bounded.count == min(5, query.limit))
        }
        for hit in try await search(SearchQuery("靖江", limit: 60), url, bound: 5) {
            #expect(abs(hit.score - (scores[hit.id] ?? -1)) < 0.0011, "\(hit.path): \(hit.score) vs \(scores[hit.id] ?? -1)")
        }
    }

    @Test func aFrequentWordWalksTheEntriesBackFromTheNewest() async throws {
        let (db, url) = try server.createDatabase("b")
        try await PostgresTermsIndexTests.ingest(Self.articles, into: url, batchSize: 10)
        try server.psql("VACUUM ANALYZE search_entries", database: db)
        let stats = try await statistics(["本文", "靖江"], url)
        #expect(stats.entries == 40)
        #expect(abs(stats.expectedMatches(of: ["本文"]) - 40) < 0.01, "本文 is in every entry")
        #expect(abs(stats.expectedMatches(of: ["本文", "靖江"]) - 5) < 0.01, "靖江 in 5 of 40")
        #expect(stats.expectedMatches(of: ["本文", "alice"]) == 0, "nothing is known of a Latin word")
        #expect(stats.expectedMatches(of: ["本文本"]) == 0, "nor of a term longer than one gram")
        #expect(stats.common == ["本文"])
        #expect(stats.walks(SearchQuery("本文"), bound: 40) && !stats.walks(SearchQuery("本文"), bound: 41))
        #expect(!stats.walks(SearchQuery("靖江"), bound: 10))

        // The statement a walking search sends, planned as it runs it.
        let (sql, binds) = try #require(PostgresSearchStore.statement(SearchQuery("本文"), skipping: ["本文"], bound: 10, walking: true))
        #expect(!sql.contains("lower(("), "a term without case is matched without lower-casing the entries")
        let session = PostgresSession(endpoint: try PostgresEndpoint(url: url), logger: StoreFixtures.logger)
        let plan = try await session.run("testing") { conn in
            let rows = try await PostgresSearchStore.walkingBack(on: conn, logger: StoreFixtures.logger) {
                try await conn.run("EXPLAIN " + sql, binds, logger: StoreFixtures.logger)
            }
            return try rows.map { try $0.decode(String.self) }.joined(separator: "\n")
        }
        await session.close()
        #expect(plan.contains("Index Scan Backward using search_entries_pkey"), "plan:\n\(plan)")
        #expect(!plan.contains("Seq Scan on search_entries"), "plan:\n\(plan)")
    }

    @Test func onlyCJKAndASCIIOtherThanLettersAreCaseless() {
        for term in ["靖江", "老蒋", "2026年", "50%", "カナ", "한국"] { #expect(PostgresSearchStore.isCaseless(term), "\(term)") }
        for term in ["alice", "ｂ", "ß", "ς", "i̇", "ɤ", "αβ", "靖江a"] { #expect(!PostgresSearchStore.isCaseless(term), "\(term)") }
    }
}
#endif
