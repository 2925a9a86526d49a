import Foundation
import SluiceCore
import SluiceHTML
import Testing

@testable import SluiceNewsReader

/// The libxml2 module, the date scanner, routing and concurrency.
@Suite struct ParserAndRoutingTests {
    @Test func namedTagCodesMatchTheirNames() {
        let named: [(HTMLTag, String)] = [
            (.document, "#document"), (.a, "a"), (.strong, "strong"), (.b, "b"), (.img, "img"), (.br, "br"), (.h1, "h1"),
            (.h6, "h6"), (.li, "li"), (.ul, "ul"), (.ol, "ol"), (.blockquote, "blockquote"), (.pre, "pre"),
            (.figcaption, "figcaption"), (.nav, "nav"), (.aside, "aside"), (.footer, "footer"), (.script, "script"),
            (.html, "html"), (.title, "title"), (.meta, "meta"), (.link, "link"), (.time, "time"),
        ]
        for (tag, name) in named {
            #expect(tag == HTMLTag(name: name), "\(name)")
            #expect(tag.name == name)
        }
        #expect(HTMLTag.other == HTMLTag(name: "no-such-tag"))
        #expect(HTMLTag(name: "h3").headingLevel == 3)
    }

    @Test func nameTableKeepsLongAndManyNames() throws {
        // Names over 16 bytes and more distinct names than the packed table holds take the
        // slow path; every element must still get its own lowercase name.
        var html = "<html><body><Custom-Element-With-A-Long-Name data-Some-Long-Attribute-Name='v'>x</Custom-Element-With-A-Long-Name>"
        for i in 0..<400 { html += "<x-tag\(i) class='c\(i)'>t</x-tag\(i)>" }
        html += "<div class='after'>y</div></body></html>"
        let doc = try HTMLParser.parse(utf8: Array(html.utf8)).document
        let long = try #require(doc.firstElement(named: "custom-element-with-a-long-name"))
        #expect(doc.text(of: long) == "x")
        for i in [0, 255, 256, 399] {
            let e = try #require(doc.firstElement(named: "x-tag\(i)"))
            #expect(doc.nodes[e].attribute("class") == "c\(i)")
        }
        let div = try #require(doc.firstElement(named: "div"))
        #expect(doc.nodes[div].tag == HTMLTag(name: "div"))
        #expect(doc.nodes[div].attribute("class") == "after")
    }

