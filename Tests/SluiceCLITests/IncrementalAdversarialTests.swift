import Foundation
import SluiceCore
import SluiceTesting
import SluiceTestSupport
import Testing

/// Adversarial checks of the promises in docs/incremental.md, with the real `sluice` binary.
///
/// Nasty scenarios where the promises hold. Those marked `// Was a bug:` failed on the code they
/// were written against (the comment keeps the commands and what happened); the one marked
/// `// Known limitation:` is disabled and documented in docs/incremental.md.
@Suite(.serialized) struct IncrementalAdversarialTests {
    func db(_ scratch: Scratch, _ sql: String, file: String = "s.db") throws -> String {
        try StoreFixtures.sqlite3(scratch.path + "/" + file, sql)
    }

    func lines(_ scratch: Scratch, _ file: String = "o.jsonl") throws -> [[String: Any]] {
        try jsonLines(scratch.read(file) ?? "")
    }

    // MARK: - Shared content

    /// Two identical files, then one edited: the other's content stays stored (promise: "whichever
    /// copy changes or disappears the others keep their documents"). Failed on incr-sinks@85ed9b8;
    /// holds on main@4261b42.
    @Test func editingOneOfTwoIdenticalFilesKeepsTheOthersDocument() throws {
        let scratch = Scratch()
        scratch.write("docs/a.txt", "共同内容。\n")
        scratch.write("docs/b.txt", "共同内容。\n")
        let ingest = ["ingest", "docs", "--sqlite", "s.db", "--jsonl", "o.jsonl"]
        var r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        scratch.write("docs/a.txt", "甲改了。\n")
        r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try db(scratch, "SELECT count(*) FROM documents") == "2")
        #expect(try db(scratch, "SELECT count(*) FROM documents WHERE text LIKE '%共同内容%'") == "1")
        #expect(try lines(scratch).count == 2)
        // And it stays so: one more run must not need --full to repair it.
        r = try sluice(ingest, in: scratch.path)
        #expect(try db(scratch, "SELECT count(*) FROM documents WHERE text LIKE '%共同内容%'") == "1")
    }

    /// An input that becomes a copy of another, unchanged one, then is deleted with --remove-missing:
    /// the original keeps its document (same id). Lost it for good on incr-sinks@85ed9b8; holds on
    /// main@4261b42.
    @Test func removingACopyOfAnUnchangedInputKeepsTheOriginalsDocument() throws {
        let scratch = Scratch()
        scratch.write("docs/a.txt", "第一篇文章。内容甲。\n")
        scratch.write("docs/b.txt", "第二篇。内容乙。\n")
        let ingest = ["ingest", "docs", "--sqlite", "s.db"]
        var r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        try FileManager.default.removeItem(atPath: scratch.path + "/docs/b.txt")
        try FileManager.default.copyItem(atPath: scratch.path + "/docs/a.txt", toPath: scratch.path + "/docs/b.txt")
        r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        try FileManager.default.removeItem(atPath: scratch.path + "/docs/b.txt")
        r = try sluice(ingest + ["--remove-missing"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try db(scratch, "SELECT count(*) FROM documents WHERE text LIKE '%内容甲%'") == "1")
        r = try sluice(ingest + ["--remove-missing"], in: scratch.path)
        #expect(try db(scratch, "SELECT count(*) FROM documents WHERE text LIKE '%内容甲%'") == "1", "\(r.stderr)")
    }

    // Was a bug (fixed: an input skipped as "same content" now loses what it stored before under
    // its own path): same start as above (b.txt becomes a copy of a.txt), then both are edited to a new, identical
    // content. The new content is stored once, but the old content "内容甲" — in no file any more —
    // stays in both outputs for good (stored under docs/b.txt; b is now "same content as docs/a.txt"
    // and its old document is never replaced).
    //   sluice ingest docs --sqlite s.db --jsonl o.jsonl   (a.txt "内容甲", b.txt "内容乙")
    //   cp docs/a.txt docs/b.txt; sluice ingest …
    //   echo "新的共同内容。" > docs/a.txt; cp docs/a.txt docs/b.txt; sluice ingest …
    // Expected: 1 document ("新的共同内容。"), as a fresh run of the final corpus gives.
    // Actual (main@4261b42): 2 documents in s.db and 2 lines in o.jsonl; "内容甲" stale under docs/b.txt.
    @Test func copiesEditedTogetherLeaveNoStaleDocument() throws {
        let scratch = Scratch()
        scratch.write("docs/a.txt", "第一篇文章。内容甲。\n")
        scratch.write("docs/b.txt", "第二篇。内容乙。\n")
        let ingest = ["ingest", "docs", "--sqlite", "s.db", "--jsonl", "o.jsonl"]
        var r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        scratch.write("docs/b.txt", "第一篇文章。内容甲。\n")
        r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        scratch.write("docs/a.txt", "新的共同内容。\n")
        scratch.write("docs/b.txt", "新的共同内容。\n")
        r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try db(scratch, "SELECT count(*) FROM documents WHERE text LIKE '%内容甲%'") == "0")
        #expect(try db(scratch, "SELECT count(*) FROM documents") == "1")
        #expect(try lines(scratch).count == 1)
    }

    // Known limitation: two pipelines of one manifest write the same outputs; d1/a.txt (pipeline one) and d2/b.txt
    // (pipeline two) hold the same bytes, so one document id. Deleting d2/b.txt (remove_missing: true)
    // removes that document from both outputs although d1/a.txt is still there; pipeline one goes on
    // reporting it unchanged, so it never comes back (only --full repairs it).
    //   sluice run m.yaml; rm d2/b.txt; sluice run m.yaml; sluice run m.yaml
    // Expected: the shared content still stored once (under d1/a.txt) in out.db and out.jsonl.
    // Actual (main@4261b42): gone from both; 1 document left (d2/c.txt); runs exit 0.
    @Test(.disabled("known limitation (docs/incremental.md): content shared between pipelines that write one output; --full repairs it"))
    func pipelinesSharingAnOutputKeepEachOthersSharedContent() throws {
        let scratch = Scratch()
        scratch.write("d1/a.txt", "共同的文章。\n")
        scratch.write("d2/b.txt", "共同的文章。\n")
        scratch.write("d2/c.txt", "其他的文章。\n")
        scratch.write("m.yaml", """
            version: 1
            pipelines:
              one:
                inputs: [d1]
                remove_missing: true
                sinks: [{name: jsonl, path: out.jsonl}, {name: sqlite, path: out.db}]
              two:
                inputs: [d2]
                remove_missing: true
                sinks: [{name: jsonl, path: out.jsonl}, {name: sqlite, path: out.db}]
            """)
        var r = try sluice(["run", "m.yaml"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try db(scratch, "SELECT count(*) FROM documents", file: "out.db") == "2")
        try FileManager.default.removeItem(atPath: scratch.path + "/d2/b.txt")
        for _ in 0..<2 {
            r = try sluice(["run", "m.yaml"], in: scratch.path)
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try db(scratch, "SELECT count(*) FROM documents WHERE text LIKE '%共同的文章%'", file: "out.db") == "1")
        #expect(try lines(scratch, "out.jsonl").filter { ($0["text"] as? String)?.contains("共同的文章") == true }.count == 1)
    }

    // MARK: - Promises that hold

    /// A rename is one input gone and a new one with the same content: with --remove-missing, both
    /// outputs end with the document once, under the new path.
    @Test func aRenameWithRemoveMissingLeavesEachDocumentOnceUnderItsNewPath() throws {
        let scratch = Scratch()
        scratch.write("docs/a.txt", "第一篇文章。内容甲。\n")
        scratch.write("docs/b.txt", "第二篇。内容乙。\n")
        scratch.write("docs/c.txt", "Third article.\n")
        let ingest = ["ingest", "docs", "--sqlite", "s.db", "--jsonl", "o.jsonl", "--remove-missing", "--report", "r.json"]
        var r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        try FileManager.default.moveItem(atPath: scratch.path + "/docs/a.txt", toPath: scratch.path + "/docs/renamed.txt")
        r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try db(scratch, "SELECT count(*) || ' ' || count(DISTINCT id) FROM documents") == "3 3")
        #expect(try db(scratch, "SELECT source_path FROM documents WHERE text LIKE '%内容甲%'") == "docs/renamed.txt")
        let out = try lines(scratch)
        #expect(out.count == 3)
        #expect(Set(out.compactMap { $0["id"] as? String }).count == 3)
        #expect(out.contains { ($0["source"] as? [String: Any])?["path"] as? String == "docs/renamed.txt" })
        #expect(!out.contains { ($0["source"] as? [String: Any])?["path"] as? String == "docs/a.txt" })
    }

    /// A file replaced by a folder of the same name: the file's document goes, the folder's files come.
    @Test func aFileReplacedByAFolderOfTheSameName() throws {
        let scratch = Scratch()
        scratch.write("docs/a.txt", "第一篇文章。内容甲。\n")
        scratch.write("docs/b.txt", "第二篇。内容乙。\n")
        let ingest = ["ingest", "docs", "--sqlite", "s.db", "--jsonl", "o.jsonl", "--remove-missing"]
        var r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        try FileManager.default.removeItem(atPath: scratch.path + "/docs/a.txt")
        scratch.write("docs/a.txt/inner.txt", "嵌套的内容。\n")
        r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try db(scratch, "SELECT group_concat(source_path, ',') FROM (SELECT source_path FROM documents ORDER BY 1)") == "docs/a.txt/inner.txt,docs/b.txt")
        #expect(try lines(scratch).count == 2)
    }

    /// A state store full of garbage: exit 2 with an error naming it, and the outputs untouched.
    @Test func aCorruptStateStoreIsAClearErrorNotACrash() throws {
        let scratch = Scratch()
        scratch.write("docs/a.txt", "第一篇文章。内容甲。\n")
        var r = try sluice(["ingest", "docs", "--jsonl", "o.jsonl"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch.path + "/.sluice/state.db" + suffix) }
        var garbage: [UInt8] = []
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<8192 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; garbage.append(UInt8(truncatingIfNeeded: seed >> 33)) }
        scratch.write(".sluice/state.db", garbage)
        let before = scratch.read("o.jsonl")
        r = try sluice(["ingest", "docs", "--jsonl", "o.jsonl"], in: scratch.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains(".sluice/state.db"))
        #expect(r.stderr.contains("not a database"))
        #expect(scratch.read("o.jsonl") == before)
        r = try sluice(["failures"], in: scratch.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains(".sluice/state.db"))
        // `--state` naming a folder, and `failures` where no run kept state: exit 2, naming the path.
        try FileManager.default.createDirectory(atPath: scratch.path + "/statedir", withIntermediateDirectories: true)
        r = try sluice(["ingest", "docs", "--jsonl", "o.jsonl", "--state", "statedir"], in: scratch.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("statedir"))
        r = try sluice(["failures", scratch.path + "/docs"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no state store"))
    }

    /// SIGINT in the middle of a run, then a re-run: every input exactly once in each output, and one
    /// more run writes nothing.
    @Test func anInterruptedRunThenARerunStoresEveryInputExactlyOnce() throws {
        let scratch = Scratch()
        let count = 3000
        for i in 0..<count { scratch.write("docs/f\(i).txt", "文档编号 \(i) 的内容。\n") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sluiceBinary)
        // Small batches, so that the run is still writing when the signal comes.
        process.arguments = ["ingest", "docs", "--sqlite", "s.db", "--jsonl", "o.jsonl", "--batch-size", "16"]
        process.currentDirectoryURL = URL(fileURLWithPath: scratch.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Interrupt once the run has stored something, so the signal lands mid-run.
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline, (scratch.read("o.jsonl") ?? "").split(separator: "\n").count < 20 {
            usleep(20_000)
        }
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let partial = try lines(scratch).count
        #expect(partial < count)

        var r = try sluice(["ingest", "docs", "--sqlite", "s.db", "--jsonl", "o.jsonl", "--report", "r.json"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try lines(scratch)
        #expect(out.count == count)
        #expect(Set(out.compactMap { $0["id"] as? String }).count == count)
        #expect(try db(scratch, "SELECT count(*) || ' ' || count(DISTINCT source_path) FROM documents") == "\(count) \(count)")
        r = try sluice(["ingest", "docs", "--sqlite", "s.db", "--jsonl", "o.jsonl"], in: scratch.path)
        #expect(r.stderr.contains("0 of \(count) input(s) ingested"), "\(r.stderr)")
        #expect(try lines(scratch).count == count)
    }

    /// A torn last JSONL line (as a killed run leaves) plus a changed input: the torn line goes, the
    /// changed record replaces its old line, nothing is there twice.
    @Test func aTornJSONLLineAndAChangedInputAreRepairedInOneRun() throws {
        let scratch = Scratch()
        scratch.write("docs/a.txt", "第一篇文章。内容甲。\n")
        scratch.write("docs/b.txt", "第二篇。内容乙。\n")
        let ingest = ["ingest", "docs", "--sqlite", "s.db", "--jsonl", "o.jsonl"]
        var r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        let handle = try #require(FileHandle(forWritingAtPath: scratch.path + "/o.jsonl"))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"blocks":[{"text":"torn"#.utf8))
        try handle.close()
        scratch.write("docs/b.txt", "第二篇，改过了。\n")
        r = try sluice(ingest, in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        let out = try lines(scratch)
        #expect(out.count == 2)
        #expect(out.filter { ($0["text"] as? String)?.contains("改过了") == true }.count == 1)
        #expect(!out.contains { ($0["text"] as? String)?.contains("内容乙") == true })
    }
}
