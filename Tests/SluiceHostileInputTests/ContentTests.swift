import Foundation
import SluiceTesting
import SluiceTestSupport
import Testing

/// What a hostile input must come to.
enum Expected: CustomStringConvertible {
    /// Ingested; the record's text contains `text` (if given) and, if `warning` is given, the
    /// input has a warning containing it.
    case ingested(text: String? = nil, warning: String? = nil)
    /// Failed, with a reason containing every one of the words.
    case failed([String])
    /// Skipped, with a reason containing every one of the words.
    case skipped([String])
    /// Any clear outcome: ingested, or failed or skipped with a reason containing the words
    /// (for inputs where more than one outcome is defensible).
    case anyOutcome([String])

    var description: String {
        switch self {
        case .ingested(let text, let warning): "ingested(text: \(text ?? "-"), warning: \(warning ?? "-"))"
        case .failed(let words): "failed(\(words))"
        case .skipped(let words): "skipped(\(words))"
        case .anyOutcome(let words): "any outcome(\(words))"
        }
    }
}

/// One hostile file.
struct HostileFile: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var expected: @Sendable () -> Expected
    var testDescription: String { name }

    init(_ name: String, _ bytes: [UInt8], _ expected: @escaping @Sendable @autoclosure () -> Expected) {
        self.name = name
        self.bytes = bytes
        self.expected = expected
    }
}

private let chinese = "乌镇来过，未曾离开。乌镇之美，美在朦朦的烟雨，美在深邃的小巷，美在古朴的石桥。"
private let article = "A short title\n\nThe first paragraph of a perfectly ordinary article, with enough words to read.\n\nA second paragraph closes it.\n"

