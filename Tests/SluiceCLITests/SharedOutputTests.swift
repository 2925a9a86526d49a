import Foundation
import Testing

/// Runs that share one output never treat each other's inputs as missing, nor remove them.
@Suite(.serialized) struct SharedOutputTests {
    private func missing(_ reportPath: String) throws -> [[String: Any]] {
        let data = try #require(FileManager.default.contents(atPath: reportPath))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let pipeline = try #require((json["pipelines"] as? [[String: Any]])?.first)
        return pipeline["missing"] as? [[String: Any]] ?? []
    }

    private func hits(_ scratch: Scratch, _ store: String, _ term: String) throws -> Int {
        let r = try sluice(["search", store, term, "--json"], in: scratch.path)
        return (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [Any])?.count ?? 0
    }

    @Test func twoManifestsWithOnePipelineNameKeepTheirOwnState() throws {
        let scratch = Scratch()
        scratch.write("one/a.txt", "Alpha\n\nThe word aardvarkish appears only in the first manifest's input.\n")
        scratch.write("two/b.txt", "Beta\n\nThe word zebrafinchly appears only in the second manifest's input.\n")
        let sink = "    sinks: [{name: sqlite, path: shared.db}]\n    remove_missing: true\n"
        scratch.write("m1.yaml", "version: 1\npipelines:\n  a:\n    inputs: [one]\n" + sink)
        scratch.write("m2.yaml", "version: 1\npipelines:\n  a:\n    inputs: [two]\n" + sink)
        for (i, manifest) in ["m1.yaml", "m2.yaml", "m1.yaml", "m2.yaml"].enumerated() {
            let r = try sluice(["run", manifest, "--report", "r\(i).json"], in: scratch.path)
            #expect(r.status == 0, "\(manifest): \(r.stderr)")
            #expect(try missing(scratch.path + "/r\(i).json").isEmpty, "run \(i) (\(manifest)) saw the other's inputs as missing: \(r.stderr)")
        }
        #expect(try hits(scratch, "shared.db", "aardvarkish") == 1)
        #expect(try hits(scratch, "shared.db", "zebrafinchly") == 1)

        // An input that really disappears is still removed, by the manifest that stored it.
        try FileManager.default.removeItem(atPath: scratch.path + "/one/a.txt")
        scratch.write("one/c.txt", "Gamma\n\nAnother file keeps the folder non-empty.\n")
        let r = try sluice(["run", "m1.yaml", "--report", "gone.json"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try missing(scratch.path + "/gone.json").count == 1)
        #expect(try hits(scratch, "shared.db", "aardvarkish") == 0)
        #expect(try hits(scratch, "shared.db", "zebrafinchly") == 1)
    }

    @Test func stateOfAnEarlierVersionIsTakenOver() throws {
        let scratch = Scratch()
        scratch.write("one/a.txt", "Alpha\n\nSome text.\n")
        scratch.write("m.yaml", "version: 1\npipelines:\n  a:\n    inputs: [one]\n    sinks: [{name: jsonl, path: out.jsonl}]\n")
        var r = try sluice(["run", "m.yaml"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        // Rewrite the records' key the way earlier versions wrote it (no manifest part).
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            n = db.execute("UPDATE inputs SET pipeline = substr(pipeline, 1, instr(pipeline, ' manifest ') - 1) WHERE pipeline LIKE '% manifest %'").rowcount
            db.commit()
            assert n == 1, n
            """, scratch.path + "/.sluice/state.db"]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        r = try sluice(["run", "m.yaml", "--report", "r.json"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        let report = String(decoding: FileManager.default.contents(atPath: scratch.path + "/r.json") ?? Data(), as: UTF8.self)
        #expect(report.contains("by an earlier version"), "\(report)")
        #expect(report.contains("\"unchanged\" : 1") || report.contains("\"unchanged\":1"), "\(report)")
    }

    @Test func ingestingTwoFoldersIntoOneStoreMarksNothingMissing() throws {
        let scratch = Scratch()
        scratch.write("first/a.txt", "Alpha\n\nThe word aardvarkish is only in the first folder.\n")
        scratch.write("second/b.txt", "Beta\n\nThe word zebrafinchly is only in the second folder.\n")
        var r = try sluice(["ingest", "first", "--sqlite", "store.db", "--report", "r1.json"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        r = try sluice(["ingest", "second", "--sqlite", "store.db", "--remove-missing", "--report", "r2.json"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try missing(scratch.path + "/r2.json").isEmpty, "\(r.stderr)")
        #expect(try hits(scratch, "store.db", "aardvarkish") == 1)
        #expect(try hits(scratch, "store.db", "zebrafinchly") == 1)
    }
}
