import Foundation
import Logging

/// Progress of a running pipeline, for a progress display.
public struct RunProgress: Sendable {
    /// Inputs finished (ingested, skipped or failed).
    public var inputsDone: Int
    /// Inputs in the run.
    public var inputsTotal: Int
    /// Documents produced so far.
    public var documents: Int
    /// Bytes read so far.
    public var bytes: Int
    /// Seconds since the run started.
    public var elapsed: Double
}

/// An error that keeps a pipeline from starting: a plugin that cannot be created or a sink that
/// cannot open. Nothing has been written by that pipeline when it is thrown.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    /// The pipeline.
    public var pipeline: String
    /// The underlying error, attributed to its plugin.
    public var error: PluginError
    /// Where the manifest names the plugin, when it came from a manifest.
    public var location: SourceLocation?

    /// `file:line:column: error: pipeline 'NAME': plugin: reason` (the location when known).
    public var description: String {
        (location.map { "\($0): " } ?? "") + "error: pipeline '\(pipeline)': \(error)"
    }
}

/// A request to stop a run early (SIGINT, SIGTERM): the runner stops taking new inputs, lets the
/// ones in flight finish, commits the sinks and reports the rest as not processed.
public final class StopSignal: Sendable {
    private let requested = Locked(false)

    /// A signal not yet raised.
    public init() {}

    /// Asks the run to stop. Returns false when it had been asked already.
    @discardableResult
    public func request() -> Bool { requested.withLock { was in defer { was = true }; return !was } }

    /// Whether a stop was asked for.
    public var isRequested: Bool { requested.withLock { $0 } }
}

/// A pipeline whose plugins have been created and checked, ready to run. Preparing every pipeline
/// of a manifest before running any means a bad option is found before anything is written.
public struct PreparedPipeline: Sendable {
    /// The pipeline's declaration.
    public let spec: PipelineSpec
    let stages: Stages
}

/// Runs pipelines: inputs → reader → normalizers → sinks, streaming, with bounded concurrency and
/// bounded memory, accounting for every input.
///
/// Inputs are processed by up to `concurrency` tasks at once; their documents reach the sinks in
/// input order, so outputs are the same from run to run. At most a small window of finished
/// inputs waits for an earlier one, so memory is bounded by the window and the batch size, not
/// by the corpus.
public struct PipelineRunner: Sendable {
    /// The plugins pipelines may use.
    public var registry: PluginRegistry
    /// The logger handed to plugins.
    public var logger: Logger

    /// Creates a runner.
    public init(registry: PluginRegistry, logger: Logger) {
        self.registry = registry
        self.logger = logger
    }

    /// Creates a pipeline's plugins (readers, normalizers, sinks) without running anything.
    /// Plugins touch nothing outside themselves until a sink is opened, so this is safe to call
    /// for validation.
    public func prepare(_ spec: PipelineSpec) throws(PipelineError) -> PreparedPipeline {
        PreparedPipeline(spec: spec, stages: try build(spec, logger: pipelineLogger(spec)))
    }

    /// Prepares and runs one pipeline and returns its report. `progress` is called after each input.
    public func run(
        _ spec: PipelineSpec, progress: (@Sendable (RunProgress) -> Void)? = nil, stop: StopSignal? = nil
    ) async throws(PipelineError) -> RunReport {
        try await run(prepare(spec), progress: progress, stop: stop)
    }

    private func pipelineLogger(_ spec: PipelineSpec) -> Logger {
        var pipelineLogger = logger
        pipelineLogger[metadataKey: "pipeline"] = "\(spec.name)"
        return pipelineLogger
    }

