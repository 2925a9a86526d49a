/// Sink batching: fills a batch of documents in input order and writes it to every sink in a
/// task of its own, so that reading and normalizing the next batches overlaps the sinks' work.
/// Up to two batches are handed over at once, each written only after the one before it, so
/// sinks still see one call at a time, in order, and a sink that is slower than the reading
/// always has its next batch ready. A run that stops at the first failure (`on_error: fail`)
/// hands over one at a time, so that no batch is written after one that failed.
struct SinkBatcher {
    /// A batch: documents, the inputs they came from (by index), the source paths whose
    /// documents go first, and the inputs' state records.
    struct Batch {
        var documents: [Document] = []
        var inputs: [Int] = []
        var removals: [String] = []
        var records: [InputRecord] = []
    }

    /// A batch the sinks have finished with.
    struct Settled {
        /// The inputs of the batch.
        var inputs: [Int]
        /// Their state records.
        var records: [InputRecord]
        /// The sinks that failed.
        var failures: [SinkFailure]
    }

    /// A sink (by index) that failed a batch, and why.
    struct SinkFailure {
        var sink: Int
        var error: PluginError
    }

    private struct InFlight {
        var task: Task<[PluginError?], Never>
        var inputs: [Int]
        var documentCount: Int
        var records: [InputRecord]
    }

    let sinks: [Stage<any Sink>]
    let batchSize: Int
    /// The text (in UTF-8 bytes) at which a batch is full whatever its number of documents, so
    /// that a batch of large documents stays small in memory.
    let batchBytes: Int
    /// Batches handed to the sinks and not yet settled, at most.
    let maxInFlight: Int
    private var filling = Batch()
    private var fillingBytes = 0
    /// Batches handed to the sinks, oldest first.
    private var inFlight: [InFlight] = []
    /// Documents handed to the sinks.
    private(set) var documentsOut = 0
    /// Documents each sink wrote.
    private(set) var written: [Int]
    /// Documents each sink failed to write.
    private(set) var failed: [Int]

    init(sinks: [Stage<any Sink>], batchSize: Int, batchBytes: Int = PipelineSpec.defaultBatchBytes, stopsAtFailure: Bool = false) {
        self.sinks = sinks
        self.batchSize = batchSize
        self.batchBytes = batchBytes
        self.maxInFlight = stopsAtFailure ? 1 : 2
        written = Array(repeating: 0, count: sinks.count)
        failed = Array(repeating: 0, count: sinks.count)
    }

    /// Adds one input's documents (possibly none), what must go before them, and its record.
    mutating func add(_ documents: [Document], input: Int, removing stale: [String], record: InputRecord?) {
        filling.removals += stale
        filling.documents.append(contentsOf: documents)
        for document in documents { fillingBytes += document.text.utf8.count }
        filling.inputs.append(input)
        if let record { filling.records.append(record) }
    }

    /// Whether the batch being filled has reached the batch size (in documents or in text).
    var isFull: Bool { filling.documents.count >= batchSize || fillingBytes >= batchBytes }

    /// Whether as many batches as may be are in the sinks' hands: the next one waits for the
    /// oldest to settle.
    var isBusy: Bool { inFlight.count >= maxInFlight }

    /// Whether a batch is in the sinks' hands.
    var hasInFlight: Bool { !inFlight.isEmpty }

    /// Whether there is anything to send.
    var hasWork: Bool { !filling.documents.isEmpty || !filling.removals.isEmpty }

    /// The batch being filled, leaving an empty one; removals once each, sorted.
    mutating func take() -> Batch {
        var batch = filling
        batch.removals = batch.removals.uniquePathsInByteOrder()
        filling = Batch()
        fillingBytes = 0
        return batch
    }

    /// Hands `batch` to every sink (removals first) once the batch before it is written; `paths`
    /// are its inputs' paths.
    mutating func send(_ batch: Batch, paths: [String]) {
        let sinks = sinks
        let documents = batch.documents
        let removing = batch.removals
        let previous = inFlight.last?.task
        let task = Task {
            _ = await previous?.value
            var results: [PluginError?] = []
            for sink in sinks {
                do {
                    if !removing.isEmpty { try await sink.plugin.removeDocuments(fromInputs: removing) }
                    if !documents.isEmpty { try await sink.plugin.write(DocumentBatch(documents: documents, inputs: paths)) }
                    results.append(nil)
                } catch {
                    results.append(PluginError(error))
                }
            }
            return results
        }
        inFlight.append(InFlight(task: task, inputs: batch.inputs, documentCount: documents.count, records: batch.records))
    }

    /// Waits for the oldest batch in flight, counts what each sink wrote, and returns it; nil
    /// when none is in flight.
    mutating func settle() async -> Settled? {
        guard !inFlight.isEmpty else { return nil }
        let batch = inFlight.removeFirst()
        let results = await batch.task.value
        var failures: [SinkFailure] = []
        for (s, error) in results.enumerated() {
            if let error {
                failed[s] += batch.documentCount
                failures.append(SinkFailure(sink: s, error: error))
            } else {
                written[s] += batch.documentCount
            }
        }
        documentsOut += batch.documentCount
        return Settled(inputs: batch.inputs, records: batch.records, failures: failures)
    }
}
