import Foundation
import SluiceCore
import Testing

@testable import SluiceNewsReader

/// Dates in short or partial forms, dates and names in widgets after the article, and by-lines
/// that do not name a person, each on a small page shaped like the real ones (issue 10).
@Suite struct DateAndAuthorClassTests {
    static let chinese = """
        <p>今天上午，市政府召开新闻发布会，介绍了今年城市交通建设的最新进展和下一步的工作安排。</p>\
        <p>据介绍，全市已经完成了十二条道路的改造工程，新开通公交线路八条，市民出行更加方便。</p>\
        <p>下一步，市交通部门将继续推进地铁三号线建设，并在主要路口增设智能信号灯。</p>
        """
    static let english = RealPageClassTests.paragraphs.map { "<p>\($0)</p>" }.joined()

    /// A Chinese news page: `info` under the headline, `tail` after the article.
    static func chinesePage(info: String, tail: String = "") -> String {
        """
        <html><head><meta charset="utf-8"><title>市政府介绍城市交通建设进展_本地新闻</title></head><body>
        <div class="nav"><a href="/">首页</a> <a href="/bd">本地</a></div>
        <h1>市政府介绍城市交通建设进展</h1><div class="info">\(info)</div>
        <div class="article">\(chinese)</div>\(tail)</body></html>
        """
    }

    static func read(_ html: String) throws -> Document { try RealPageClassTests.read(html).0 }

    @Test func monthDayDateLineTakesTheYearFromThePagesOtherDates() throws {
        let related = """
            <ul class="list"><li><a href="/a">全市新增两条公交线路</a> 2019-10-07</li>\
            <li><a href="/b">地铁三号线进入铺轨阶段</a> 2019-10-06</li></ul>
            """
        let doc = try Self.read(Self.chinesePage(info: "发布时间：10-08 12:00 来源：本地新闻网", tail: related))
        #expect(doc.published == "2019-10-08T12:00:00+08:00")
        #expect(!doc.text.contains("10-08"))
    }

    @Test func twoDigitYearWithATimeOrAfterALabel() throws {
        #expect(try Self.read(Self.chinesePage(info: "19-10-08 12:00 本地新闻网")).published == "2019-10-08T12:00:00+08:00")
        #expect(try Self.read(Self.chinesePage(info: "发布时间：19-10-08")).published == "2019-10-08")
        // Alone, `08-10-19` could be a day first: no date is read from it.
        #expect(DateScanner.find(in: "比分 08-10-19 结束").isEmpty)
    }

    @Test func chineseDateWithATime() throws {
        #expect(try Self.read(Self.chinesePage(info: "2019年9月7日 21:30 来源：本地新闻网")).published == "2019-09-07T21:30:00+08:00")
    }

    @Test func footerDateDoesNotWinOverTheArticlesDateLine() throws {
        let footer = "<div class=\"footer\"><p>更新时间：2020-01-05 10:00</p><p>版权所有 本地新闻网</p></div>"
        let related = "<ul class=\"list\"><li><a href=\"/a\">全市新增两条公交线路</a> 2019-10-07</li></ul>"
        let doc = try Self.read(Self.chinesePage(info: "发布时间：10-08 12:00", tail: related + footer))
        #expect(doc.published == "2019-10-08T12:00:00+08:00")
    }

    @Test func sponsoredWidgetByLineDoesNotWinOverTheDeclaredAuthor() throws {
        let html = """
            <html><head><title>Budget approved</title></head><body><h1>Budget approved</h1>
            <ul class="meta"><li itemprop="author">Hazel Sheffield</li></ul><div class="story">\(Self.english)</div>
            <div class="trc_rbox"><div class="logoDiv"><a href="https://ads.example.com/">by AdNetwork</a></div>
            <a href="https://ads.example.com/x">These photos will make you look twice</a></div></body></html>
            """
        #expect(try Self.read(html).metadata["author"] == "Hazel Sheffield")
    }

    @Test func englishByLineStopsAtTheDateAndKeepsTwoPeople() throws {
        let dated = "<html><head><title>Budget approved</title></head><body><h1>Budget approved</h1><p>By Erin Cunningham March 3, 2015</p><div>\(Self.english)</div></body></html>"
        #expect(try Self.read(dated).metadata["author"] == "Erin Cunningham")
        let two = "<html><head><title>Budget approved</title></head><body><h1>Budget approved</h1><p>By Stella Kim and Jennifer Jett, CNN</p><div>\(Self.english)</div></body></html>"
        #expect(try Self.read(two).metadata["author"] == "Stella Kim and Jennifer Jett")
    }

    @Test func authorMarkupNamesTheAuthor() throws {
        let html = """
            <html><head><title>Budget approved</title></head><body><h1>Budget approved</h1>
            <div class="entry-info"><address class="vcard"><a href="/author/mconley/" rel="author">Mike Conley</a></address></div>
            <div class="story">\(Self.english)</div>
            <ol class="comment-list"><li><a href="/u/1" rel="author">troll42</a> Great article!</li></ol></body></html>
            """
        #expect(try Self.read(html).metadata["author"] == "Mike Conley")
        // A credit in a figure is the photographer's or the agency's.
        let credit = """
            <html><head><title>Budget approved</title></head><body><h1>Budget approved</h1>
            <figure><img src="a.jpg"><span class="author">Shutterstock</span></figure><div class="story">\(Self.english)</div></body></html>
            """
        #expect(try Self.read(credit).metadata["author"] == nil)
    }

    @Test func byLinesThatAreNotPeopleAreRejected() throws {
        #expect(!HTMLArticle.isPlausibleAuthor("发稿时间", sites: []))
        #expect(!HTMLArticle.isPlausibleAuthor("2909", sites: []))
        #expect(!HTMLArticle.isPlausibleAuthor("Example News", sites: ["Example News"]))
        #expect(HTMLArticle.isPlausibleAuthor("Jane Doe", sites: ["Example News"]))
        #expect(MetaLines.parse("作者︱春春").author == "春春")
    }
}
