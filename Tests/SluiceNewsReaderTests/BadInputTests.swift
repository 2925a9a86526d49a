import Foundation
import SluiceCore
import SluiceHTML
import Testing

@testable import SluiceNewsReader

/// Hostile and broken pages: each gives a clear warning or error, never a crash, a hang or a
/// read of a local file.
@Suite struct BadInputTests {
    @Test func truncatedPageWarnsAndKeepsWhatIsThere() throws {
        let (doc, warnings) = try Fixture.read(Fixture.fixture("truncated.html"))
        #expect(warnings.contains { $0.contains("truncated") })
        #expect(doc.text.contains("3月5日上午，第十三届全国人民代表大会第四次会议在人民大会堂开幕。"))
    }

    @Test func binaryFileNamedHTMLIsRefused() throws {
        let path = Fixture.fixture("binary.html")
        #expect(throws: PluginError.self) { try Fixture.read(path) }
        do {
            _ = try Fixture.read(path)
        } catch let error as PluginError {
            #expect(error.kind == .invalidInput)
            #expect(error.reason.contains("binary"))
        }
        let reader = try Fixture.reader()
        let bytes = try Fixture.bytes(path)
        #expect(reader.confidence(for: Fixture.sample(for: path, bytes: bytes)) < 0.9)
    }

    @Test func pageWithoutArticleWarns() throws {
        let (doc, warnings) = try Fixture.read(Fixture.fixture("no-article.html"))
        #expect(doc.blocks.isEmpty)
        #expect(warnings.contains { $0.contains("no article text") })
    }

    @Test func externalEntitiesAndEntityBombsAreNeverExpanded() throws {
        let (doc, warnings) = try Fixture.read(Fixture.fixture("entities.xhtml"))
        #expect(warnings.contains { $0.contains("entities") })
        #expect(!doc.text.contains("root:"))
        #expect(!doc.text.contains("lollol"))
        #expect(!doc.text.contains("ENTITY"))
        #expect(doc.title == "实体测试页面")
        #expect(doc.text.utf8.count < 2_000)
        #expect(doc.text.contains("解析器不应该展开任何外部实体"))
    }

    @Test func hundredThousandDeepNestingIsFlattened() throws {
        let depth = 100_000
        var html = "<html><head><title>深层嵌套</title></head><body>"
        html += String(repeating: "<div>", count: depth)
        html += "<p>这是埋在十万层嵌套里面的一段正文，用来检验解析器不会崩溃，也不会悄悄截断页面的内容。</p>"
        html += String(repeating: "</div>", count: depth)
        html += "<p>嵌套之后的一段正文，同样应该被保留下来，证明解析并没有在中途停止。</p></body></html>"
        let (doc, warnings) = try Fixture.read(bytes: Array(html.utf8), path: "deep.html")
        #expect(warnings.contains { $0.contains("flattened") })
        #expect(doc.text.contains("这是埋在十万层嵌套里面的一段正文"))
        #expect(doc.text.contains("嵌套之后的一段正文"))
    }

    @Test func twentyMegabyteTextNodeIsCut() throws {
        var bytes = Array("<html><body><p>".utf8)
        let unit = Array("长文本测试，".utf8)
        bytes.reserveCapacity(21 << 20)
        while bytes.count < 20 << 20 { bytes.append(contentsOf: unit) }
        bytes.append(contentsOf: Array("</p></body></html>".utf8))
        let (doc, warnings) = try Fixture.read(bytes: bytes, path: "huge-text.html")
        #expect(warnings.contains { $0.contains("were cut") })
        #expect(doc.text.utf8.count <= 2 << 20)
        #expect(doc.text.hasPrefix("长文本测试"))
    }

    @Test func millionTinyElementsHitTheNodeCap() throws {
        var bytes = Array("<html><body><div>".utf8)
        let unit = Array("<i>x</i>".utf8)
        bytes.reserveCapacity(unit.count * 1_000_000 + 64)
        for _ in 0..<1_000_000 { bytes.append(contentsOf: unit) }
        bytes.append(contentsOf: Array("</div></body></html>".utf8))
        let (_, warnings) = try Fixture.read(bytes: bytes, path: "million.html")
        #expect(warnings.contains { $0.contains("nodes; the rest was dropped") })
    }

    @Test func oversizedInputIsRefusedBeforeParsing() throws {
        let limits = HTMLParseLimits(maxInputBytes: 1_000)
        let bytes = Array(String(repeating: "<p>a</p>", count: 500).utf8)
        #expect(throws: HTMLParseError.tooLarge(bytes: bytes.count, limit: 1_000)) {
            try HTMLParser.parse(utf8: bytes, options: HTMLParseOptions(limits: limits))
        }
    }

    @Test func emptyInputIsAnError() throws {
        #expect(throws: PluginError.self) { try Fixture.read(bytes: [], path: "empty.html") }
    }
}
