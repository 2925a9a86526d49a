import Foundation

/// One request of a stream of inputs (`sluice pipe`): a file by path, inline bytes with a name,
/// or a request that could not be understood.
package enum StreamRequest: Sendable {
    /// The file at this path.
    case path(String)
    /// These bytes, under this name (its extension guides `auto` reader choice).
    case bytes(name: String, [UInt8])
    /// A request that could not be understood, with the reason.
    case invalid(String)
}

/// What became of one request: its documents, or why it has none.
package struct StreamOutcome: Sendable {
    /// The request's position in the stream, from 1.
    package var request: Int
    /// The path or name of the input ("" when the request could not be understood).
    package var path: String
    /// Ingested, skipped or failed.
    package var status: RunReport.Status
    /// The documents, after the normalizers.
    package var documents: [Document]
    /// The stage that failed (`request`, `read`, `reader:NAME`, `normalizer:NAME`).
    package var stage: String?
    /// The error's kind, when it failed.
    package var errorKind: String?
    /// Why it was skipped or failed.
    package var reason: String?
    /// Problems that did not stop it.
    package var warnings: [String]
}

extension PipelineRunner {
    /// What the stream loop waits for: the next request (nil at the end of the stream) or a
    /// processed one.
    private enum StreamEvent: Sendable {
        case arrived(StreamRequest?)
        case processed(Int, Handled)
    }

    /// Runs a stream of requests through a prepared pipeline's reader and normalizers (not its
    /// sinks), up to the pipeline's concurrency at once, and hands each outcome to `emit` in
    /// request order as soon as it and every earlier one are processed (normalizers that require
    /// input order run then, in request order), without waiting for more requests: a client may
    /// send one request and wait for its answer. `next` returns nil at the end of the stream; it
    /// is called again only after it returned. At most `window` requests are in flight or wait
    /// for an earlier one, so memory stays bounded however long the stream.
    package func process(
        stream next: @escaping @Sendable () async -> StreamRequest?, through prepared: PreparedPipeline, window: Int? = nil,
        emit: (StreamOutcome) -> Void
    ) async {
        let spec = prepared.spec
        let processor = InputProcessor(spec: spec, stages: prepared.stages, logger: logger, plan: nil)
        let limit = max(1, window ?? 2 * spec.concurrency)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-stream-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        await withTaskGroup(of: StreamEvent.self) { group in
            var launched = 0, emitted = 0
            var finished: [Int: Handled] = [:]
            var reading = false, exhausted = false
            while true {
                if !reading, !exhausted, launched - emitted < limit {
                    reading = true
                    group.addTask { .arrived(await next()) }
                }
                guard let event = await group.next() else { break }
                switch event {
                case .arrived(let request?):
                    reading = false
                    launched += 1
                    let number = launched
                    group.addTask { .processed(number, Self.handle(request, number: number, processor: processor, scratch: scratch)) }
                case .arrived(nil):
                    reading = false
                    exhausted = true
                case .processed(let number, let outcome):
                    finished[number] = outcome
                    while let ready = finished.removeValue(forKey: emitted + 1) {
                        emit(Self.outcome(ready.outcome, ready.result.map(processor.finishInOrder)))
                        emitted += 1
                    }
                }
            }
        }
    }

    /// A handled request: its outcome so far and, when it was processed, its result (which may
    /// still wait for normalizers that require input order).
    private typealias Handled = (outcome: StreamOutcome, result: InputResult?)

    /// One request through the same code as a discovered input. Inline bytes are written to a
    /// private scratch file named after the request, then read back like any input.
    private static func handle(_ request: StreamRequest, number: Int, processor: InputProcessor, scratch: String) -> Handled {
        var outcome = StreamOutcome(request: number, path: "", status: .failed, documents: [], warnings: [])
        let path: String, shown: String
        switch request {
        case .invalid(let reason):
            outcome.stage = "request"
            outcome.errorKind = PluginError.Kind.invalidInput.description
            outcome.reason = reason
            return (outcome, nil)
        case .path(let p):
            (path, shown) = (p, p)
        case .bytes(let name, let bytes):
            shown = name
            let file = PathSupport.fileExtension(of: name)
            path = PathSupport.join(scratch, "\(number)" + (file.isEmpty ? "" : ".\(file)"))
            do {
                try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            } catch {
                outcome.path = name
                outcome.stage = "read"
                outcome.errorKind = PluginError.Kind.io.description
                outcome.reason = "cannot stage the inline bytes: \(error.localizedDescription)"
                return (outcome, nil)
            }
        }
        defer { if shown != path { try? FileManager.default.removeItem(atPath: path) } }
        outcome.path = shown
        return (outcome, processor.process(DiscoveredInput(path: path, disposition: .read)))
    }

    /// The outcome of a request from its processed result (its documents under the request's path).
    private static func outcome(_ start: StreamOutcome, _ processed: InputResult?) -> StreamOutcome {
        guard let result = processed else { return start }
        var outcome = start
        let shown = outcome.path
        outcome.status = result.status
        outcome.stage = result.stage?.description
        outcome.errorKind = result.errorKind
        outcome.reason = result.reason
        outcome.warnings = result.warnings
        outcome.documents = result.documents.map { document in
            var d = document
            d.source.path = shown
            return d
        }
        return outcome
    }
}

/// Requests pulled from a blocking source (such as standard input) on a thread of its own, one
/// each time ``next()`` is called, so that waiting for a client's next request holds no thread
/// of the concurrency pool and never delays the answers to earlier requests.
package final class ThreadedRequestSource: @unchecked Sendable {
    // `waiting` and `ended` are guarded by `lock`; `demand` counts the requests asked for.
    private let lock = NSLock()
    private let demand = DispatchSemaphore(value: 0)
    private var waiting: CheckedContinuation<StreamRequest?, Never>?
    private var ended = false

    /// Starts the thread. It calls `makeSource` once, then the source it returns once per request
    /// asked for, until that returns nil (the end of the stream).
    package init(_ makeSource: @escaping @Sendable () -> () -> StreamRequest?) {
        Thread { [self] in serve(makeSource()) }.start()
    }

    /// The next request, or nil at the end of the stream. One call at a time.
    package func next() async -> StreamRequest? {
        await withCheckedContinuation { continuation in
            lock.lock()
            if ended {
                lock.unlock()
                continuation.resume(returning: nil)
                return
            }
            waiting = continuation
            lock.unlock()
            demand.signal()
        }
    }

    private func serve(_ source: () -> StreamRequest?) {
        while true {
            demand.wait()
            let request = source()
            lock.lock()
            let continuation = waiting
            waiting = nil
            if request == nil { ended = true }
            lock.unlock()
            continuation?.resume(returning: request)
            if request == nil { return }
        }
    }
}
