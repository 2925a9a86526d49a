import SluiceCore

/// Collects what an ``InMemorySink`` receives, for assertions.
public final class DocumentCollector: Sendable {
    private let state = Locked<State>(State())

    struct State {
        var written: [Document] = []
        var committed: [Document] = []
        var batches = 0
        var commits = 0
        var aborts = 0
        var opened = 0
    }

    /// Creates an empty collector.
    public init() {}

    /// Documents written and not yet committed or aborted.
    public var pending: [Document] { state.withLock { $0.written } }
    /// Documents of every committed run, in order.
    public var documents: [Document] { state.withLock { $0.committed } }
    /// How many batches were written.
    public var batchCount: Int { state.withLock { $0.batches } }
    /// How many times the sink committed.
    public var commitCount: Int { state.withLock { $0.commits } }
    /// How many times the sink aborted.
    public var abortCount: Int { state.withLock { $0.aborts } }

    func open() { state.withLock { $0.opened += 1 } }
    func write(_ docs: [Document]) {
        state.withLock {
            $0.written.append(contentsOf: docs)
            $0.batches += 1
        }
    }
    func commit() {
        state.withLock {
            $0.committed.append(contentsOf: $0.written)
            $0.written.removeAll()
            $0.commits += 1
        }
    }
    func remove(fromInputs paths: Set<String>) {
        state.withLock {
            $0.written.removeAll { paths.contains($0.source.path) }
            $0.committed.removeAll { paths.contains($0.source.path) }
        }
    }
    func abort() {
        state.withLock {
            $0.written.removeAll()
            $0.aborts += 1
        }
    }
}

/// A sink that keeps documents in memory, for tests. Register it with the collector it should
/// fill: `registry.register(InMemorySink.self) { _ in InMemorySink(collector) }`, or use
/// ``PluginRegistry/registerInMemorySink(_:)``.
public struct InMemorySink: Sink {
    public static let name = "memory"
    public static let summary = "Keeps documents in memory (for tests)."

    static let failAfter = OptionKey<Int>.integer(
        "fail_after_batches", default: -1, doc: "Throw a storage error on every batch after this many (-1: never); for testing failure handling.")
    public static var options: [OptionSpec] { [failAfter.spec] }

    let collector: DocumentCollector
    let failAfterBatches: Int

    /// A sink that fills `collector`.
    public init(_ collector: DocumentCollector, failAfterBatches: Int = -1) {
        self.collector = collector
        self.failAfterBatches = failAfterBatches
    }

    /// A sink with a collector of its own (reach it only through the registry's factory form).
    public init(_ setup: PluginSetup) throws {
        self.init(DocumentCollector(), failAfterBatches: setup.options[Self.failAfter])
    }

    public func open(_ context: SinkContext) async throws { collector.open() }

    public func write(_ batch: DocumentBatch) async throws {
        if failAfterBatches >= 0, collector.batchCount >= failAfterBatches {
            throw PluginError.storage("the in-memory sink was told to fail after \(failAfterBatches) batch(es)")
        }
        collector.write(batch.documents)
    }

    /// False: what it was given becomes ``DocumentCollector/documents`` only at ``commit()``
    /// (an abort drops it), so an incremental run records its inputs after the commit.
    public var writesAreDurable: Bool { false }

    public var canRemoveDocuments: Bool { true }

    /// Drops the documents of these source paths, pending and committed.
    public func removeDocuments(fromInputs paths: [String]) async throws {
        collector.remove(fromInputs: Set(paths))
    }

    public func commit() async throws { collector.commit() }
    public func abort() async { collector.abort() }
}

extension PluginRegistry {
    /// Registers an ``InMemorySink`` named `memory` that fills `collector`.
    public mutating func registerInMemorySink(_ collector: DocumentCollector) {
        register(InMemorySink.self, replacing: true) { setup in
            InMemorySink(collector, failAfterBatches: setup.options[InMemorySink.failAfter])
        }
    }
}