    /// Runs a prepared pipeline and returns its report. `progress` is called after each input;
    /// raising `stop` ends the run early, with what was done committed.
    public func run(
        _ prepared: PreparedPipeline, progress: (@Sendable (RunProgress) -> Void)? = nil, stop: StopSignal? = nil
    ) async throws(PipelineError) -> RunReport {
        let clock = ContinuousClock.now
        let startedAt = ISO8601DateFormatter().string(from: Date())
        let spec = prepared.spec
        let stages = prepared.stages
        let pipelineLogger = pipelineLogger(spec)
        let (inputs, notes) = InputDiscovery.discover(spec.inputs, exclude: spec.exclude, baseDirectory: spec.baseDirectory)
        for note in notes { pipelineLogger.warning("\(note)") }

        var opened: [any Sink] = []
        for (index, (name, sink)) in stages.sinks.enumerated() {
            do {
                try await sink.open(SinkContext(pipeline: spec.name, logger: pipelineLogger))
                opened.append(sink)
            } catch {
                for s in opened { await s.abort() }
                throw PipelineError(
                    pipeline: spec.name, error: Self.pluginError(error).attributed(plugin: name, file: nil),
                    location: spec.sinks[index].location)
            }
        }

        var state = RunState(spec: spec, inputs: inputs, stages: stages)
        let processor = InputProcessor(spec: spec, stages: stages, logger: pipelineLogger)
        let window = max(spec.concurrency * 4, 8)

        await withTaskGroup(of: (Int, InputResult).self) { group in
            var next = 0
            var inFlight = 0
            var pending: [Int: InputResult] = [:]
            func launch() {
                let index = next
                let input = inputs[index]
                group.addTask { (index, processor.process(input)) }
                next += 1
                inFlight += 1
            }
            func mayLaunch() -> Bool {
                if stop?.isRequested == true {
                    state.interrupted = true
                    return false
                }
                return next < inputs.count && inFlight < spec.concurrency && next - state.delivered < window
            }
            while mayLaunch() { launch() }
            while let (index, result) = await group.next() {
                inFlight -= 1
                pending[index] = result
                while let ready = pending.removeValue(forKey: state.delivered) {
                    await state.deliver(ready)
                    progress?(state.progress(since: clock))
                }
                if state.stopped {
                    group.cancelAll()
                    continue
                }
                while mayLaunch() { launch() }
            }
        }
        await state.finish()
        if state.stopped {
            for (_, sink) in stages.sinks { await sink.abort() }
        } else {
            for (name, sink) in stages.sinks {
                do {
                    try await sink.commit()
                } catch {
                    state.fatal("sink '\(name)' could not commit: \(Self.pluginError(error).reason)", stage: "sink:\(name)")
                }
            }
        }
        return state.report(startedAt: startedAt, elapsed: clock.duration(to: .now), notes: notes)
    }

    /// Creates the pipeline's plugins.
    private func build(_ spec: PipelineSpec, logger: Logger) throws(PipelineError) -> Stages {
        func setup(_ use: PluginUse) -> PluginSetup {
            var pluginLogger = logger
            pluginLogger[metadataKey: "plugin"] = "\(use.name)"
            return PluginSetup(options: use.options, baseDirectory: spec.baseDirectory, logger: pluginLogger, pipeline: spec.name)
        }
        func attempt<T>(_ use: PluginUse, _ make: () throws -> T) throws(PipelineError) -> T {
            do {
                return try make()
            } catch {
                throw PipelineError(
                    pipeline: spec.name, error: Self.pluginError(error).attributed(plugin: use.name, file: nil),
                    location: use.location)
            }
        }
        var readers: [(String, any SourceReader)] = []
        if let use = spec.reader {
            readers.append((use.name, try attempt(use) { try registry.makeReader(use.name, setup(use)) }))
        } else {
            for name in registry.names(of: .reader) {
                let defaults = OptionValues.defaults(for: registry.descriptor(named: name)?.options ?? [])
                let use = PluginUse(name: name, options: defaults)
                readers.append((name, try attempt(use) { try registry.makeReader(name, setup(use)) }))
            }
            if readers.isEmpty {
                throw PipelineError(pipeline: spec.name, error: .configuration("no readers are registered"))
            }
        }
        var normalizers: [(String, any Normalizer)] = []
        for use in spec.normalizers {
            normalizers.append((use.name, try attempt(use) { try registry.makeNormalizer(use.name, setup(use)) }))
        }
        var sinks: [(String, any Sink)] = []
        for use in spec.sinks {
            sinks.append((use.name, try attempt(use) { try registry.makeSink(use.name, setup(use)) }))
        }
        return Stages(readers: readers, fixedReader: spec.reader != nil, normalizers: normalizers, sinks: sinks)
    }

