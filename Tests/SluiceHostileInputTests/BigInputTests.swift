import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Writes `count` repetitions of `unit` to `path` without building the whole file in memory.
func writeRepeated(_ path: String, prefix: String = "", unit: String, count: Int, suffix: String = "") {
    FileManager.default.createFile(atPath: path, contents: nil)
    let handle = FileHandle(forWritingAtPath: path)!
    defer { try? handle.close() }
    handle.write(Data(prefix.utf8))
    let chunkUnits = max(1, 1 << 20 / max(1, unit.utf8.count))
    let chunk = Data(String(repeating: unit, count: chunkUnits).utf8)
    var left = count
    while left >= chunkUnits {
        handle.write(chunk)
        left -= chunkUnits
    }
    if left > 0 { handle.write(Data(String(repeating: unit, count: left).utf8)) }
    handle.write(Data(suffix.utf8))
}

/// Inputs big enough to hurt: they must be ingested, cut or refused with a reason, in bounded
/// time and memory.
@Suite(.serialized) struct HostileBigInputTests {
    /// 50 MB on one line, through the text reader (no normalizers: this is about the reader and
    /// the engine, and a debug build is slow).
    @Test(.timeLimit(.minutes(3))) func fiftyMegabytesOnOneLine() throws {
        let scratch = Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path + "/in", withIntermediateDirectories: true)
        writeRepeated(scratch.path + "/in/one-line.txt", unit: "word ", count: 10_000_000)
        scratch.write("m.yaml", """
            version: 1
            pipelines:
              big:
                inputs: [in/]
                reader: text
                sinks:
                  - {name: jsonl, path: out.jsonl}
              limited:
                inputs: [in/]
                reader: text
                max_input_bytes: 10000000
                sinks:
                  - {name: jsonl, path: limited.jsonl}
            """)
        let outcome = try runSluice(["run", "m.yaml", "--report", "report.json"], in: scratch.path, timeout: 170)
        expectCleanExit(outcome)
        #expect(outcome.status == 1, "the limited pipeline fails its input: \(outcome.stderr)")
        #expect(outcome.maxRSS < 1_536 << 20, "peak memory \(outcome.maxRSS >> 20) MB for a 50 MB input")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path + "/report.json"))) as! [String: Any]
        let pipelines = json["pipelines"] as! [[String: Any]]
        let big = (pipelines.first { $0["pipeline"] as? String == "big" }?["inputs"] as? [[String: Any]])?.first
        #expect(big?["status"] as? String == "ingested", "\(String(describing: big))")
        let limited = (pipelines.first { $0["pipeline"] as? String == "limited" }?["inputs"] as? [[String: Any]])?.first
        #expect(limited?["status"] as? String == "failed")
        #expect((limited?["reason"] as? String)?.contains("over the limit") == true, "\(String(describing: limited))")
        var st = stat()
        #expect(stat(scratch.path + "/out.jsonl", &st) == 0 && st.st_size > 50_000_000)
        #expect(outcome.stderr.contains("in/one-line.txt"))
    }

    /// A million tiny elements, and elements nested very deep, through the news reader.
    @Test(.enabled(if: hasNewsReader), .timeLimit(.minutes(3))) func aMillionTinyElements() throws {
        let scratch = Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path + "/in", withIntermediateDirectories: true)
        writeRepeated(scratch.path + "/in/million.html", prefix: "<html><head><title>Many</title></head><body><article>",
                      unit: "<p>x</p>", count: 1_000_000, suffix: "</article></body></html>")
        writeRepeated(scratch.path + "/in/unclosed.html", prefix: "<html><body>", unit: "<b>", count: 1_000_000)
        writeRepeated(scratch.path + "/in/deep.html", prefix: "<html><body>", unit: "<div>", count: 100_000,
                      suffix: "<p>Deep paragraph text that is long enough to count as an article paragraph for sure.</p>")
        let outcome = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--no-store", "--report", "report.json"],
                                    in: scratch.path, timeout: 170)
        expectCleanExit(outcome)
        #expect(outcome.maxRSS < 2 << 30, "peak memory \(outcome.maxRSS >> 20) MB")
        let reported = try reportedInputs(scratch.path + "/report.json", of: outcome)
        #expect(reported.count == 3)
        for input in reported {
            #expect(input.status == "ingested" || hasReason(input), "\(input.path): \(input.status) without a reason")
        }
        // A page over the node limit is cut with a warning naming the limit.
        let million = reported.first { $0.path == "in/million.html" }
        #expect(million?.status != "ingested" || million?.warnings.isEmpty == false, "a million nodes went by without a warning")
    }

    /// XHTML that tries to pull in a local file or expand an entity bomb.
    @Test(.enabled(if: hasNewsReader)) func externalEntitiesAndEntityBombs() throws {
        let scratch = Scratch()
        scratch.write("secret.txt", "THE-SECRET-CONTENT\n")
        let paragraph = "<p>An ordinary paragraph of the article, long enough to be kept as article text by the reader.</p>"
        scratch.write("in/xxe.xhtml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html [ <!ENTITY xxe SYSTEM "file://\(scratch.path)/secret.txt"> <!ENTITY pw SYSTEM "file:///etc/passwd"> ]>
            <html xmlns="http://www.w3.org/1999/xhtml"><head><title>XXE</title></head>
            <body><article><h1>XXE</h1>\(paragraph)<p>&xxe; &pw;</p>\(paragraph)</article></body></html>
            """)
        var bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE html [\n<!ENTITY l0 \"lol\">\n"
        for i in 1...12 { bomb += "<!ENTITY l\(i) \"" + String(repeating: "&l\(i - 1);", count: 10) + "\">\n" }
        bomb += "]>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><article>\(paragraph)<p>&l12;</p></article></body></html>\n"
        scratch.write("in/bomb.xhtml", bomb)
        scratch.write("in/remote-dtd.html", """
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://127.0.0.1:9/nonexistent.dtd">
            <html><head><title>DTD</title></head><body><article>\(paragraph)\(paragraph)</article></body></html>
            """)
        let outcome = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--no-store", "--report", "report.json"],
                                    in: scratch.path, timeout: 60)
        expectCleanExit(outcome)
        #expect(outcome.maxRSS < 1 << 30, "peak memory \(outcome.maxRSS >> 20) MB")
        let out = scratch.read("out.jsonl") ?? ""
        #expect(!out.contains("THE-SECRET-CONTENT"))
        #expect(!out.contains("root:x:0:0"))
        #expect(!out.contains(String(repeating: "lol", count: 1000)))
        let reported = try reportedInputs(scratch.path + "/report.json", of: outcome)
        #expect(reported.count == 3)
        for input in reported {
            #expect(input.status == "ingested" || hasReason(input), "\(input.path): \(input.status) without a reason")
        }
    }

    /// Thousands of small files in one folder: every one is accounted for. (Under the address
    /// sanitizer this one also caught readdir's last entry being copied past the end of its
    /// buffer: a folder of more than about 1000 short names fills readdir's 32 KiB buffer.)
    @Test func thousandsOfFilesInOneFolder() throws {
        let scratch = Scratch()
        for i in 0..<3000 { scratch.write(String(format: "in/%04d.txt", i), "T\(i)\n\nBody \(i).\n") }
        let outcome = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--no-store", "--quiet"], in: scratch.path, timeout: 120)
        expectCleanExit(outcome)
        #expect(outcome.status == 0, "\(outcome.stderr.prefix(500))")
        #expect(try jsonLines(scratch.read("out.jsonl") ?? "").count == 3000)
    }
}
