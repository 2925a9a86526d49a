import Foundation
import Testing

/// `sluice plugins --routing` and `--verbose` runs say which reader takes each file and why.
@Suite(.serialized) struct RoutingExplanationTests {
    @Test func routingNamesTheReaderAndTheReason() throws {
        let scratch = Scratch()
        scratch.write("notes.txt", "A title\n\nSome plain text.\n")
        scratch.write("page.html", "<!doctype html><html><head><title>T</title></head><body><p>Hello</p></body></html>\n")
        scratch.write("report.pdf", "%PDF-1.7\n")
        var r = try sluice(["plugins", "--routing", "notes.txt", "page.html", "report.pdf"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(r.stdout)")
        #expect(lines.first?.hasPrefix("notes.txt: text (confidence 0.50") == true, "\(r.stdout)")
        #expect(lines.dropFirst().first?.hasPrefix("page.html: news (confidence 0.95") == true, "\(r.stdout)")
        #expect(lines.last?.hasPrefix("report.pdf: no reader accepts it (text 0.00") == true, "\(r.stdout)")

        r = try sluice(["ingest", "notes.txt", "--jsonl", "out.jsonl", "--no-store", "--verbose"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("reader for \"notes.txt\": text (confidence 0.50"), "\(r.stderr)")
    }
}
