import Foundation
import Logging

/// Runs pipelines: inputs → reader → normalizers → sinks, streaming, with bounded concurrency and
/// bounded memory, accounting for every input.
///
/// Inputs are processed by up to `concurrency` tasks at once; their documents reach the sinks in
/// input order, so outputs are the same from run to run. Normalizers that require input order
/// (and those after them) run on the documents after they are put back in order. At most a small window of finished
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
        PreparedPipeline(spec: spec, stages: try StageBuilder(registry: registry, spec: spec, logger: pipelineLogger(spec)).build())
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
        let readers = registry.automaticReaderNames.joined(separator: ",")
        let decoders = registry.names(of: .decoder).joined(separator: ",")
        return String(SHA256.hexDigest(of: Array((base + "\nauto " + readers + (decoders.isEmpty ? "" : "\ndecoders " + decoders)).utf8)).prefix(16))
    }

    func pipelineLogger(_ spec: PipelineSpec) -> Logger {
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
        let startedAt = UTCTimestamp.now()
        let spec = prepared.spec
        let stages = prepared.stages
        let logger = pipelineLogger(spec)
        var (inputs, notes) = InputDiscovery.discover(
            spec.inputs, exclude: spec.exclude, baseDirectory: spec.baseDirectory, storedPaths: spec.inputsAreStoredPaths)
        for note in notes { logger.warning("\(note)") }

        try await openSinks(spec, stages, logger: logger, accumulate: tracking != nil)
        var incremental: IncrementalStart?
        if let tracking {
            do {
                incremental = try await startIncremental(spec, stages: stages, tracking: tracking, inputs: inputs, notes: &notes)
            } catch {
                for sink in stages.sinks { await sink.plugin.abort() }
                throw PipelineError(pipeline: spec.name, error: error)
            }
        }

        let ledger = IncrementalLedger(tracking: tracking, stateKey: stateKey(spec, scope: tracking?.scope), plan: incremental?.plan)
        var state = RunState(spec: spec, inputs: inputs, stages: stages, ledger: ledger)
        let processor = InputProcessor(spec: spec, stages: stages, logger: logger, plan: incremental?.plan)
        await process(inputs, keys: incremental?.keys, with: processor, into: &state, stop: stop) { progress?($0.progress(since: clock)) }
        await state.finish()
        await state.closeSinks(missing: incremental?.missing ?? [])

        var report = state.report(startedAt: startedAt, elapsed: clock.duration(to: .now), notes: notes + state.ledger.notes)
        if let tracking {
            report.state = tracking.location
            report.missing = incremental?.missing ?? []
        }
        return report
    }

    /// Opens every sink; when one cannot open, those already open are aborted.
    private func openSinks(_ spec: PipelineSpec, _ stages: PipelineStages, logger: Logger, accumulate: Bool) async throws(PipelineError) {
        var opened: [any Sink] = []
        for (index, sink) in stages.sinks.enumerated() {
            do {
                try await sink.plugin.open(SinkContext(pipeline: spec.name, logger: logger, accumulate: accumulate, projections: registry.projections))
                opened.append(sink.plugin)
            } catch {
                for s in opened { await s.abort() }
                throw PipelineError(
                    pipeline: spec.name, error: PluginError(error).attributed(plugin: sink.name, file: nil),
                    location: spec.sinks[index].location)
            }
        }
    }

    /// Processes the inputs with up to `concurrency` tasks at once and delivers their results to
    /// `state` in input order (running the normalizers that require input order on each first,
    /// see ``InputProcessor/finishInOrder(_:)``), calling `delivered` after each. A raised `stop` ends the launching
    /// of new inputs; a stopped `state` cancels the ones in flight.
    private func process(
        _ inputs: [DiscoveredInput], keys: [String]?, with processor: InputProcessor, into state: inout RunState, stop: StopSignal?,
        delivered: (RunState) -> Void
    ) async {
        var window = ReassemblyWindow(count: inputs.count, concurrency: state.spec.concurrency)
        await withTaskGroup(of: (Int, InputResult).self) { group in
            func launchWhileAllowed() {
                while true {
                    if stop?.isRequested == true {
                        state.interrupted = true
                        return
                    }
                    guard let index = window.launch() else { return }
                    let input = inputs[index]
                    let key = keys?[index]
                    group.addTask { (index, processor.process(input, stateKey: key)) }
                }
            }
            launchWhileAllowed()
            while let (index, result) = await group.next() {
                window.finished(index, result)
                while let ready = window.nextInOrder() {
                    await state.deliver(state.stopped ? ready : processor.finishInOrder(ready))
                    delivered(state)
                }
                if state.stopped {
                    group.cancelAll()
                    continue
                }
                launchWhileAllowed()
            }
        }
    }
}
