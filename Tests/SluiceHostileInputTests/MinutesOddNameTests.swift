import Foundation
import SluiceTesting
import Testing

/// Grouped minutes whose roster names look odd (paths, SQL, markup, format strings, bidi
/// controls, device names, a 10 KB name) through the real `sluice` binary into JSON Lines and a
/// SQLite store: the input is ingested, every statement is stored with its speaker verbatim, and
/// no name is used as a path (nothing but the outputs appears in the working folder) or as SQL
/// (the store answers searches afterwards, with the names as written).
@Suite struct MinutesOddNameTests {
    static let fixture = repositoryRoot + "/Tests/SluiceMinutesReaderTests/Fixtures/odd-names.txt"
    static let longName = String(repeating: "名/", count: 2560)

    @Test func oddRosterNamesAreIngestedVerbatim() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-odd-names-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("in"), withIntermediateDirectories: true)
        let text = try String(contentsOfFile: Self.fixture, encoding: .utf8).replacingOccurrences(of: "{LONG}", with: Self.longName)
        try Data(text.utf8).write(to: scratch.appendingPathComponent("in/odd-names.txt"))

        let outcome = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--sqlite", "store.db"].map { Array($0.utf8) },
                                    in: scratch.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("1 of 1 input(s) ingested"), "\(outcome.stderr)")

        let lines = try String(contentsOf: scratch.appendingPathComponent("out.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(document["kind"] as? String == "minutes", "auto mode routes the report to the minutes reader")
        let data = try #require(document["data"] as? [String: Any])
        let groups = try #require(data["groups"] as? [[String: Any]])
        #expect(groups.count == 2)
        func names(_ group: [String: Any]) -> [String] { (group["members"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }
        func speakers(_ group: [String: Any]) -> [String] { (group["statements"] as? [[String: Any]] ?? []).compactMap { $0["speaker"] as? String } }
        let odd = ["Robert'); DROP TABLE groups;--", "<script>alert(1)</script>", "\u{202E}evil\u{202C}", "CON"]
        #expect(groups[0]["leader"] as? String == "../../etc/passwd")
        #expect(names(groups[0]) == odd + [Self.longName, "张伟"])
        #expect(speakers(groups[0]) == ["../../etc/passwd"] + odd + [Self.longName, "张伟"])
        #expect(groups[1]["leader"] as? String == "NUL")
        #expect(names(groups[1]) == ["%s%n%x", "' OR '1'='1", "LPT1", "/dev/null"])
        #expect(speakers(groups[1]) == ["NUL", "%s%n%x", "' OR '1'='1", "/dev/null", "LPT1"])

        // No name became a file or folder.
        let entries = Set(try FileManager.default.contentsOfDirectory(atPath: scratch.path))
        #expect(entries.isSubset(of: ["in", "out.jsonl", "store.db", "store.db-wal", "store.db-shm", ".sluice"]), "\(entries.sorted())")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/in") == ["odd-names.txt"])

        // The store still answers, statement by statement, with the speakers as written.
        for (query, speaker) in [("So is SQL", "' OR '1'='1"), ("And paths", "/dev/null"), ("转义", "<script>alert(1)</script>"),
                                 ("方向控制符", "\u{202E}evil\u{202C}"), ("目标定下来", "../../etc/passwd")] {
            let search = try runSluice(["search", "store.db", query, "--json"].map { Array($0.utf8) }, in: scratch.path)
            #expect(search.status == 0, "\(query): \(search.stderr)")
            let hits = try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]] ?? []
            #expect((hits.first?["facets"] as? [String: String])?["speaker"] == speaker, "\(query)")
        }
    }

    /// The default normalizers reach the prose the minutes reader keeps in `data` (statement and
    /// point texts lose a bidi override, as the same text in the blocks does), while the names
    /// stay as written.
    @Test func normalizersCleanStatementTextInDataButNotNames() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-data-prose-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let report = """
            分组讨论书面汇报材料
            第一组
            组长：\u{202E}evil\u{202C}
            组员：\u{202E}evil\u{202C}、张伟
            核心要点：
            \u{202E}evil\u{202C}：发票\u{202E}fdp.exe\u{202C}要核对。
            张伟：补充两点：1、资源\u{202E}要\u{202C}到位；2、节奏要稳。

            """
        try Data(report.utf8).write(to: scratch.appendingPathComponent("report.txt"))
        let outcome = try runSluice(["ingest", "report.txt", "--reader", "minutes", "--jsonl", "out.jsonl", "--no-store"].map { Array($0.utf8) },
                                    in: scratch.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let line = try String(contentsOf: scratch.appendingPathComponent("out.jsonl"), encoding: .utf8)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let group = try #require(((document["data"] as? [String: Any])?["groups"] as? [[String: Any]])?.first)
        let statements = group["statements"] as? [[String: Any]] ?? []
        #expect(statements.compactMap { $0["speaker"] as? String } == ["\u{202E}evil\u{202C}", "张伟"])
        #expect(group["leader"] as? String == "\u{202E}evil\u{202C}")
        let texts = statements.compactMap { $0["text"] as? String }
            + statements.flatMap { ($0["points"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String } }
        #expect(texts.contains { $0.contains("发票fdp.exe要核对") }, "\(texts)")
        #expect(texts.count >= 3 && texts.allSatisfy { !$0.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x202C } }, "\(texts)")
    }
}

