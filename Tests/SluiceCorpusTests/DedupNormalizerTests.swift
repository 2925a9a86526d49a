import Foundation
import Testing
import SluiceCore
import SluiceTesting
@testable import SluiceDedupNormalizer

/// A generated corpus: distinct articles (the real Chinese samples and built English ones) each
/// wrapped in site chrome, plus planted copies — other chrome, one paragraph changed, paragraphs
/// reordered, an exact copy — and unrelated articles sharing the same chrome.
@Suite struct DedupNormalizerTests {
    static let chromeA = ["首页 > 新闻中心 > 正文", "责任编辑：王小明", "版权所有 © 2020 某某网 未经授权禁止转载", "分享到：微信 微博 QQ空间"]
    static let chromeB = ["当前位置：主页 > 国内新闻", "来源：某某日报", "本网站所有内容未经许可不得转载 联系电话 010-12345678", "扫一扫关注我们的公众号"]

    func articles() throws -> [[String]] {
        var out: [[String]] = []
        for name in ["plain-article.txt", "news-article-3.txt", "news-page-text-1.txt", "news-page-text-2.txt"] {
            let doc = try #require(try CorpusSamples.text(name).first)
            let paragraphs = doc.text.components(separatedBy: "\n").filter { $0.unicodeScalars.count > 20 }
            out.append(Array(paragraphs.prefix(12)))
        }
        for name in ["huiyi-jiyao.txt", "fenzu-taolun.txt", "breakout-reports.txt"] {
            for doc in try CorpusSamples.minutes(name) where doc.text.unicodeScalars.count > 150 {
                out.append(doc.text.components(separatedBy: "\n").filter { !$0.isEmpty })
            }
        }
        let topics = ["harbour", "railway", "school", "hospital", "library", "museum"]
        for (i, topic) in topics.enumerated() {
            out.append((0..<5).map { p in
                "Report \(i) on the \(topic): paragraph \(p) says the \(topic) board met on day \(p + i * 7) and agreed "
                    + "to spend \(100 + p * 13 + i) thousand on the \(topic) works, while members of the \(topic) committee "
                    + "asked for a review of item \(p * 3 + i) before the next \(topic) meeting in month \(p + 1)."
            })
        }
        return out
    }

    func doc(_ id: String, _ paragraphs: [String]) -> Document {
        var d = Document(kind: "news", text: paragraphs.joined(separator: "\n"))
        d.id = id
        return d
    }

    @Test func findsPlantedNearDuplicatesAndNotSharedChrome() throws {
        let arts = try articles()
        #expect(arts.count >= 10)
        var corpus: [(Document, String?)] = []  // document, the id it truly duplicates
        for (i, a) in arts.enumerated() {
            corpus.append((doc("orig-\(i)", Self.chromeA.prefix(2) + a + Self.chromeA.suffix(2)), nil))
        }
        for (i, a) in arts.enumerated() {
            corpus.append((doc("chrome-\(i)", Self.chromeB.prefix(2) + a + Self.chromeB.suffix(2)), "orig-\(i)"))
            var changed = a
            changed[changed.count / 2] = arts[(i + 1) % arts.count].first!
            corpus.append((doc("changed-\(i)", Self.chromeA.prefix(2) + changed + Self.chromeA.suffix(2)), "orig-\(i)"))
            corpus.append((doc("reordered-\(i)", Self.chromeA.prefix(2) + a.reversed() + Self.chromeA.suffix(2)), "orig-\(i)"))
            corpus.append((doc("exact-\(i)", Self.chromeA.prefix(2) + a + Self.chromeA.suffix(2)), "orig-\(i)"))
        }
        let dedup = try DedupNormalizer(PluginSetup(
            options: OptionValues.defaults(for: DedupNormalizer.options), logger: CorpusSamples.logger))
        var truePositive = 0, falsePositive = 0, falseNegative = 0
        var missed: [String] = []
        for (d, truth) in corpus {
            let out = try #require(try dedup.normalize(d, context: CorpusSamples.context).first)
            let marked = out.metadata["duplicate_of"]
            switch (marked, truth) {
            case (let m?, let t?) where m == t: truePositive += 1
            case (nil, _?): falseNegative += 1; missed.append(d.id)
            case (_?, _): falsePositive += 1; Issue.record("\(d.id) marked as a copy of \(marked!)")
            case (nil, nil): break
            }
        }
        let precision = Double(truePositive) / Double(max(truePositive + falsePositive, 1))
        let recall = Double(truePositive) / Double(truePositive + falseNegative)
        print("dedup on \(corpus.count) documents (\(arts.count) articles): precision \(precision), recall \(recall), missed \(missed)")
        #expect(falsePositive == 0, "two different articles sharing chrome were marked")
        #expect(recall >= 0.9)
    }

    @Test func dropRemovesCopiesAndMarkIsStable() throws {
        let options = OptionValues.defaults(for: DedupNormalizer.options, overrides: ["action": .string("drop")])
        let dedup = try DedupNormalizer(PluginSetup(options: options, logger: CorpusSamples.logger))
        let a = try articles()[0]
        #expect(try dedup.normalize(doc("1", a), context: CorpusSamples.context).count == 1)
        #expect(try dedup.normalize(doc("2", a + ["多了一段。"]), context: CorpusSamples.context).isEmpty)
        #expect(try dedup.normalize(doc("3", try articles()[1]), context: CorpusSamples.context).count == 1)
        #expect(throws: PluginError.self) {
            try DedupNormalizer(PluginSetup(options: OptionValues(["threshold": .number(1.5)]), logger: CorpusSamples.logger))
        }
    }
}
