import Foundation
import Logging
import SluiceCore
import SluiceDocxDecoder
import SluiceTesting
import Testing

/// The `docx` decoder on the committed feature fixture (written by `Fixtures/make_docx.py`).
@Suite struct DocxDecoderTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func decode(_ bytes: [UInt8], options: [String: OptionValue] = [:]) throws -> DecodedInput {
        let values = OptionValues.defaults(for: DocxDecoder.options, overrides: options)
        let decoder = try DocxDecoder(PluginSetup(options: values, logger: Self.logger))
        return try decoder.decode(SourceInput(path: "features.docx", bytes: bytes), context: ReadContext(path: "features.docx", logger: Self.logger))
    }

    var features: [UInt8] { get throws { try repositoryFile("Tests/SluiceDocumentFormatTests/Fixtures/features.docx") } }

    @Test func headingsFromEnglishAndChineseStyleNames() throws {
        let blocks = try decode(features).blocks ?? []
        let headings = blocks.filter { $0.type == .heading }.map { "\($0.level ?? 0) \($0.text)" }
        #expect(headings == ["1 功能样例 Feature sample", "1 第一部分 Part one", "2 中文样式名的二级标题", "3 第三级 Level three"])
        #expect(blocks.first?.attributes?["style"] == "title")
    }

    @Test func listNumberingRenderedAsWritten() throws {
        let items = try decode(features).blocks?.filter { $0.type == .listItem } ?? []
        #expect(items.map(\.text) == [
            "（1）明确目标", "（2）分解到人", "1、加强复盘", "a) 每周一次", "b) 每月总结", "2、形成制度", "• 要点", "一、组织", "二、落实",
        ])
        #expect(items.map { $0.level ?? 0 } == [1, 1, 1, 2, 2, 1, 1, 1, 1])
        #expect(items[3].attributes?["marker"] == "a)")
    }

    @Test func tablesKeepTheirGridWithMergedCells() throws {
        let table = try #require(try decode(features).blocks?.first { $0.type == .table })
        #expect(table.text == "组别\t组长\t议题\n第一组\t李飞\t部门职责\n\t合并两列 spans two\t")
        #expect(table.attributes?["rows"] == "3")
        #expect(table.attributes?["columns"] == "3")
        #expect(table.attributes?["merged_cells"] == "2")
    }

    @Test func trackedChangesBreaksTabsNotesAndWhatIsLeftOut() throws {
        let decoded = try decode(features)
        let text = decoded.text
        #expect(text.contains("修订：保留插入。有批注[1][i]"))
        #expect(!text.contains("删除的文字"))
        #expect(text.contains("第一行\n第二行\t制表符后"))
        // Comments and headers are not document text.
        #expect(!text.contains("批注内容不应出现"))
        #expect(!text.contains("页眉内容不应出现"))
        let notes = decoded.blocks?.filter { $0.type == "footnote" } ?? []
        #expect(notes.map(\.text) == ["脚注：资料来源于会议记录。", "尾注：仅供内部参考。"])
        #expect(notes.map { $0.attributes?["note"] ?? "" } == ["footnote", "endnote"])
        #expect(text.hasSuffix("[1] 脚注：资料来源于会议记录。\n[i] 尾注：仅供内部参考。\n"))
    }

    @Test func imagesWithAltTextAndCoreProperties() throws {
        let decoded = try decode(features)
        let image = try #require(decoded.blocks?.first { $0.type == .image })
        #expect(image.text == "组织结构图 Org chart")
        #expect(image.src == "word/media/image1.png")
        #expect(decoded.metadata["title"] == "功能样例")
        #expect(decoded.metadata["author"] == "测试作者")
        #expect(decoded.metadata["created"] == "2023-07-20T09:00:00Z")
        #expect(decoded.metadata["modified"] == "2023-07-21T18:30:00Z")
    }

    @Test func sameBytesSameText() throws {
        #expect(try decode(features) == decode(features))
    }

    @Test func capsAreOptions() throws {
        #expect(throws: PluginError.self) { try decode(features, options: ["max_entries": .integer(3)]) }
        #expect(throws: PluginError.self) { try decode(features, options: ["max_uncompressed_bytes": .integer(2_000)]) }
        #expect(throws: PluginError.self) { try decode(features, options: ["max_xml_nodes": .integer(50)]) }
    }
}
