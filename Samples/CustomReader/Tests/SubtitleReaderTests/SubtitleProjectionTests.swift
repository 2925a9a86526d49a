import Foundation
import SluiceCore
import SluiceSQLiteSink
import SluiceTesting
import SubtitleReader
import Testing

/// The sample's projection through a real SQLite store: the sink knows nothing of subtitles, yet
/// each cue is searchable with its speaker and time, and `subtitle_cues` answers SQL.
@Suite struct SubtitleProjectionTests {
    func transcript() throws -> Document {
        let outcome = try ReaderHarness(SubtitleReader.self).read(example, path: "weekly-sync.srt")
        return try #require(outcome.documents.first)
    }

    @Test func cuesBecomeEntriesWithFacets() throws {
        let entries = SubtitleProjection().searchEntries(for: try transcript())
        #expect(entries.count == 4)
        #expect(entries[1].facets == ["speaker": "李飞", "start": "00:00:04,500", "end": "00:00:09,000"])
        #expect(entries[0].facets["speaker"] == nil)
        #expect(SubtitleProjection().tables.allSatisfy { $0.problem == nil })
    }

    @Test func aStoreFindsTheCueAndItsSpeaker() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("subtitles-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var registry = PluginRegistry()
        registry.register(SubtitleReader.self)
        registry.register(projection: SubtitleProjection(), forKinds: ["transcript"])
        registry.register(SQLiteSink.self)
        let logger = ReaderHarness<InMemorySource>.silentLogger
        var values = OptionValues.defaults(for: SQLiteSink.options)
        values.set("path", .string(folder + "/store.db"))
        let sink = try registry.makeSink("sqlite", PluginSetup(options: values, logger: logger))
        var document = try transcript()
        document.source.path = "weekly-sync.srt"
        document.id = "weekly-sync"
        try await sink.open(SinkContext(pipeline: "test", logger: logger, projections: registry.projections))
        try await sink.write(DocumentBatch(documents: [document], inputs: [document.source.path]))
        try await sink.commit()

        let store = try SQLiteSearchStore(path: folder + "/store.db")
        let hits = try await store.search(SearchQuery("技术布局"))
        #expect(hits.map(\.unit) == ["cue"])
        #expect(hits.first?.facets["speaker"] == "李飞")
        #expect(hits.first?.facets["start"] == "00:00:04,500")
        // A name finds what the person said, not the whole transcript.
        let dana = try await store.search(SearchQuery("Dana"))
        #expect(dana.count == 1 && dana.first?.snippet.contains("Word files") == true)
        await store.close()
    }
}
