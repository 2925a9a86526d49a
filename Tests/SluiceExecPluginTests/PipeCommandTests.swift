import Foundation
import SluiceTestSupport
import Testing

/// `sluice pipe`, through the real binary.
@Suite("sluice pipe")
struct PipeCommandTests {
    func requests(_ lines: [String], in scratch: ExecScratch) -> String {
        scratch.write("requests.jsonl", lines.joined(separator: "\n") + "\n")
    }

    @Test("pipe gives the same records as ingest --jsonl, for paths and for inline bytes")
    func roundTrip() throws {
        let scratch = try ExecScratch()
        let env = ["SLUICE_PLUGIN_PATH": scratch.path + "/plugins"]
        let ingest = try runSluice(["ingest", "data", "--jsonl", "ingest.jsonl", "--no-store", "--no-state"], in: scratch.path, environment: env)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let expected = scratch.read("ingest.jsonl").split(separator: "\n").map(String.init)
        #expect(expected.count == 5)
        let paths = ["data/books.csv", "data/contacts.csv", "data/header-only.csv"]
        let byPath = try runSluice(["pipe"], in: scratch.path, stdinFile: requests(paths.map { "{\"path\": \"\($0)\"}" }, in: scratch), environment: env)
        #expect(byPath.status == 0, "\(byPath.stderr)")
        let documents = byPath.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("{\"blocks\"") }
        #expect(documents == expected, "byte-identical records, in request order")
        let skipped = byPath.jsonLines.filter { $0["sluice"] as? String == "skipped" }
        #expect(skipped.count == 1 && skipped.first?["request"] as? Int == 3)
        let inline = paths.map { path in
            let bytes = FileManager.default.contents(atPath: scratch.path + "/" + path)!.base64EncodedString()
            return "{\"name\": \"\(path)\", \"bytes\": \"\(bytes)\"}"
        }
        let byBytes = try runSluice(["pipe"], in: scratch.path, stdinFile: requests(inline, in: scratch), environment: env)
        #expect(byBytes.status == 0, "\(byBytes.stderr)")
        #expect(byBytes.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("{\"blocks\"") } == expected)
    }

    @Test("a manifest's pipeline runs with its exec reader and normalizer")
    func manifestPipeline() throws {
        let scratch = try ExecScratch()
        let run = try runSluice(["run", "manifest.yaml"], in: scratch.path)
        #expect(run.status == 0, "\(run.stderr)")
        let piped = try runSluice(
            ["pipe", "--manifest", "manifest.yaml", "--pipeline", "contacts"], in: scratch.path,
            stdinFile: requests(["\"data/books.csv\"", "\"data/contacts.csv\""], in: scratch))
        #expect(piped.status == 0, "\(piped.stderr)")
        let texts = { (docs: [[String: Any]]) in docs.compactMap { $0["text"] as? String }.sorted() }
        #expect(texts(piped.jsonLines) == texts(scratch.jsonLines("out/contacts.jsonl")))
        #expect(texts(piped.jsonLines).count == 5)
    }

    @Test("a broken line in the middle gives an error line in its place; the rest is processed in order")
    func brokenLine() throws {
        let scratch = try ExecScratch()
        for i in 1...5 { scratch.write("t/\(i).txt", "Paragraph number \(i).\n") }
        let lines = ["{\"path\": \"t/1.txt\"}", "\"t/2.txt\"", "{\"path\": \"t/3.txt\"", "{\"path\": \"t/missing.txt\"}",
                     "{\"name\": \"x.txt\", \"bytes\": \"!!\"}", "{\"path\": \"t/4.txt\"}", "{\"name\": \"n/5.txt\", \"bytes\": \"\(Data("Paragraph five.".utf8).base64EncodedString())\"}"]
        let run = try runSluice(["pipe"], in: scratch.path, stdinFile: requests(lines, in: scratch))
        #expect(run.status == 1, "a request failed")
        let out = run.jsonLines
        let summary = out.map { line -> String in
            if let kind = line["sluice"] as? String { return "\(kind) \(line["request"] as? Int ?? 0) \(line["stage"] as? String ?? "")" }
            return (line["source"] as? [String: Any])?["path"] as? String ?? "?"
        }
        #expect(summary == ["t/1.txt", "t/2.txt", "error 3 request", "error 4 read", "error 5 request", "t/4.txt", "n/5.txt"])
        #expect((out[2]["reason"] as? String ?? "").contains("not JSON"))
    }

    @Test("a manifest allowing the largest max_input_bytes runs (the request line cap does not overflow)")
    func hugeInputLimit() throws {
        let scratch = try ExecScratch()
        scratch.write("t/1.txt", "Paragraph one.\n")
        scratch.write("big.yaml", """
            version: 1
            state: false
            pipelines:
              p:
                inputs: [t]
                max_input_bytes: 9223372036854775807
                sinks: [{name: jsonl, path: out.jsonl}]
            """)
        let run = try runSluice(["pipe", "--manifest", "big.yaml"], in: scratch.path, stdinFile: requests(["\"t/1.txt\""], in: scratch))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.jsonLines.compactMap { ($0["source"] as? [String: Any])?["path"] as? String } == ["t/1.txt"])
    }

    @Test("a client that sends one request and waits gets its answer before it sends the next")
    func requestResponse() throws {
        let scratch = try ExecScratch()
        scratch.write("t/1.txt", "The first paragraph.\n")
        scratch.write("t/2.txt", "The second paragraph.\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SluiceCheckout.sluiceBinary)
        process.arguments = ["pipe", "--reader", "text"]
        process.currentDirectoryURL = URL(fileURLWithPath: scratch.path)
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var answers = AnswerLines(output.fileHandleForReading.fileDescriptor)
        for n in 1...2 {
            // The pipe stays open: no end of input tells sluice to answer.
            input.fileHandleForWriting.write(Data("{\"path\": \"t/\(n).txt\"}\n".utf8))
            let next = answers.next(within: 60)
            let answer = try #require(next, "no answer to request \(n) within 60 s")
            #expect(answer.hasPrefix("{\"blocks\"") && answer.contains("t/\(n).txt"), "\(answer)")
        }
        try input.fileHandleForWriting.close()
        let after = answers.next(within: 60)
        #expect(after == nil, "nothing more after the end of input")
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!process.isRunning && process.terminationStatus == 0)
    }

    @Test("a stream of 100,000 requests completes with one record per request")
    func longStream() throws {
        let scratch = try ExecScratch()
        for i in 0..<10 { scratch.write("t/\(i).txt", "Line \(i) of a small text.\n") }
        let text = (0..<100_000).map { "{\"path\": \"t/\($0 % 10).txt\"}" }.joined(separator: "\n") + "\n"
        let file = scratch.write("many.jsonl", text)
        let run = try runSluice(["pipe", "--reader", "text"], in: scratch.path, stdinFile: file)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 100_000)
        #expect(lines.allSatisfy { $0.hasPrefix("{\"blocks\"") })
        #expect(lines[99_999].contains("t/9.txt"))
    }
}

/// Lines read from a pipe, each waited for at most a given time, so a test cannot hang.
struct AnswerLines {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(_ fd: Int32) { self.fd = fd }

    /// The next line, or nil at the end of the pipe or when none came within `seconds`.
    mutating func next(within seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                defer { buffer.removeFirst(newline + 1) }
                return String(decoding: buffer[..<newline], as: UTF8.self)
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(left * 1000) + 1) > 0 else { continue }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return nil }
            if n > 0 { buffer.append(contentsOf: chunk[..<n]) }
        }
    }
}
