import Foundation
import SluiceCore
import SluiceTesting
import SluiceTestSupport
import Testing

/// Incremental runs with the real `sluice` binary, a real state store and a real SQLite file.
@Suite(.serialized) struct IncrementalRunTests {
    /// Reads a `--report` file: the first pipeline's totals and inputs by path.
    func report(_ path: String) throws -> (totals: [String: Int], inputs: [String: [String: Any]], missing: [[String: Any]]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let pipeline = (json?["pipelines"] as? [[String: Any]])?.first ?? [:]
        let totals = (pipeline["totals"] as? [String: Any] ?? [:]).compactMapValues { $0 as? Int }
        var inputs: [String: [String: Any]] = [:]
        for input in pipeline["inputs"] as? [[String: Any]] ?? [] { inputs[input["path"] as? String ?? ""] = input }
        return (totals, inputs, pipeline["missing"] as? [[String: Any]] ?? [])
    }

    func corpus(_ scratch: Scratch) {
        scratch.write("docs/a.txt", "第一篇文章。内容甲。\n")
        scratch.write("docs/b.txt", "第二篇文章。内容乙。\n")
        scratch.write("docs/c.txt", "Third article, in English.\n")
    }

    @Test func aRerunSkipsUnchangedInputsAndReingestsChangedOnes() throws {
        let scratch = Scratch()
        corpus(scratch)
        let ingest = ["ingest", "docs", "--report", "r.json"]
        var r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try report(scratch.path + "/r.json").totals["ingested"] == 3)
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/.sluice/state.db"))

        r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        var rep = try report(scratch.path + "/r.json")
        #expect(rep.totals["ingested"] == 0)
        #expect(rep.totals["unchanged"] == 3)
        #expect((rep.inputs["docs/a.txt"]?["reason"] as? String)?.hasPrefix("unchanged since the run of") == true)
        #expect(r.stderr.contains("3 skipped (3 unchanged)"))

