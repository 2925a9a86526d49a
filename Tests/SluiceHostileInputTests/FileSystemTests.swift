import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let body = "A title\n\nA paragraph of ordinary text that any reader takes.\n"

/// Odd names and odd kinds of file in the input tree.
@Suite(.serialized) struct HostileFileSystemTests {
    @Test func oddFileNamesAreIngested() throws {
        let scratch = Scratch()
        let names = [
            "with space.txt", "  leading and trailing spaces  .txt", "new\nline.txt", "tab\there.txt", "-rf.txt", "--help.txt", "-",
            "back\\slash.txt", "quote\"and'apostrophe.txt", "star*and?mark[1].txt", "percent%s%n.txt", "emoji-📄.txt", "中文名.txt",
            "\u{1B}[31mred\u{1B}[0m.txt", "carriage\rreturn.txt", String(repeating: "n", count: 251) + ".txt",
        ]
        // Each file different: identical inputs are stored once (the rest skipped as duplicates).
        for (i, name) in names.enumerated() { scratch.write("in/" + name, body + "File \(i).\n") }
        // Bytes that are not UTF-8 in names (Latin-1 é, a lone continuation byte, an overlong NUL).
        let rawNames: [[UInt8]] = [Array("caf".utf8) + [0xE9] + Array(".txt".utf8), [0x80, 0x2E, 0x74, 0x78, 0x74], Array("x".utf8) + [0xC0, 0x80] + Array(".txt".utf8)]
        // An empty file is skipped, so the summary names it.
        scratch.write("in/\u{1B}[31mempty\u{1B}[0m.txt", "")
        for (i, raw) in rawNames.enumerated() { scratch.write(rawName: raw, in: "in", Array((body + "Raw \(i).\n").utf8)) }

        let outcome = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--no-store", "--report", "report.json"], in: scratch.path)
        expectCleanExit(outcome)
        let reported = try reportedInputs(scratch.path + "/report.json", of: outcome)
        #expect(reported.count == names.count + rawNames.count + 1, "every file accounted for: \(reported.map(\.path))")
        for name in names {
            let input = reported.first { $0.path == "in/" + name }
            #expect(input?.status == "ingested", "\(name.debugDescription): \(input?.status ?? "missing") \(input?.reason ?? "")")
        }
        let records = try jsonLines(scratch.read("out.jsonl") ?? "")
        #expect(records.count >= names.count)
        // Names that are not UTF-8 are ingested under their escaped form (docs/schema.md, source.path).
        let others = reported.filter { r in !names.contains { "in/" + $0 == r.path } && !r.path.contains("empty") }
        #expect(others.map(\.path).sorted() == ["in/%80.txt", "in/caf%E9.txt", "in/x%C0%80.txt"])
        for input in others {
            #expect(input.status == "ingested", "\(input.path.debugDescription): \(input.status) \(input.reason ?? "")")
        }
        // An escape sequence in a name must not reach the terminal raw.
        #expect(!outcome.stderr.contains("\u{1B}[31m"), "a raw escape sequence from a file name reached standard error")
        #expect(outcome.stderr.contains("\\u{1b}[31mempty"))
    }

