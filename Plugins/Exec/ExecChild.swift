#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SluiceCore

/// Why talking to a program failed.
enum ExecFailure: Error {
    /// Its standard output closed (it exited or crashed).
    case closed
    /// It did not answer before the deadline.
    case timedOut
    /// It wrote a line longer than the cap.
    case tooLong(Int)
}

/// One running external program, with non-blocking pipes to its standard input, output and
/// error. Used by one caller at a time (the worker pool hands it out).
final class ExecChild: @unchecked Sendable {
    let pid: pid_t
    private var stdinFD: Int32
    private var stdoutFD: Int32
    private var stderrFD: Int32
    private var pending: [UInt8] = []
    private var scanned = 0
    private var errorTail: [UInt8] = []
    private var exitDescription: String?
    private var closed = false
    static let stderrTailBytes = 1500

    /// Runs `/bin/sh` to enter `directory`, set the address-space limit (`memoryKiB`, 0 for none)
    /// and exec `command`, in its own process group.
    init(command: [String], environment: [String: String], directory: String, memoryKiB: Int) throws(PluginError) {
        _ = ExecChild.ignoreBrokenPipes
        let script = "cd \"$1\" || exit 126; if [ \"$2\" -gt 0 ]; then ulimit -v \"$2\" || exit 126; fi; shift 2; exec \"$@\""
        let argv = ["/bin/sh", "-c", script, "sluice-exec", directory, String(memoryKiB)] + command
        var merged = ProcessInfo.processInfo.environment
        for (k, v) in environment { merged[k] = v }
        let envp = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        // Pipes and spawn under one lock, so that no other program started here inherits a pipe
        // before it is marked close-on-exec (on Linux the pipes are born close-on-exec, which
        // also covers programs forked by other code, such as Foundation's Process).
        ExecChildren.spawning.lock()
        defer { ExecChildren.spawning.unlock() }
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard Self.closeOnExecPipe(&input), Self.closeOnExecPipe(&output), Self.closeOnExecPipe(&errors) else {
            let reason = String(cString: strerror(errno))
            for fd in input + output + errors where fd >= 0 { close(fd) }
            throw .io("cannot create pipes for the program: \(reason)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var child: pid_t = 0
        let status = Self.withCStrings(argv) { cArgv in
            Self.withCStrings(envp) { cEnv in posix_spawn(&child, "/bin/sh", &actions, &attributes, cArgv, cEnv) }
        }
        close(input[0]); close(output[1]); close(errors[1])
        guard status == 0 else {
            close(input[1]); close(output[0]); close(errors[0])
            throw .io("cannot start the program: \(String(cString: strerror(status)))")
        }
        pid = child
        stdinFD = input[1]
        stdoutFD = output[0]
        stderrFD = errors[0]
        for fd in [stdinFD, stdoutFD, stderrFD] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        ExecChildren.live.withLock { _ = $0.insert(child) }
    }

    deinit { terminate() }

    /// Makes a pipe whose two ends are closed on exec: atomically with `pipe2(O_CLOEXEC)` where
    /// the C library has it (Linux), so no process forked by another thread meanwhile inherits
    /// them; elsewhere with `pipe` and then `fcntl`.
    static func closeOnExecPipe(_ fds: inout [Int32]) -> Bool {
        if let pipe2 = Self.pipe2 { return pipe2(&fds, O_CLOEXEC) == 0 }
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// The C library's `pipe2`, when it has one. Swift's Glibc module leaves it out (it is a GNU
    /// extension), so it is looked up by name.
    static let pipe2: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32)? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32).self)
        #else
        return nil
        #endif
    }()

    /// Writes `bytes` to the program's standard input.
    func send(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(ExecFailure) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(stdinFD, $0.baseAddress! + offset, bytes.count - offset) }
            if n > 0 {
                offset += n
            } else if n < 0, errno != EAGAIN, errno != EINTR {
                throw .closed
            } else {
                try waitFor(stdinFD, events: Int16(POLLOUT), deadline: deadline)
            }
        }
    }

    /// Reads one line (without its newline) from the program's standard output.
    func receiveLine(deadline: ContinuousClock.Instant, maxBytes: Int) throws(ExecFailure) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let newline = pending[scanned...].firstIndex(of: 0x0A) {
                let line = Array(pending[..<newline])
                pending.removeFirst(newline + 1)
                scanned = 0
                return line
            }
            scanned = pending.count
            if pending.count > maxBytes { throw .tooLong(maxBytes) }
            let n = chunk.withUnsafeMutableBytes { read(stdoutFD, $0.baseAddress!, $0.count) }
            if n > 0 {
                pending.append(contentsOf: chunk[..<n])
            } else if n == 0 {
                throw .closed
            } else if errno != EAGAIN, errno != EINTR {
                throw .closed
            } else {
                try waitFor(stdoutFD, events: Int16(POLLIN), deadline: deadline)
            }
        }
    }

    /// Waits until `fd` is ready, draining standard error meanwhile.
    private func waitFor(_ fd: Int32, events: Int16, deadline: ContinuousClock.Instant) throws(ExecFailure) {
        while true {
            let left = deadline - ContinuousClock.now
            if left <= .zero { throw .timedOut }
            let ms = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            var fds = [pollfd(fd: fd, events: events, revents: 0), pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, stderrFD >= 0 ? 2 : 1, min(ms, 1000))
            if ready < 0, errno != EINTR { throw .closed }
            if fds[1].revents != 0 { drainStandardError() }
            if fds[0].revents & events != 0 { return }
            if fds[0].revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { return }
        }
    }

    private func drainStandardError() {
        guard stderrFD >= 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(stderrFD, $0.baseAddress!, $0.count) }
            if n > 0 {
                errorTail.append(contentsOf: chunk[..<n])
                if errorTail.count > 4 * Self.stderrTailBytes { errorTail.removeFirst(errorTail.count - Self.stderrTailBytes) }
            } else {
                if n == 0 { close(stderrFD); stderrFD = -1 }
                return
            }
        }
    }

    /// The last lines the program wrote to standard error, on one line.
    var stderrTail: String {
        drainStandardError()
        let text = String(decoding: errorTail.suffix(Self.stderrTailBytes), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).suffix(8).joined(separator: " | ")
            .trimmingCharacters(in: .whitespaces)
    }

    /// Whether the program has ended (it is reaped when it has).
    var hasEnded: Bool {
        guard exitDescription == nil else { return true }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return false }
        recordExit(status)
        return true
    }

    /// How the program ended ("exited with status 3", "killed by signal 9"), once it has.
    var exitStatus: String? { exitDescription }

    /// Closes standard input, gives the program `grace` to exit by itself, then kills its process
    /// group and reaps it.
    func terminate(grace: Duration = .milliseconds(200)) {
        guard !closed else { return }
        closed = true
        let reapedEarlier = exitDescription != nil
        if stdinFD >= 0 { close(stdinFD); stdinFD = -1 }
        var status: Int32 = 0
        let until = ContinuousClock.now + grace
        var reaped = waitpid(pid, &status, WNOHANG) == pid || reapedEarlier
        while !reaped, ContinuousClock.now < until {
            usleep(5000)
            reaped = waitpid(pid, &status, WNOHANG) == pid
        }
        if !reaped {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        }
        drainStandardError()
        if stdoutFD >= 0 { close(stdoutFD); stdoutFD = -1 }
        if stderrFD >= 0 { close(stderrFD); stderrFD = -1 }
        ExecChildren.live.withLock { _ = $0.remove(pid) }
        if !reapedEarlier { recordExit(status) }
    }

    private func recordExit(_ status: Int32) {
        let code = status & 0x7F
        exitDescription = code == 0 ? "exited with status \((status >> 8) & 0xFF)" : "killed by signal \(code)"
    }

    /// A write to a program that has exited must fail with EPIPE, not kill Sluice.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN); ExecChildren.killAtExit() }()

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for p in pointers { free(p) } }
        return body(pointers)
    }
}

/// The programs running now, killed when Sluice exits so that none is left behind.
enum ExecChildren {
    static let live = Locked<Set<pid_t>>([])
    static let spawning = NSLock()

    static func killAtExit() {
        atexit {
            for pid in ExecChildren.live.withLock({ $0 }) {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
            }
        }
    }
}