    static func pluginError(_ error: any Error) -> PluginError {
        if let e = error as? PluginError { return e }
        return PluginError(.other, "\(error)")
    }
}

/// The plugins of one pipeline.
struct Stages: Sendable {
    var readers: [(String, any SourceReader)]
    var fixedReader: Bool
    var normalizers: [(String, any Normalizer)]
    var sinks: [(String, any Sink)]
}

/// The result of processing one input, before the sinks.
struct InputResult: Sendable {
    var path: String
    var status: RunReport.Status
    var reader: String?
    var documents: [Document] = []
    var bytes: Int?
    var reason: String?
    var stage: String?
    var errorKind: String?
    var warnings: [String] = []
    /// Documents out of the reader and of each normalizer, in order.
    var stageOutputs: [Int] = []
}

/// Reads and normalizes one input; safe to call from many tasks at once.
struct InputProcessor: Sendable {
    let spec: PipelineSpec
    let stages: Stages
    let logger: Logger

    static let sampleSize = 64 * 1024

    func process(_ input: DiscoveredInput) -> InputResult {
        var result = InputResult(path: input.path, status: .failed)
        switch input.disposition {
        case .skip(let reason):
            result.status = .skipped
            result.reason = reason
            return result
        case .fail(let reason):
            result.reason = reason
            result.stage = "discover"
            result.errorKind = PluginError.Kind.io.description
            return result
        case .read:
            break
        }
        if Task.isCancelled {
            result.status = .skipped
            result.reason = "not processed: the run stopped at an earlier failure (on_error: fail)"
            return result
        }
        let bytes: [UInt8]
        do {
            bytes = try FileReading.readAll(input.path, maxBytes: spec.maxInputBytes)
        } catch {
            return failed(result, stage: "read", error)
        }
        result.bytes = bytes.count
        if bytes.isEmpty {
            result.status = .skipped
            result.reason = "empty file"
            return result
        }
        let sample = InputSample(path: input.path, head: Array(bytes.prefix(Self.sampleSize)), size: bytes.count)
        guard let (readerName, reader) = chooseReader(sample) else {
            result.status = .skipped
            let ext = sample.fileExtension.isEmpty ? "no extension" : "extension '.\(sample.fileExtension)'"
            result.reason = "no reader recognises this file (\(ext)); name one with --reader or 'reader:'"
            return result
        }
        result.reader = readerName
        var fileLogger = logger
        fileLogger[metadataKey: "file"] = "\(input.path)"
        let context = ReadContext(path: input.path, logger: fileLogger)
        var documents: [Document]
        do {
            documents = try reader.read(SourceInput(path: input.path, bytes: bytes), context: context)
        } catch {
            result.warnings = context.warnings
            return failed(result, stage: "reader:\(readerName)", error)
        }
        result.warnings = context.warnings
        let sha = SHA256.hexDigest(of: bytes)
        for i in documents.indices {
            documents[i].source.path = input.path
            documents[i].source.reader = readerName
            documents[i].source.bytes = bytes.count
            documents[i].source.sha256 = sha
            if documents[i].id.isEmpty {
                documents[i].id = Document.makeID(sourceSHA256: sha, reader: readerName, ordinal: i)
            }
        }
        result.stageOutputs.append(documents.count)
        let normalizeContext = NormalizeContext(path: input.path, logger: fileLogger)
        for (name, normalizer) in stages.normalizers {
            do {
                documents = try documents.flatMap { try normalizer.normalize($0, context: normalizeContext) }
            } catch {
                return failed(result, stage: "normalizer:\(name)", error)
            }
            result.stageOutputs.append(documents.count)
        }
        if documents.isEmpty {
            result.status = .skipped
            result.reason = "the \(readerName) reader found no documents in it"
            return result
        }
        result.status = .ingested
        result.documents = documents
        return result
    }

