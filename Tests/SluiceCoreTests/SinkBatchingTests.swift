import Foundation
import Testing
import SluiceTesting
@testable import SluiceCore

/// What a ``RecordingSink`` saw: the calls in the order they started, how many ran at once, and
/// which batch it was told to fail.
final class SinkCallLog: Sendable {
    struct State {
        var batches: [[String]] = []
        var attempts = 0
        var running = 0
        var mostAtOnce = 0
    }
    let state = Locked(State())
    let failAtAttempt: Int?
    let pause: Duration

    init(failAtAttempt: Int? = nil, pause: Duration = .milliseconds(5)) {
        self.failAtAttempt = failAtAttempt
        self.pause = pause
    }
}

/// A slow sink that records each call's documents (by title) and how many calls overlapped.
struct RecordingSink: Sink {
    static let name = "recording"
    static let summary = "Records its calls (for tests)."
    let log: SinkCallLog

    init(_ log: SinkCallLog) { self.log = log }
    init(_ setup: PluginSetup) throws { self.init(SinkCallLog()) }

    func write(_ batch: DocumentBatch) async throws {
        let attempt = log.state.withLock { s -> Int in
            s.attempts += 1
            s.running += 1
            s.mostAtOnce = max(s.mostAtOnce, s.running)
            return s.attempts
        }
        try? await Task.sleep(for: log.pause)
        log.state.withLock { $0.running -= 1 }
        if attempt == log.failAtAttempt { throw PluginError.storage("told to fail batch \(attempt)") }
        log.state.withLock { $0.batches.append(batch.documents.map { $0.title ?? "" }) }
    }
}

@Suite struct SinkBatchingTests {
    func registry(_ documents: [String: [Document]], _ log: SinkCallLog) -> PluginRegistry {
        var registry = testRegistry(documents: documents)
        registry.register(RecordingSink.self, replacing: true) { _ in RecordingSink(log) }
        return registry
    }

    func inputs(_ count: Int, in folder: TemporaryFolder) -> [String: [Document]] {
        var documents: [String: [Document]] = [:]
        for i in 0..<count {
            let name = String(format: "f%03d.mem", i)
            folder.write(name, "\(i)")
            documents[name] = [doc(String(format: "d%03d", i))]
        }
        return documents
    }

    /// Batches are handed over ahead of a slow sink, yet it sees one call at a time, in input
    /// order, and every document once.
    @Test func aSlowSinkSeesOneBatchAtATimeInOrder() async throws {
        let folder = TemporaryFolder()
        let documents = inputs(40, in: folder)
        let log = SinkCallLog()
        let spec = PipelineSpec(
            name: "t", inputs: [folder.path], reader: PluginUse(name: "memory-source"),
            sinks: [PluginUse(name: "recording")], concurrency: 4, batchSize: 3)
        let report = try await PipelineRunner(registry: registry(documents, log), logger: ReaderHarness<InMemorySource>.silentLogger).run(spec)
        #expect(report.totals.ingested == 40)
        let seen = log.state.withLock { $0 }
        #expect(seen.mostAtOnce == 1)
        #expect(seen.batches.flatMap { $0 } == (0..<40).map { String(format: "d%03d", $0) })
        #expect(seen.batches.map(\.count) == Array(repeating: 3, count: 13) + [1])
    }

    /// A run that stops at the first failure writes no batch after the one that failed.
    @Test func noBatchIsWrittenAfterAFailureWhenTheRunStopsAtIt() async throws {
        let folder = TemporaryFolder()
        let documents = inputs(12, in: folder)
        let log = SinkCallLog(failAtAttempt: 2)
        let spec = PipelineSpec(
            name: "t", inputs: [folder.path], reader: PluginUse(name: "memory-source"),
            sinks: [PluginUse(name: "recording")], onError: .fail, concurrency: 2, batchSize: 2)
        let report = try await PipelineRunner(registry: registry(documents, log), logger: ReaderHarness<InMemorySource>.silentLogger).run(spec)
        #expect(report.stopped)
        let seen = log.state.withLock { $0 }
        #expect(seen.attempts == 2)
        #expect(seen.batches == [["d000", "d001"]])
        #expect(report.inputs[2].status == .failed && report.inputs[2].stage == "sink:recording")
    }

    /// A batch is full at the batch size or at its text limit, whichever comes first.
    @Test func aBatchIsFullAtItsTextLimit() {
        var batcher = SinkBatcher(sinks: [], batchSize: 100, batchBytes: 10)
        batcher.add([Document(kind: "t", text: "12345")], input: 0, removing: [], record: nil)
        #expect(!batcher.isFull)
        batcher.add([Document(kind: "t", text: "六七")], input: 1, removing: [], record: nil)  // 6 bytes of UTF-8
        #expect(batcher.isFull)
        _ = batcher.take()
        #expect(!batcher.isFull && !batcher.hasWork)
        for i in 0..<100 { batcher.add([Document(kind: "t", text: "")], input: i, removing: [], record: nil) }
        #expect(batcher.isFull)
    }
}
