/// The result of processing one input, before the sinks.
struct InputResult: Sendable {
    var path: String
    var status: RunReport.Status
    var reader: String?
    var documents: [Document] = []
    var bytes: Int?
    var reason: String?
    var stage: FailureStage?
    var errorKind: String?
    var warnings: [String] = []
    /// Documents out of the reader and of each normalizer, in order.
    var stageOutputs: [Int] = []
    /// The file's size and modification time before it was read (incremental runs).
    var stamp: FileStamp?
    /// Its key in the state store (``IncrementalPlan/key(_:)``, which resolves symbolic links, so
    /// it is found once, by the task that processes the input); nil when the run keeps no state.
    var stateKey: String?
    /// The SHA-256 of its bytes, once read.
    var sha256: String?
    /// False when an incremental run left the input alone: its state stays as it was.
    var recordState = true
    /// True when it was left alone because it had not changed.
    var unchanged = false
    /// The documents an earlier run stored from it, when only its modification time changed.
    var carriedDocumentIDs: [String]?
    /// Set while normalizers that require input order have yet to run on `documents`.
    var pending: PendingNormalization?

    /// The input's line in the run report.
    var outcome: RunReport.InputOutcome {
        RunReport.InputOutcome(
            path: path, status: status, reader: reader, documents: documents.count, bytes: bytes, reason: reason,
            stage: stage?.description, errorKind: errorKind, warnings: warnings.isEmpty ? nil : warnings)
    }

    /// A copy that was not processed (or was rolled back) for `reason`.
    func skipped(_ reason: String) -> InputResult {
        var copy = self
        copy.status = .skipped
        copy.reason = reason
        return copy
    }
}
