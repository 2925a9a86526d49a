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
        _ spec: PipelineSpec, progress: (@Sendable (RunProgress) -> Void)? = nil, stop: StopSignal? = nil,
        state: StateTracking? = nil
    ) async throws(PipelineError) -> RunReport {
        try await run(prepare(spec), progress: progress, stop: stop, state: state)
    }

    /// The key a pipeline's records are kept under in a state store: its name and where its
    /// sinks write (plus the scope of a partial run such as a shard), so that runs into other
    /// outputs keep their own account.
    public func stateKey(_ spec: PipelineSpec, scope: String? = nil) -> String {
        spec.name + "@" + spec.outputsHash(registry) + spec.manifestKeyPart + (scope.map { " " + $0 } ?? "")
    }

    /// The configuration hash records are compared with: the pipeline's plugins and options
    /// (``PipelineSpec/configurationHash``, paths made absolute) and, when the reader is chosen
    /// per file, the readers that can be chosen.
    func configurationHash(_ spec: PipelineSpec) -> String {
        let base = spec.withAbsolutePaths(registry).configurationHash
        guard spec.reader == nil else { return base }
        let readers = registry.names(of: .reader).joined(separator: ",")
        return String(SHA256.hexDigest(of: Array((base + "\nauto " + readers).utf8)).prefix(16))
    }

    private func pipelineLogger(_ spec: PipelineSpec) -> Logger {
        var pipelineLogger = logger
        pipelineLogger[metadataKey: "pipeline"] = "\(spec.name)"
        return pipelineLogger
    }

    /// Runs a prepared pipeline and returns its report. `progress` is called after each input;
    /// raising `stop` ends the run early, with what was done committed. With `state`, the run is
    /// incremental: it processes what ``StateTracking/mode`` selects, and records each input's
    /// outcome once every sink has made its documents durable.
    public func run(
        _ prepared: PreparedPipeline, progress: (@Sendable (RunProgress) -> Void)? = nil, stop: StopSignal? = nil,
        state tracking: StateTracking? = nil
    ) async throws(PipelineError) -> RunReport {
        let clock = ContinuousClock.now
        let startedAt = ISO8601DateFormatter().string(from: Date())
        let spec = prepared.spec
        let stages = prepared.stages
        let pipelineLogger = pipelineLogger(spec)
        var (inputs, notes) = InputDiscovery.discover(
            spec.inputs, exclude: spec.exclude, baseDirectory: spec.baseDirectory, storedPaths: spec.inputsAreStoredPaths)
        for note in notes { pipelineLogger.warning("\(note)") }

        var opened: [any Sink] = []
        for (index, (name, sink)) in stages.sinks.enumerated() {
            do {
                try await sink.open(SinkContext(pipeline: spec.name, logger: pipelineLogger, accumulate: tracking != nil))
                opened.append(sink)
            } catch {
                for s in opened { await s.abort() }
                throw PipelineError(
                    pipeline: spec.name, error: Self.pluginError(error).attributed(plugin: name, file: nil),
                    location: spec.sinks[index].location)
            }
        }

        var plan: IncrementalPlan?
        var missing: [RunReport.MissingInput] = []
        if let tracking {
            do {
                (plan, missing) = try await prepareIncremental(spec, stages: stages, tracking: tracking, inputs: inputs, notes: &notes)
            } catch {
                for s in opened { await s.abort() }
                throw PipelineError(pipeline: spec.name, error: error)
            }
        }

        var state = RunState(spec: spec, inputs: inputs, stages: stages)
        state.tracking = tracking
        state.stateKey = stateKey(spec, scope: tracking?.scope)
        state.configurationHash = plan?.configurationHash ?? ""
        state.earlierRecords = plan?.earlier ?? [:]
        let processor = InputProcessor(spec: spec, stages: stages, logger: pipelineLogger, plan: plan)
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
            if state.fatalError == nil {
                await state.recordCommitted()
                let removed = missing.filter(\.removed).map(\.key)
                if let tracking, !removed.isEmpty {
                    do {
                        try await tracking.store.remove(paths: removed, pipeline: state.stateKey)
                    } catch {
                        state.stateNotes.append("could not forget the removed inputs in the state store: \(Self.pluginError(error).reason)")
                    }
                }
            }
        }
        var report = state.report(startedAt: startedAt, elapsed: clock.duration(to: .now), notes: notes + state.stateNotes)
        if let tracking {
            report.state = tracking.location
            report.missing = missing
        }
        return report
    }

    /// Reads what earlier runs recorded, decides what this run processes, and deals with inputs
    /// that disappeared: reported, and removed from the sinks when the pipeline asks.
    private func prepareIncremental(
        _ spec: PipelineSpec, stages: Stages, tracking: StateTracking, inputs: [DiscoveredInput], notes: inout [String]
    ) async throws(PluginError) -> (IncrementalPlan, [RunReport.MissingInput]) {
        let key = stateKey(spec, scope: tracking.scope)
        var earlier: [PathKey: InputRecord]
        do {
            earlier = try await tracking.store.records(pipeline: key, adoptingLegacy: legacyStateKey(spec, scope: tracking.scope), notes: &notes)
        } catch {
            throw PluginError.storage("cannot read the state store \(tracking.location): \(Self.pluginError(error).reason)")
        }
        let present = Set(inputs.map { PathKey(IncrementalPlan.key($0.path)) })
        let roots = IncrementalPlan.inputRoots(spec)
        let gone = earlier.keys.filter { !present.contains($0) && IncrementalPlan.isUnder($0.path, roots) }.sorted()
        var missing: [RunReport.MissingInput] = []
        if !gone.isEmpty {
            // A root that could not be listed or matched nothing would make everything under it
            // look gone: keep those documents and say why.
            let discoveryTrouble = inputs.contains { if case .fail = $0.disposition { return true } else { return false } } || !notes.isEmpty
            var removed = false
            if spec.removeMissing && discoveryTrouble {
                notes.append("inputs that disappeared were kept, not removed: discovery reported problems (see above); fix them or run again")
            } else if spec.removeMissing {
                let sources = gone.map { earlier[$0]?.sourcePath ?? $0.path }.uniquePathsInByteOrder()
                for (name, sink) in stages.sinks {
                    do {
                        try await sink.removeDocuments(fromInputs: sources)
                    } catch {
                        throw Self.pluginError(error).attributed(plugin: name, file: nil)
                    }
                }
                removed = true
            }
            missing = gone.map {
                RunReport.MissingInput(path: earlier[$0]?.sourcePath ?? $0.path, key: $0.path, documents: earlier[$0]?.documentIDs.count ?? 0, removed: removed)
            }
        }
        if !earlier.isEmpty, let fresh = stages.sinks.first(where: { $0.1.outputIsNew }) {
            notes.append("the output of sink '\(fresh.0)' is new: every input is processed again")
            earlier = earlier.filter { !present.contains($0.key) }
        }
        let hash = configurationHash(spec)
        return (IncrementalPlan(mode: tracking.mode, configurationHash: hash, earlier: earlier), missing)
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
            let sink = try attempt(use) { try registry.makeSink(use.name, setup(use)) }
            if spec.removeMissing, !sink.canRemoveDocuments {
                throw PipelineError(
                    pipeline: spec.name,
                    error: PluginError.configuration("remove_missing: this sink cannot remove documents; drop remove_missing or this sink")
                        .attributed(plugin: use.name, file: nil),
                    location: use.location)
            }
            sinks.append((use.name, sink))
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
    /// The file's size and modification time before it was read (incremental runs).
    var stamp: FileStamp?
    /// The SHA-256 of its bytes, once read.
    var sha256: String?
    /// False when an incremental run left the input alone: its state stays as it was.
    var recordState = true
    /// True when it was left alone because it had not changed.
    var unchanged = false
    /// The documents an earlier run stored from it, when only its modification time changed.
    var carriedDocumentIDs: [String]?
}

