import Logging

/// Where an input's normalization paused before the normalizers that require input order
/// (``Normalizer/requiresInputOrder``): the inputs are processed concurrently up to there, and
/// the rest runs on one task, in input order, once the reassembly window hands the input on.
struct PendingNormalization: Sendable {
    /// The index of the first normalizer still to run.
    let next: Int
    /// The logger with the input's path in its metadata.
    let logger: Logger
    /// The input's time budget deadline when it paused.
    let deadline: ContinuousClock.Instant
    /// When it paused: the time it then waits for earlier inputs is not charged to its budget.
    let pausedAt: ContinuousClock.Instant
}

extension InputProcessor {
    /// Runs the normalizers that require input order on a result handed on in input order (call
    /// it for each input in turn, from one task). A result with nothing pending is returned as is.
    /// Its outcome is reported like any other: skipped with the normalizer's reasons when they
    /// drop all of its documents, failed at `normalizer:NAME` when one throws.
    func finishInOrder(_ result: InputResult) -> InputResult {
        guard let pending = result.pending else { return result }
        var resumed = result
        resumed.pending = nil
        let documents = resumed.documents
        resumed.documents = []
        let deadline = pending.deadline + pending.pausedAt.duration(to: .now)
        return normalize(
            documents, range: pending.next..<stages.normalizers.count, logger: pending.logger, deadline: deadline, resumed)
    }
}
