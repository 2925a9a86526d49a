/// The incremental side of a run: which records the state store gets, and when. A record is saved
/// once every sink has made the input's documents durable; inputs whose documents are on their
/// way to the sinks are recorded as uncommitted first. Without state tracking it records nothing.
struct IncrementalLedger {
    /// The state store of an incremental run; nil when the run keeps no state.
    let tracking: StateTracking?
    /// The key of this pipeline's records in the store.
    let stateKey: String
    /// The pipeline's configuration hash, recorded with each input.
    let configurationHash: String
    /// What earlier runs recorded, by key.
    let earlier: [PathKey: InputRecord]
    /// Records ready to be saved.
    private var ready: [InputRecord] = []
    /// Records of inputs whose documents the sinks have written but not yet made durable.
    private var awaitingCommit: [InputRecord] = []
    /// Problems with the state store, for the report's notes.
    private(set) var notes: [String] = []
    /// A save running while the run goes on (``saveInBackground()``): its problem, if any.
    private var inFlight: Task<String?, Never>?

    init(tracking: StateTracking?, stateKey: String, plan: IncrementalPlan?) {
        self.tracking = tracking
        self.stateKey = stateKey
        self.configurationHash = plan?.configurationHash ?? ""
        self.earlier = plan?.earlier ?? [:]
    }

    /// Whether the run keeps state.
    var isTracking: Bool { tracking != nil }

    /// The source paths whose documents must go before this input's new ones are stored: the
    /// path an earlier run stored them under when it differs (a run from another folder), and,
    /// when the changed input now yields no documents (read, but skipped or failed at the reader
    /// or a normalizer), its own.
    func staleSources(of result: InputResult, storesNothing: Bool = false) -> [String] {
        // Any earlier record counts, not only "ingested": a run killed before its sinks committed
        // leaves "uncommitted" records, and the sinks may hold either version's documents.
        guard result.recordState, result.carriedDocumentIDs == nil, result.bytes != nil,
              let record = earlier[PathKey(result.stateKey ?? IncrementalPlan.key(result.path))]
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
            path: result.stateKey ?? IncrementalPlan.key(result.path), sourcePath: result.path, size: stamp.size, modifiedNanoseconds: stamp.modifiedNanoseconds,
            changedNanoseconds: stamp.changedNanoseconds, inode: stamp.inode, sha256: result.sha256 ?? "", configurationHash: configurationHash, outcome: outcome.status,
            stage: outcome.stage, errorKind: outcome.errorKind, reason: outcome.reason,
            documentIDs: result.documents.map(\.id))
        if let carried = result.carriedDocumentIDs {
            // Only touched: its documents are where they were, under the path they were stored with.
            record.outcome = .ingested
            record.reason = nil
            record.documentIDs = carried
            record.sourcePath = earlier[PathKey(record.path)]?.sourcePath ?? record.sourcePath
        }
        return record
    }

    /// Records to save with the next save.
    mutating func ready(_ records: [InputRecord]) { ready += records }

    /// Records to save once every sink has committed.
    mutating func awaitCommit(_ records: [InputRecord]) { awaitingCommit += records }

    /// The sinks have made what they wrote durable: the records waiting for it are ready.
    mutating func committed() {
        ready += awaitingCommit
        awaitingCommit.removeAll()
    }

    /// Saves the records that are ready.
    mutating func save() async {
        guard let tracking, !ready.isEmpty else { return }
        await store(ready, in: tracking)
        ready.removeAll(keepingCapacity: true)
    }

    /// Starts saving the records that are ready and returns at once: the run goes on reading
    /// while the state store writes. Every later use of the store waits for it first
    /// (``finishSaving()``), so the store sees the records in the order they were made.
    mutating func saveInBackground() {
        guard let tracking, !ready.isEmpty else { return }
        let records = ready
        ready.removeAll(keepingCapacity: true)
        let earlier = inFlight
        let key = stateKey
        inFlight = Task {
            let earlierProblem = await earlier?.value
            do {
                try await tracking.store.save(records, pipeline: key)
                return earlierProblem
            } catch {
                return earlierProblem ?? Self.saveProblem(error, tracking)
            }
        }
    }

    /// Waits for the save started by ``saveInBackground()``, keeping its problem for the notes.
    mutating func finishSaving() async {
        guard let task = inFlight else { return }
        inFlight = nil
        if let note = await task.value, !notes.contains(note) { notes.append(note) }
    }

    /// Before a batch goes to the sinks, its inputs are recorded as not yet committed, so that a
    /// run killed while the sinks write knows them next time (and can remove their documents if
    /// the inputs have disappeared by then). The record that follows the sinks' commit replaces it.
    mutating func markPending(_ records: [InputRecord]) async {
        await finishSaving()
        guard let tracking, !records.isEmpty else { return }
        let pending = records.map { record -> InputRecord in
            var r = record
            r.outcome = .failed
            r.stage = FailureStage.uncommitted.description
            r.errorKind = PluginError.Kind.io.description
            r.reason = "the run ended before every sink had committed its documents"
            return r
        }
        await store(pending, in: tracking)
    }

    /// After every sink committed: the records waiting for it are saved.
    mutating func recordCommitted() async {
        committed()
        await save()
    }

    /// Forgets inputs that disappeared and whose documents were removed from the sinks.
    mutating func forget(_ missing: [RunReport.MissingInput]) async {
        await finishSaving()
        let removed = missing.filter(\.removed).map(\.key)
        guard let tracking, !removed.isEmpty else { return }
        do {
            try await tracking.store.remove(paths: removed, pipeline: stateKey)
        } catch {
            notes.append("could not forget the removed inputs in the state store: \(PluginError(error).reason)")
        }
    }

    private mutating func store(_ records: [InputRecord], in tracking: StateTracking) async {
        await finishSaving()
        do {
            try await tracking.store.save(records, pipeline: stateKey)
        } catch {
            let note = Self.saveProblem(error, tracking)
            if !notes.contains(note) { notes.append(note) }
        }
    }

    private static func saveProblem(_ error: any Error, _ tracking: StateTracking) -> String {
        "could not record progress in the state store \(tracking.location): \(PluginError(error).reason); the next run processes these inputs again"
    }
}