    @Test func treeKeepsStructureAttributesAndDropsScripts() throws {
        let html = """
            <html><head><title>T</title><script>var x = "<p>not text</p>";</script>
            <script type="application/ld+json">{"@type":"NewsArticle"}</script><style>p{}</style></head>
            <body><div id="a" class="x y"><p>one <b>two</b></p><!-- comment --><img src="i.png" alt="pic"></div></body></html>
            """
        let result = try HTMLParser.parse(utf8: Array(html.utf8))
        let doc = result.document
        #expect(result.warnings.isEmpty)
        let div = try #require(doc.firstElement(named: "div"))
        #expect(doc.nodes[div].attribute("class") == "x y")
        #expect(doc.nodes[div].attribute("id") == "a")
        #expect(doc.text(of: div) == "one two")
        #expect(doc.children(of: div).map { doc.nodes[$0].name } == ["p", "img"])
        #expect(doc.nodes[try #require(doc.firstElement(named: "img"))].attribute("alt") == "pic")
        let scripts = doc.elements(named: "script")
        #expect(scripts.count == 2)
        #expect(doc.text(of: scripts[0]).isEmpty)
        #expect(doc.text(of: scripts[1]).contains("NewsArticle"))
        #expect(doc.text(of: try #require(doc.firstElement(named: "style"))).isEmpty)
        // Subtree ranges are consistent.
        for (i, node) in doc.nodes.enumerated() {
            #expect(Int(node.end) > i)
            if node.parent >= 0 { #expect(doc.contains(Int(node.parent), i)) }
        }
        #expect(doc.nodes[0].end == Int32(doc.nodes.count))
    }

    @Test func selectors() throws {
        let html = "<html><body><div id='main' class='wrap'><div class='article body'><p data-k='v1'>x</p></div></div><p>y</p></body></html>"
        let doc = try HTMLParser.parse(utf8: Array(html.utf8)).document
        let p = doc.elements(named: "p")
        #expect(try #require(CSSSelector("div#main .article p")).matches(p[0], in: doc))
        #expect(!(try #require(CSSSelector("div#main .article p")).matches(p[1], in: doc)))
        #expect(try #require(CSSSelector("div.article.body > p[data-k=v1]")).matches(p[0], in: doc))
        #expect(!(try #require(CSSSelector("#main > p")).matches(p[0], in: doc)))
        #expect(try #require(CSSSelector("span, body > p")).matches(p[1], in: doc))
        #expect(CSSSelector("div::before") == nil)
    }

    @Test func contentSelectorOverride() throws {
        let reader = try Fixture.reader(["content_selector": .stringList(["#comments"])])
        let (doc, _) = try Fixture.read(Fixture.sample("messy-cms.html"), reader: reader)
        #expect(doc.text.contains("为吴军点赞"))
        #expect(!doc.text.contains("从上海金山起步的他"))
        #expect(throws: PluginError.self) { try Fixture.reader(["content_selector": .stringList(["a::b"])]) }
    }

    @Test func dates() {
        func iso(_ s: String) -> String? { DateScanner.first(in: s)?.iso(defaultOffset: "+08:00") }
        #expect(iso("2020-07-20 14:05   来源: 互联网") == "2020-07-20T14:05:00+08:00")
        #expect(iso("更新时间:2021-01-19") == "2021-01-19")
        #expect(iso("发布时间：2019年6月12日 09:08") == "2019-06-12T09:08:00+08:00")
        #expect(iso("2023-05-16T09:30:00-04:00") == "2023-05-16T09:30:00-04:00")
        #expect(iso("2022-11-14T08:20:00Z") == "2022-11-14T08:20:00Z")
        #expect(iso("2022/11/14 16:20") == "2022-11-14T16:20:00+08:00")
        #expect(iso("May 16, 2023") == "2023-05-16")
        #expect(iso("Published July 4th, 2021 at 3:15 pm") == "2021-07-04T15:15:00+08:00")
        #expect(iso("2020-13-45") == nil)
        #expect(iso("Copyright 2008-2020") == nil)
        let monthDay = DateScanner.find(in: "东方网记者黄丽春11月27日报道").first
        #expect(monthDay?.year == nil && monthDay?.month == 11 && monthDay?.day == 27)
        #expect(DateScanner.inURL("https://x.com/news/2021/0119/312.html")?.iso(defaultOffset: nil) == "2021-01-19")
        #expect(DateScanner.inURL("https://x.com/a/20200720/1.shtml")?.iso(defaultOffset: nil) == "2020-07-20")
        #expect(DateScanner.inURL("https://x.com/2019-06-12/a.html")?.iso(defaultOffset: nil) == "2019-06-12")
    }

    @Test func metaLines() {
        let a = MetaLines.parse("2020-07-20 14:05   来源: 互联网")
        #expect(a.isMeta && a.source == "互联网" && a.date != nil)
        let b = MetaLines.parse("责任编辑:fafa")
        #expect(b.isMeta && b.editor == "fafa")
        let c = MetaLines.parse("编辑 | 慕陶 hj2000@163.com")
        #expect(c.isMeta && c.editor == "慕陶")
        let d = MetaLines.parse("文 | 本刊记者 张明萌")
        #expect(d.isMeta && d.author == "张明萌")
        let e = MetaLines.parse("本文首发于南方人物周刊")
        #expect(e.isMeta && e.source == "南方人物周刊")
        let f = MetaLines.parse("东方网记者黄丽春11月27日报道:他是一家以产业数据为生产要素的产业互联网企业老总")
        #expect(!f.isMeta && f.author == "黄丽春" && f.source == "东方网" && f.residual?.hasPrefix("他是一家") == true)
        let g = MetaLines.parse("记者从省教育厅获悉，今年全省普通高校招生录取工作已全面结束，共录取新生三十八万余人。")
        #expect(!g.isMeta && g.author == nil)
        #expect(Boilerplate.imageFileNames("微信截图_20200720091408.jpg微信截图_20200720091258.jpg") == ["微信截图_20200720091408.jpg", "微信截图_20200720091258.jpg"])
        #expect(Boilerplate.strippingFigureMarker("“有人用它触达,有人用它实现数字化” | 封面人物(图1)") == "“有人用它触达,有人用它实现数字化” | 封面人物")
        #expect(TitleCleaner.strip("蓝盟故事:找回初心,一起开始下一段旅行_中国健康资讯网", siteName: nil) == ("蓝盟故事:找回初心,一起开始下一段旅行", "中国健康资讯网"))
        #expect(TitleCleaner.strip("Council approves bike lanes | Riverside Daily News", siteName: nil).title == "Council approves bike lanes")
        #expect(TitleCleaner.strip("我市召开秋季农业生产现场推进会-中国新闻网", siteName: nil) == ("我市召开秋季农业生产现场推进会", "中国新闻网"))
        #expect(TitleCleaner.strip("COVID-19 vaccine trial begins", siteName: nil).title == "COVID-19 vaccine trial begins")
        #expect(TitleCleaner.strip("新浪新闻 | 标题在这里而且比较长一些", siteName: "新浪新闻").title == "标题在这里而且比较长一些")
    }

    @Test func routing() throws {
        let reader = try Fixture.reader()
        func confidence(_ path: String) throws -> Double {
            let bytes = try Fixture.bytes(path)
            return reader.confidence(for: Fixture.sample(for: path, bytes: bytes))
        }
        for page in ["portal-gbk-table.html", "modern-article-utf8.html", "messy-cms.html"] {
            #expect(try confidence(Fixture.sample(page)) >= 0.9)
        }
        #expect(try confidence(Fixture.fixture("entities.xhtml")) >= 0.9)
        // Flattened news pages beat the text reader's 0.5.
        for page in ["news-page-text-1.txt", "news-page-text-2.txt", "news-article-3.txt"] {
            let c = try confidence(Fixture.document(page))
            #expect(c >= 0.6 && c <= 0.8, "\(page): \(c)")
        }
        // The plain article and the minutes seeds are not news pages.
        #expect(try confidence(Fixture.document("plain-article.txt")) < 0.5)
        #expect(try confidence(Fixture.document("grouped-minutes.txt")) < 0.5)
        // Plain prose is not a news page.
        let prose = Array("""
            初次接触

            这是一篇普通的文章，讲述了一个人学习新技能的经历。他每天花很多时间学习，终于掌握了这门技术。

            后来，他把自己的经验分享给同事，大家都觉得很有帮助。
            """.utf8)
        #expect(reader.confidence(for: Fixture.sample(for: "prose.txt", bytes: prose)) < 0.5)
    }

    @Test func concurrentReadsGiveTheSameResults() async throws {
        let reader = try Fixture.reader()
        let paths = ["portal-gbk-table.html", "modern-article-utf8.html", "messy-cms.html"].map(Fixture.sample)
            + ["gov-utf8.html", "big5.html", "english.html", "gb2312-label-gbk-chars.html"].map(Fixture.fixture)
        var expected: [String: Document] = [:]
        for path in paths { expected[path] = try Fixture.read(path, reader: reader).0 }
        let results = try await withThrowingTaskGroup(of: (String, Document).self) { group in
            for round in 0..<8 {
                for path in paths {
                    group.addTask { (path, try Fixture.read(path, reader: reader).0) }
                }
                _ = round
            }
            var all: [(String, Document)] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(results.count == paths.count * 8)
        for (path, doc) in results { #expect(doc == expected[path]) }
    }
}

/// The reader's plain-UTF-8 shortcut must agree with the standard library's validation and
/// with `TextDecoding` on what it skips.
@Suite struct PlainUTF8ShortcutTests {
    @Test func validatorAgreesWithTheStandardLibrary() {
        var cases: [[UInt8]] = [
            [], Array("plain ascii, long enough for the eight-byte path".utf8), Array("中文，标点。".utf8), Array("😀 emoji".utf8),
            [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xE0, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80],
            [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xE4, 0xB8],
            Array("abcdefgh".utf8) + [0xE4, 0xB8], Array("abcdefg".utf8) + [0xE4, 0xB8, 0xAD] + Array("abcdefgh".utf8),
        ]
        // Every truncation of a mixed sample, and single-byte corruptions of it.
        let mixed = Array("Ascii 中文 ñ 😀 end of the sample text".utf8)
        for cut in 0...mixed.count { cases.append(Array(mixed.prefix(cut))) }
        for i in mixed.indices { for b: UInt8 in [0x80, 0xBF, 0xC0, 0xE0, 0xF0, 0xF8] { var m = mixed; m[i] = b; cases.append(m) } }
        for bytes in cases {
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(bytes.withUnsafeBufferPointer { PageDecoding.isValidUTF8($0) } == expected, "\(bytes)")
        }
    }

    @Test func shortcutOnlyWhereTextDecodingSaysPlainUTF8() {
        let samples: [([UInt8], String?)] = [
            (Array("<html><p>中文</p></html>".utf8), nil), (Array("<html><p>中文</p></html>".utf8), "utf-8"),
            (Array("<html><p>中文</p></html>".utf8), "gbk"), ([0xEF, 0xBB, 0xBF] + Array("<html>x</html>".utf8), nil),
            (Array("<html>a\u{0}b</html>".utf8), nil), (Array("<html>\u{1B}$B</html>".utf8), nil),
            (Array("<html>\u{1B}</html>".utf8), "UTF8"), ([0x3C, 0xD6, 0xD0, 0xCE, 0xC4, 0x3E], nil), (Array("<html>x</html>".utf8), "latin1"),
        ]
        for (bytes, declared) in samples where PageDecoding.isPlainUTF8(bytes, declared: declared) {
            let full = PageDecoding.decode(bytes, declared: declared)
            #expect(full.encoding == "UTF-8" && full.replacements == 0 && !full.hadBOM, "\(bytes) \(declared ?? "-")")
            #expect(Array(full.text.utf8) == bytes)
        }
        #expect(PageDecoding.isPlainUTF8(samples[0].0, declared: nil))
        #expect(!PageDecoding.isPlainUTF8(samples[2].0, declared: "gbk"))
        #expect(!PageDecoding.isPlainUTF8(samples[3].0, declared: nil))
        #expect(!PageDecoding.isPlainUTF8(samples[4].0, declared: nil))
        #expect(!PageDecoding.isPlainUTF8(samples[5].0, declared: nil))
    }

    @Test func attributesKeptOnlyOnTheirElements() throws {
        let html = "<html lang=en><head><link rel=canonical href=u></head><body><a href=x class=c>t</a><img src=i.png alt=p></body></html>"
        let options = HTMLParseOptions(attributeElements: ["href": ["link"], "rel": ["link"], "src": ["img"]])
        let doc = try HTMLParser.parse(utf8: Array(html.utf8), options: options).document
        let link = try #require(doc.firstElement(named: "link"))
        #expect(doc.nodes[link].attribute("href") == "u")
        #expect(doc.nodes[link].attribute("rel") == "canonical")
        let a = try #require(doc.firstElement(named: "a"))
        #expect(doc.nodes[a].attribute("href") == nil)
        #expect(doc.nodes[a].attribute("class") == "c")
        let img = try #require(doc.firstElement(named: "img"))
        #expect(doc.nodes[img].attribute("src") == "i.png")
        #expect(doc.nodes[img].attribute("alt") == "p")
        #expect(doc.nodes[try #require(doc.firstElement(named: "html"))].attribute("lang") == "en")
    }
}

/// The byte-level fast paths must answer exactly what the character-level code they replaced
/// answered.
@Suite struct FastPathEquivalenceTests {
    static let samples: [String] = [
        "", " ", "plain words, with punctuation! and a question? yes.", "中文段落，有标点。", "“引号里的话。”", "Tabs\tand\nlines\r\n",
        "\u{3000}全角空格\u{3000}", "NBSP\u{A0}here", "e\u{301}\u{301} combining", "😀 emoji 👍🏽!", "한국어 텍스트.", "ends with quote.\"",
        "  leading and trailing  ", "多个  空格", "\u{200B}zero\u{2009}width", "x", "。", "a.\u{201D}", "\u{FEFF}bom",
    ]

    @Test func textStatsBytesMatchScalars() {
        for text in Self.samples {
            let fast = TextStats(text)
            let slow = TextStats(scalars: text)
            #expect(fast.chars == slow.chars && fast.cjk == slow.cjk && fast.punctuation == slow.punctuation, "\(text)")
            #expect(fast.endsWithSentencePunctuation == slow.endsWithSentencePunctuation, "\(text)")
            // Measures combined part by part equal those of the whole.
            for cut in 0...text.count {
                let head = String(text.prefix(cut))
                let tail = String(text.dropFirst(cut))
                var combined = TextStats(head)
                combined.append(TextStats(tail))
                let whole = TextStats(head + tail)
                #expect(combined.chars == whole.chars && combined.punctuation == whole.punctuation && combined.cjk == whole.cjk)
                #expect(combined.endsWithSentencePunctuation == whole.endsWithSentencePunctuation, "\(head)|\(tail)")
            }
        }
    }

    @Test func normalizeMatchesCollapsingRules() {
        for text in Self.samples + ["a  b", "a \u{A0}b", "a\u{3000}", "&nbsp;x", "ok", "already clean"] {
            let out = TextClean.normalize(text)
            #expect(!out.hasPrefix(" ") && !out.hasSuffix(" ") && !out.contains("  "), "\(text)")
            #expect(!out.utf8.contains(0x0A) && !out.utf8.contains(0x09) && !out.contains("\u{A0}") && !out.contains("\u{3000}"))
        }
        #expect(TextClean.normalize("  a \n\t b\u{3000}") == "a b")
        #expect(TextClean.normalize("无空格的句子。") == "无空格的句子。")
    }

    @Test func englishMonthNamesStillFound() {
        let cases: [(String, Int, Int, Int)] = [
            ("Published March 5, 2024 at 10:30", 2024, 3, 5), ("SEPT 9, 2021", 2021, 9, 9), ("by Jane Doe, Dec. 31, 1999", 1999, 12, 31),
            ("Updated september 1st, 2020", 2020, 9, 1), ("on MAY 20, 2019.", 2019, 5, 20),
        ]
        for (text, y, m, d) in cases {
            let found = DateScanner.first(in: text)
            #expect(found?.year == y && found?.month == m && found?.day == d, "\(text)")
        }
        #expect(DateScanner.first(in: "Marching orders, Mayday 12, 2020 and Octopus 3, 2021") == nil)
        #expect("a b c".replacingAll("x", with: "y") == "a b c")
        #expect("axbxc".replacingAll("x", with: "-") == "a-b-c")
    }

    @Test func declaredCharsetReadsLabels() {
        let cases: [(String, String?)] = [
            ("<meta charset=\"GBK\">", "gbk"), ("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; Charset = UTF-8\">", "utf-8"),
            ("<meta charset='big5'>", "big5"), ("<?xml version='1.0' encoding='ISO-8859-1'?><html>", "iso-8859-1"),
            ("<p>no declaration, a charset word only</p>", nil), ("charset=\r\nutf-8", nil), ("chArSeT=x-gbk;", "x-gbk"),
            ("<meta charset=中文>", nil), ("ccccharset=gb2312", "gb2312"),
        ]
        for (html, expected) in cases {
            #expect(PageSniffing.declaredCharset(Array(html.utf8)) == expected, "\(html)")
        }
    }
}
