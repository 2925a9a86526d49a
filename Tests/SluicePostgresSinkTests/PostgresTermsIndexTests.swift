#if Postgres
import SluiceTesting
import SluiceTestSupport
import Foundation
import Logging
import PostgresNIO
import SluiceCore
@testable import SluicePostgresSink
import SluiceStorageSupport
import Testing

/// Short Chinese terms are answered through the GIN index over the entries' CJK characters and
/// bigrams (`search_entries.terms`), with the same hits as the exact match alone.
@Suite("PostgreSQL CJK terms index")
struct PostgresTermsIndexTests {
    let server = PostgresServer.shared

    @Test func gramsOfEntriesAndTerms() {
        #expect(PostgresSearchTerms.entry(["老蒋 a靖", "老蒋"]) == ["老", "蒋", "靖", "老蒋"])
        #expect(PostgresSearchTerms.entry(["Alice, 50%"]).isEmpty)
        #expect(PostgresSearchTerms.query(["老蒋", "x云y", "aigc"]) == ["云", "老蒋"])
        #expect(PostgresSearchTerms.query(["靖江市"]) == ["江市", "靖江"])
    }

    /// `count` documents of 本文 and 40 Han characters drawn from U+4E00–U+4FFF (none of 靖, 江,
    /// 老, 蒋, 本, 文), every 600th with 靖江 in the middle; the same every run.
    func generated(_ count: Int) -> [Document] {
        var seed: UInt64 = 12
        return (0..<count).map { i in
            var scalars = "本文".unicodeScalars
            for k in 0..<40 {
                if i % 600 == 0 && k == 20 { scalars.append(contentsOf: "靖江".unicodeScalars) }
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                scalars.append(Unicode.Scalar(0x4E00 + UInt32(seed >> 55))!)
            }
            let text = String(scalars)
            let doc = Document(kind: "article", title: nil, blocks: [Block(.paragraph, text: text)], text: text)
            return StoreFixtures.stamp(doc, path: "generated/\(i).txt", reader: "text", bytes: Array(text.utf8))
        }
    }

    /// Writes `documents` into a PostgreSQL store at `url`, `batchSize` per batch (a batch is
    /// written in document-id order, so entry ids follow `documents` only with batches of one).
    static func ingest(_ documents: [Document], into url: String, batchSize: Int = 500) async throws {
        let values = OptionValues.defaults(for: PostgresSink.options, overrides: ["url": .string(url)])
        let sink = try PostgresSink(PluginSetup(options: values, logger: StoreFixtures.logger))
        try await sink.open(StoreFixtures.sinkContext("terms"))
        var start = 0
        while start < documents.count {
            let part = Array(documents[start..<min(documents.count, start + batchSize)])
            try await sink.write(DocumentBatch(documents: part, inputs: part.map(\.source.path)))
            start += batchSize
        }
        try await sink.commit()
    }

    /// The documents whose entries hold `term`, found by scanning (no index involved).
    func scanned(_ term: String, _ db: String) throws -> Set<String> {
        let out = try server.psql("""
            SELECT DISTINCT document_id FROM search_entries
            WHERE strpos(lower(title || E'\\n' || context || E'\\n' || body), '\(term)') > 0
            """, database: db)
        return Set(out.split(separator: "\n").map(String.init))
    }

    @Test func shortChineseQueriesAreAnsweredFromTheTermsIndex() async throws {
        let (db, url) = try server.createDatabase("g")
        try await Self.ingest(try StoreFixtures.articles() + [StoreFixtures.minutes()] + generated(3000), into: url)
        try server.psql("VACUUM ANALYZE search_entries", database: db)
        #expect(try server.psql("SELECT count(*) FROM pg_indexes WHERE indexname = 'search_entries_terms'", database: db).contains("1"))

        var registry = PluginRegistry()
        registry.register(searchProvider: PostgresSearchProvider.self)
        let store = try await registry.openSearchStore(url, logger: StoreFixtures.logger)
        for term in ["靖江", "老蒋", "云", "规划"] {
            let expected = try scanned(term, db)
            #expect(!expected.isEmpty, "\(term) occurs in the corpus")
            let hits = try await store.search(SearchQuery(term, limit: 500))
            #expect(Set(hits.map(\.id)) == expected, "\(term): the index finds what a scan finds")
        }
        #expect(try scanned("靖江", db).count >= 5)
        // 本文 is in almost every entry: its grams are left out of the index condition, 靖江's stay.
        let common = try await withConnection(url) { conn in
            try await PostgresGramStatistics.read(["本", "本文", "文", "江", "靖", "靖江"], on: conn, logger: StoreFixtures.logger).common
        }
        #expect(Set(common) == ["本", "本文", "文"])
        let both = try await store.search(SearchQuery("本文 靖江", limit: 500))
        #expect(Set(both.map(\.id)) == (try scanned("本文", db).intersection(scanned("靖江", db))))
        #expect(!both.isEmpty)
        await store.close()

        // The plan of the search's own statement for a 2-character term uses the index.
        let plan = try await explain(SearchQuery("靖江", limit: 20), url: url)
        #expect(plan.contains("search_entries_terms"), "plan:\n\(plan)")
    }

    /// `body` on a connection to `url`.
    func withConnection<T: Sendable>(_ url: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let session = PostgresSession(endpoint: try PostgresEndpoint(url: url), logger: StoreFixtures.logger)
        do {
            let result = try await session.run("testing", body)
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }

    /// `EXPLAIN` of the statement the search runs for `query`, with its bindings.
    func explain(_ query: SearchQuery, url: String) async throws -> String {
        let (sql, binds) = try #require(PostgresSearchStore.statement(query))
        let lines = try await withConnection(url) { conn in
            var lines: [String] = []
            for row in try await conn.run("EXPLAIN " + sql, binds, logger: StoreFixtures.logger) { lines.append(try row.decode(String.self)) }
            return lines
        }
        return lines.joined(separator: "\n")
    }
}
#endif