    private func chooseReader(_ sample: InputSample) -> (String, any SourceReader)? {
        if stages.fixedReader { return stages.readers.first }
        var best: (String, any SourceReader, Double)?
        for (name, reader) in stages.readers {
            let c = reader.confidence(for: sample)
            if c > 0, c > (best?.2 ?? 0) { best = (name, reader, c) }
        }
        return best.map { ($0.0, $0.1) }
    }

    private func failed(_ result: InputResult, stage: String, _ error: any Error) -> InputResult {
        var r = result
        let e = PipelineRunner.pluginError(error)
        r.status = .failed
        r.stage = stage
        r.reason = e.line != nil ? "line \(e.line!)\(e.column.map { ", column \($0)" } ?? ""): \(e.reason)" : e.reason
        r.errorKind = e.kind.description
        r.documents = []
        logger.warning("\(stage) failed: \(r.reason ?? "")", metadata: ["file": "\(result.path)"])
        return r
    }
}

/// The consumer side of a run: outcomes, counts, the batch being filled, the sinks.
struct RunState {
    let spec: PipelineSpec
    let stages: Stages
    var outcomes: [RunReport.InputOutcome]
    var delivered = 0
    var stopped = false
    /// True when a ``StopSignal`` ended the run before every input was taken.
    var interrupted = false
    var fatalError: String?
    var documentsOut = 0
    var documentsProduced = 0
    var bytesRead = 0
    var readerIn = 0
    var stageOutputs: [Int]
    var sinkWritten: [Int]
    var sinkFailed: [Int]
    var batch: [Document] = []
    var batchInputs: [Int] = []
    /// The first input of each content (reader and SHA-256) ingested in this run.
    var firstOfContent: [String: String] = [:]

    init(spec: PipelineSpec, inputs: [DiscoveredInput], stages: Stages) {
        self.spec = spec
        self.stages = stages
        self.outcomes = inputs.map {
            RunReport.InputOutcome(path: $0.path, status: .skipped, documents: 0, reason: "not processed")
        }
        self.stageOutputs = Array(repeating: 0, count: 1 + stages.normalizers.count)
        self.sinkWritten = Array(repeating: 0, count: stages.sinks.count)
        self.sinkFailed = Array(repeating: 0, count: stages.sinks.count)
    }

    mutating func deliver(_ result: InputResult) async {
        let index = delivered
        delivered += 1
        if result.bytes != nil { readerIn += 1 }
        documentsProduced += result.documents.count
        bytesRead += result.bytes ?? 0
        for (i, n) in result.stageOutputs.enumerated() { stageOutputs[i] += n }
        outcomes[index] = RunReport.InputOutcome(
            path: result.path, status: result.status, reader: result.reader, documents: result.documents.count,
            bytes: result.bytes, reason: result.reason, stage: result.stage, errorKind: result.errorKind,
            warnings: result.warnings.isEmpty ? nil : result.warnings)
        if stopped {
            outcomes[index].status = .skipped
            outcomes[index].reason = "not processed: the run stopped at an earlier failure (on_error: fail)"
            outcomes[index].documents = 0
            return
        }
        if result.status == .failed, spec.onError == .fail {
            stopped = true
            return
        }
        guard let first = result.documents.first else { return }
        // Identical bytes read by the same reader give the same document ids: store them once.
        let content = "\(first.source.reader)\u{0}\(first.source.sha256)"
        if let earlier = firstOfContent[content] {
            outcomes[index].status = .skipped
            outcomes[index].reason = "same content as \(earlier), which this run already ingested"
            outcomes[index].documents = 0
            return
        }
        firstOfContent[content] = result.path
        batch.append(contentsOf: result.documents)
        batchInputs.append(index)
        if batch.count >= spec.batchSize { await flush() }
    }

