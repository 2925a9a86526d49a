#if Postgres
import SluiceTesting
import SluiceTestSupport
import Foundation
import SluiceCore
import SluicePostgresSink
import Testing

/// Chunks through the chunk module's projection in PostgreSQL: a `chunks` table, one entry per
/// chunk (no whole-document entry), hits with offsets.
@Suite("PostgreSQL chunks")
struct PostgresChunkTests {
    let server = PostgresServer.shared

    @Test func chunksGetATableAndOffsetHits() async throws {
        let (db, url) = try server.createDatabase("c")
        let parent = try StoreFixtures.articles()[0]
        let chunks = try StoreFixtures.chunks(of: parent)
        #expect(chunks.count > 3)
        let values = OptionValues.defaults(for: PostgresSink.options, overrides: ["url": .string(url)])
        let sink = try PostgresSink(PluginSetup(options: values, logger: StoreFixtures.logger))
        try await sink.open(StoreFixtures.sinkContext())
        try await sink.write(DocumentBatch(documents: [parent] + chunks, inputs: [parent.source.path]))
        try await sink.commit()
        func scalar(_ sql: String) throws -> String { try server.psql(sql, database: db).trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(try scalar("SELECT count(*) FROM chunks WHERE parent_id = '\(parent.id)'") == "\(chunks.count)")
        #expect(try scalar("SELECT count(*) FROM search_entries e JOIN documents d ON d.id = e.document_id WHERE d.kind = 'chunk' AND e.unit = 'document'") == "0")

        var registry = PluginRegistry()
        registry.register(searchProvider: PostgresSearchProvider.self)
        let store = try await registry.openSearchStore(url, logger: StoreFixtures.logger)
        let hits = try await store.search(SearchQuery("老蒋", kind: "chunk", limit: 50))
        await store.close()
        #expect(!hits.isEmpty)
        let scalars = Array(parent.text.unicodeScalars)
        for hit in hits {
            #expect(hit.unit == "chunk" && hit.facets["parent_id"] == parent.id)
            let start = try #require(Int(hit.facets["start"] ?? "")), end = try #require(Int(hit.facets["end"] ?? ""))
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<end])
            #expect(String(view) == chunks.first { $0.id == hit.id }?.text)
        }
    }
}
#endif
