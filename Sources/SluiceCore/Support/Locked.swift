import Synchronization

/// A value behind a mutex, shareable across tasks.
package final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    /// Wraps `value`.
    package init(_ value: Value) { self.mutex = Mutex(value) }

    /// Runs `body` with exclusive access to the value.
    package func withLock<R: Sendable>(_ body: (inout Value) throws -> R) rethrows -> R {
        try mutex.withLock { value in try body(&value) }
    }
}
