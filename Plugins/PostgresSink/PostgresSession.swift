#if Postgres
import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import SluiceCore

/// Where to connect, parsed from a `postgres://user:password@host:port/database?sslmode=…` URL.
/// Its description never shows the password.
struct PostgresEndpoint: Sendable, CustomStringConvertible {
    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String?
    var sslMode: String
    /// The URL with the password replaced by `***`, for messages.
    var redacted: String

    var description: String { redacted }

    static func accepts(_ url: String) -> Bool {
        url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")
    }

    init(url: String) throws {
        redacted = Redaction.redact(url)
        guard Self.accepts(url), let components = URLComponents(string: url) else {
            throw PluginError.configuration("'\(redacted)' is not a PostgreSQL URL (postgres://user:password@host:port/database)")
        }
        // URLComponents keeps the percent-encoding in `percentEncoded*`; decode user and password.
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        port = components.port ?? 5432
        username = components.user?.removingPercentEncoding ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        password = components.percentEncodedPassword?.removingPercentEncoding
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? nil : path
        var mode = "prefer"
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            mode = item.value ?? mode
        }
        guard ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"].contains(mode) else {
            throw PluginError.configuration("unknown sslmode '\(mode)' in \(redacted)")
        }
        sslMode = mode
    }

    func configuration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case "disable", "allow":
            tls = .disable
        default:
            var config = TLSConfiguration.makeClientConfiguration()
            if sslMode != "verify-full" && sslMode != "verify-ca" { config.certificateVerification = .none }
            do {
                let context = try NIOSSLContext(configuration: config)
                tls = sslMode == "prefer" ? .prefer(context) : .require(context)
            } catch {
                throw PluginError.configuration("cannot set up TLS for \(redacted): \(error)")
            }
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }
}

/// Retries for transient failures: how many, and how long to wait between them.
struct RetryPolicy: Sendable {
    /// Attempts after the first.
    var retries: Int = 8
    /// The first wait; doubled after each failure up to ``maxDelay``.
    var initialDelay: Double = 0.1
    var maxDelay: Double = 5
    /// The longest one attempt may take before it counts as a lost connection (a safety net for
    /// a connection that died without telling).
    var operationTimeout: Double = 120

    func delay(afterAttempt n: Int) -> Double {
        let base = min(maxDelay, initialDelay * pow(2, Double(n)))
        return base * Double.random(in: 0.75...1.25)
    }
}

