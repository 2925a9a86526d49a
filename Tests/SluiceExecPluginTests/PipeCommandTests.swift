import Foundation
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