    mutating func flush() async {
        guard !batch.isEmpty else { return }
        let documents = batch
        let indices = batchInputs
        batch.removeAll(keepingCapacity: true)
        batchInputs.removeAll(keepingCapacity: true)
        let paths = indices.map { outcomes[$0].path }
        for (s, (name, sink)) in stages.sinks.enumerated() {
            do {
                try await sink.write(DocumentBatch(documents: documents, inputs: paths))
                sinkWritten[s] += documents.count
            } catch {
                let e = PipelineRunner.pluginError(error)
                sinkFailed[s] += documents.count
                for i in indices where outcomes[i].status != .failed {
                    outcomes[i].status = .failed
                    outcomes[i].stage = "sink:\(name)"
                    outcomes[i].reason = e.reason
                    outcomes[i].errorKind = e.kind.description
                }
                if spec.onError == .fail { stopped = true }
            }
        }
        documentsOut += documents.count
    }

    mutating func finish() async {
        if interrupted && !stopped {
            for i in delivered..<outcomes.count {
                outcomes[i].reason = "not processed: the run was interrupted before reaching it"
            }
        }
        if !stopped { await flush() }
        if stopped {
            for i in outcomes.indices where outcomes[i].status == .ingested {
                outcomes[i].status = .skipped
                outcomes[i].reason = "rolled back: the run stopped at a failure (on_error: fail)"
                outcomes[i].documents = 0
            }
            for i in delivered..<outcomes.count {
                outcomes[i].reason = "not processed: the run stopped at an earlier failure (on_error: fail)"
            }
        }
    }

    mutating func fatal(_ message: String, stage: String) {
        fatalError = fatalError.map { $0 + "; " + message } ?? message
        for i in outcomes.indices where outcomes[i].status == .ingested {
            outcomes[i].status = .failed
            outcomes[i].stage = stage
            outcomes[i].reason = message
        }
    }

    func progress(since start: ContinuousClock.Instant) -> RunProgress {
        RunProgress(
            inputsDone: delivered, inputsTotal: outcomes.count, documents: documentsProduced, bytes: bytesRead,
            elapsed: Self.seconds(start.duration(to: .now)))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    func report(startedAt: String, elapsed: Duration, notes: [String]) -> RunReport {
        var totals = RunReport.Totals()
        totals.inputs = outcomes.count
        for o in outcomes {
            switch o.status {
            case .ingested: totals.ingested += 1; totals.documents += o.documents
            case .skipped: totals.skipped += 1
            case .failed: totals.failed += 1
            }
        }
        totals.bytes = bytesRead
        let seconds = max(Self.seconds(elapsed), 1e-9)
        var stageCounts = [RunReport.StageCount(stage: "read", input: outcomes.count, output: readerIn, failed: outcomes.filter { $0.stage == "read" || $0.stage == "discover" }.count)]
        stageCounts.append(RunReport.StageCount(
            stage: "reader", input: readerIn, output: stageOutputs[0],
            failed: outcomes.filter { $0.stage?.hasPrefix("reader:") == true }.count))
        for (i, (name, _)) in stages.normalizers.enumerated() {
            stageCounts.append(RunReport.StageCount(
                stage: "normalizer:\(name)", input: stageOutputs[i], output: stageOutputs[i + 1],
                failed: outcomes.filter { $0.stage == "normalizer:\(name)" }.count))
        }
        for (s, (name, _)) in stages.sinks.enumerated() {
            stageCounts.append(RunReport.StageCount(
                stage: "sink:\(name)", input: documentsOut, output: sinkWritten[s], failed: sinkFailed[s]))
        }
        return RunReport(
            pipeline: spec.name, startedAt: startedAt, wallSeconds: (seconds * 1000).rounded() / 1000, totals: totals,
            throughput: [
                "inputs_per_second": (Double(totals.inputs) / seconds * 10).rounded() / 10,
                "documents_per_second": (Double(totals.documents) / seconds * 10).rounded() / 10,
                "megabytes_per_second": (Double(bytesRead) / 1_048_576 / seconds * 100).rounded() / 100,
            ],
            stages: stageCounts, inputs: outcomes, notes: notes, stopped: stopped, interrupted: interrupted,
            fatalError: fatalError)
    }
}