    @Test func leadingDashNamesOnTheCommandLine() throws {
        let scratch = Scratch()
        scratch.write("-v.txt", body + "One.\n")
        scratch.write("--help.txt", body + "Two.\n")
        let outcome = try runSluice(["ingest", "--jsonl", "out.jsonl", "--no-store", "--", "-v.txt", "--help.txt"], in: scratch.path)
        expectCleanExit(outcome)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try jsonLines(scratch.read("out.jsonl") ?? "").count == 2)
        let dotSlash = try runSluice(["ingest", "./-v.txt", "--jsonl", "out2.jsonl", "--no-store"], in: scratch.path)
        #expect(dotSlash.status == 0, "\(dotSlash.stderr)")
    }

    @Test func symlinkLoopsAndEscapesAreNotFollowed() throws {
        let scratch = Scratch()
        scratch.write("in/good.txt", body)
        scratch.write("in/other.txt", body + "Another one.\n")
        scratch.write("secret.txt", "Secret title\n\nTHE-SECRET-CONTENT must not be ingested.\n")
        let inDir = scratch.path + "/in"
        symlink("loop-b", inDir + "/loop-a.txt")
        symlink("loop-a.txt", inDir + "/loop-b")
        symlink("self.txt", inDir + "/self.txt")
        symlink("..", inDir + "/parent")                       // a directory loop
        symlink(inDir, inDir + "/again")                        // another one, absolute
        symlink("../secret.txt", inDir + "/escape.txt")         // out of the root, relative
        symlink(scratch.path + "/secret.txt", inDir + "/escape-absolute.txt")
        symlink("/etc/passwd", inDir + "/passwd.txt")
        symlink("/dev/zero", inDir + "/zero.txt")
        symlink("/dev/urandom", inDir + "/urandom.md")
        symlink("/proc/self/mem", inDir + "/mem.txt")
        symlink("other.txt", inDir + "/inside.txt")             // inside the root: read

        let outcome = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--no-store", "--report", "report.json"], in: scratch.path, timeout: 60)
        expectCleanExit(outcome)
        let reported = try reportedInputs(scratch.path + "/report.json", of: outcome)
        let byName = Dictionary(reported.map { (String($0.path.dropFirst(3)), $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["good.txt"]?.status == "ingested")
        #expect(byName["inside.txt"]?.status == "ingested")
        for name in ["loop-a.txt", "loop-b", "self.txt"] {
            #expect(byName[name]?.status == "failed" || byName[name]?.status == "skipped", "\(name): \(String(describing: byName[name]))")
            #expect(hasReason(byName[name]))
        }
        for name in ["parent", "again"] {
            #expect(byName[name]?.status == "skipped", "\(name): \(String(describing: byName[name]))")
            #expect(byName[name]?.reason?.contains("not followed") == true, "\(name): \(byName[name]?.reason ?? "")")
        }
        for name in ["escape.txt", "escape-absolute.txt", "passwd.txt", "zero.txt", "urandom.md", "mem.txt"] {
            #expect(byName[name]?.status == "skipped", "\(name): \(String(describing: byName[name]))")
            #expect(byName[name]?.reason?.contains("outside the input root") == true, "\(name): \(byName[name]?.reason ?? "")")
        }
        let out = scratch.read("out.jsonl") ?? ""
        #expect(!out.contains("THE-SECRET-CONTENT"))
        #expect(!out.contains("root:x:0:0"))
        #expect(try jsonLines(out).count == 2)   // good.txt, and other.txt once (inside.txt is the same file)
    }

    @Test func fifosSocketsAndDevicesAreSkipped() throws {
        let scratch = Scratch()
        scratch.write("in/good.txt", body)
        #expect(mkfifo(scratch.path + "/in/fifo.txt", 0o644) == 0)
        // A socket someone is listening on.
        let socketPath = scratch.path + "/in/socket.txt"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(socketPath.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes + [0])
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        listen(fd, 1)

        let outcome = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--no-store", "--report", "report.json"], in: scratch.path, timeout: 60)
        expectCleanExit(outcome)
        let reported = try reportedInputs(scratch.path + "/report.json", of: outcome)
        let fifo = reported.first { $0.path == "in/fifo.txt" }
        #expect(fifo?.status == "skipped" && fifo?.reason?.contains("named pipe") == true, "\(String(describing: fifo))")
        let sock = reported.first { $0.path == "in/socket.txt" }
        #expect(sock?.status == "skipped" && sock?.reason?.contains("socket") == true, "\(String(describing: sock))")
        #expect(reported.first { $0.path == "in/good.txt" }?.status == "ingested")

        // Named directly on the command line: a FIFO, a device that never ends, a terminal-ish one.
        let direct = try runSluice(
            ["ingest", "in/fifo.txt", "/dev/zero", "/dev/null", "/dev/urandom", "--jsonl", "out2.jsonl", "--no-store", "--report", "report2.json"],
            in: scratch.path, timeout: 60)
        expectCleanExit(direct)
        let directReport = try reportedInputs(scratch.path + "/report2.json", of: direct)
        #expect(directReport.count == 4)
        for input in directReport {
            #expect(input.status == "skipped", "\(input.path): \(input.status) \(input.reason ?? "")")
            #expect(input.reason?.contains("not a regular file") == true, "\(input.path): \(input.reason ?? "")")
        }
    }

    @Test func missingAndUnreadableInputsFailWithAReason() throws {
        let scratch = Scratch()
        scratch.write("in/good.txt", body)
        scratch.write("in/locked/inner.txt", body)
        scratch.write("in/unreadable.txt", body)
        chmod(scratch.path + "/in/unreadable.txt", 0)
        chmod(scratch.path + "/in/locked", 0)
        defer { chmod(scratch.path + "/in/locked", 0o755) }
        let outcome = try runSluice(
            ["ingest", "in", "does-not-exist.txt", "no-such-dir/", "--jsonl", "out.jsonl", "--no-store", "--report", "report.json"],
            in: scratch.path)
        expectCleanExit(outcome)
        #expect(outcome.status == 1)
        let reported = try reportedInputs(scratch.path + "/report.json", of: outcome)
        #expect(reported.first { $0.path == "does-not-exist.txt" }?.reason?.contains("no such file") == true)
        #expect(reported.first { $0.path == "no-such-dir" }?.status == "failed")
        if getuid() != 0 {   // root reads anything
            #expect(reported.first { $0.path == "in/unreadable.txt" }?.status == "failed")
            #expect(reported.contains { $0.path.hasPrefix("in/locked") && $0.status == "failed" && ($0.reason ?? "").contains("cannot list") })
        }
        #expect(reported.first { $0.path == "in/good.txt" }?.status == "ingested")
    }

    @Test func deeplyNestedDirectoriesAreBounded() throws {
        let scratch = Scratch()
        var path = "in"
        for i in 0..<160 { path += "/d\(i % 10)" }
        scratch.write(path + "/deep.txt", body)
        scratch.write("in/shallow.txt", body)
        let outcome = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--no-store", "--report", "report.json"], in: scratch.path)
        expectCleanExit(outcome)
        let reported = try reportedInputs(scratch.path + "/report.json", of: outcome)
        #expect(reported.first { $0.path == "in/shallow.txt" }?.status == "ingested")
        #expect(reported.contains { $0.status == "skipped" && ($0.reason ?? "").contains("nesting deeper") })
        #expect(!reported.contains { $0.path.hasSuffix("deep.txt") && $0.status == "ingested" })
    }

    /// Best effort: files deleted, replaced, truncated and made unreadable while a run reads them.
    @Test func filesVanishingMidRun() throws {
        let scratch = Scratch()
        let count = 1500
        for i in 0..<count { scratch.write(String(format: "in/%04d.txt", i), "Title \(i)\n\nParagraph number \(i) of the vanishing test.\n") }
        let done = Locked2()
        let root = scratch.path
        let mutator = Thread {
            var i = count - 1
            // Work from the end backwards, so that some files go before the run reaches them.
            while !done.value && i >= 0 {
                let path = root + String(format: "/in/%04d.txt", i)
                switch i % 4 {
                case 0: unlink(path)
                case 1: truncate(path, 3)
                case 2: _ = try? Data(repeating: 0, count: 100).write(to: URL(fileURLWithPath: path))   // becomes binary
                default: unlink(path); mkdir(path, 0o755)                                                 // becomes a directory
                }
                i -= 1
                usleep(200)
            }
        }
        mutator.start()
        let outcome = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--no-store", "--report", "report.json", "--concurrency", "2"],
                                    in: scratch.path, timeout: 120)
        done.value = true
        expectCleanExit(outcome)
        let reported = try reportedInputs(scratch.path + "/report.json", of: outcome)
        #expect(reported.count >= count / 2)
        for input in reported {
            #expect(["ingested", "skipped", "failed"].contains(input.status))
            if input.status != "ingested" { #expect(hasReason(input), "\(input.path) \(input.status) without a reason") }
        }
        let records = try jsonLines(scratch.read("out.jsonl") ?? "")
        #expect(records.count == reported.filter { $0.status == "ingested" }.map(\.documents).reduce(0, +))
    }
}

final class Locked2: @unchecked Sendable {
    private var stored = false
    private let lock = NSLock()
    var value: Bool {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