/// Files whose content is hostile, under names that route them to a reader.
let contentCases: [HostileFile] = {
    var rng = Xorshift(seed: 42)
    let utf8Chinese = Array(("标题\n" + chinese + "\n").utf8)
    var cases: [HostileFile] = [
        HostileFile("empty.txt", [], .skipped(["empty"])),
        HostileFile("empty.md", [], .skipped(["empty"])),
        HostileFile("spaces.txt", Array("   \n\t\t\n  \r\n\u{3000}\u{a0}\n".utf8), .anyOutcome(["white space"])),
        HostileFile("newlines.txt", [UInt8](repeating: 0x0A, count: 10_000), .anyOutcome(["white space"])),
        HostileFile("bom-only.txt", [0xEF, 0xBB, 0xBF], .anyOutcome([])),
        HostileFile("utf16-bom-only.txt", [0xFF, 0xFE], .anyOutcome([])),
        HostileFile("nul-in-middle.txt", Array("Title\nSome text".utf8) + [0] + Array("more text.\n".utf8), .failed(["binary"])),
        HostileFile("all-nul.txt", [UInt8](repeating: 0, count: 4096), .failed(["binary"])),
        HostileFile("control-chars.txt", Array("Title\n\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{e}\u{f}text\u{10}\u{11}\n".utf8), .failed(["binary"])),
        // Damaged UTF-8: mostly valid multi-byte text with a few bad bytes is decoded as UTF-8 with
        // replacements (and a warning); ASCII with a few high bytes reads as windows-1252.
        HostileFile("invalid-utf8.txt", Array(("标题\n" + chinese).utf8) + [0xFF] + Array((chinese + "\n").utf8) + [0xC0, 0x80],
                    .ingested(text: "乌镇来过", warning: "replaced")),
        HostileFile("ascii-with-garbage.txt", Array("Title\nGood text ".utf8) + [0xFF, 0xFE, 0xC0, 0x80] + Array(" more good text.\n".utf8),
                    .ingested(text: "more good text")),
        HostileFile("overlong-utf8.txt", Array("Title\nAn overlong slash ".utf8) + [0xC0, 0xAF, 0xE0, 0x80, 0xAF] + Array(" here.\n".utf8),
                    .ingested(text: "here.")),
        HostileFile("surrogate-utf8.txt", Array("Title\nA lone surrogate ".utf8) + [0xED, 0xA0, 0x80] + Array(" here.\n".utf8),
                    .ingested(text: "here.")),
        HostileFile("utf16le-bom.txt", [0xFF, 0xFE] + encode("标题\n" + chinese + "\n", as: .utf16LittleEndian), .ingested(text: chinese)),
        HostileFile("utf16be-bom.txt", [0xFE, 0xFF] + encode("标题\n" + chinese + "\n", as: .utf16BigEndian), .ingested(text: chinese)),
        HostileFile("utf16le-no-bom.txt", encode("Title\n" + article, as: .utf16LittleEndian), .ingested(text: "perfectly ordinary")),
        HostileFile("utf16be-no-bom.txt", encode("标题\n" + chinese + "\n", as: .utf16BigEndian), .ingested(text: chinese)),
        HostileFile("utf32le-bom.txt", [0xFF, 0xFE, 0, 0] + encode("Title\n" + article, as: .utf32LittleEndian), .ingested(text: "perfectly ordinary")),
        HostileFile("utf32be-bom.txt", [0, 0, 0xFE, 0xFF] + encode("标题\n" + chinese + "\n", as: .utf32BigEndian), .ingested(text: chinese)),
        HostileFile("utf32le-no-bom.txt", encode("Title\n" + article, as: .utf32LittleEndian), .ingested(text: "perfectly ordinary")),
        // A UTF-16 BOM in front of UTF-8 bytes: the BOM lies.
        HostileFile("lying-utf16-bom.txt", [0xFF, 0xFE] + Array(article.utf8), .anyOutcome([])),
        HostileFile("truncated-utf8.txt", Array(utf8Chinese.dropLast(3)), .ingested(text: "乌镇来过")),
        HostileFile("truncated-utf16.txt", Array(([0xFF, 0xFE] + encode("标题\n" + chinese, as: .utf16LittleEndian)).dropLast()),
                    .ingested(text: "乌镇来过")),
        HostileFile("truncated-gb18030.txt", Array((try! LegacyEncoding.encode("标题\n" + chinese + chinese, as: "GB18030")).dropLast()),
                    .ingested(text: "乌镇来过")),
        // FF FE 00 00 with a length that is not a multiple of 4 reads as UTF-16LE (a BOM and a
        // NUL), so this one is refused as binary today; decoding it as UTF-32 would do too.
        HostileFile("truncated-utf32.txt", Array(([0xFF, 0xFE, 0, 0] + encode("Title\n" + article, as: .utf32LittleEndian)).dropLast(2)),
                    .anyOutcome([])),
        HostileFile("random.txt", rng.bytes(65_536), .failed(["binary"])),
        HostileFile("random-no-nul.md", rng.bytes(65_536).map { $0 == 0 ? 0x41 : $0 }, .anyOutcome([])),
        HostileFile("elf.txt", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 56) + rng.bytes(4000), .failed(["binary"])),
        HostileFile("png.md", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array("IHDR".utf8) + rng.bytes(2000),
                    .failed(["binary"])),
        HostileFile("gzip.txt", [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 3] + rng.bytes(3000), .failed(["binary"])),
        HostileFile("pdf.txt", Array("%PDF-1.7\n%\u{e2}\u{e3}\n1 0 obj\n<< /Type /Catalog >>\nstream\n".utf8) + rng.bytes(3000), .anyOutcome([])),
        HostileFile("mixed-line-endings.txt", Array("Title\r\rFirst\r\nSecond\n\rThird\u{2028}Fourth\u{85}Fifth.\r".utf8), .ingested(text: "Fifth")),
        HostileFile("bidi-and-zero-width.txt", Array("Title\n\u{202E}evil\u{202C} \u{200B}\u{200D}\u{FEFF} text with marks.\n".utf8),
                    .ingested(text: "text with marks")),
        HostileFile("combining-storm.txt", Array(("Title\nZ" + String(repeating: "\u{0301}", count: 50_000) + " end.\n").utf8),
                    .ingested(text: "end.")),
        HostileFile("many-short-lines.txt", Array(String(repeating: "x\n", count: 200_000).utf8), .ingested()),
        HostileFile("long-lines.txt", Array(String(repeating: String(repeating: "word ", count: 20_000) + "\n", count: 20).utf8), .ingested()),
        HostileFile("escape-sequences.txt", Array("Title\n\u{1B}[2J\u{1B}]0;pwned\u{7}Text after escapes.\n".utf8), .anyOutcome([])),
        HostileFile("minutes-headings-only.txt", Array(String(repeating: "第一组\n组长：\n", count: 20_000).utf8), .ingested()),
        HostileFile("fake-manifest.yaml", Array("version: 1\npipelines: *bomb\n".utf8), .skipped([])),
    ]
    if hasNewsReader {
        let meta = { (charset: String, body: String) in
            "<html><head><meta charset=\"\(charset)\"><title>标题</title></head><body><article><h1>标题</h1><p>\(body)</p><p>\(body)</p></article></body></html>"
        }
        cases += [
            HostileFile("empty.html", [], .skipped(["empty"])),
            HostileFile("spaces.html", Array("  \n\n\t ".utf8), .anyOutcome([])),
            HostileFile("tags-only.html", Array("<html><head></head><body><div></div></body></html>".utf8), .anyOutcome([])),
            // Declared legacy charsets over UTF-8 bytes, and UTF-8 declared over GB18030 bytes.
            HostileFile("lying-gb2312.html", Array(meta("gb2312", chinese).utf8), .ingested(text: "乌镇来过")),
            HostileFile("lying-latin1.html", Array(meta("iso-8859-1", chinese).utf8), .ingested(text: "乌镇来过")),
            HostileFile("lying-utf8.html", try! LegacyEncoding.encode(meta("utf-8", chinese), as: "GB18030"), .ingested(text: "乌镇来过")),
            HostileFile("lying-utf16.html", Array(meta("utf-16", chinese).utf8), .ingested(text: "乌镇来过")),
            HostileFile("unknown-charset.html", Array(meta("x-no-such-charset", chinese).utf8), .ingested(text: "乌镇来过")),
            HostileFile("truncated.html", Array(Array(meta("utf-8", chinese + chinese).utf8).prefix(300)), .anyOutcome([])),
            HostileFile("nul.html", Array(meta("utf-8", chinese).utf8.prefix(120)) + [0] + Array(meta("utf-8", chinese).utf8.dropFirst(120)),
                        .ingested(text: "乌镇来过")),
            HostileFile("binary.html", rng.bytes(20_000), .anyOutcome([])),
            HostileFile("unclosed-comment.html", Array(("<html><body><!-- " + String(repeating: "<p>a</p>", count: 10_000)).utf8), .anyOutcome([])),
            HostileFile("unclosed-script.html", Array(("<html><body><p>Visible paragraph.</p><script>" + String(repeating: "x", count: 100_000)).utf8), .anyOutcome([])),
        ]
    }
    return cases
}()

