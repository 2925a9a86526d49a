import Foundation
import SluiceCore
import Testing

@testable import SluiceNewsReader

/// The classes of failure found on real pages (issue 10), each on a small page built for it.
@Suite struct RealPageClassTests {
    static let paragraphs = [
        "The city council approved the new budget on Tuesday after a long debate about school funding and road repairs.",
        "Council members said the plan would raise spending on public transport by ten percent over the next two years.",
        "Opponents argued that the increase was too small to make a difference for the neighbourhoods most in need.",
        "The mayor is expected to sign the budget next week, and the first projects could start in the spring.",
    ]

    static func read(_ html: String) throws -> (Document, [String]) {
        try Fixture.read(bytes: Array(html.utf8), path: "page.html")
    }

    @Test func cookieNoticeIsNotTheArticle() throws {
        let article = Self.paragraphs.map { "<p>\($0)</p>" }.joined()
        let notice = "We use cookies to improve your experience on our website. By continuing you agree to our cookie policy and privacy policy, which explain how we use your data."
        let html = "<html><head><title>Budget approved</title></head><body><div><p>\(notice)</p></div><div>\(article)</div></body></html>"
        let (doc, _) = try Self.read(html)
        #expect(doc.text.contains("approved the new budget"))
        #expect(!doc.text.contains("We use cookies"))
    }

    @Test func emptyPageFallsBackToJSONLDArticleBodyWithAWarning() throws {
        let body = Self.paragraphs.joined(separator: "\\n")
        let html = """
            <html><head><title>Budget approved</title>
            <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget approved", "articleBody": "\(body)"}</script>
            </head><body><ul><li><a href="/a">Home</a></li><li><a href="/b">World</a></li><li><a href="/c">Sport</a></li></ul></body></html>
            """
        let (doc, warnings) = try Self.read(html)
        #expect(doc.blocks.count == Self.paragraphs.count)
        #expect(doc.text.contains("The mayor is expected to sign"))
        #expect(warnings.contains { $0.contains("JSON-LD articleBody") })
    }

    @Test func structuredDateFirstAndInsideCDATA() throws {
        let article = Self.paragraphs.map { "<p>\($0)</p>" }.joined()
        let html = """
            <html><head><title>Budget approved</title>
            <meta property="article:published_time" content="2024-06-30T10:00:00Z">
            <script type="application/ld+json">
            <![CDATA[
            {"@type": "NewsArticle", "datePublished": "2024-06-25T08:30:00Z"}
            ]]>
            </script></head><body><div>\(article)</div></body></html>
            """
        let (doc, _) = try Self.read(html)
        #expect(doc.published?.hasPrefix("2024-06-25") == true)
    }

    @Test func languageComesFromTheTextWithTheTagAsHint() throws {
        let chinese = "<p>今天上午，市政府召开新闻发布会，介绍了今年城市交通建设的最新进展和下一步的工作安排。</p><p>据介绍，全市已经完成了十二条道路的改造工程，新开通公交线路八条，市民出行更加方便。</p>"
        let wrongTag = "<html lang=\"en\"><head><title>交通建设</title></head><body><div>\(chinese)</div></body></html>"
        #expect(try Self.read(wrongTag).0.metadata["language"] == "zh")
        let rightTag = "<html lang=\"zh-CN\"><head><title>交通建设</title></head><body><div>\(chinese)</div></body></html>"
        #expect(try Self.read(rightTag).0.metadata["language"] == "zh-CN")
        let english = Self.paragraphs.map { "<p>\($0)</p>" }.joined()
        let french = "<html lang=\"fr\"><head><title>Budget</title></head><body><div>\(english)</div></body></html>"
        #expect(try Self.read(french).0.metadata["language"] == "fr")
    }

    @Test func sourceLineBreaksBetweenCJKVanishTypedSpacesStay() throws {
        let body = "<p>今天上午，市政府召开新闻发布会，介绍了今年城市交通建设的最新进展和下一步的工作安排。</p><p>据介绍，全市已经完成了十二条道路的改造工程，新开通公交线路八条。</p>"
        let typed = "<html><head><title>暴雨致多地停课 气象台发布红色预警</title></head><body><h1>暴雨致多地停课 气象台发布红色预警</h1><div>\(body)</div></body></html>"
        #expect(try Self.read(typed).0.title == "暴雨致多地停课 气象台发布红色预警")
        let broken = "<html><head><title>暴雨致多地停课</title></head><body><h1>暴雨致多地\n停课</h1><div><p>今天上午，市政府召开\n新闻发布会，介绍了今年城市交通建设的最新进展和下一步的工作安排。</p></div></body></html>"
        let (doc, _) = try Self.read(broken)
        #expect(doc.title == "暴雨致多地停课")
        #expect(doc.text.contains("市政府召开新闻发布会"))
    }

    @Test func pictureGalleryInsideTheArticleIsNotArticleText() throws {
        // A fifty-slide gallery widget set in the article, each slide a counter, a title and a
        // caption; and a figure of the article in a `slideshow-lightbox` wrapper, which stays.
        let slides = (1...8).map { n in
            "<li><h2><span class=\"counter\">\(n)/8</span> Market story number \(n)</h2><p>Shares in the company number \(n) rose sharply after it reported quarterly results that beat the forecasts of analysts.</p><p class=\"credits\">GETTY IMAGES</p></li>"
        }.joined()
        let paragraphs = Self.paragraphs.map { "<p>\($0)</p>" }
        let html = """
            <html><head><title>Budget approved</title></head><body><article><div class="text-wrapper">
            \(paragraphs[0])\(paragraphs[1])
            <figure class="cover go-to-slideshow-lightbox"><img src="mayor.jpg"><figcaption>The mayor at the council meeting on Tuesday evening.</figcaption></figure>
            <div class="widget type-gallery"><h2 class="gallery-title">Business news in pictures</h2><ul class="legends">\(slides)</ul></div>
            \(paragraphs[2])\(paragraphs[3])
            </div></article></body></html>
            """
        let (doc, _) = try Self.read(html)
        #expect(doc.text.contains("The mayor is expected to sign"))
        #expect(doc.text.contains("The mayor at the council meeting"))
        #expect(!doc.text.contains("Market story number"))
        #expect(!doc.text.contains("Business news in pictures"))
    }

    @Test func sectionLabelIsNotAnAuthor() throws {
        let article = Self.paragraphs.map { "<p>\($0)</p>" }.joined()
        let html = "<html><head><title>Budget approved</title><meta name=\"author\" content=\"最新文章\"></head><body><div>\(article)</div></body></html>"
        #expect(try Self.read(html).0.metadata["author"] == nil)
        let person = "<html><head><title>Budget approved</title><meta name=\"author\" content=\"Jane Doe\"></head><body><div>\(article)</div></body></html>"
        #expect(try Self.read(person).0.metadata["author"] == "Jane Doe")
    }
}
