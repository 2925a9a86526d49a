import Foundation
import SluiceTestSupport
import Testing

/// Text that is not clean UTF-8: valid characters survive, and the user is told what happened.
@Suite(.serialized) struct DecodingWarningTests {
    private func ingest(_ scratch: Scratch, _ name: String) throws -> (ProcessResult, [String: Any]?) {
        let r = try sluice(["ingest", name, "--reader", "text", "--jsonl", "out.jsonl", "--no-store"], in: scratch.path)
        return (r, try jsonLines(scratch.read("out.jsonl") ?? "").first)
    }

    @Test func mostlyASCIIUTF8WithAFewBadBytesStaysUTF8WithAWarningAndOffset() throws {
        let scratch = Scratch()
        // Mostly ASCII, two Chinese words, and two stray bytes: this was read as windows-1252
        // (新闻 → æ–°é—») without a word.
        let head = Array("Daily report\n\nThe 新闻 section was updated; ".utf8)
        let bytes = head + [0xFF] + Array(" see the 更新 log, and ".utf8) + [0xC3, 0x28] + Array(" more plain text follows here.\n".utf8)
        scratch.write("report.txt", bytes)
        let (r, doc) = try ingest(scratch, "report.txt")
        #expect(r.status == 0, "\(r.stderr)")
        let text = doc?["text"] as? String ?? ""
        #expect(text.contains("新闻") && text.contains("更新") && text.contains("\u{FFFD}"), "\(text)")
        #expect(!text.contains("æ–°"))
        #expect((doc?["source"] as? [String: Any])?["encoding"] as? String == "UTF-8")
        #expect(r.stderr.contains("warning  report.txt:"), "\(r.stderr)")
        #expect(r.stderr.contains("2 invalid byte sequence(s) replaced with U+FFFD while decoding as UTF-8 (the first at byte \(head.count))"),
                "\(r.stderr)")
    }

    @Test func aGuessedLegacyEncodingIsNamed() throws {
        let scratch = Scratch()
        // Latin-1 text: no valid multi-byte sequence at all, so not damaged UTF-8.
        let latin1 = "Caf\u{E9} cr\u{E8}me br\u{FB}l\u{E9}e\n\nLe gar\u{E7}on a servi la cr\u{E8}me br\u{FB}l\u{E9}e \u{E0} la fen\u{EA}tre, pr\u{E8}s du th\u{E9}\u{E2}tre.\n"
        scratch.write("menu.txt", latin1.unicodeScalars.map { UInt8($0.value) })
        let (r, doc) = try ingest(scratch, "menu.txt")
        #expect(r.status == 0, "\(r.stderr)")
        let encoding = (doc?["source"] as? [String: Any])?["encoding"] as? String ?? ""
        #expect(encoding != "UTF-8" && !encoding.isEmpty)
        #expect((doc?["title"] as? String) == "Café crème brûlée", "\(doc?["title"] ?? "")")
        #expect(r.stderr.contains("warning  menu.txt: the encoding was guessed as \(encoding)"), "\(r.stderr)")
    }

    /// The news reader says the same as the text reader: a page without a charset whose bytes are
    /// GB18030 is named as guessed; a page whose declared charset its bytes contradict says that
    /// instead (not "no charset was declared"); damaged UTF-8 names the first bad byte.
    @Test func theNewsReaderGivesTheSameWarnings() throws {
        let scratch = Scratch()
        let body = "<p>" + String(repeating: "今天上午，市政府召开新闻发布会，介绍了全市防汛工作的最新进展和下一步安排。", count: 4) + "</p>"
        let page = { (meta: String) in "<html><head>\(meta)<title>防汛工作新闻发布会</title></head><body><article><h1>防汛工作新闻发布会</h1>\(body)\(body)</article></body></html>" }
        scratch.write("guessed.html", try LegacyEncoding.encode(page(""), as: "GB18030"))
        scratch.write("declared.html", try LegacyEncoding.encode(page("<meta charset=\"utf-8\">"), as: "GB18030"))
        let good = Array(page("<meta charset=\"utf-8\">").utf8)
        let cut = good.count / 2
        scratch.write("damaged.html", Array(good[..<cut]) + [0xFF] + Array(good[cut...]))
        let r = try sluice(["ingest", "guessed.html", "declared.html", "damaged.html", "--reader", "news", "--jsonl", "out.jsonl", "--no-store"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning  guessed.html: the encoding was guessed as GB18030"), "\(r.stderr)")
        #expect(r.stderr.contains("warning  declared.html: the page declares charset 'utf-8' but is GB18030"), "\(r.stderr)")
        #expect(!r.stderr.contains("declared.html: the encoding was guessed"), "\(r.stderr)")
        #expect(r.stderr.contains("warning  damaged.html: 1 invalid byte sequence(s) replaced with U+FFFD while decoding as UTF-8"), "\(r.stderr)")
        let titles = try jsonLines(scratch.read("out.jsonl") ?? "").compactMap { $0["title"] as? String }
        #expect(titles.filter { $0 == "防汛工作新闻发布会" }.count == 3, "\(titles)")
    }
}
