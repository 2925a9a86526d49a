import Foundation
import Testing
import SluiceCore
import SluiceTesting
import SluiceUnicodeNormalizer
import SluiceWhitespaceNormalizer

func normalizer<N: Normalizer>(_ type: N.Type, _ options: [String: OptionValue] = [:]) throws -> N {
    try N(PluginSetup(options: .defaults(for: N.options, overrides: options), logger: ReaderHarness<InMemorySource>.silentLogger))
}

@Suite struct UnicodeNormalizerTests {
    @Test func nfcComposes() throws {
        let n = try normalizer(UnicodeNormalizer.self)
        #expect(n.normalize("e\u{301}") == "\u{E9}")
        #expect(n.normalize("ＡＢＣ１２３，") == "ＡＢＣ１２３，")
    }

    @Test func nfkcFoldsButKeepsCJKPunctuation() throws {
        let keep = try normalizer(UnicodeNormalizer.self, ["form": .string("nfkc")])
        #expect(keep.normalize("ＡＢＣ１２３，说：“好！”") == "ABC123，说：“好！”")
        let fold = try normalizer(UnicodeNormalizer.self, ["form": .string("nfkc"), "keep_fullwidth_punctuation": .boolean(false)])
        #expect(fold.normalize("ＡＢＣ１２３，说：好！") == "ABC123,说:好!")
    }

    @Test func invisibleCharactersAreRemoved() throws {
        let n = try normalizer(UnicodeNormalizer.self)
        #expect(n.normalize("a\u{200B}b\u{FEFF}c\u{0007}d\te\nf") == "abcd\te\nf")
        #expect(n.normalize("👩\u{200D}💻 می\u{200C}خواهم") == "👩\u{200D}💻 می\u{200C}خواهم")
    }

    @Test func appliesToEveryTextField() throws {
        let n = try normalizer(UnicodeNormalizer.self, ["form": .string("nfkc")])
        let d = Document(kind: "t", title: "Ｔｉｔｌｅ", metadata: ["author": "Ａ"], blocks: [Block(.paragraph, text: "１")], text: "１")
        let out = try n.normalize(d, context: NormalizeContext(path: "x", logger: ReaderHarness<InMemorySource>.silentLogger))
        #expect(out.count == 1)
        #expect(out[0].title == "Title")
        #expect(out[0].metadata["author"] == "A")
        #expect(out[0].blocks[0].text == "1")
        #expect(out[0].text == "1")
    }
}

@Suite struct WhitespaceNormalizerTests {
    @Test func collapsesAndTrims() throws {
        let n = try normalizer(WhitespaceNormalizer.self)
        #expect(n.normalize("  hello    world\t\tagain  ") == "hello world again")
        #expect(n.normalize("\u{3000}\u{3000}乌镇来过，未曾离开。\u{A0}") == "乌镇来过，未曾离开。")
        #expect(n.normalize("a\r\n\r\n\r\n\r\nb\r\nc") == "a\n\nb\nc")
    }

    @Test func dropsSpacesBetweenCJKOnlyWhenAsked() throws {
        let n = try normalizer(WhitespaceNormalizer.self, ["drop_cjk_spaces": .boolean(true)])
        #expect(n.normalize("李  渊：我们 要 努力 ，  好") == "李渊：我们要努力，好")
        #expect(n.normalize("使用 AIGC 技术 提升 3 倍") == "使用 AIGC 技术提升 3 倍")
        #expect(n.normalize("New York  is big") == "New York is big")
    }

    /// Issue 10: a space the author typed between CJK characters (a headline's separator) stays
    /// by default; runs still collapse to one space.
    @Test func keepsTypedSpacesBetweenCJKByDefault() throws {
        let keep = try normalizer(WhitespaceNormalizer.self)
        #expect(keep.normalize("李  渊") == "李 渊")
        #expect(keep.normalize("暴雨致多地停课 气象台发布红色预警") == "暴雨致多地停课 气象台发布红色预警")
        #expect(keep.normalize("使用 AIGC 技术 提升 3 倍") == "使用 AIGC 技术 提升 3 倍")
    }

    @Test func largeInputsNormalizeCompletely() throws {
        let n = try normalizer(WhitespaceNormalizer.self, ["drop_cjk_spaces": .boolean(true)])
        let line = "  乌镇来过，  未曾离开。 Wu  zhen \t "
        let input = Array(repeating: line, count: 60_000).joined(separator: "\n")
        let output = n.normalize(input)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 60_000)
        #expect(lines.allSatisfy { $0 == "乌镇来过，未曾离开。 Wu zhen" })
    }

    @Test func newlinesCanBeFolded() throws {
        let n = try normalizer(WhitespaceNormalizer.self, ["keep_newlines": .boolean(false)])
        #expect(n.normalize("one\ntwo\n\nthree") == "one two three")
        #expect(n.normalize("中文\n段落") == "中文段落")
    }

    @Test func emptyBlocksAreRemoved() throws {
        let n = try normalizer(WhitespaceNormalizer.self)
        let d = Document(kind: "t", blocks: [Block(.paragraph, text: " \u{3000} "), Block(.image, text: "", src: "a.jpg"), Block(.paragraph, text: "x")], text: "x")
        let out = try n.normalize(d, context: NormalizeContext(path: "x", logger: ReaderHarness<InMemorySource>.silentLogger))
        #expect(out[0].blocks.map(\.type) == [.image, .paragraph])
    }
}
