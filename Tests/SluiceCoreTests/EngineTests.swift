import Foundation
import Testing
import SluiceTesting
@testable import SluiceCore

/// A fresh temporary folder, removed when the value is released.
final class TemporaryFolder {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "sluice-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func write(_ name: String, _ text: String) {
        let full = path + "/" + name
        try! FileManager.default.createDirectory(atPath: PathSupport.directory(of: full), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(text.utf8))
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

func doc(_ title: String) -> Document { Document(kind: "test", title: title, text: "body of \(title)") }

@Suite struct EngineTests {
    func run(_ spec: PipelineSpec, _ registry: PluginRegistry) async throws -> RunReport {
        try await PipelineRunner(registry: registry, logger: ReaderHarness<InMemorySource>.silentLogger).run(spec)
    }

    @Test func documentsArriveInInputOrderWhateverTheConcurrency() async throws {
        let folder = TemporaryFolder()
        var documents: [String: [Document]] = [:]
        for i in 0..<60 {
            let name = String(format: "f%03d.mem", i)
            folder.write(name, String(repeating: "x", count: (i * 7919) % 500 + 1))
            documents[name] = [doc("\(i)-a"), doc("\(i)-b")]
        }
        var outputs: [[String]] = []
        for concurrency in [1, 2, 8] {
            let collector = DocumentCollector()
            let spec = PipelineSpec(
                name: "t", inputs: [folder.path], reader: PluginUse(name: "memory-source"),
                sinks: [PluginUse(name: "memory")], concurrency: concurrency, batchSize: 7)
            let report = try await run(spec, testRegistry(documents: documents, collector: collector))
            #expect(report.totals.ingested == 60)
            #expect(report.totals.documents == 120)
            #expect(collector.commitCount == 1)
            outputs.append(collector.documents.map { $0.title ?? "" })
        }
        #expect(outputs[0] == (0..<60).flatMap { ["\($0)-a", "\($0)-b"] })
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])
    }

    @Test func engineStampsSourceAndIDs() async throws {
        let folder = TemporaryFolder()
        folder.write("a.mem", "abc")
        let collector = DocumentCollector()
        let spec = PipelineSpec(name: "t", inputs: [folder.path + "/a.mem"], sinks: [PluginUse(name: "memory")])
        _ = try await run(spec, testRegistry(documents: ["a.mem": [doc("one"), doc("two")]], collector: collector))
        let docs = collector.documents
        #expect(docs.count == 2)
        #expect(docs[0].source.reader == "memory-source")
        #expect(docs[0].source.bytes == 3)
        #expect(docs[0].source.sha256 == SHA256.hexDigest(of: Array("abc".utf8)))
        #expect(docs[0].id == Document.makeID(sourceSHA256: docs[0].source.sha256, reader: "memory-source", ordinal: 0))
        #expect(docs[1].id != docs[0].id)
    }

    @Test func everyInputIsAccountedFor() async throws {
        let folder = TemporaryFolder()
        folder.write("good.mem", "1")
        folder.write("unknown.mem", "2")
        folder.write("empty.mem", "")
        folder.write("data.xyz", "3")
        folder.write(".hidden.mem", "4")
        folder.write("sub/deep.mem", "5")
        folder.write("skipme.mem", "6")
        symlink("/etc/hostname", folder.path + "/outside.mem")
        symlink(folder.path + "/nowhere", folder.path + "/broken.mem")
        mkfifo(folder.path + "/pipe.mem", 0o644)
        let collector = DocumentCollector()
        let documents = ["good.mem": [doc("good")], "deep.mem": [doc("deep")], "pipe.mem": [doc("x")], "skipme.mem": [doc("s")]]
        let spec = PipelineSpec(
            name: "t", inputs: [folder.path, folder.path + "/missing.mem", folder.path + "/*.none"],
            exclude: ["skip*.mem"], sinks: [PluginUse(name: "memory")])
        let report = try await run(spec, testRegistry(documents: documents, collector: collector))
        func outcome(_ name: String) -> RunReport.InputOutcome? { report.inputs.first { $0.path.hasSuffix("/" + name) } }
        #expect(outcome("good.mem")?.status == .ingested)
        #expect(outcome("deep.mem")?.status == .ingested)
        #expect(outcome("unknown.mem")?.status == .skipped)
        #expect(outcome("unknown.mem")?.reason == "no installed reader supports .mem files")
        #expect(outcome("empty.mem")?.reason == "empty file")
        #expect(outcome("data.xyz")?.status == .skipped)
        #expect(outcome("skipme.mem")?.reason?.contains("excluded by pattern") == true)
        #expect(outcome("outside.mem")?.reason?.contains("outside the input root") == true)
        #expect(outcome("broken.mem")?.status == .failed)
        #expect(outcome("broken.mem")?.reason == "broken symbolic link")
        #expect(outcome("pipe.mem")?.reason?.contains("named pipe") == true)
        #expect(outcome("missing.mem")?.status == .failed)
        #expect(outcome(".hidden.mem")?.reason == "hidden file (its name starts with a dot)")
        #expect(report.inputs.first { $0.path.hasSuffix("*.none") }?.reason == "the pattern matched no files")
        #expect(report.totals.inputs == report.inputs.count)
        #expect(report.totals.ingested + report.totals.skipped + report.totals.failed == report.totals.inputs)
        #expect(report.totals.failed == 3)
        #expect(!report.succeeded)
        #expect(collector.documents.map(\.title) == ["good", "deep"])
    }

    @Test func globsWalkOnlyWhereTheyCanMatchAndLiteralNamesWin() async throws {
        let folder = TemporaryFolder()
        folder.write("a.mem", "1")
        folder.write("a[1].mem", "2")
        folder.write("sub/.hidden/x.mem", "3")
        folder.write("sub/b.mem", "4")
        folder.write(".git/config.mem", "5")
        let docs = ["a.mem": [doc("a")], "a[1].mem": [doc("a1")], "b.mem": [doc("b")]]
        let flat = try await run(PipelineSpec(name: "t", inputs: [folder.path + "/*.mem"], sinks: [PluginUse(name: "memory")]), testRegistry(documents: docs))
        #expect(flat.inputs.map { PathSupport.lastComponent($0.path) } == ["a.mem", "a[1].mem"])
        let literal = try await run(PipelineSpec(name: "t", inputs: [folder.path + "/a[1].mem"], sinks: [PluginUse(name: "memory")]), testRegistry(documents: docs))
        #expect(literal.inputs.map { PathSupport.lastComponent($0.path) } == ["a[1].mem"])
        #expect(literal.totals.ingested == 1)
        let deep = try await run(PipelineSpec(name: "t", inputs: [folder.path + "/**/*.mem"], sinks: [PluginUse(name: "memory")]), testRegistry(documents: docs))
        #expect(deep.inputs.map { PathSupport.lastComponent($0.path) } == [".git", "a.mem", "a[1].mem", ".hidden", "b.mem"])
        #expect(deep.inputs[0].reason?.contains("hidden directory") == true)
        #expect(deep.totals.ingested == 3)
    }

    @Test func identicalInputsAreIngestedOnce() async throws {
        let folder = TemporaryFolder()
        folder.write("a.mem", "same bytes")
        folder.write("b.mem", "same bytes")
        let collector = DocumentCollector()
        let report = try await run(
            PipelineSpec(name: "t", inputs: [folder.path], sinks: [PluginUse(name: "memory")]),
            testRegistry(documents: ["a.mem": [doc("a")], "b.mem": [doc("a")]], collector: collector))
        #expect(collector.documents.count == 1)
        #expect(report.inputs[1].status == .skipped)
        #expect(report.inputs[1].reason?.contains("same content as") == true)
        #expect(report.inputs[1].reason?.contains("a.mem") == true)
    }

    @Test func readerFailureIsRecordedAndTheRunGoesOn() async throws {
        let folder = TemporaryFolder()
        folder.write("a.mem", "1")
        folder.write("b.mem", "2")
        folder.write("c.mem", "3")
        let collector = DocumentCollector()
        let spec = PipelineSpec(name: "t", inputs: [folder.path], reader: PluginUse(name: "memory-source"), sinks: [PluginUse(name: "memory")])
        let report = try await run(spec, testRegistry(documents: ["a.mem": [doc("a")], "c.mem": [doc("c")]], collector: collector))
        #expect(report.totals.ingested == 2)
        #expect(report.totals.failed == 1)
        let b = report.inputs[1]
        #expect(b.stage == "reader:memory-source")
        #expect(b.errorKind == "invalid-input")
        #expect(collector.documents.map(\.title) == ["a", "c"])
    }

    @Test func failPolicyStopsAndRollsBack() async throws {
        let folder = TemporaryFolder()
        for name in ["a", "b", "c", "d"] { folder.write("\(name).mem", name) }
        let collector = DocumentCollector()
        let spec = PipelineSpec(
            name: "t", inputs: [folder.path], reader: PluginUse(name: "memory-source"),
            sinks: [PluginUse(name: "memory")], onError: .fail, concurrency: 1, batchSize: 1)
        let report = try await run(spec, testRegistry(documents: ["a.mem": [doc("a")], "c.mem": [doc("c")], "d.mem": [doc("d")]], collector: collector))
        #expect(report.stopped)
        #expect(collector.abortCount == 1)
        #expect(collector.commitCount == 0)
        #expect(collector.documents.isEmpty)
        #expect(report.inputs[0].status == .skipped)
        #expect(report.inputs[0].reason?.contains("rolled back") == true)
        #expect(report.inputs[1].status == .failed)
        #expect(report.inputs[2].status == .skipped)
        #expect(report.inputs[3].reason?.contains("not processed") == true)
    }

    @Test func normalizersRunInOrderAndCanSplit() async throws {
        let folder = TemporaryFolder()
        folder.write("a.mem", "1")
        let collector = DocumentCollector()
        let times3 = OptionValues.defaults(for: UppercaseNormalizer.options, overrides: ["times": .integer(3)])
        let spec = PipelineSpec(
            name: "t", inputs: [folder.path], normalizers: [PluginUse(name: "upper", options: times3), PluginUse(name: "upper", options: .defaults(for: UppercaseNormalizer.options))],
            sinks: [PluginUse(name: "memory")])
        let report = try await run(spec, testRegistry(documents: ["a.mem": [doc("abc")]], collector: collector))
        #expect(collector.documents.map(\.title) == ["ABC", "ABC", "ABC"])
        #expect(Set(collector.documents.map(\.id)).count == 3)
        #expect(report.stages.map(\.stage) == ["read", "reader", "normalizer:upper", "normalizer:upper", "sink:memory"])
        #expect(report.stages[2].input == 1 && report.stages[2].output == 3)
    }

    @Test func normalizerAndSinkFailuresNameTheirStage() async throws {
        let folder = TemporaryFolder()
        folder.write("a.mem", "1")
        folder.write("b.mem", "2")
        var failing = OptionValues.defaults(for: UppercaseNormalizer.options)
        failing.set("fail", .boolean(true))
        let spec = PipelineSpec(name: "t", inputs: [folder.path], normalizers: [PluginUse(name: "upper", options: failing)], sinks: [PluginUse(name: "memory")])
        let report = try await run(spec, testRegistry(documents: ["a.mem": [doc("a")], "b.mem": [doc("b")]]))
        #expect(report.inputs.allSatisfy { $0.stage == "normalizer:upper" && $0.status == .failed })

        let collector = DocumentCollector()
        let sinkFails = OptionValues(["fail_after_batches": .integer(1)])
        let spec2 = PipelineSpec(name: "t", inputs: [folder.path], sinks: [PluginUse(name: "memory", options: sinkFails)], batchSize: 1)
        let report2 = try await run(spec2, testRegistry(documents: ["a.mem": [doc("a")], "b.mem": [doc("b")]], collector: collector))
        #expect(report2.inputs[0].status == .ingested)
        #expect(report2.inputs[1].status == .failed)
        #expect(report2.inputs[1].stage == "sink:memory")
        #expect(collector.documents.map(\.title) == ["a"])
    }

    @Test func oversizedInputFailsWithTheLimit() async throws {
        let folder = TemporaryFolder()
        folder.write("big.mem", String(repeating: "x", count: 2000))
        let spec = PipelineSpec(name: "t", inputs: [folder.path], sinks: [PluginUse(name: "memory")], maxInputBytes: 1000)
        let report = try await run(spec, testRegistry(documents: ["big.mem": [doc("a")]]))
        #expect(report.inputs[0].status == .failed)
        #expect(report.inputs[0].stage == "read")
        #expect(report.inputs[0].errorKind == "limit-exceeded")
        #expect(report.inputs[0].reason?.contains("2000 bytes") == true)
    }

    @Test func unknownPluginFailsBeforeAnythingRuns() async {
        let spec = PipelineSpec(name: "t", inputs: ["."], sinks: [PluginUse(name: "nope")])
        await #expect(throws: PipelineError.self) {
            _ = try await run(spec, testRegistry())
        }
    }
}
