import Foundation
import SluiceCore
import Testing

@testable import SluiceNewsReader

/// How the reader reconciles the title sources of real pages (`<title>`, `<h1>`, `og:title`,
/// `twitter:title`, JSON-LD `headline`), each class on a small page shaped like the real ones.
@Suite struct TitleClassTests {
    static let article = RealPageClassTests.paragraphs.map { "<p>\($0)</p>" }.joined()

    static func page(head: String, heading: String) -> String {
        "<html><head>\(head)</head><body><header><a href=\"/\">Home</a></header><h1>\(heading)</h1><div class=\"story\">\(article)</div></body></html>"
    }

    static func title(_ html: String) throws -> String? { try RealPageClassTests.read(html).0.title }

    @Test func declaredTitleThatAgreesWithTheTitleElementWinsOverARewordedHeading() throws {
        // The heading is reworded for layout; og:title and <title> say the same.
        let html = Self.page(
            head: """
                <title>Twitter Lite launches in Mexico, Venezuela and nine other countries - Tech Daily</title>
                <meta property="og:title" content="Twitter Lite launches in Mexico, Venezuela and nine other countries">
                <meta property="og:site_name" content="Tech Daily">
                """,
            heading: "Twitter Lite arrives in 11 Latin American countries")
        #expect(try Self.title(html) == "Twitter Lite launches in Mexico, Venezuela and nine other countries")
    }

    @Test func headingAndTitleElementOutvoteALoneOpenGraphTitle() throws {
        // og:title is the site's generic title, the heading and <title> name the story.
        let html = Self.page(
            head: """
                <title>Cargo ship breaks up over Siberia</title>
                <meta property="og:title" content="Daily Wire Service - Latest News &amp; Headlines">
                """,
            heading: "Cargo ship breaks up over Siberia")
        #expect(try Self.title(html) == "Cargo ship breaks up over Siberia")
    }

    @Test func openGraphTitleWinsWhenNothingAgrees() throws {
        let html = Self.page(
            head: """
                <title>A Brief History of Neon Signage - City Notes</title>
                <meta property="og:title" content="The Modern Ambitions Behind Neon">
                <meta property="og:site_name" content="City Notes">
                """,
            heading: "Why Neon Is the Symbol of the Century")
        #expect(try Self.title(html) == "The Modern Ambitions Behind Neon")
    }

    @Test func siteSuffixIsStrippedOnlyWhenItNamesTheSite() throws {
        // The suffix is the leading words of og:site_name.
        let named = Self.page(
            head: """
                <title>West Ham threatens the giants - Sport.example.cz</title>
                <meta property="og:title" content="West Ham threatens the giants | Sport.example.cz">
                <meta property="og:site_name" content="Sport.example.cz - News as it happens">
                """,
            heading: "West Ham threatens the giants")
        #expect(try Self.title(named) == "West Ham threatens the giants")
        // A suffix naming the columnist is not the site's name: it stays.
        let columnist = Self.page(
            head: """
                <title>What is the sea telling us? | Eleanor Roy | World news</title>
                <meta property="og:title" content="What is the sea telling us? | Eleanor Roy">
                <meta property="og:site_name" content="the Guardian">
                """,
            heading: "What is the sea telling us?")
        #expect(try Self.title(columnist) == "What is the sea telling us? | Eleanor Roy")
    }

    @Test func escapedJSONLDHeadlineIsDecoded() throws {
        let html = Self.page(
            head: """
                <title>In Taiwan, vegetarian meat isn't trying to fool you</title>
                <script type="application/ld+json">{"@type": "NewsArticle", "headline": "In Taiwan, vegetarian meat isn&#39;t trying to fool you &amp; others"}</script>
                """,
            heading: "In Taiwan, vegetarian meat isn't trying to fool you")
        #expect(try Self.title(html) == "In Taiwan, vegetarian meat isn't trying to fool you & others")
    }

    @Test func untranslatedDeclaredTitleYieldsToTheHeading() throws {
        // A translated page keeps the original English og:title.
        let chinese = "<p>今天上午，市政府召开新闻发布会，介绍了今年城市交通建设的最新进展和下一步的工作安排。</p><p>据介绍，全市已经完成了十二条道路的改造工程，新开通公交线路八条。</p>"
        let html = """
            <html><head><title>是拉差辣酱短缺可能即将到来</title><meta property="og:title" content="Another Sriracha Shortage May Be on the Horizon">
            </head><body><h1>是拉差辣酱短缺可能即将到来</h1><div>\(chinese)</div></body></html>
            """
        #expect(try Self.title(html) == "是拉差辣酱短缺可能即将到来")
    }

    @Test func titleInApplicationNameIsNotTheSiteName() throws {
        let html = Self.page(
            head: """
                <title>Veteran wraps baby in flag, photo sparks debate - Portal</title>
                <meta property="og:title" content="Veteran wraps baby in flag, photo sparks debate">
                <meta name="application-name" content="Veteran wraps baby in flag, photo sparks debate">
                """,
            heading: "Morning Show")
        #expect(try Self.title(html) == "Veteran wraps baby in flag, photo sparks debate")
    }

    @Test func declaredTitleThatIsOnlyTheSiteNameYieldsToTheHeading() throws {
        let html = Self.page(
            head: """
                <title>Council approves bike lanes | Riverside Gazette</title>
                <meta property="og:title" content="Riverside Gazette">
                <meta property="og:site_name" content="Riverside Gazette">
                """,
            heading: "Council approves bike lanes")
        #expect(try Self.title(html) == "Council approves bike lanes")
    }

    @Test func subheadingThatIsTheTitleBeatsAGreetingHeading() throws {
        // The blog's only <h1> is the author's greeting; the post's heading is an <h2>.
        let html = """
            <html><head><title>Get your frontend code covered | Code | Jane Doe</title></head><body>
            <header><h1>Hi, I'm Jane.</h1></header><h2>Get your frontend code covered</h2><div class="post">\(Self.article)</div></body></html>
            """
        #expect(try Self.title(html) == "Get your frontend code covered")
    }

    @Test func permalinkMarksLeaveHeadings() {
        #expect(TitleCleaner.withoutPermalink("Evolve: Shared Mutable History¶") == "Evolve: Shared Mutable History")
        #expect(TitleCleaner.withoutPermalink("Using standalone mode #") == "Using standalone mode")
        #expect(TitleCleaner.withoutPermalink("Learning C#") == "Learning C#")
    }

    @Test func characterReferencesAreDecoded() {
        #expect("It&#39;s &#x2019;ok&#8217; &amp; &quot;fine&quot; &bogus; & done".decodingCharacterReferences == "It's \u{2019}ok\u{2019} & \"fine\" &bogus; & done")
    }
}
