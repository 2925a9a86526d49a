import Foundation
import Testing
import SluiceCore
import SluiceTesting
import SluiceTestSupport
@testable import SluiceTextReader

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

func sample(_ name: String) -> String { repositoryRoot + "/Samples/documents/" + name }

@Suite struct TextReaderTests {
    let harness = try! ReaderHarness(TextReader.self)

    @Test func plainArticleSeed() throws {
        let outcome = try harness.read(file: sample("plain-article.txt"))
        #expect(outcome.error == nil)
        #expect(outcome.documents.count == 1)
        let d = outcome.documents[0]
        #expect(d.kind == "article")
        #expect(d.title?.hasPrefix("近日,靖江公司蒋红扬获得泰州市第十六批“骏马奖”工作嘉奖") == true)
        #expect(d.blocks.filter { $0.type == .heading }.map(\.text) == ["初次接触", "渐入佳境", "领军人物"])
        #expect(d.blocks.filter { $0.type == .paragraph }.count == 12)
        #expect(d.blocks[0].type == .heading)
        #expect(d.blocks[1].text.hasPrefix("“哎,老蒋,你都加了一个多礼拜班了"))
        #expect(d.blocks.last?.text.hasPrefix("此刻,他仍旧带领企业产数拓展中心团队成员") == true)
        #expect(d.source.encoding == "UTF-8")
        #expect(d.metadata["language"] == "zh")
        #expect(d.text.contains("初次接触\n\n“哎,老蒋"))
        #expect(outcome.warnings.isEmpty)
    }

    @Test func gb18030AndBig5AndUTF16AreDecoded() throws {
        let text = "标题在这里\n正文第一段，讲述了一个关于云计算的故事。镕基与喆的名字也在其中。\n小标题\n第二段内容，依然是中文。"
        let gb = harness.read(try LegacyEncoding.encode(text, as: "GB18030"), path: "gb.txt")
        #expect(gb.documents.first?.source.encoding == "GB18030")
        #expect(gb.documents.first?.title == "标题在这里")
        #expect(gb.documents.first?.blocks.map(\.text) == ["正文第一段，讲述了一个关于云计算的故事。镕基与喆的名字也在其中。", "小标题", "第二段内容，依然是中文。"])
        #expect(gb.documents.first?.blocks[1].type == .heading)

        let utf16 = harness.read([0xFF, 0xFE] + (try LegacyEncoding.encode(text, as: "UTF-16LE")), path: "u16.txt")
        #expect(utf16.documents.first?.source.encoding == "UTF-16LE")
        #expect(utf16.documents.first?.text == gb.documents.first?.text)

        let traditional = String(repeating: "這是一個關於臺灣新聞報導的繁體中文段落，內容描述了經濟發展與社會變遷。", count: 8)
        let big5 = harness.read(try LegacyEncoding.encode("繁體標題\n" + traditional, as: "BIG5"), path: "b5.txt")
        #expect(big5.documents.first?.source.encoding == "Big5")
        #expect(big5.documents.first?.title == "繁體標題")
    }

    @Test func utf16WithoutBOMIsText() throws {
        let text = "没有字节顺序标记的标题\n这是一段用UTF-16LE编码、但没有BOM的中文文本，它不应被当作二进制文件。\n"
        let outcome = harness.read(try LegacyEncoding.encode(text, as: "UTF-16LE"), path: "nobom.txt")
        #expect(outcome.error == nil)
        #expect(outcome.documents.first?.title == "没有字节顺序标记的标题")
        #expect(outcome.documents.first?.source.encoding == "UTF-16LE")
    }

    @Test func invalidBytesAreReplacedAndCounted() {
        let bytes = Array("Title line\nSome text with a bad byte ".utf8) + [0xFF] + Array(" in it.\n".utf8)
        let outcome = harness.read(bytes, path: "bad.txt")
        #expect(outcome.error == nil)
        #expect(outcome.documents.count == 1)
    }

    @Test func lineEndingsAreAllTheSame() {
        let lf = harness.read(Array("Title\nFirst paragraph.\nSecond paragraph.\n".utf8), path: "a.txt")
        let crlf = harness.read(Array("Title\r\nFirst paragraph.\r\nSecond paragraph.\r\n".utf8), path: "a.txt")
        let cr = harness.read(Array("Title\rFirst paragraph.\rSecond paragraph.\r".utf8), path: "a.txt")
        #expect(lf.documents.first?.blocks == crlf.documents.first?.blocks)
        #expect(lf.documents.first?.blocks == cr.documents.first?.blocks)
        #expect(lf.documents.first?.blocks.count == 2)
    }

    @Test func hardWrappedEnglishJoinsLinesIntoParagraphs() {
        let text = """
            A Short Title

            This is the first paragraph of a plain text file that
            was wrapped at sixty characters, the way editors do it,
            and it goes on for a few lines.

            Background

            The second paragraph is also wrapped over more than one
            line, and it ends here.
            """
        let d = harness.read(Array(text.utf8), path: "en.txt").documents.first
        #expect(d?.title == "A Short Title")
        #expect(d?.blocks.map(\.type) == [.paragraph, .heading, .paragraph])
        #expect(d?.blocks.first?.text == "This is the first paragraph of a plain text file that was wrapped at sixty characters, the way editors do it, and it goes on for a few lines.")
        #expect(d?.metadata["language"] == "en")
    }

    @Test func binaryAndBlankInputsFailClearly() {
        let binary = harness.read([0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 1, 2, 3, 0, 0], path: "x.txt")
        #expect((binary.error as? PluginError)?.kind == .invalidInput)
        #expect((binary.error as? PluginError)?.reason.contains("binary") == true)
        let blank = harness.read(Array(" \n\t\n".utf8), path: "x.txt")
        #expect((blank.error as? PluginError)?.reason.contains("no text") == true)
    }

    @Test func autoModeConfidence() {
        #expect(harness.confidence(Array("hello".utf8), path: "a.txt") == 0.5)
        #expect(harness.confidence(Array("hello".utf8), path: "README") == 0.2)
        #expect(harness.confidence(Array("let x = 1".utf8), path: "a.swift") == 0)
        #expect(harness.confidence([0, 1, 2, 0], path: "blob") == 0)
    }

    @Test func conformance() throws {
        let failures = try ReaderConformance.check(TextReader.self, samples: [
            ("plain-article.txt", Array(FileManager.default.contents(atPath: sample("plain-article.txt"))!)),
            ("short.txt", Array("Title\nBody.".utf8)),
        ])
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func forcedEncodingOption() throws {
        let h = try ReaderHarness(TextReader.self, options: ["encoding": .string("gb18030")])
        let d = h.read(try LegacyEncoding.encode("标题\n正文。", as: "GB18030"), path: "x.txt").documents.first
        #expect(d?.title == "标题")
        #expect(throws: PluginError.self) { _ = try ReaderHarness(TextReader.self, options: ["encoding": .string("klingon")]) }
    }
}
