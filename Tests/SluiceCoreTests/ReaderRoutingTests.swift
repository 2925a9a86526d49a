import Foundation
import SluiceTesting
import Testing
@testable import SluiceCore

/// A reader that lists many extensions with the default confidence, like the built-in `text`.
private struct GeneralTextReader: SourceReader {
    static let name = "general"
    static let summary = "Any text (for tests)."
    static let fileExtensions = ["txt", "md"]
    init(_ setup: PluginSetup) throws {}
    func read(_ input: SourceInput, context: ReadContext) throws -> [Document] {
        [Document(kind: "general", title: "general", text: String(decoding: input.bytes, as: UTF8.self))]
    }
}

/// A third-party reader written from the README: declares `md`, keeps the default confidence.
private struct ThirdPartyMarkdownReader: SourceReader {
    static let name = "markdown"
    static let summary = "Markdown (for tests)."
    static let fileExtensions = ["md"]
    init(_ setup: PluginSetup) throws {}
    func read(_ input: SourceInput, context: ReadContext) throws -> [Document] {
        [Document(kind: "markdown", title: "markdown", text: String(decoding: input.bytes, as: UTF8.self))]
    }
}

@Suite struct ReaderRoutingTests {
    @Test func aLaterRegisteredReaderWinsATieForTheExtensionItDeclares() async throws {
        let folder = TemporaryFolder()
        folder.write("notes.md", "# Notes\n\nSome text.\n")
        folder.write("plain.txt", "Plain text.\n")
        let collector = DocumentCollector()
        var registry = PluginRegistry()
        registry.register(GeneralTextReader.self)
        registry.register(ThirdPartyMarkdownReader.self)
        registry.registerInMemorySink(collector)
        let spec = PipelineSpec(name: "t", inputs: [folder.path], sinks: [PluginUse(name: "memory")])
        let report = try await PipelineRunner(registry: registry, logger: ReaderHarness<InMemorySource>.silentLogger).run(spec)
        #expect(report.totals.ingested == 2)
        let kinds = Dictionary(uniqueKeysWithValues: collector.documents.map { (PathSupport.lastComponent($0.source.path), $0.kind) })
        #expect(kinds["notes.md"] == "markdown")
        #expect(kinds["plain.txt"] == "general")

        let sample = InputSample(path: "notes.md", head: Array("# Notes".utf8), size: 7)
        let choice = ReaderChoice(readers: [("general", try GeneralTextReader(PluginSetup(logger: ReaderHarness<InMemorySource>.silentLogger))),
                                            ("markdown", try ThirdPartyMarkdownReader(PluginSetup(logger: ReaderHarness<InMemorySource>.silentLogger)))],
                                  sample: sample)
        #expect(choice.readerName == "markdown")
        #expect(choice.explanation == "markdown (confidence 0.50; tied with general: the reader registered later wins ties)")
    }
}