/// Every content case, ingested together in one zero-config run (the way users meet them: a
/// folder of files they did not write).
@Suite(.serialized) struct HostileContentTests {
    @Test func everyHostileFileHasAClearOutcome() throws {
        let scratch = Scratch()
        for file in contentCases { scratch.write("in/" + file.name, file.bytes) }
        let outcome = try runSluice(
            ["ingest", "in", "--jsonl", "out.jsonl", "--no-store", "--report", "report.json", "--concurrency", "2"],
            in: scratch.path, timeout: 120)
        expectCleanExit(outcome)
        let reported = try reportedInputs(scratch.path + "/report.json", of: outcome)
        let records = try jsonLines(scratch.read("out.jsonl") ?? "")
        #expect(reported.count == contentCases.count, "every input accounted for")
        for file in contentCases {
            let path = "in/" + file.name
            guard let input = reported.first(where: { $0.path == path }) else {
                Issue.record("\(path) is missing from the report")
                continue
            }
            let mine = records.filter { (($0["source"] as? [String: Any])?["path"] as? String) == path }
            let text = mine.map { ($0["text"] as? String ?? "") + " " + ($0["title"] as? String ?? "") }.joined(separator: "\n")
            let reason = input.reason ?? ""
            switch file.expected() {
            case .ingested(let expectedText, let warning):
                #expect(input.status == "ingested", "\(path): \(input.status) [\(input.stage ?? "")] \(reason)")
                #expect(!mine.isEmpty, "\(path): no record")
                if let expectedText { #expect(text.contains(expectedText), "\(path): text lacks '\(expectedText)': \(text.prefix(200))") }
                if let warning {
                    #expect(input.warnings.contains { $0.contains(warning) }, "\(path): warnings \(input.warnings)")
                }
            case .failed(let words):
                #expect(input.status == "failed", "\(path): \(input.status) \(reason)")
                #expect(!reason.isEmpty, "\(path): failed without a reason")
                for word in words { #expect(reason.contains(word), "\(path): reason '\(reason)' lacks '\(word)'") }
                #expect(mine.isEmpty, "\(path): a failed input left records")
            case .skipped(let words):
                #expect(input.status == "skipped", "\(path): \(input.status) \(reason)")
                #expect(!reason.isEmpty, "\(path): skipped without a reason")
                for word in words { #expect(reason.contains(word), "\(path): reason '\(reason)' lacks '\(word)'") }
                #expect(mine.isEmpty)
            case .anyOutcome(let words):
                #expect(input.status == "failed" || input.status == "skipped" || input.status == "ingested",
                        "\(path): \(input.status)")
                if input.status != "ingested" {
                    #expect(!reason.isEmpty, "\(path): \(input.status) without a reason")
                    for word in words { #expect(reason.contains(word), "\(path): reason '\(reason)' lacks '\(word)'") }
                }
            }
            // Reasons and warnings never quote the document's text.
            for message in [reason] + input.warnings {
                #expect(!message.contains("乌镇") && !message.contains("perfectly ordinary"), "\(path): message quotes the text: \(message)")
            }
        }
        // The summary on standard error names each file that was not ingested.
        for input in reported where input.status != "ingested" {
            #expect(outcome.stderr.contains(input.path), "stderr does not name \(input.path)")
        }
    }
}
