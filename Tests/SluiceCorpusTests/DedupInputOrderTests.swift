import Foundation
import SluiceTestSupport
import Testing

/// `dedup` requires input order, so the real `sluice` binary at concurrency 4 writes the same
/// JSON Lines on every run and the unmarked original of each cluster is its first input.
@Suite struct DedupInputOrderTests {
    /// A made-up article of `words` words from a seeded generator: articles from different seeds
    /// share no 5-word shingles.
    static func article(seed: UInt64, words: Int) -> [String] {
        let syllables = ["ka", "lo", "mer", "tis", "van", "dru", "pel", "sor", "nim", "qua", "ret", "bo", "ful", "zen", "hap", "wi"]
        var x = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<words).map { _ in
            var word = ""
            for _ in 0..<3 {
                x ^= x << 13
                x ^= x >> 7
                x ^= x << 17
                word += syllables[Int(x % UInt64(syllables.count))]
            }
            return word
        }
    }

    /// A near copy: two words in different places replaced.
    static func copy(_ words: [String], variant: Int) -> [String] {
        var w = words
        w[(variant * 11) % w.count] = "changed\(variant)"
        w[(variant * 11 + w.count / 2) % w.count] = "edited\(variant)"
        return w
    }

    /// 6 clusters of an original and 3 copies, spread (out of order of creation) among 12 unique
    /// articles; returns the cluster members' file names in input order.
    static func plant(in s: CorpusScratch) -> [[String]] {
        var clusters: [[String]] = []
        var slot = 0
        func name() -> String {
            defer { slot += 1 }
            return String(format: "news/%02d.txt", (slot * 17) % 36)
        }
        for c in 0..<6 {
            let base = article(seed: UInt64(100 + c), words: 120 + 90 * c)
            var members: [String] = []
            for v in 0..<4 {
                let file = name()
                s.write(file, (v == 0 ? base : copy(base, variant: v)).joined(separator: " ") + ".\n")
                members.append(file)
            }
            clusters.append(members.sorted())
        }
        for u in 0..<12 { s.write(name(), article(seed: UInt64(900 + u), words: 60 + 40 * u).joined(separator: " ") + ".\n") }
        return clusters
    }

    /// A pipeline over `news/` at concurrency 4 (small batches): `whitespace`, which runs
    /// concurrently, then `dedup` with `action`, which runs in input order.
    static func manifest(action: String) -> String {
        """
        version: 1
        state: false
        pipelines:
          deduped:
            inputs: [news]
            reader: text
            concurrency: 4
            batch_size: 3
            normalizers: [whitespace, {name: dedup, action: \(action)}]
            sinks: [{name: jsonl, path: out.jsonl}]
        """
    }

    @Test func theSameOutputOnEveryRunAtConcurrency4WithTheFirstInputAsOriginal() throws {
        let s = CorpusScratch()
        let clusters = Self.plant(in: s)
        s.write("sluice.yaml", Self.manifest(action: "mark"))
        var outputs: [String] = []
        for _ in 0..<5 {
            let r = try CorpusRun.sluice(["run", "sluice.yaml"], in: s.path)
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(try #require(s.read("out.jsonl")))
        }
        #expect(outputs.allSatisfy { $0 == outputs[0] }, "the JSON Lines differ between runs")
        try Self.expectFirstInputsAreOriginals(outputs[0], clusters)
    }

    /// `sluice pipe` runs the ordered part in request order: the same lines on every run.
    @Test func pipeAtConcurrency4GivesTheSameLinesWithTheFirstRequestAsOriginal() throws {
        let s = CorpusScratch()
        let clusters = Self.plant(in: s)
        s.write("sluice.yaml", Self.manifest(action: "mark"))
        s.write("requests.jsonl", (0..<36).map { String(format: "\"news/%02d.txt\"\n", $0) }.joined())
        var outputs: [String] = []
        for run in 0..<3 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: SluiceCheckout.sluiceBinary)
            process.arguments = ["pipe", "--manifest", "sluice.yaml", "--pipeline", "deduped", "--concurrency", "4"]
            process.currentDirectoryURL = URL(fileURLWithPath: s.path)
            process.standardInput = FileHandle(forReadingAtPath: s.path + "/requests.jsonl")
            FileManager.default.createFile(atPath: s.path + "/pipe-\(run).jsonl", contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: s.path + "/pipe-\(run).jsonl")
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            outputs.append(try #require(s.read("pipe-\(run).jsonl")))
        }
        #expect(outputs.allSatisfy { $0 == outputs[0] }, "the piped lines differ between runs")
        try Self.expectFirstInputsAreOriginals(outputs[0], clusters)
    }

    /// Each cluster's first input is unmarked and its other inputs are marked copies of it.
    static func expectFirstInputsAreOriginals(_ jsonl: String, _ clusters: [[String]]) throws {
        var byPath: [String: (id: String, duplicateOf: String?)] = [:]
        for line in jsonl.split(separator: "\n") {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let source = json["source"] as? [String: Any]
            let path = try #require(source?["path"] as? String)
            let metadata = json["metadata"] as? [String: Any]
            byPath[path] = (try #require(json["id"] as? String), metadata?["duplicate_of"] as? String)
        }
        #expect(byPath.count == 36)
        for members in clusters {
            let original = try #require(byPath[members[0]])
            #expect(original.duplicateOf == nil, "\(members[0]) is the first of its cluster")
            for copy in members.dropFirst() {
                #expect(byPath[copy]?.duplicateOf == original.id, "\(copy) should be marked a copy of \(members[0])")
            }
        }
        #expect(byPath.values.filter { $0.duplicateOf != nil }.count == 18)
    }

    @Test func anInputWhoseDocumentTheOrderedDedupDropsIsSkippedWithTheReason() throws {
        let s = CorpusScratch()
        let clusters = Self.plant(in: s)
        s.write("sluice.yaml", Self.manifest(action: "drop"))
        let r = try CorpusRun.sluice(["run", "sluice.yaml", "--report", "report.json"], in: s.path)
        #expect(r.status == 0, "\(r.stderr)")
        let inputs = try s.reportInputs("report.json", pipeline: "deduped")
        for members in clusters {
            #expect(inputs[members[0]]?["status"] as? String == "ingested")
            for copy in members.dropFirst() {
                let outcome = try #require(inputs[copy])
                #expect(outcome["status"] as? String == "skipped")
                let reason = outcome["reason"] as? String ?? ""
                #expect(reason.hasPrefix("the dedup normalizer dropped its document: a duplicate of \(members[0]) (similarity "), "\(reason)")
            }
        }
        #expect(s.read("out.jsonl")?.split(separator: "\n").count == 18)
    }
}