/// One connection to PostgreSQL that reconnects: every operation runs through ``run(_:_:)``, which
/// retries transient failures (connection refused or reset, server shutting down or starting,
/// deadlocks, serialization failures) with exponential backoff and a bound, on a new connection.
///
/// Operations are serialized: one runs at a time, in arrival order, retries included, so that
/// a concurrent caller (the claims heartbeat) never sends a statement into another operation's
/// transaction or closes the connection under it. Every connection the session opens is closed
/// by ``close()``, by a failure, or by a timeout; none is left behind.
actor PostgresSession {
    let endpoint: PostgresEndpoint
    let logger: Logger
    let retry: RetryPolicy
    private var connection: PostgresConnection?
    private var nextID = 1
    private var closed = false
    private let gate = OperationGate()

    init(endpoint: PostgresEndpoint, logger: Logger, retry: RetryPolicy = RetryPolicy()) {
        self.endpoint = endpoint
        self.logger = logger
        self.retry = retry
    }

    deinit {
        // A session released without close() (an error path) must not release an open
        // connection (postgres-nio traps on that in debug builds): close it, and keep it alive
        // until the close completes.
        if let c = connection, !c.isClosed {
            c.close().whenComplete { _ in _ = c }
        }
    }

    /// Runs `body` on a live connection, retrying it whole on a transient failure. `body` must be
    /// safe to run again (the sinks' transactions are: they roll back on failure and upsert).
    /// `body` must run its statements through ``PostgresConnection/run(_:_:logger:)`` or
    /// ``PostgresConnection/exec(_:_:logger:)``, which cannot lose a statement to a connection
    /// that closed under it.
    func run<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await gate.acquire()
        defer { gate.release() }
        var attempt = 0
        while true {
            guard !closed else {
                throw PluginError.storage("\(what) on \(endpoint.redacted): the session is closed")
            }
            do {
                let conn = try await live()
                return try await Self.withTimeout(retry.operationTimeout, closing: conn) { try await body(conn) }
            } catch {
                let transient = Self.isTransient(error)
                if transient || connection?.isClosed == true { await drop() }
                guard transient, attempt < retry.retries, !Task.isCancelled else {
                    throw Self.pluginError(error, what: what, endpoint: endpoint, transient: transient)
                }
                let wait = retry.delay(afterAttempt: attempt)
                logger.warning("\(what): transient PostgreSQL failure (\(Self.describe(error))); retrying in \(String(format: "%.2f", wait)) s (\(attempt + 1)/\(retry.retries))")
                attempt += 1
                try await Task.sleep(for: .seconds(wait))
            }
        }
    }

    /// Runs `body` inside a transaction (BEGIN … COMMIT, ROLLBACK on error), with retries.
    func transaction<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await run(what) { conn in
            try await conn.exec("BEGIN", logger: logger)
            do {
                let result = try await body(conn)
                try await conn.exec("COMMIT", logger: logger)
                return result
            } catch {
                // A server error leaves the connection usable: roll back so that it can serve the
                // next operation. After a connection failure the transaction is gone with it.
                if let e = error as? PSQLError, e.code == .server, !conn.isClosed {
                    try? await conn.exec("ROLLBACK", logger: logger)
                }
                throw error
            }
        }
    }

    private func live() async throws -> PostgresConnection {
        if let c = connection, !c.isClosed { return c }
        if let c = connection {
            // Closed by the server: release it before opening another.
            connection = nil
            try? await c.close()
        }
        let id = nextID
        nextID += 1
        let configuration = try endpoint.configuration()
        let logger = self.logger
        let c = try await Self.withTimeout(retry.operationTimeout, closing: nil) {
            try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
        } orphan: { (late: PostgresConnection) in
            try? await late.close()
        }
        connection = c
        return c
    }

    struct OperationTimeout: Error, CustomStringConvertible {
        var seconds: Double
        var description: String { "no answer within \(Int(seconds)) s" }
    }

    /// Runs `body`, or throws ``OperationTimeout`` after `seconds` (``CancellationError`` when
    /// the caller is cancelled). On expiry it first makes `body` end: it closes `connection`,
    /// which fails the statement `body` waits for, or cancels `body` when there is no connection
    /// (a connection attempt), and waits up to `grace` seconds for it. Only a `body` that still
    /// has not ended then is left behind (logged by the caller as a timeout; it cannot be awaited,
    /// since it may never end). A value `body` returns after the expiry goes to `orphan` (to close
    /// a connection opened too late).
    static func withTimeout<T: Sendable>(
        _ seconds: Double, closing connection: PostgresConnection?, grace: Double = 5,
        _ body: @escaping @Sendable () async throws -> T,
        orphan: @escaping @Sendable (T) async -> Void = { _ in }
    ) async throws -> T {
        let race = TimeoutRace<T>(seconds: seconds)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                race.start(continuation)
                let work = Task {
                    do {
                        let value = try await body()
                        if !race.finish(.success(value)) { await orphan(value) }
                    } catch {
                        race.finish(.failure(error))
                    }
                }
                let timer = Task {
                    do { try await Task.sleep(for: .seconds(seconds)) } catch { return }
                    await race.expire(cancelled: false, connection: connection, grace: grace)
                }
                race.track(work: work, timer: timer)
            }
        } onCancel: {
            race.cancel(connection: connection, grace: grace)
        }
    }

    /// Closes the connection (after any operation in progress) and refuses further operations.
    func close() async {
        try? await gate.acquire(cancellable: false)
        defer { gate.release() }
        closed = true
        await drop()
    }

    /// Accepts operations again after ``close()`` (a sink opened anew).
    func reopen() {
        closed = false
    }

    private func drop() async {
        let c = connection
        connection = nil
        try? await c?.close()
    }

    // MARK: - Errors

    /// SQLSTATEs worth another try: connection exceptions (08), operator intervention such as a
    /// shutdown or a server still starting (57P01–57P03), serialization failures and deadlocks,
    /// too many connections.
    static let transientStates: Set<String> = ["57P01", "57P02", "57P03", "40001", "40P01", "53300", "53400", "55P03"]

    static func isTransient(_ error: any Error) -> Bool {
        if let e = error as? PSQLError {
            switch e.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
                return true
            case .server:
                let state = e.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || transientStates.contains(state)
            default:
                return false
            }
        }
        if error is OperationTimeout || error is ConnectionClosed { return true }
        if error is PluginError || error is CancellationError { return false }
        // NIO connect errors (connection refused, reset, timeout) arrive unwrapped.
        return error is IOError || error is ChannelError || String(describing: type(of: error)).contains("Connect")
    }

    /// A description safe for logs: the error code, the SQLSTATE and the server's message, never
    /// the query, its parameters or the password.
    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if e.code == .server {
                let state = e.serverInfo?[.sqlState] ?? "?"
                let message = e.serverInfo?[.message] ?? "server error"
                return "SQLSTATE \(state): \(message)"
            }
            if let underlying = e.underlying { return "\(e.code): \(describe(underlying))" }
            return "\(e.code)"
        }
        if let e = error as? PluginError { return e.reason }
        return String(describing: error)
    }

    static func pluginError(_ error: any Error, what: String, endpoint: PostgresEndpoint, transient: Bool) -> PluginError {
        if let e = error as? PluginError { return e }
        let reason = "\(what) on \(endpoint.redacted) failed: \(Redaction.redact(describe(error)))"
        return transient ? .transient(reason + " (gave up after retries)") : .storage(reason)
    }
}

