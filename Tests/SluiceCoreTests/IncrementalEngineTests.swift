import Foundation
import Testing
import SluiceTesting
@testable import SluiceCore

/// The engine's side of incremental runs, with an in-memory state store.
@Suite struct IncrementalEngineTests {
    func runner(_ registry: PluginRegistry) -> PipelineRunner {
        PipelineRunner(registry: registry, logger: ReaderHarness<InMemorySource>.silentLogger)
    }

    func corpus() -> (TemporaryFolder, [String: [Document]]) {
        let folder = TemporaryFolder()
        var documents: [String: [Document]] = [:]
        for i in 0..<10 {
            let name = String(format: "f%02d.mem", i)
            folder.write(name, "content \(i)")
            documents[name] = [doc("\(i)")]
        }
        return (folder, documents)
    }

    @Test func recordsAreSavedAfterTheSinksCommitAndMakeTheNextRunSkipUnchangedInputs() async throws {
        let (folder, documents) = corpus()
        let store = InMemoryStateStore()
        let collector = DocumentCollector()
        let registry = testRegistry(documents: documents, collector: collector)
        let spec = PipelineSpec(name: "t", inputs: [folder.path], reader: PluginUse(name: "memory-source"),
                                sinks: [PluginUse(name: "memory")], batchSize: 3)
        let tracking = StateTracking(store: store, location: "memory")
        var report = try await runner(registry).run(spec, state: tracking)
        #expect(report.totals.ingested == 10)
        #expect(report.state == "memory")
        let key = runner(registry).stateKey(spec)
        let saved = store.saved[key] ?? [:]
        #expect(saved.count == 10)
        #expect(saved.values.allSatisfy { $0.outcome == .ingested && $0.documentIDs.count == 1 && $0.sha256.count == 64 })
        #expect(Set(saved.values.flatMap(\.documentIDs)) == Set(collector.documents.map(\.id)))

        let second = DocumentCollector()
        report = try await runner(testRegistry(documents: documents, collector: second)).run(spec, state: tracking)
        #expect(report.totals.ingested == 0)
        #expect(report.totals.unchanged == 10)
        #expect(second.documents.isEmpty)

        // --full processes everything; a changed file is processed again by default.
        report = try await runner(testRegistry(documents: documents, collector: DocumentCollector()))
            .run(spec, state: StateTracking(store: store, mode: .full, location: "memory"))
        #expect(report.totals.ingested == 10)
        folder.write("f03.mem", "changed content, longer than before")
        report = try await runner(testRegistry(documents: documents, collector: DocumentCollector())).run(spec, state: tracking)
        #expect(report.totals.ingested == 1)
        #expect(report.inputs.first { $0.status == .ingested }?.path.hasSuffix("f03.mem") == true)
    }

    @Test func nothingIsRecordedWhenTheSinksNeverCommit() async throws {
        let (folder, documents) = corpus()
        let store = InMemoryStateStore()
        var registry = testRegistry(documents: documents)
        registry.register(CommitFailingSink.self)
        let spec = PipelineSpec(name: "t", inputs: [folder.path], reader: PluginUse(name: "memory-source"),
                                sinks: [PluginUse(name: "commit-failing")], batchSize: 2)
        let report = try await runner(registry).run(spec, state: StateTracking(store: store, location: "memory"))
        #expect(report.fatalError?.contains("could not commit") == true)
        // The sink is durable only at its commit, which failed: no input may be recorded as done.
        #expect(store.saved.values.flatMap(\.values).filter { $0.outcome == .ingested }.isEmpty)
        #expect(report.totals.ingested == 0)
    }

