/// The consumer side of a run: takes each input's result in input order, keeps its outcome,
/// hands its documents to the ``SinkBatcher`` and its record to the ``IncrementalLedger``, and
/// decides when the run stops.
struct RunState {
    let spec: PipelineSpec
    let stages: PipelineStages
    /// Every input's outcome, in input order.
    var outcomes: [RunReport.InputOutcome]
    /// Inputs delivered so far (the next one's index).
    var delivered = 0
    /// True when a failure stopped the run (`on_error: fail`): the sinks are rolled back.
    var stopped = false
    /// True when a ``StopSignal`` ended the run before every input was taken.
    var interrupted = false
    /// An error that ended the run (a sink that could not commit).
    var fatalError: String?
    /// The first input of each content (reader and SHA-256) ingested in this run.
    var firstOfContent: [String: String] = [:]
    var counters: RunCounters
    var batcher: SinkBatcher
    var ledger: IncrementalLedger

    init(spec: PipelineSpec, inputs: [DiscoveredInput], stages: PipelineStages, ledger: IncrementalLedger) {
        self.spec = spec
        self.stages = stages
        self.outcomes = inputs.map {
            RunReport.InputOutcome(path: $0.path, status: .skipped, documents: 0, reason: "not processed")
        }
        self.counters = RunCounters(normalizers: stages.normalizers.count)
        self.batcher = SinkBatcher(sinks: stages.sinks, batchSize: spec.batchSize, stopsAtFailure: spec.onError == .fail)
        self.ledger = ledger
    }

    /// Takes the next input's result, in input order.
    mutating func deliver(_ result: InputResult) async {
        let index = delivered
        delivered += 1
        counters.count(result)
        outcomes[index] = result.outcome
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
        let stale = ledger.staleSources(of: result)
        guard let first = result.documents.first else {
            // It produced documents before and none now: they go.
            if let record = ledger.record(of: result, outcome: outcomes[index]) { await storeNothing(record, removing: stale, index: index) }
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
            if let record = ledger.record(of: result, outcome: outcomes[index]) {
                await storeNothing(record, removing: ledger.staleSources(of: result, storesNothing: true), index: index)
            }
            return
        }
        firstOfContent[content] = result.path
        batcher.add(result.documents, input: index, removing: stale, record: ledger.record(of: result, outcome: outcomes[index]))
        if batcher.isFull { await flush() }
    }

    /// Records an input that stores nothing in this run: at once, or, when documents it stored
    /// before must go, with the next batch, which removes them before writing.
    mutating func storeNothing(_ record: InputRecord, removing stale: [String], index: Int) async {
        guard !stale.isEmpty else {
            ledger.ready([record])
            return
        }
        batcher.add([], input: index, removing: stale, record: record)
        if batcher.isFull { await flush() }
    }

    /// Sends the batch being filled to the sinks, once they have room for it (the oldest batch in
    /// their hands has settled when as many as may be are).
    ///
    /// A settled batch's records go to the state store in the background once the next batch
    /// has gone out, while the sinks write and the inputs after it are read: the sinks are
    /// the serial part of a run, so nothing that can wait stands between two of their batches or
    /// holds up the reading. Only the pending records of the next batch must be saved before it
    /// goes (see ``IncrementalLedger/markPending(_:)``); the sinks meanwhile write the batch
    /// handed over before it.
    mutating func flush() async {
        guard batcher.hasWork else { return }
        if batcher.isBusy { await settle(saving: false) }
        if stopped { return }
        let batch = batcher.take()
        let paths = batch.inputs.map { outcomes[$0].path }
        await ledger.markPending(batch.records)
        batcher.send(batch, paths: paths)
        ledger.saveInBackground()
    }

    /// Waits for the oldest batch in flight and records its outcome: a sink's failure is its inputs'.
    /// With `saving`, the records that became ready are saved at once (else by the caller).
    mutating func settle(saving: Bool = true) async {
        guard let settled = await batcher.settle() else { return }
        for failure in settled.failures {
            for i in settled.inputs where outcomes[i].status != .failed {
                outcomes[i].status = .failed
                outcomes[i].stage = FailureStage.sink(stages.sinks[failure.sink].name).description
                outcomes[i].reason = failure.error.reason
                outcomes[i].errorKind = failure.error.kind.description
            }
            if spec.onError == .fail { stopped = true }
        }
        guard ledger.isTracking else { return }
        if settled.failures.isEmpty {
            ledger.awaitCommit(settled.records)
        } else {
            // Recorded as failed at the sink: the next run tries them again.
            ledger.ready(settled.records.map { failedAtSink($0, inputs: settled.inputs) })
        }
        if stages.sinksWriteDurably { ledger.committed() }
        if saving && !stopped { await ledger.save() }
    }

    /// `record` as failed at a sink, when its input failed there.
    private func failedAtSink(_ record: InputRecord, inputs: [Int]) -> InputRecord {
        guard let i = inputs.first(where: { outcomes[$0].path == record.sourcePath }), outcomes[i].status == .failed else { return record }
        var failed = record
        let o = outcomes[i]
        failed.outcome = .failed
        failed.stage = o.stage
        failed.errorKind = o.errorKind
        failed.reason = o.reason
        failed.documentIDs = []
        return failed
    }

    /// After the last input: the last batch goes out, and a stopped run's outcomes say so.
    mutating func finish() async {
        if interrupted && !stopped {
            for i in delivered..<outcomes.count {
                outcomes[i].reason = "not processed: the run was interrupted before reaching it"
            }
        }
        if !stopped { await flush() }
        while batcher.hasInFlight { await settle() }
        await ledger.finishSaving()
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

    /// Commits every sink (or aborts them all when the run stopped), then saves the records
    /// that waited for the commit and forgets the inputs whose documents were removed.
    mutating func closeSinks(missing: [RunReport.MissingInput]) async {
        if stopped {
            for sink in stages.sinks { await sink.plugin.abort() }
            return
        }
        for sink in stages.sinks {
            do {
                try await sink.plugin.commit()
            } catch {
                fatal("sink '\(sink.name)' could not commit: \(PluginError(error).reason)", stage: .sink(sink.name))
            }
        }
        guard fatalError == nil else { return }
        await ledger.recordCommitted()
        await ledger.forget(missing)
    }

    /// An error that ends the run: every input counted as ingested failed at `stage`.
    mutating func fatal(_ message: String, stage: FailureStage) {
        fatalError = fatalError.map { $0 + "; " + message } ?? message
        for i in outcomes.indices where outcomes[i].status == .ingested {
            outcomes[i].status = .failed
            outcomes[i].stage = stage.description
            outcomes[i].reason = message
        }
    }
}