/// The shared state of one ``PostgresSession/withTimeout(_:closing:grace:_:orphan:)``: the
/// caller's continuation, resumed exactly once, by the body's result or by the expiry.
final class TimeoutRace<T: Sendable>: Sendable {
    private struct State: Sendable {
        var continuation: CheckedContinuation<T, any Error>?
        /// Set on expiry: true when because the caller was cancelled.
        var expiredByCancellation: Bool?
        var work: Task<Void, Never>?
        var timer: Task<Void, Never>?
    }
    private let state = Locked(State())
    private let seconds: Double

    init(seconds: Double) { self.seconds = seconds }

    private func expiryError(cancelled: Bool) -> any Error {
        cancelled ? CancellationError() : PostgresSession.OperationTimeout(seconds: seconds)
    }

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func track(work: Task<Void, Never>, timer: Task<Void, Never>) {
        let finishedAlready = state.withLock { box -> Bool in
            box.work = work
            box.timer = timer
            return box.continuation == nil
        }
        if finishedAlready { timer.cancel() }
    }

    /// Delivers the body's result; false when the caller was answered already (by the expiry).
    @discardableResult
    func finish(_ result: Result<T, any Error>) -> Bool {
        let (continuation, expired, timer) = state.withLock { box in
            let c = box.continuation
            box.continuation = nil
            return (c, box.expiredByCancellation, box.timer)
        }
        guard let continuation else { return false }
        timer?.cancel()
        // After the expiry closed the connection, the body fails with a connection error: report
        // the expiry instead.
        if let expired, case .failure = result {
            continuation.resume(throwing: expiryError(cancelled: expired))
        } else {
            continuation.resume(with: result)
        }
        return true
    }

    /// Makes the body end (closes `connection`, or cancels the body), waits up to `grace` for it,
    /// then answers the caller with the expiry if the body has not.
    func expire(cancelled: Bool, connection: PostgresConnection?, grace: Double) async {
        let (pending, work) = state.withLock { box -> (Bool, Task<Void, Never>?) in
            guard box.continuation != nil, box.expiredByCancellation == nil else { return (false, nil) }
            box.expiredByCancellation = cancelled
            return (true, box.work)
        }
        guard pending else { return }
        if let connection {
            try? await connection.close()
        } else {
            work?.cancel()
        }
        let deadline = ContinuousClock.now + .seconds(grace)
        while ContinuousClock.now < deadline {
            if state.withLock({ $0.continuation == nil }) { return }
            try? await Task.sleep(for: .milliseconds(20))
        }
        let continuation = state.withLock { box in
            let c = box.continuation
            box.continuation = nil
            return c
        }
        continuation?.resume(throwing: expiryError(cancelled: cancelled))
    }

    /// The caller was cancelled: expire now.
    func cancel(connection: PostgresConnection?, grace: Double) {
        Task { await self.expire(cancelled: true, connection: connection, grace: grace) }
    }
}

/// The connection closed before a statement could be sent on it.
struct ConnectionClosed: Error, CustomStringConvertible {
    var description: String { "the connection is closed" }
}

extension PostgresConnection {
    /// Runs `sql` with `binds` (built by ``PostgresBinder``) and returns all its rows.
    ///
    /// The statement is handed to the connection on its own event loop, after checking there that
    /// the connection is open. postgres-nio's async `query` writes from whatever thread it runs on;
    /// when the server closes the connection just before, the channel has already removed its
    /// handlers, NIO drops the write, and the query's promise is never completed: the caller
    /// would wait forever (and leak the connection). On the event loop, an open channel still has
    /// its handlers, and a statement that reaches them is answered or failed.
    @discardableResult
    func run(_ sql: String, _ binds: PostgresBindings = PostgresBindings(), logger: Logger) async throws -> PostgresQueryResult {
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        return try await eventLoop.flatSubmit { () -> EventLoopFuture<PostgresQueryResult> in
            guard !self.isClosed else { return self.eventLoop.makeFailedFuture(ConnectionClosed()) }
            return self.query(query, logger: logger)
        }.get()
    }

    /// Runs `sql` for its effect.
    func exec(_ sql: String, _ binds: PostgresBindings = PostgresBindings(), logger: Logger) async throws {
        try await run(sql, binds, logger: logger)
    }
}
#endif
