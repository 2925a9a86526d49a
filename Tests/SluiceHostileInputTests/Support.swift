import Foundation
import SluiceTesting
import SluiceTestSupport
import SluiceBuiltins
import SluiceCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The repository root.
let repositoryRoot = SluiceCheckout.root

/// The `sluice` binary built next to the test bundle (or `SLUICE_BINARY`).
let sluiceBinary = SluiceCheckout.sluiceBinary

/// Whether this build has the news reader (HTML cases need it).
let hasNewsReader = PluginRegistry.builtins().descriptor(named: "news") != nil

/// What a finished (or killed) `sluice` process left.
struct Outcome {
    var status: Int32
    /// The signal that ended the process, if one did (a crash, or the watchdog).
    var signal: Int32?
    var stdout: String
    var stderr: String
    /// The process's peak resident memory in bytes, as last seen (sampled every 5 ms).
    var maxRSS: Int
    var seconds: Double
    var timedOut: Bool
}

/// Runs the real `sluice` binary (through posix_spawn, so that its memory can be watched in
/// /proc) with a watchdog: after `timeout` seconds it is killed and `timedOut` is set.
/// Standard output and error go to files in `directory`; arguments are raw bytes, so that file
/// names that are not UTF-8 can be passed.
func runSluice(_ arguments: [[UInt8]], in directory: String, timeout: Double = 60) throws -> Outcome {
    let tag = UUID().uuidString
    let outPath = NSTemporaryDirectory() + "sluice-hostile-\(tag).out"
    let errPath = NSTemporaryDirectory() + "sluice-hostile-\(tag).err"
    defer {
        unlink(outPath)
        unlink(errPath)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

    // `sh` changes folder and then becomes sluice (exec keeps the pid that wait4 watches).
    let shell: [[UInt8]] = [Array("/bin/sh".utf8), Array("-c".utf8), Array("cd \"$0\" && exec \"$@\"".utf8), Array(directory.utf8)]
    let argv: [UnsafeMutablePointer<CChar>?] = (shell + [Array(sluiceBinary.utf8)] + arguments).map { bytes in
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        for (i, b) in bytes.enumerated() { p[i] = CChar(bitPattern: b) }
        p[bytes.count] = 0
        return p
    } + [nil]
    defer { for p in argv { p?.deallocate() } }
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in envp { free(p) } }

    var pid: pid_t = 0
    let started = Date()
    let rc = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp)
    guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }

    var status: Int32 = 0
    var timedOut = false
    // Peak memory is read from /proc while the process runs (wait4's ru_maxrss would include
    // the memory of this test process, which the child shared until it called exec).
    var peak = 0
    while true {
        if let hwm = peakResidentBytes(pid) { peak = max(peak, hwm) }
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid { break }
        if r < 0 && errno != EINTR { throw POSIXError(.ECHILD) }
        if Date().timeIntervalSince(started) > timeout && !timedOut {
            timedOut = true
            kill(pid, SIGKILL)
        }
        usleep(5_000)
    }
    let seconds = Date().timeIntervalSince(started)
    let exited = status & 0x7f == 0
    let read = { (path: String) in
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
    return Outcome(
        status: exited ? (status >> 8) & 0xff : -1,
        signal: exited ? nil : status & 0x7f,
        stdout: read(outPath), stderr: read(errPath),
        maxRSS: peak, seconds: seconds, timedOut: timedOut)
}

/// VmHWM of a running process, in bytes (nil once it is gone, or for the shell before its exec).
private func peakResidentBytes(_ pid: pid_t) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          status.contains("Name:\tsluice"),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
    let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
    return kilobytes.map { $0 * 1024 }
}

/// Runs `sluice` with string arguments.
func runSluice(_ arguments: [String], in directory: String, timeout: Double = 60) throws -> Outcome {
    try runSluice(arguments.map { Array($0.utf8) }, in: directory, timeout: timeout)
}

/// One input's line in the run report.
struct ReportedInput {
    var path: String
    var status: String
    var reason: String?
    var stage: String?
    var documents: Int
    var warnings: [String]
}

/// The inputs of the first pipeline of a `--report` file (`outcome`, when given, is shown if
/// there is no report).
func reportedInputs(_ reportPath: String, of outcome: Outcome? = nil) throws -> [ReportedInput] {
    guard let data = FileManager.default.contents(atPath: reportPath) else {
        throw ReportMissing(path: reportPath, stderr: outcome.map { String($0.stderr.suffix(3000)) } ?? "")
    }
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let pipeline = try #require((json["pipelines"] as? [[String: Any]])?.first)
    let inputs = try #require(pipeline["inputs"] as? [[String: Any]])
    return inputs.map {
        ReportedInput(
            path: $0["path"] as? String ?? "", status: $0["status"] as? String ?? "",
            reason: $0["reason"] as? String, stage: $0["stage"] as? String,
            documents: $0["documents"] as? Int ?? 0, warnings: $0["warnings"] as? [String] ?? [])
    }
}

/// Whether a report line carries a non-empty reason.
func hasReason(_ input: ReportedInput?) -> Bool { !(input?.reason ?? "").isEmpty }

/// A run left no report.
struct ReportMissing: Error, CustomStringConvertible {
    var path: String
    var stderr: String
    var description: String { "no report at \(path); sluice said: \(stderr)" }
}

/// Parses JSON Lines.
func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map {
        try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
}

/// The process did what every hostile case demands: it ended by itself (no crash, no hang) with
/// exit status 0 (all ingested or skipped) or 1 (some inputs failed, reported).
func expectCleanExit(_ outcome: Outcome, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(!outcome.timedOut, "sluice hung (killed after \(Int(outcome.seconds)) s)", sourceLocation: sourceLocation)
    #expect(outcome.signal == nil, "sluice died of signal \(outcome.signal ?? 0): \(outcome.stderr.suffix(2000))", sourceLocation: sourceLocation)
    #expect(outcome.status == 0 || outcome.status == 1, "exit status \(outcome.status): \(outcome.stderr.suffix(2000))", sourceLocation: sourceLocation)
}

/// A fresh temporary folder, removed when released.
final class Scratch {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "sluice-hostile-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes a file (making folders) and returns its full path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let full = path + "/" + name
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: full, contents: Data(bytes)), "cannot create \(full)")
        return full
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }

    /// Writes a file whose name is raw bytes (possibly not UTF-8) inside `folder`.
    func write(rawName: [UInt8], in folder: String, _ bytes: [UInt8]) {
        let dir = path + "/" + folder
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let full = Array(dir.utf8) + [UInt8(ascii: "/")] + rawName + [0]
        let fd = full.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        precondition(fd >= 0, "cannot create a file with a raw name")
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + name).map { String(decoding: $0, as: UTF8.self) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A deterministic pseudo-random byte generator (xorshift), so that "random" inputs are the same
/// on every run.
struct Xorshift {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
    mutating func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count)
        while out.count < count {
            var v = next()
            for _ in 0..<8 where out.count < count {
                out.append(UInt8(truncatingIfNeeded: v))
                v >>= 8
            }
        }
        return out
    }
}

/// Text in a legacy or wide encoding, via iconv's names (as Foundation on Linux lacks most).
func encode(_ text: String, as encoding: String.Encoding) -> [UInt8] {
    Array(text.data(using: encoding)!)
}
