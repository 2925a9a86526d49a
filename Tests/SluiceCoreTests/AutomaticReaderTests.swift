import Foundation
import Testing
import SluiceTesting
@testable import SluiceCore

/// A reader that cannot work without its `dictionary` option (no default): it reads the option
/// as every reader does, which would trap if it were created with default options only.
struct DictionaryReader: SourceReader {
    static let name = "dictionary"
    static let summary = "Reads .mem files against a dictionary (for tests; needs its option)."
    static let fileExtensions = ["mem"]
    static let dictionary = OptionKey<String>.path("dictionary", default: nil, doc: "The dictionary file.")
    static var options: [OptionSpec] { [dictionary.spec] }

    let path: String

    init(_ setup: PluginSetup) throws { path = setup.options[Self.dictionary] }

    func confidence(for sample: InputSample) -> Double { 1 }

    func read(_ input: SourceInput, context: ReadContext) throws -> [Document] {
        [Document(kind: "dictionary", title: path, text: "read with \(path)")]
    }
}

@Suite struct AutomaticReaderTests {
    @Test func aReaderWithARequiredOptionIsLeftOutOfAutoAndSaysSo() throws {
        var registry = testRegistry()
        registry.register(DictionaryReader.self)
        #expect(registry.names(of: .reader) == ["memory-source", "dictionary"])
        #expect(registry.automaticReaderNames == ["memory-source"])
        #expect(registry.descriptor(named: "dictionary")?.automaticUseExclusion == "not used by auto: option 'dictionary' is required")
        #expect(registry.descriptor(named: "memory-source")?.automaticUseExclusion == nil)
    }

    @Test func anAutoRunDoesNotCrashAndUsesTheOtherReaders() async throws {
        let folder = TemporaryFolder()
        folder.write("a.mem", "1")
        folder.write("b.mem", "2")
        let collector = DocumentCollector()
        var registry = testRegistry(documents: ["a.mem": [doc("a")], "b.mem": [doc("b")]], collector: collector)
        registry.register(DictionaryReader.self)
        let spec = PipelineSpec(name: "t", inputs: [folder.path], sinks: [PluginUse(name: "memory")])
        let report = try await PipelineRunner(registry: registry, logger: ReaderHarness<InMemorySource>.silentLogger).run(spec)
        #expect(report.totals.ingested == 2)
        #expect(report.inputs.map(\.reader) == ["memory-source", "memory-source"])
        #expect(collector.documents.map(\.title) == ["a", "b"])
    }

    @Test func anAutoRunWithOnlySuchReadersFailsWithAReason() async throws {
        var registry = PluginRegistry()
        registry.register(DictionaryReader.self)
        registry.registerInMemorySink(DocumentCollector())
        let spec = PipelineSpec(name: "t", inputs: ["."], sinks: [PluginUse(name: "memory")])
        #expect {
            _ = try PipelineRunner(registry: registry, logger: ReaderHarness<InMemorySource>.silentLogger).prepare(spec)
        } throws: { error in
            "\(error)".contains("no registered reader can be chosen per file")
        }
    }

    @Test func theReaderStillWorksWhenAPipelineNamesItWithItsOption() async throws {
        let folder = TemporaryFolder()
        folder.write("a.mem", "1")
        let collector = DocumentCollector()
        var registry = testRegistry(collector: collector)
        registry.register(DictionaryReader.self)
        let use = PluginUse(name: "dictionary", options: OptionValues(["dictionary": .string("/tmp/words.txt")]))
        let spec = PipelineSpec(name: "t", inputs: [folder.path], reader: use, sinks: [PluginUse(name: "memory")])
        let report = try await PipelineRunner(registry: registry, logger: ReaderHarness<InMemorySource>.silentLogger).run(spec)
        #expect(report.totals.ingested == 1)
        #expect(collector.documents.map(\.title) == ["/tmp/words.txt"])
    }
}