        // Changed content: processed again, its old document replaced. Touched only: left alone.
        scratch.write("docs/b.txt", "第二篇文章，改过了。\n")
        let c = scratch.path + "/docs/c.txt"
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: c)
        r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        rep = try report(scratch.path + "/r.json")
        #expect(rep.inputs["docs/b.txt"]?["status"] as? String == "ingested")
        #expect(rep.inputs["docs/a.txt"]?["status"] as? String == "skipped")
        #expect((rep.inputs["docs/c.txt"]?["reason"] as? String)?.hasPrefix("unchanged content") == true)
        #expect(try StoreFixtures.sqlite3(scratch.path + "/sluice.db", "SELECT count(*) || ' ' || count(DISTINCT source_path) FROM documents") == "3 3")
        #expect(try StoreFixtures.sqlite3(scratch.path + "/sluice.db", "SELECT text FROM documents WHERE source_path = 'docs/b.txt'").contains("改过了"))

        // --full processes everything again and stores nothing twice.
        r = try sluice(ingest + ["--full"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try report(scratch.path + "/r.json").totals["ingested"] == 3)
        #expect(try StoreFixtures.sqlite3(scratch.path + "/sluice.db", "SELECT count(*) FROM documents") == "3")

        // Another pipeline configuration (here: another reader) processes everything again.
        r = try sluice(ingest + ["--reader", "text"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try report(scratch.path + "/r.json").totals["ingested"] == 3)

        // --no-state keeps none and processes everything.
        r = try sluice(ingest + ["--no-state"], in: scratch.path)
        #expect(try report(scratch.path + "/r.json").totals["ingested"] == 3)
    }

    @Test func failuresAreRecordedListedAndRetried() throws {
        let scratch = Scratch()
        corpus(scratch)
        scratch.write("docs/bad.txt", [0x66, 0x6F, 0x6F, 0x00, 0x00, 0xFF, 0xFE, 0x00, 0x01, 0x02] + Array(repeating: 0, count: 64))
        let ingest = ["ingest", "docs", "--reader", "text", "--report", "r.json"]
        var r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 1, "\(r.stderr)")
        var rep = try report(scratch.path + "/r.json")
        #expect(rep.inputs["docs/bad.txt"]?["status"] as? String == "failed")
        let stage = rep.inputs["docs/bad.txt"]?["stage"] as? String
        #expect(stage == "reader:text")

        // `sluice failures` lists it, as text and as JSON, from the folder the state is in.
        r = try sluice(["failures"], in: scratch.path)
        #expect(r.status == 1, "exit 1 when failures are listed: \(r.stderr)")
        #expect(r.stdout.contains("docs/bad.txt"))
        #expect(r.stdout.contains("[reader:text]"))
        r = try sluice(["failures", scratch.path, "--json"])
        #expect(r.status == 1)
        let entries = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(entries.count == 1)
        #expect(entries.first?["path"] as? String == "docs/bad.txt")
        #expect(entries.first?["stage"] as? String == "reader:text")
        #expect((entries.first?["reason"] as? String)?.isEmpty == false)

        // A plain re-run reports the unchanged failure again without reading it.
        r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 1)
        rep = try report(scratch.path + "/r.json")
        #expect((rep.inputs["docs/bad.txt"]?["reason"] as? String)?.hasPrefix("unchanged since it failed") == true)
        #expect(rep.totals["unchanged"] == 3)

        // Fixed: --retry-failed processes only it; the others are not touched.
        scratch.write("docs/bad.txt", "现在是正常的文本。\n")
        r = try sluice(ingest + ["--retry-failed"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        rep = try report(scratch.path + "/r.json")
        #expect(rep.totals["ingested"] == 1)
        #expect(rep.inputs["docs/bad.txt"]?["status"] as? String == "ingested")
        #expect((rep.inputs["docs/a.txt"]?["reason"] as? String)?.hasPrefix("not retried") == true)
        r = try sluice(["failures", "--json"], in: scratch.path)
        #expect(r.status == 0, "exit 0 when none: \(r.stderr)")
        #expect((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [Any])?.isEmpty == true)
        r = try sluice(["failures"], in: scratch.path)
        #expect(r.status == 0 && r.stdout.contains("no failed inputs"), "\(r.stdout)\(r.stderr)")
    }

    @Test func disappearedInputsAreReportedAndRemovedOnlyWhenAsked() throws {
        let scratch = Scratch()
        corpus(scratch)
        var r = try sluice(["ingest", "docs"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        try FileManager.default.removeItem(atPath: scratch.path + "/docs/a.txt")
        r = try sluice(["ingest", "docs", "--report", "r.json"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        var rep = try report(scratch.path + "/r.json")
        #expect(rep.missing.count == 1)
        #expect(rep.missing.first?["path"] as? String == "docs/a.txt")
        #expect(rep.missing.first?["removed"] as? Bool == false)
        #expect(r.stderr.contains("missing  docs/a.txt"))
        #expect(try StoreFixtures.sqlite3(scratch.path + "/sluice.db", "SELECT count(*) FROM documents WHERE source_path = 'docs/a.txt'") == "1")

        r = try sluice(["ingest", "docs", "--remove-missing", "--report", "r.json"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        rep = try report(scratch.path + "/r.json")
        #expect(rep.missing.first?["removed"] as? Bool == true)
        #expect(try StoreFixtures.sqlite3(scratch.path + "/sluice.db", "SELECT count(*) FROM documents WHERE source_path = 'docs/a.txt'") == "0")
        #expect(try StoreFixtures.sqlite3(scratch.path + "/sluice.db", "SELECT count(*) FROM documents") == "2")
        // Forgotten once removed: the next run reports nothing missing.
        r = try sluice(["ingest", "docs", "--report", "r.json"], in: scratch.path)
        #expect(try report(scratch.path + "/r.json").missing.isEmpty)
    }

    @Test func aManifestKeepsItsStateNextToItAndCanTurnItOff() throws {
        let scratch = Scratch()
        corpus(scratch)
        scratch.write("m.yaml", """
            version: 1
            pipelines:
              docs:
                inputs: [docs]
                sinks:
                  - name: sqlite
                    path: out/docs.db
            """)
        var r = try sluice(["run", "m.yaml", "--report", "r.json"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/.sluice/state.db"))
        r = try sluice(["run", scratch.path + "/m.yaml", "--report", scratch.path + "/r.json"])
        #expect(try report(scratch.path + "/r.json").totals["unchanged"] == 3, "\(r.stderr)")

        scratch.write("off.yaml", """
            version: 1
            state: false
            pipelines:
              docs:
                inputs: [docs]
                sinks: [{name: sqlite, path: out/off.db}]
            """)
        for _ in 0..<2 {
            r = try sluice(["run", "off.yaml", "--report", "r.json"], in: scratch.path)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try report(scratch.path + "/r.json").totals["ingested"] == 3)
        }
        r = try sluice(["run", "off.yaml", "--retry-failed"], in: scratch.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("need a state store"))
    }

    @Test func timeBudgetAndItsValidation() throws {
        let scratch = Scratch()
        scratch.write("docs/big.txt", String(repeating: "一段很长的文字，用来耗费时间。\n", count: 20_000))
        scratch.write("budget.yaml", """
            version: 1
            pipelines:
              docs:
                inputs: [docs]
                time_budget: 0.000001
                sinks: [{name: jsonl, path: out.jsonl}]
            """)
        var r = try sluice(["run", "budget.yaml", "--report", "r.json"], in: scratch.path)
        #expect(r.status == 1, "\(r.stderr)")
        let input = try report(scratch.path + "/r.json").inputs["docs/big.txt"]
        #expect(input?["error_kind"] as? String == "limit-exceeded")
        #expect((input?["reason"] as? String)?.contains("time budget") == true)
        #expect(r.stderr.contains("docs/big.txt"))

        scratch.write("bad.yaml", """
            version: 1
            pipelines:
              docs:
                inputs: [docs]
                time_budget: soon
                remove_missing: maybe
                sinks: [{name: jsonl, path: out.jsonl}]
            """)
        r = try sluice(["validate", "bad.yaml"], in: scratch.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.yaml:5:"))
        #expect(r.stderr.contains("time_budget"))
        #expect(r.stderr.contains("bad.yaml:6:"))
        #expect(r.stderr.contains("remove_missing"))
    }

    @Test func aChangedInputThatNoLongerYieldsDocumentsLosesItsOldOnes() throws {
        let scratch = Scratch()
        corpus(scratch)
        var r = try sluice(["ingest", "docs", "--reader", "text"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        // Emptied: the text reader fails it now, and what it produced before is gone from the store.
        scratch.write("docs/b.txt", "   \n\n  ")
        r = try sluice(["ingest", "docs", "--reader", "text", "--report", "r.json"], in: scratch.path)
        let b = try report(scratch.path + "/r.json").inputs["docs/b.txt"]
        #expect(b?["status"] as? String == "failed", "\(r.stderr)")
        #expect(b?["stage"] as? String == "reader:text")
        #expect(try StoreFixtures.sqlite3(scratch.path + "/sluice.db", "SELECT count(*) FROM documents WHERE source_path = 'docs/b.txt'") == "0")
        #expect(try StoreFixtures.sqlite3(scratch.path + "/sluice.db", "SELECT count(*) FROM documents") == "2")
    }

    @Test func aChangedInputIngestedFromAnotherFolderIsStoredOnce() throws {
        let scratch = Scratch()
        corpus(scratch)
        var r = try sluice(["ingest", "docs", "--sqlite", "store.db", "--jsonl", "out.jsonl"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        scratch.write("docs/a.txt", "第一篇文章，新的版本。\n")
        // From the parent folder: the same inputs and outputs under other relative paths.
        let folder = PathSupport.lastComponent(scratch.path)
        let parent = PathSupport.directory(of: scratch.path)
        r = try sluice(["ingest", "\(folder)/docs", "--sqlite", "\(folder)/store.db", "--jsonl", "\(folder)/out.jsonl",
                        "--state", "\(folder)/.sluice/state.db", "--report", "\(folder)/r.json"], in: parent)
        #expect(r.status == 0, "\(r.stderr)")
        let rep = try report(scratch.path + "/r.json")
        #expect(rep.totals["ingested"] == 1)
        #expect(rep.totals["unchanged"] == 2)
        #expect(rep.missing.isEmpty)
        #expect(try StoreFixtures.sqlite3(scratch.path + "/store.db", "SELECT count(*) FROM documents") == "3")
        #expect(try StoreFixtures.sqlite3(scratch.path + "/store.db", "SELECT count(*) FROM documents WHERE text LIKE '%新的版本%'") == "1")
        let lines = try jsonLines(scratch.read("out.jsonl") ?? "")
        #expect(lines.count == 3)
        #expect(lines.filter { ($0["text"] as? String)?.contains("第一篇文章") == true }.count == 1)
    }

    @Test func inputsWithTheSameContentKeepTheirDocumentsWhicheverChanges() throws {
        let scratch = Scratch()
        corpus(scratch)
        scratch.write("docs/copy-of-a.txt", "第一篇文章。内容甲。\n")
        var r = try sluice(["ingest", "docs", "--remove-missing"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try StoreFixtures.sqlite3(scratch.path + "/sluice.db", "SELECT count(*) FROM documents") == "3")
        // The first of the two goes away: its content stays stored, under the copy.
        try FileManager.default.removeItem(atPath: scratch.path + "/docs/a.txt")
        r = try sluice(["ingest", "docs", "--remove-missing"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try StoreFixtures.sqlite3(scratch.path + "/sluice.db", "SELECT source_path FROM documents WHERE text LIKE '%内容甲%'") == "docs/copy-of-a.txt")
        #expect(try StoreFixtures.sqlite3(scratch.path + "/sluice.db", "SELECT count(*) FROM documents") == "3")
    }

    @Test func shardsKeepTheirOwnAccount() throws {
        let scratch = Scratch()
        for i in 0..<12 { scratch.write("docs/f\(i).txt", "文档 \(i)。\n") }
        for k in 0..<2 {
            let r = try sluice(["ingest", "docs", "--shard", "\(k)/2", "--remove-missing", "--report", "r\(k).json"], in: scratch.path)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try report(scratch.path + "/r\(k).json").missing.isEmpty)
        }
        #expect(try StoreFixtures.sqlite3(scratch.path + "/sluice.db", "SELECT count(*) FROM documents") == "12")
        let again = try sluice(["ingest", "docs", "--shard", "0/2", "--report", "r.json"], in: scratch.path)
        #expect(again.status == 0)
        #expect(try report(scratch.path + "/r.json").totals["ingested"] == 0)
    }

    @Test func aVanishedInputRootKeepsItsDocumentsEvenWithRemoveMissing() throws {
        let scratch = Scratch()
        corpus(scratch)
        scratch.write("more/x.txt", "另一个目录。\n")
        var r = try sluice(["ingest", "docs", "more", "--remove-missing"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        try FileManager.default.removeItem(atPath: scratch.path + "/more")
        r = try sluice(["ingest", "docs", "more", "--remove-missing", "--report", "r.json"], in: scratch.path)
        #expect(r.status == 1)
        #expect(try report(scratch.path + "/r.json").missing.first?["removed"] as? Bool == false)
        #expect(r.stderr.contains("were kept, not removed"))
        #expect(try StoreFixtures.sqlite3(scratch.path + "/sluice.db", "SELECT count(*) FROM documents") == "4")
    }

    @Test func removeMissingNeedsSinksThatCanRemove() throws {
        let scratch = Scratch()
        corpus(scratch)
        scratch.write("m.yaml", """
            version: 1
            pipelines:
              docs:
                inputs: [docs]
                remove_missing: true
                sinks: [{name: jsonl, path: out.jsonl}, {name: sqlite, path: out.db}]
            """)
        let r = try sluice(["run", "m.yaml"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try jsonLines(scratch.read("out.jsonl") ?? "").count == 3)
    }

    @Test func anOldUnchangedFailureDoesNotStopAFailFastRun() throws {
        let scratch = Scratch()
        corpus(scratch)
        scratch.write("docs/bad.txt", [0x00, 0x01, 0x02, 0xFF, 0xFE] + Array(repeating: 0, count: 64))
        var r = try sluice(["ingest", "docs", "--reader", "text"], in: scratch.path)
        #expect(r.status == 1)
        scratch.write("docs/new.txt", "新加的文章。\n")
        r = try sluice(["ingest", "docs", "--reader", "text", "--on-error", "fail", "--report", "r.json"], in: scratch.path)
        let rep = try report(scratch.path + "/r.json")
        #expect(rep.inputs["docs/new.txt"]?["status"] as? String == "ingested", "\(r.stderr)")
        #expect((rep.inputs["docs/bad.txt"]?["reason"] as? String)?.hasPrefix("unchanged since it failed") == true)
    }
}