    @Test func aPlainRerunRetriesInputsThatFailedAtASink() async throws {
        let (folder, documents) = corpus()
        let store = InMemoryStateStore()
        let tracking = StateTracking(store: store, location: "memory")
        // The in-memory sink fails every batch after its first: 5 inputs stored, 5 failed at the sink.
        let spec = PipelineSpec(name: "t", inputs: [folder.path], reader: PluginUse(name: "memory-source"),
                                sinks: [PluginUse(name: "memory", options: OptionValues(["fail_after_batches": .integer(1)]))],
                                concurrency: 1, batchSize: 5)
        var report = try await runner(testRegistry(documents: documents)).run(spec, state: tracking)
        #expect(report.totals.ingested == 5)
        #expect(report.totals.failed == 5)
        let failures = try await store.failures(pipeline: nil)
        #expect(failures.count == 5)
        #expect(failures.allSatisfy { $0.record.stage == "sink:memory" && $0.record.errorKind == "storage" })
        // The next run leaves the 5 stored inputs alone and processes the 5 others (one batch: it succeeds).
        report = try await runner(testRegistry(documents: documents)).run(spec, state: tracking)
        #expect(report.totals.unchanged == 5)
        #expect(report.totals.ingested == 5)
        #expect(try await store.failures(pipeline: nil).isEmpty)
    }

    @Test func retryFailedProcessesOnlyWhatFailedBefore() async throws {
        let (folder, documents) = corpus()
        let store = InMemoryStateStore()
        let spec = PipelineSpec(name: "t", inputs: [folder.path], reader: PluginUse(name: "memory-source"),
                                sinks: [PluginUse(name: "memory", options: OptionValues(["fail_after_batches": .integer(1)]))],
                                concurrency: 1, batchSize: 5)
        _ = try await runner(testRegistry(documents: documents)).run(spec, state: StateTracking(store: store, location: "memory"))
        let failed = Set(try await store.failures(pipeline: nil).map(\.record.sourcePath))
        #expect(failed.count == 5)
        let collector = DocumentCollector()
        let retry = try await runner(testRegistry(documents: documents, collector: collector))
            .run(spec, state: StateTracking(store: store, mode: .retryFailed, location: "memory"))
        #expect(Set(retry.inputs.filter { $0.status == .ingested }.map(\.path)) == failed)
        #expect(retry.inputs.filter { $0.reason?.hasPrefix("not retried") == true }.count == 5)
        #expect(collector.documents.count == 5)
        #expect(try await store.failures(pipeline: nil).isEmpty)
    }

    @Test func configurationHashFollowsOptionsAndTheStateKeyFollowsOutputsOnly() throws {
        let registry = testRegistry()
        let runner = runner(registry)
        var a = PipelineSpec(name: "t", inputs: ["x"], normalizers: [PluginUse(name: "upper")], sinks: [PluginUse(name: "memory")])
        let base = runner.configurationHash(a)
        a.normalizers = [PluginUse(name: "upper", options: OptionValues(["times": .integer(2)]))]
        #expect(runner.configurationHash(a) != base)
        // A fixed reader instead of auto is another configuration.
        a.normalizers = [PluginUse(name: "upper")]
        a.reader = PluginUse(name: "memory-source")
        #expect(runner.configurationHash(a) != base)

        // The state key: the pipeline and where its sinks write, not how they are tuned;
        // credentials never in it.
        func spec(_ options: [String: OptionValue]) -> PipelineSpec {
            PipelineSpec(name: "t", inputs: [], sinks: [PluginUse(name: "memory", options: OptionValues(options))])
        }
        let plain = runner.stateKey(spec(["url": .string("postgres://u:one@h/db")]))
        #expect(plain.hasPrefix("t@"))
        #expect(runner.stateKey(spec(["url": .string("postgres://u:two@h/db")])) == plain)
        #expect(runner.stateKey(spec(["url": .string("postgres://u:one@h/db"), "fail_after_batches": .integer(3)])) == plain)
        #expect(runner.stateKey(spec(["url": .string("postgres://u:one@other/db")])) != plain)
        #expect(runner.stateKey(spec(["url": .string("postgres://u:one@h/db")]), scope: "shard 1/4") != plain)
    }
}

/// A sink whose writes succeed and whose commit fails: durable only at a commit that never happens.
struct CommitFailingSink: Sink {
    static let name = "commit-failing"
    static let summary = "Accepts batches, then fails to commit (for tests)."
    init(_ setup: PluginSetup) throws {}
    func write(_ batch: DocumentBatch) async throws {}
    func commit() async throws { throw PluginError.storage("told to fail at commit") }
}
