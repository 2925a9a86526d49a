import Foundation
import Testing
import SluiceCore
import SluiceTesting
import SluiceNewsReader
@testable import SluiceLanguageNormalizer

@Suite struct LanguageNormalizerTests {
    let normalizer = try! LanguageNormalizer(PluginSetup(
        options: OptionValues.defaults(for: LanguageNormalizer.options), logger: CorpusSamples.logger))

    func detect(_ text: String) throws -> Document {
        try #require(try normalizer.normalize(Document(kind: "article", text: text), context: CorpusSamples.context).first)
    }

    @Test func chinesePageDeclaringEnglishIsChinese() throws {
        let article = try #require(try CorpusSamples.text("plain-article.txt").first)
        let paragraphs = article.text.split(separator: "\n").prefix(12).map { "<p>\($0)</p>" }.joined()
        let html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>新闻</title></head><body><article><h1>标题</h1>\(paragraphs)</article></body></html>"
        var read = try #require(ReaderHarness<NewsReader>().read(Array(html.utf8), path: "page.html").documents.first)
        // The news reader decides from the text too (the attribute is only a hint)...
        #expect(read.metadata["language"]?.hasPrefix("zh") == true)
        // ...and so does this normalizer when a reader passed the wrong attribute on.
        read.metadata["language"] = "en"
        let out = try #require(try normalizer.normalize(read, context: CorpusSamples.context).first)
        #expect(out.metadata["language"] == "zh-Hans")
        #expect(out.metadata["declared_language"] == "en")
        #expect(out.metadata["script"] == "Hani")
        #expect(Double(out.metadata["cjk_ratio"]!)! > 0.7)
        #expect(out.blocks.contains { $0.attributes?["language"] == "zh-Hans" })
    }

    @Test func languagesFromTheTextAlone() throws {
        #expect(try detect("我们认为这个国家的经济发展与时间有关，这是对的。").metadata["language"] == "zh-Hans")
        #expect(try detect("我們認為這個國家的經濟發展與時間有關，這是對的。").metadata["language"] == "zh-Hant")
        #expect(try detect("これは日本語の文章です。東京に行きました。").metadata["language"] == "ja")
        #expect(try detect("이것은 한국어 문장입니다. 서울에 갔습니다.").metadata["language"] == "ko")
        #expect(try detect("The committee said that it would meet again in the spring to review the plan.").metadata["language"] == "en")
        #expect(try detect("Le chat est sur la table et il mange une pomme rouge.").metadata["language"] == "other")
        #expect(try detect("").metadata["language"] == "other")
    }

    @Test func qualitySignalsOnRealSamples() throws {
        for doc in try CorpusSamples.all() where !doc.text.isEmpty {
            let out = try #require(try normalizer.normalize(doc, context: CorpusSamples.context).first)
            for key in ["chars", "cjk_ratio", "symbol_ratio", "digit_ratio", "boilerplate_lines", "avg_sentence_chars"] {
                #expect(out.metadata[key] != nil, "\(doc.source.path): no \(key)")
            }
            #expect(Int(out.metadata["chars"]!)! > 0)
            #expect(["zh-Hans", "zh-Hant", "zh", "en"].contains(out.metadata["language"]!), "\(doc.source.path): \(out.metadata["language"]!)")
        }
        let chrome = try detect("正文第一段很长，讲的是一件事情。\n责任编辑：张三\n版权所有 © 2020\n分享到微信")
        #expect(chrome.metadata["boilerplate_lines"] == "0.750")
        #expect(QualitySignals.fixed(0.5) == "0.500" && QualitySignals.fixed(12.3456) == "12.346")
    }
}
