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

/// One connection to PostgreSQL that reconnects: every operation runs through ``run(_:)``, which
/// retries transient failures (connection refused or reset, server shutting down or starting,
/// deadlocks, serialization failures) with exponential backoff and a bound, on a new connection.
actor PostgresSession {
    let endpoint: PostgresEndpoint
    let logger: Logger
    let retry: RetryPolicy
    private var connection: PostgresConnection?
    private var nextID = 1

    init(endpoint: PostgresEndpoint, logger: Logger, retry: RetryPolicy = RetryPolicy()) {
        self.endpoint = endpoint
        self.logger = logger
        self.retry = retry
    }

    /// Runs `body` on a live connection, retrying it whole on a transient failure. `body` must be
    /// safe to run again (the sinks' transactions are: they roll back on failure and upsert).
    func run<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                let conn = try await live()
                return try await Self.withTimeout(retry.operationTimeout, what: what) { try await body(conn) }
            } catch {
                let transient = Self.isTransient(error)
                if transient || connection?.isClosed == true { await drop() }
                guard transient, attempt < retry.retries else {
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
                // Roll back only on a live connection: after a connection failure the transaction
                // is gone with the connection, and a query sent on a closing channel may never end.
                if let e = error as? PSQLError, e.code == .server, !conn.isClosed {
                    try? await conn.exec("ROLLBACK", logger: logger)
                }
                throw error
            }
        }
    }

    private func live() async throws -> PostgresConnection {
        if let c = connection, !c.isClosed { return c }
        let id = nextID
        nextID += 1
        let c = try await PostgresConnection.connect(configuration: try endpoint.configuration(), id: id, logger: logger)
        connection = c
        return c
    }

    struct OperationTimeout: Error, CustomStringConvertible {
        var seconds: Double
        var description: String { "no answer within \(Int(seconds)) s" }
    }

    /// Runs `body`, or throws ``OperationTimeout`` after `seconds` (leaving a hung `body` behind:
    /// it cannot be awaited, since it may never end).
    static func withTimeout<T: Sendable>(_ seconds: Double, what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let state = Locked<CheckedContinuation<T, any Error>?>(nil)
        let work = Locked<[Task<Void, Never>]>([])
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                state.withLock { $0 = continuation }
                func finish(_ result: Result<T, any Error>) {
                    let c = state.withLock { value -> CheckedContinuation<T, any Error>? in
                        let c = value
                        value = nil
                        return c
                    }
                    c?.resume(with: result)
                    if c != nil { for t in work.withLock({ $0 }) { t.cancel() } }
                }
                let a = Task {
                    do { finish(.success(try await body())) } catch { finish(.failure(error)) }
                }
                let b = Task {
                    try? await Task.sleep(for: .seconds(seconds))
                    if !Task.isCancelled { finish(.failure(OperationTimeout(seconds: seconds))) }
                }
                work.withLock { $0 = [a, b] }
            }
        } onCancel: {
            let c = state.withLock { value -> CheckedContinuation<T, any Error>? in
                let c = value
                value = nil
                return c
            }
            c?.resume(throwing: CancellationError())
            for t in work.withLock({ $0 }) { t.cancel() }
        }
    }

    func drop() async {
        let c = connection
        connection = nil
        try? await c?.close()
    }

    func close() async {
        await drop()
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
        if error is OperationTimeout { return true }
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

extension PostgresConnection {
    /// Runs `sql` with `binds` (built by ``PostgresBinder``).
    @discardableResult
    func run(_ sql: String, _ binds: PostgresBindings = PostgresBindings(), logger: Logger) async throws -> PostgresRowSequence {
        try await query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
    }

    /// Runs `sql` for its effect, reading to the end of any result.
    func exec(_ sql: String, _ binds: PostgresBindings = PostgresBindings(), logger: Logger) async throws {
        for try await _ in try await query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {}
    }
}
#endif
