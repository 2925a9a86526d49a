import Foundation
import Testing
import SluiceTesting
@testable import SluiceCore

/// A registry with the testing plugins and a small normalizer with typed options.
func testRegistry(documents: [String: [Document]] = [:], collector: DocumentCollector = DocumentCollector()) -> PluginRegistry {
    var registry = PluginRegistry()
    registry.registerInMemorySource(documents)
    registry.register(UppercaseNormalizer.self)
    registry.registerInMemorySink(collector)
    return registry
}

struct UppercaseNormalizer: Normalizer {
    static let name = "upper"
    static let summary = "Uppercases titles (for tests)."
    static let times = OptionKey<Int>.integer("times", default: 1, doc: "How many copies to emit.")
    static let mode = OptionKey<String>.choice("mode", ["title", "all"], default: "title", doc: "What to uppercase.")
    static let fail = OptionKey<Bool>.boolean("fail", default: false, doc: "Throw on every document.")
    static var options: [OptionSpec] { [times.spec, mode.spec, fail.spec] }
    let copies: Int
    let failing: Bool
    init(_ setup: PluginSetup) throws {
        copies = setup.options[Self.times]
        failing = setup.options[Self.fail]
    }
    func normalize(_ document: Document, context: NormalizeContext) throws -> [Document] {
        if failing { throw PluginError.invalidInput("told to fail") }
        return (0..<copies).map { i in
            var d = document
            d.title = document.title?.uppercased()
            if i > 0 { d.id = document.derivedID(part: i) }
            return d
        }
    }
}

@Suite struct ManifestTests {
    let loader = ManifestLoader(registry: testRegistry(), environment: ["OUT": "/tmp/out"])

    func issues(_ yaml: String) -> [ManifestIssue] {
        do {
            _ = try loader.load(text: yaml, file: "m.yaml", baseDirectory: "base")
            return []
        } catch {
            return error.issues
        }
    }

    @Test func validManifestLoads() throws {
        let yaml = """
            version: 1
            pipelines:
              first:
                inputs: [docs, "*.mem"]
                reader: memory-source
                normalizers:
                  - name: upper
                    times: 2
                  - upper
                sinks:
                  - name: memory
                on_error: fail
                concurrency: 3
                batch_size: 10
              second:
                inputs: one.mem
                sinks: [memory]
            """
        let m = try loader.load(text: yaml, file: "m.yaml", baseDirectory: "base")
        #expect(m.pipelines.map(\.name) == ["first", "second"])
        let p = m.pipelines[0]
        #expect(p.inputs == ["docs", "*.mem"])
        #expect(p.reader?.name == "memory-source")
        #expect(p.normalizers.map(\.name) == ["upper", "upper"])
        #expect(p.normalizers[0].options[UppercaseNormalizer.times] == 2)
        #expect(p.normalizers[1].options[UppercaseNormalizer.times] == 1)
        #expect(p.onError == .fail)
        #expect(p.concurrency == 3)
        #expect(p.batchSize == 10)
        #expect(p.baseDirectory == "base")
        #expect(m.pipelines[1].reader == nil)
        #expect(m.pipelines[1].inputs == ["one.mem"])
    }

    @Test func typoedKeyIsReportedWithPositionAndSuggestion() {
        let found = issues("""
            version: 1
            pipelines:
              news:
                inputs: [a]
                sinkz: [memory]
            """)
        #expect(found.count == 2)
        let typo = found.first { $0.keyPath == "pipelines.news.sinkz" }
        #expect(typo?.location.line == 5)
        #expect(typo?.location.column == 5)
        #expect(typo?.message.contains("did you mean 'sinks'?") == true)
        #expect(typo?.description.hasPrefix("m.yaml:5:5: error: pipelines.news.sinkz: unknown key 'sinkz'") == true)
        #expect(found.contains { $0.message.contains("missing required key 'sinks'") })
    }

    @Test func everyProblemIsReportedAtOnce() {
        let found = issues("""
            version: 1
            pipelines:
              a:
                inputs: [x]
                concurrency: many
                reader: memroy-source
                normalizers:
                  - name: upper
                    times: "2"
                    mode: titel
                    colour: red
                sinks:
                  - name: memory
                    fail_after_batches: ${UNSET_VARIABLE}
            """)
        let paths = found.map(\.keyPath)
        #expect(paths.contains("pipelines.a.concurrency"))
        #expect(paths.contains("pipelines.a.reader"))
        #expect(paths.contains("pipelines.a.normalizers[0].times"))
        #expect(paths.contains("pipelines.a.normalizers[0].mode"))
        #expect(paths.contains("pipelines.a.normalizers[0].colour"))
        #expect(paths.contains("pipelines.a.sinks[0].fail_after_batches"))
        #expect(found.first { $0.keyPath == "pipelines.a.reader" }?.message.contains("did you mean 'memory-source'?") == true)
        #expect(found.first { $0.keyPath == "pipelines.a.normalizers[0].mode" }?.message.contains("did you mean 'title'?") == true)
        #expect(found.first { $0.keyPath == "pipelines.a.sinks[0].fail_after_batches" }?.message.contains("'UNSET_VARIABLE' is not set") == true)
        // Sorted by position.
        let lines = found.map(\.location.line)
        #expect(lines == lines.sorted())
    }

    @Test func duplicatePipelineNames() {
        let found = issues("version: 1\npipelines:\n  a: {inputs: [x], sinks: [memory]}\n  a: {inputs: [y], sinks: [memory]}\n")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("duplicate key 'a'") == true)
        #expect(found.first?.location.line == 4)
        #expect(found.first?.location.column == 3)
    }

    @Test func wrongKindAndUnknownPlugin() {
        let found = issues("""
            version: 1
            pipelines:
              a:
                inputs: [x]
                reader: upper
                sinks: [nosuchsink]
            """)
        #expect(found.contains { $0.keyPath == "pipelines.a.reader" && $0.message.contains("is a normalizer, not a reader") })
        #expect(found.contains { $0.keyPath == "pipelines.a.sinks[0]" && $0.message.contains("unknown sink 'nosuchsink'") })
    }

    @Test func emptySinksAreAnError() {
        let found = issues("version: 1\npipelines:\n  a:\n    inputs: [x]\n    sinks:\n")
        #expect(found.contains { $0.keyPath == "pipelines.a.sinks" && $0.message.contains("at least one sink") })
    }

    @Test func yamlSyntaxErrorHasPosition() {
        let found = issues("version: 1\npipelines:\n  a: [unclosed\n")
        #expect(found.count == 1)
        #expect(found[0].message.contains("YAML syntax error"))
        #expect(found[0].location.line >= 3)
    }

    @Test func versionAndShapeErrors() {
        #expect(issues("version: 2\npipelines: {a: {inputs: [x], sinks: [memory]}}").contains { $0.keyPath == "version" })
        #expect(issues("- just\n- a list").contains { $0.message.contains("must be a mapping") })
        #expect(issues("pipelines: {}").contains { $0.keyPath == "version" })
    }

    @Test func aliasBombIsRefused() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<8 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        yaml += "version: 1\npipelines: {p: {inputs: [x], sinks: [memory]}}\n"
        let found = issues(yaml)
        #expect(found.contains { $0.message.contains("alias bomb") })
    }

    @Test func interpolationInPaths() throws {
        let m = try loader.load(text: "version: 1\npipelines: {p: {inputs: ['${OUT}/in'], sinks: [memory]}}", file: "m.yaml", baseDirectory: ".")
        #expect(m.pipelines[0].inputs == ["/tmp/out/in"])
    }
}
