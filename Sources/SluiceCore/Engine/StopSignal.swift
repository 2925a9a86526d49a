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
