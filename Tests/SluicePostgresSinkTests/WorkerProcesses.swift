#if Postgres
import Foundation
import SluiceTesting
import SluiceTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Real `sluice` worker processes for the multi-worker tests.
enum Workers {
    /// The `sluice` binary built next to the test bundle (or `SLUICE_BINARY`).
    static let binary = SluiceCheckout.sluiceBinary

    struct Running {
        var pid: pid_t
        var log: String
    }

    /// Starts `sluice arguments…` with its output in `log`.
    static func start(_ arguments: [String], log: String) throws -> Running {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, binary, &actions, nil, argv, environ)
        guard rc == 0 else { throw PostgresServer.Failure(description: "cannot start \(binary): error \(rc)") }
        return Running(pid: pid, log: log)
    }

    /// Waits for a worker; returns its exit code, or 128 + the signal that killed it.
    static func wait(_ worker: Running) -> Int32 {
        var status: Int32 = 0
        while waitpid(worker.pid, &status, 0) == -1 && errno == EINTR {}
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    static func output(_ worker: Running) -> String {
        (try? String(contentsOfFile: worker.log, encoding: .utf8)) ?? ""
    }

    /// A corpus of `count` text files of about `size` bytes each, every one distinct.
    static func corpus(_ count: Int, size: Int = 2_000, in directory: String) throws -> String {
        let root = directory + "/corpus"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for i in 0..<count {
            var text = "第\(i)号文档\n\n老蒋 说 云 平台 第 \(i) 次 上线。Worker test document number \(i).\n\n"
            let line = "这是用来填充的段落，编号 \(i)。Padding paragraph for document \(i).\n\n"
            while text.utf8.count < size { text += line }
            try text.write(toFile: root + String(format: "/doc%04d.txt", i), atomically: true, encoding: .utf8)
        }
        return root
    }
}
#endif