/// Reads and normalizes one input; safe to call from many tasks at once.
struct InputProcessor: Sendable {
    let spec: PipelineSpec
    let stages: Stages
    let logger: Logger
    /// What an incremental run decides per input; nil when the run keeps no state.
    let plan: IncrementalPlan?

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
        if let plan {
            result.stamp = FileStamp.of(input.path)
            switch plan.decide(input.path, stamp: result.stamp) {
            case .process:
                break
            case .unchanged(let record):
                result.status = .skipped
                result.reason = "unchanged since the run of \(record.recordedAt)"
                    + (record.outcome == .ingested ? " (\(record.documentIDs.count) document(s) stored)" : ", which skipped it: \(record.reason ?? "")")
                result.recordState = false
                result.unchanged = true
                return result
            case .failedBefore(let record):
                result.stage = record.stage
                result.errorKind = record.errorKind
                result.reason = "unchanged since it failed in the run of \(record.recordedAt) (retry with --retry-failed): \(record.reason ?? "")"
                result.recordState = false
                return result
            case .notSelected(let reason):
                result.status = .skipped
                result.reason = reason
                result.recordState = false
                return result
            }
        }
        let deadline = ContinuousClock.now + .milliseconds(Int64(spec.timeBudgetSeconds * 1000))
        let bytes: [UInt8]
        do {
            bytes = try FileReading.readAll(input.path, maxBytes: spec.maxInputBytes)
        } catch {
            return failed(result, stage: "read", error)
        }
        result.bytes = bytes.count
        let sha = SHA256.hexDigest(of: bytes)
        result.sha256 = sha
        if let record = plan?.sameContent(input.path, sha256: sha) {
            result.status = .skipped
            result.reason = "unchanged content since the run of \(record.recordedAt) (only its modification time changed)"
            result.unchanged = true
            result.carriedDocumentIDs = record.documentIDs
            return result
        }
        if bytes.isEmpty {
            result.status = .skipped
            result.reason = "empty file"
            return result
        }
        let sample = InputSample(path: input.path, head: Array(bytes.prefix(Self.sampleSize)), size: bytes.count)
        guard let (readerName, reader) = chooseReader(sample) else {
            result.status = .skipped
            result.reason = sample.fileExtension.isEmpty
                ? "no installed reader recognises this file (no extension, and its content was not recognised)"
                : "no installed reader supports .\(sample.fileExtension) files"
            return result
        }
        result.reader = readerName
        var fileLogger = logger
        fileLogger[metadataKey: "file"] = "\(input.path)"
        let context = ReadContext(path: input.path, logger: fileLogger, deadline: deadline, budgetSeconds: spec.timeBudgetSeconds)
        var documents: [Document]
        do {
            documents = try reader.read(SourceInput(path: input.path, bytes: bytes), context: context)
            try context.checkTimeBudget()
        } catch {
            result.warnings = context.warnings
            return failed(result, stage: "reader:\(readerName)", error)
        }
        result.warnings = context.warnings
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
        let normalizeContext = NormalizeContext(path: input.path, logger: fileLogger, deadline: deadline, budgetSeconds: spec.timeBudgetSeconds)
        for (name, normalizer) in stages.normalizers {
            do {
                documents = try documents.flatMap { try normalizer.normalize($0, context: normalizeContext) }
                try normalizeContext.checkTimeBudget()
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
        let choice = ReaderChoice(readers: stages.readers, sample: sample)
        logger.info("reader for \(sample.path.debugDescription): \(choice.explanation)")
        return choice.chosen.map { stages.readers[$0] }
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
    var inFlight: Task<[PluginError?], Never>?
    var inFlightIndices: [Int] = []
    var inFlightCount = 0
    /// The first input of each content (reader and SHA-256) ingested in this run.
    var firstOfContent: [String: String] = [:]
    /// The state store of an incremental run.
    var tracking: StateTracking?
    /// The key of this pipeline's records in it.
    var stateKey = ""
    /// The pipeline's configuration hash.
    var configurationHash = ""
    /// Records ready to be saved.
    var stateReady: [InputRecord] = []
    /// Records of inputs whose documents the sinks have written but not yet made durable.
    var stateAwaitingCommit: [InputRecord] = []
    /// What earlier runs recorded (incremental runs), by key.
    var earlierRecords: [PathKey: InputRecord] = [:]
    /// Source paths whose documents the next batch removes first.
    var removals: [String] = []
    /// Records of the inputs of the batch being filled, and of the batch in flight.
    var batchRecords: [InputRecord] = []
    var inFlightRecords: [InputRecord] = []
    /// Inputs left alone because they had not changed.
    var unchangedCount = 0
    /// Problems with the state store, for the report's notes.
    var stateNotes: [String] = []

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
        if result.unchanged { unchangedCount += 1 }
        if stopped {
            outcomes[index].status = .skipped
            outcomes[index].reason = "not processed: the run stopped at an earlier failure (on_error: fail)"
            outcomes[index].documents = 0
            return
        }
        // (An unchanged input that failed in an earlier run is reported, not a new failure.)
        if result.status == .failed, spec.onError == .fail, result.recordState {
            stopped = true
            return
        }
        let stale = staleSources(of: result)
        guard let first = result.documents.first else {
            // It produced documents before and none now: they go.
            if let record = record(of: result, outcome: outcomes[index]) { await storeNothing(record, removing: stale, index: index) }
            return
        }
        // Identical bytes read by the same reader give the same document ids: store them once.
        let content = "\(first.source.reader)\u{0}\(first.source.sha256)"
        if let earlier = firstOfContent[content] {
            outcomes[index].status = .skipped
            outcomes[index].reason = "same content as \(earlier), which this run already ingested"
            outcomes[index].documents = 0
            // What it stored before under its own path (other content, or documents it had taken
            // over from a copy) goes; the first input of this content stores it under its path.
            if let record = record(of: result, outcome: outcomes[index]) {
                await storeNothing(record, removing: staleSources(of: result, storesNothing: true), index: index)
            }
            return
        }
        firstOfContent[content] = result.path
        removals += stale
        batch.append(contentsOf: result.documents)
        batchInputs.append(index)
        if let record = record(of: result, outcome: outcomes[index]) { batchRecords.append(record) }
        if batch.count >= spec.batchSize { await flush() }
    }

    /// Records an input that stores nothing in this run: at once, or, when documents it stored
    /// before must go, with the next batch, which removes them before writing.
    mutating func storeNothing(_ record: InputRecord, removing stale: [String], index: Int) async {
        guard !stale.isEmpty else {
            stateReady.append(record)
            return
        }
        removals += stale
        batchRecords.append(record)
        batchInputs.append(index)
        if batch.count >= spec.batchSize { await flush() }
    }

    /// The source paths whose documents must go before this input's new ones are stored: the
    /// path an earlier run stored them under when it differs (a run from another folder), and,
    /// when the changed input now yields no documents (read, but skipped or failed at the reader
    /// or a normalizer), its own.
    func staleSources(of result: InputResult, storesNothing: Bool = false) -> [String] {
        // Any earlier record counts, not only "ingested": a run killed before its sinks committed
        // leaves "uncommitted" records, and the sinks may hold either version's documents.
        guard result.recordState, result.carriedDocumentIDs == nil, result.bytes != nil,
              let record = earlierRecords[PathKey(IncrementalPlan.key(result.path))]
        else { return [] }
        var stale: [String] = []
        if record.sourcePath != result.path { stale.append(record.sourcePath) }
        if result.documents.isEmpty || storesNothing { stale.append(result.path) }
        return stale
    }

    /// What the state store should remember of an input, or nil when it keeps what it had.
    func record(of result: InputResult, outcome: RunReport.InputOutcome) -> InputRecord? {
        guard tracking != nil, result.recordState, result.stamp != nil || outcome.status == .failed else { return nil }
        // A failure before the file could be looked at is recorded with no stamp: always retried.
        let stamp = result.stamp ?? FileStamp(size: -1, modifiedNanoseconds: 0)
        var record = InputRecord(
            path: IncrementalPlan.key(result.path), sourcePath: result.path, size: stamp.size, modifiedNanoseconds: stamp.modifiedNanoseconds,
            changedNanoseconds: stamp.changedNanoseconds, inode: stamp.inode, sha256: result.sha256 ?? "", configurationHash: configurationHash, outcome: outcome.status,
            stage: outcome.stage, errorKind: outcome.errorKind, reason: outcome.reason,
            documentIDs: result.documents.map(\.id))
        if let carried = result.carriedDocumentIDs {
            // Only touched: its documents are where they were, under the path they were stored with.
            record.outcome = .ingested
            record.reason = nil
            record.documentIDs = carried
            record.sourcePath = earlierRecords[PathKey(record.path)]?.sourcePath ?? record.sourcePath
        }
        return record
    }

    /// Saves the records that are ready.
    mutating func saveState() async {
        guard let tracking, !stateReady.isEmpty else { return }
        do {
            try await tracking.store.save(stateReady, pipeline: stateKey)
        } catch {
            let note = "could not record progress in the state store \(tracking.location): \(PipelineRunner.pluginError(error).reason); the next run processes these inputs again"
            if !stateNotes.contains(note) { stateNotes.append(note) }
        }
        stateReady.removeAll(keepingCapacity: true)
    }

    /// Before a batch goes to the sinks, its inputs are recorded as not yet committed, so that a
    /// run killed while the sinks write knows them next time (and can remove their documents if
    /// the inputs have disappeared by then). The record that follows the sinks' commit replaces it.
    mutating func markPending() async {
        guard let tracking, !inFlightRecords.isEmpty else { return }
        let pending = inFlightRecords.map { record -> InputRecord in
            var r = record
            r.outcome = .failed
            r.stage = Self.pendingStage
            r.errorKind = PluginError.Kind.io.description
            r.reason = "the run ended before every sink had committed its documents"
            return r
        }
        do {
            try await tracking.store.save(pending, pipeline: stateKey)
        } catch {
            let note = "could not record progress in the state store \(tracking.location): \(PipelineRunner.pluginError(error).reason); the next run processes these inputs again"
            if !stateNotes.contains(note) { stateNotes.append(note) }
        }
    }

    /// The stage of an input whose documents went to the sinks in a run that ended before they
    /// committed (a sink stage: the next run processes it again).
    static let pendingStage = "sink:uncommitted"

    /// After every sink committed: the records waiting for it are saved.
    mutating func recordCommitted() async {
        stateReady += stateAwaitingCommit
        stateAwaitingCommit.removeAll()
        await saveState()
    }

    /// Writes the batch to the sinks in a task of its own, so that reading and normalizing the
    /// next batch overlaps the sinks' work; at most one batch is in flight (sinks still see one
    /// call at a time, in order), and its failures are attributed to its own inputs.
    mutating func flush() async {
        guard !batch.isEmpty || !removals.isEmpty else { return }
        await settle()
        if stopped { return }
        let documents = batch
        let indices = batchInputs
        let removing = removals.uniquePathsInByteOrder()
        removals.removeAll()
        inFlightRecords = batchRecords
        batchRecords.removeAll(keepingCapacity: true)
        batch.removeAll(keepingCapacity: true)
        batchInputs.removeAll(keepingCapacity: true)
        let paths = indices.map { outcomes[$0].path }
        let sinks = stages.sinks
        await markPending()
        inFlightIndices = indices
        inFlightCount = documents.count
        inFlight = Task {
            var results: [PluginError?] = []
            for (_, sink) in sinks {
                do {
                    if !removing.isEmpty { try await sink.removeDocuments(fromInputs: removing) }
                    if !documents.isEmpty { try await sink.write(DocumentBatch(documents: documents, inputs: paths)) }
                    results.append(nil)
                } catch {
                    results.append(PipelineRunner.pluginError(error))
                }
            }
            return results
        }
    }

    /// Waits for the batch in flight and records its outcome.
    mutating func settle() async {
        guard let task = inFlight else { return }
        inFlight = nil
        let results = await task.value
        var failedAtSink = false
        for (s, error) in results.enumerated() {
            guard let e = error else {
                sinkWritten[s] += inFlightCount
                continue
            }
            failedAtSink = true
            sinkFailed[s] += inFlightCount
            for i in inFlightIndices where outcomes[i].status != .failed {
                outcomes[i].status = .failed
                outcomes[i].stage = "sink:\(stages.sinks[s].0)"
                outcomes[i].reason = e.reason
                outcomes[i].errorKind = e.kind.description
            }
            if spec.onError == .fail { stopped = true }
        }
        documentsOut += inFlightCount
        if tracking != nil {
            if failedAtSink {
                // Recorded as failed at the sink: the next run tries them again.
                for var record in inFlightRecords {
                    if let i = inFlightIndices.first(where: { outcomes[$0].path == record.sourcePath }), outcomes[i].status == .failed {
                        let o = outcomes[i]
                        record.outcome = .failed
                        record.stage = o.stage
                        record.errorKind = o.errorKind
                        record.reason = o.reason
                        record.documentIDs = []
                    }
                    stateReady.append(record)
                }
            } else {
                stateAwaitingCommit += inFlightRecords
            }
            inFlightRecords.removeAll()
            if stages.sinks.allSatisfy({ $0.1.writesAreDurable }) {
                stateReady += stateAwaitingCommit
                stateAwaitingCommit.removeAll()
            }
            if !stopped { await saveState() }
        }
    }

    mutating func finish() async {
        if interrupted && !stopped {
            for i in delivered..<outcomes.count {
                outcomes[i].reason = "not processed: the run was interrupted before reaching it"
            }
        }
        if !stopped { await flush() }
        await settle()
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
        totals.unchanged = unchangedCount
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
