import Foundation
import Testing

/// An input whose every document a normalizer drops is skipped with a reason naming that
/// normalizer (and, for dedup, the original's path), through the real `sluice` binary.
@Suite struct DroppedInputTests {
    @Test func aFilterOrDedupThatDropsEveryDocumentIsNamedInTheReport() throws {
        let s = CorpusScratch()
        let article = "The harbour authority opened a new ferry terminal on Monday after three years of work. "
            + "Officials said the terminal will handle twice as many passengers as the old pier, and that fares stay the same.\n"
        s.write("news/a.txt", article)
        s.write("news/b.txt", article.replacingOccurrences(of: "Monday", with: "Tuesday"))
        s.write("news/short.txt", "Too short.\n")
        s.write("sluice.yaml", """
            version: 1
            state: false
            pipelines:
              filtered:
                inputs: [news]
                reader: text
                normalizers:
                  - language
                  - {name: filter, where: "chars >= 100"}
                sinks:
                  - {name: jsonl, path: filtered.jsonl}
              deduped:
                inputs: [news]
                reader: text
                concurrency: 1
                normalizers:
                  - {name: dedup, action: drop}
                sinks:
                  - {name: jsonl, path: deduped.jsonl}
            """)
        let r = try CorpusRun.sluice(["run", "sluice.yaml", "--report", "report.json"], in: s.path)
        #expect(r.status == 0, "\(r.stderr)")

        let filtered = try s.reportInputs("report.json", pipeline: "filtered")
        #expect(filtered["news/a.txt"]?["status"] as? String == "ingested")
        let short = try #require(filtered["news/short.txt"])
        #expect(short["status"] as? String == "skipped")
        #expect(short["reason"] as? String == "the filter normalizer dropped its document: `where: chars >= 100` does not hold", "\(short)")
        #expect(!r.stderr.contains("found no documents"), "\(r.stderr)")

        let deduped = try s.reportInputs("report.json", pipeline: "deduped")
        #expect(deduped["news/a.txt"]?["status"] as? String == "ingested")
        let copy = try #require(deduped["news/b.txt"])
        #expect(copy["status"] as? String == "skipped")
        let reason = try #require(copy["reason"] as? String)
        #expect(reason.hasPrefix("the dedup normalizer dropped its document: a duplicate of news/a.txt (similarity "), "\(reason)")
        #expect(s.read("deduped.jsonl")?.split(separator: "\n").count == 2)
    }
}
