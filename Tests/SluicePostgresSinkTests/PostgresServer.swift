#if Postgres
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real, throwaway PostgreSQL server for the tests: `initdb` into a temporary folder (as the
/// `postgres` user when the tests run as root), started with `pg_ctl` on a free local port,
/// stopped and removed by ``stop()`` (and at process exit for the shared one).
final class PostgresServer: @unchecked Sendable {
    let directory: String
    let port: Int
    let bin: String
    private let lock = NSLock()
    private var stopped = false

    /// The server the tests share (each test uses its own database on it).
    static let shared: PostgresServer = {
        do {
            let server = try PostgresServer()
            atexit { PostgresServer.sharedStopper?() }
            sharedStopper = { server.stop() }
            return server
        } catch {
            fatalError("cannot start PostgreSQL for the tests: \(error)")
        }
    }()
    nonisolated(unsafe) static var sharedStopper: (() -> Void)?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init() throws {
        bin = try Self.findBin()
        directory = NSTemporaryDirectory() + "sluice-pg-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try Self.shell(["chown", "postgres", directory]) }
        try Self.asPostgres([bin + "/initdb", "-D", directory + "/data", "-A", "trust", "-U", "postgres",
                             "--encoding=UTF8", "--locale=C.UTF-8"])
        port = try Self.freePort()
        try start()
    }

    var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres?sslmode=disable" }

    func url(database: String, password: String? = nil) -> String {
        "postgres://postgres\(password.map { ":" + $0 } ?? "")@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    func start() throws {
        try Self.asPostgres([bin + "/pg_ctl", "-D", directory + "/data", "-l", directory + "/server.log", "-w", "-o",
                             "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                             "start"])
    }

    /// Stops the server immediately (connections are cut), for restart tests.
    func halt() throws {
        try Self.asPostgres([bin + "/pg_ctl", "-D", directory + "/data", "-m", "immediate", "-w", "stop"])
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        _ = try? Self.asPostgres([bin + "/pg_ctl", "-D", directory + "/data", "-m", "fast", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Creates a fresh database and returns its URL.
    func createDatabase(_ prefix: String = "t") throws -> (name: String, url: String) {
        let name = prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try psql("CREATE DATABASE \(name)", database: "postgres")
        return (name, url(database: name))
    }

    /// Runs SQL through psql and returns its unaligned, tuples-only output.
    @discardableResult
    func psql(_ sql: String, database: String) throws -> String {
        try Self.shell([bin + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port),
                        "-U", "postgres", "-d", database, "-c", sql])
    }

    static func findBin() throws -> String {
        if let env = ProcessInfo.processInfo.environment["PG_BIN"] { return env }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap(Int.init).sorted()
        for v in versions.reversed() where FileManager.default.isExecutableFile(atPath: "\(root)/\(v)/bin/initdb") {
            return "\(root)/\(v)/bin"
        }
        throw Failure(description: "no PostgreSQL server binaries (apt-get install postgresql, or set PG_BIN)")
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { throw Failure(description: "no free port") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func asPostgres(_ arguments: [String]) throws {
        if getuid() == 0 {
            try shell(["runuser", "-u", "postgres", "--"] + arguments)
        } else {
            try shell(arguments)
        }
    }

    /// Runs a command with posix_spawn (not Foundation's Process, whose exit monitoring can hang
    /// when the command leaves a daemon behind, as `pg_ctl start` does), its output going to a
    /// temporary file, and returns that output; throws when it exits with a failure.
    @discardableResult
    static func shell(_ arguments: [String]) throws -> String {
        let outPath = NSTemporaryDirectory() + "sluice-pg-out-" + UUID().uuidString
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, environ)
        guard rc == 0 else { throw Failure(description: "cannot run \(arguments[0]): error \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            throw Failure(description: "\(arguments.prefix(2).joined(separator: " ")) failed (status \(status)): \(text)")
        }
        return text
    }
}
#endif
