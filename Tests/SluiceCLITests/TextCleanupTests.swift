import Foundation
import Testing

/// What the `text` reader and the default normalizers make of titles and lines.
@Suite(.serialized) struct TextCleanupTests {
    private func ingestOne(_ scratch: Scratch, _ name: String, _ text: String) throws -> [String: Any] {
        scratch.write(name, text)
        let r = try sluice(["ingest", name, "--jsonl", "out.jsonl", "--no-store"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try jsonLines(scratch.read("out.jsonl") ?? "").first)
    }

    private func paragraphs(_ document: [String: Any]) -> [String] {
        (document["blocks"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "paragraph" }.compactMap { $0["text"] as? String }
    }

    @Test func bidiControlsAndOtherFormatCharactersLeaveTitlesButEmojiJoinersStay() throws {
        let scratch = Scratch()
        let text = "Invoice \u{202E}fdp.exe\u{202C} for \u{2066}ACME\u{2069}\u{200F}\n\n"
            + "The developer emoji \u{1F469}\u{200D}\u{1F4BB} stays whole, a stray jo\u{200D}iner and a mark\u{200E} go.\n"
        let document = try ingestOne(scratch, "invoice.txt", text)
        #expect(document["title"] as? String == "Invoice fdp.exe for ACME")
        let body = paragraphs(document).joined()
        #expect(body.contains("\u{1F469}\u{200D}\u{1F4BB}"), "\(body.unicodeScalars.map { String($0.value, radix: 16) })")
        #expect(body.contains("a stray joiner and a mark go."), "\(body)")
        let bidi: [UInt32] = [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]
        let all = (document["title"] as? String ?? "") + body + (document["text"] as? String ?? "")
        #expect(!all.unicodeScalars.contains { bidi.contains($0.value) })
    }

    @Test func theTitleIsTheFirstLineAndShortLinesAreNotJoined() throws {
        let scratch = Scratch()
        let text = "line one\nline two\nline three\nline four\n\nA first paragraph of the note.\n\nA second paragraph.\n"
        let document = try ingestOne(scratch, "lines.txt", text)
        #expect(document["title"] as? String == "line one")
        let blocks = (document["blocks"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        #expect(Array(blocks.prefix(3)) == ["line two", "line three", "line four"], "\(blocks)")
    }

    @Test func hardWrappedParagraphsAreStillJoined() throws {
        let scratch = Scratch()
        let text = """
            A report on the river
            The water level rose by half a metre over the weekend, and the
            town council asked residents near the old mill to move their cars
            to higher ground before Tuesday.

            A second paragraph follows here, wrapped at the same width as the
            first one was, and it ends on a short line.

            """
        let document = try ingestOne(scratch, "wrapped.txt", text)
        #expect(document["title"] as? String == "A report on the river")
        let paras = paragraphs(document)
        #expect(paras.first == "The water level rose by half a metre over the weekend, and the town council asked residents near the old mill to move their cars to higher ground before Tuesday.", "\(paras)")
        #expect(paras.count == 2, "\(paras)")
    }
}
