import SluiceCore

/// A state store in memory, for tests of incremental runs (the engine and third-party sinks):
/// what a run saved is visible in ``saved`` and survives into the next run on the same value.
public final class InMemoryStateStore: InputStateStore {
    private let state = Locked<[String: [PathKey: InputRecord]]>([:])
    private let saves = Locked(0)

    /// An empty store.
    public init() {}

    /// Every record saved so far, by pipeline key then path.
    public var saved: [String: [PathKey: InputRecord]] { state.withLock { $0 } }

    /// How many times ``save(_:pipeline:)`` was called with records.
    public var saveCount: Int { saves.withLock { $0 } }

    public func records(pipeline: String) async throws -> [PathKey: InputRecord] {
        state.withLock { $0[pipeline] ?? [:] }
    }

    public func save(_ records: [InputRecord], pipeline: String) async throws {
        guard !records.isEmpty else { return }
        saves.withLock { $0 += 1 }
        state.withLock { s in
            for r in records { s[pipeline, default: [:]][PathKey(r.path)] = r }
        }
    }

    public func remove(paths: [String], pipeline: String) async throws {
        state.withLock { s in
            for p in paths { s[pipeline]?[PathKey(p)] = nil }
        }
    }

    public func failures(pipeline: String?) async throws -> [(pipeline: String, record: InputRecord)] {
        state.withLock { s in
            s.filter { pipeline == nil || $0.key == pipeline }
                .flatMap { key, records in records.values.filter { $0.outcome == .failed }.map { (pipeline: key, record: $0) } }
                .sorted { ($0.pipeline, PathKey($0.record.path)) < ($1.pipeline, PathKey($1.record.path)) }
        }
    }

    public func close() async {}
}
