#if Postgres
import Synchronization

/// An asynchronous first-in, first-out lock: ``PostgresSession`` holds it for the whole of each
/// operation (retries included), so that operations on one connection never interleave, even
/// though the session is an actor and each operation suspends while it waits for the server.
///
/// Waiting is cancellable when asked for: a cancelled waiter leaves the queue and throws
/// `CancellationError` without ever holding the lock. The holder must call ``release()`` exactly
/// once, on every path.
final class OperationGate: Sendable {
    private struct State {
        var held = false
        var nextTicket = 0
        /// Waiters in arrival order.
        var waiters: [(ticket: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    }

    private let state = Mutex(State())

    init() {}

    /// Waits for the lock, in arrival order. When `cancellable`, a cancelled task stops waiting
    /// and throws `CancellationError`; otherwise it waits regardless.
    func acquire(cancellable: Bool = true) async throws {
        if cancellable { try Task.checkCancellation() }
        let ticket: Int? = state.withLock { s in
            if !s.held {
                s.held = true
                return nil
            }
            s.nextTicket += 1
            return s.nextTicket
        }
        guard let ticket else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelledAlready = state.withLock { s -> Bool in
                    // The holder may have released since the ticket was taken.
                    if !s.held {
                        s.held = true
                        continuation.resume()
                        return false
                    }
                    if cancellable && Task.isCancelled { return true }
                    s.waiters.append((ticket, continuation))
                    return false
                }
                if cancelledAlready { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            guard cancellable else { return }
            let removed = state.withLock { s -> CheckedContinuation<Void, any Error>? in
                guard let i = s.waiters.firstIndex(where: { $0.ticket == ticket }) else { return nil }
                return s.waiters.remove(at: i).continuation
            }
            removed?.resume(throwing: CancellationError())
        }
    }

    /// Hands the lock to the longest waiter, or frees it.
    func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, any Error>? in
            precondition(s.held, "OperationGate released while free")
            if s.waiters.isEmpty {
                s.held = false
                return nil
            }
            return s.waiters.removeFirst().continuation
        }
        next?.resume()
    }
}
#endif
