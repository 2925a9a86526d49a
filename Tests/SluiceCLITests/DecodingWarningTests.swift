import Foundation
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
}
