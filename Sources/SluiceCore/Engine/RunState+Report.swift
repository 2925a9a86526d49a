/// What a run counts as results arrive: documents out of each stage, bytes read.
struct RunCounters {
    /// Documents produced (after the last normalizer).
    var documentsProduced = 0
    /// Bytes read.
    var bytesRead = 0
    /// Inputs whose bytes reached a reader.
    var readerIn = 0
    /// Documents out of the reader and of each normalizer, in order.
    var stageOutputs: [Int]
    /// Inputs left alone because they had not changed.
    var unchanged = 0

    init(normalizers: Int) {
        stageOutputs = Array(repeating: 0, count: 1 + normalizers)
    }

    mutating func count(_ result: InputResult) {
        if result.bytes != nil { readerIn += 1 }
        documentsProduced += result.documents.count
        bytesRead += result.bytes ?? 0
        for (i, n) in result.stageOutputs.enumerated() { stageOutputs[i] += n }
        if result.unchanged { unchanged += 1 }
    }
}

extension RunState {
    /// Seconds in a duration.
    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Progress so far, for a progress display.
    func progress(since start: ContinuousClock.Instant) -> RunProgress {
        RunProgress(
            inputsDone: delivered, inputsTotal: outcomes.count, documents: counters.documentsProduced, bytes: counters.bytesRead,
            elapsed: Self.seconds(start.duration(to: .now)))
    }

    /// The run's report: totals, throughput, counts per stage and every input's outcome.
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
        totals.bytes = counters.bytesRead
        totals.unchanged = counters.unchanged
        let seconds = max(Self.seconds(elapsed), 1e-9)
        return RunReport(
            pipeline: spec.name, startedAt: startedAt, wallSeconds: (seconds * 1000).rounded() / 1000, totals: totals,
            throughput: [
                "inputs_per_second": (Double(totals.inputs) / seconds * 10).rounded() / 10,
                "documents_per_second": (Double(totals.documents) / seconds * 10).rounded() / 10,
                "megabytes_per_second": (Double(counters.bytesRead) / 1_048_576 / seconds * 100).rounded() / 100,
            ],
            stages: stageCounts(), inputs: outcomes, notes: notes, stopped: stopped, interrupted: interrupted,
            fatalError: fatalError)
    }

    /// Items in and out of each stage, in pipeline order.
    private func stageCounts() -> [RunReport.StageCount] {
        let failedAt = outcomes.map(\.failureStage)
        var counts = [
            RunReport.StageCount(
                stage: "read", input: outcomes.count, output: counters.readerIn,
                failed: failedAt.filter { $0?.isRead == true }.count),
            RunReport.StageCount(
                stage: "reader", input: counters.readerIn, output: counters.stageOutputs[0],
                failed: failedAt.filter { $0?.isReader == true }.count),
        ]
        for (i, normalizer) in stages.normalizers.enumerated() {
            let stage = FailureStage.normalizer(normalizer.name)
            counts.append(RunReport.StageCount(
                stage: stage.description, input: counters.stageOutputs[i], output: counters.stageOutputs[i + 1],
                failed: failedAt.filter { $0 == stage }.count))
        }
        for (s, sink) in stages.sinks.enumerated() {
            counts.append(RunReport.StageCount(
                stage: FailureStage.sink(sink.name).description, input: batcher.documentsOut, output: batcher.written[s],
                failed: batcher.failed[s]))
        }
        return counts
    }
}
