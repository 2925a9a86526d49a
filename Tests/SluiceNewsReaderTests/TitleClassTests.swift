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
        // The suffix is the leading words of og:site_name (and twitter:title shows the headline
        // without it).
        let named = Self.page(
            head: """
                <title>West Ham threatens the giants - Sport.example.cz</title>
                <meta property="og:title" content="West Ham threatens the giants | Sport.example.cz">
                <meta name="twitter:title" content="West Ham threatens the giants">
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

    @Test func headlineDeclaredWithTheSiteNameInEveryFormKeepsIt() throws {
        // og:title and twitter:title both carry the site: that is the title as published.
        let everywhere = Self.page(
            head: """
                <title>How to Repot an Orchid (with Pictures) | GardenHow</title>
                <meta property="og:title" content="How to Repot an Orchid | GardenHow">
                <meta name="twitter:title" content="How to Repot an Orchid | GardenHow">
                <meta property="og:site_name" content="GardenHow">
                """,
            heading: "How to Repot an Orchid")
        #expect(try Self.title(everywhere) == "How to Repot an Orchid | GardenHow")
        // The JSON-LD headline gives it without the site: the site part goes.
        let bare = Self.page(
            head: """
                <title>How to Repot an Orchid | GardenHow</title>
                <meta property="og:title" content="How to Repot an Orchid | GardenHow">
                <meta property="og:site_name" content="GardenHow">
                <script type="application/ld+json">{"@type": "Article", "headline": "How to Repot an Orchid"}</script>
                """,
            heading: "How to Repot an Orchid")
        #expect(try Self.title(bare) == "How to Repot an Orchid")
    }

    @Test func siteNameChainedByACMSIsStrippedEvenWhenDeclared() throws {
        // `_` and an unspaced bar join a CMS's chain, not a title the editor typed.
        let chinese = "<p>今天上午，市政府召开新闻发布会，介绍了今年城市交通建设的最新进展和下一步的工作安排。</p><p>据介绍，全市已经完成了十二条道路的改造工程，新开通公交线路八条。</p>"
        for declared in ["暴雨致多地停课 气象台发布红色预警_晨报新闻", "暴雨致多地停课 气象台发布红色预警|晨报新闻"] {
            let html = """
                <html><head><title>\(declared)</title><meta property="og:title" content="\(declared)">
                <meta property="og:site_name" content="晨报新闻"></head><body><h1>暴雨致多地停课 气象台发布红色预警</h1><div>\(chinese)</div></body></html>
                """
            #expect(try Self.title(html) == "暴雨致多地停课 气象台发布红色预警", "\(declared)")
        }
        #expect(TitleCleaner.joinsWithSpacedSeparator("Orchids | GardenHow", part: "Orchids"))
        #expect(!TitleCleaner.joinsWithSpacedSeparator("兰花养护_频道_园艺网 - GARDEN.COM", part: "兰花养护_频道_园艺网"))
    }

    @Test func titleElementKeepsAPartThatDoesNotNameTheSite() throws {
        // No declared headline: <title> is the heading and the author's name, which stays.
        let author = Self.page(
            head: "<title>Notes on the March release - Maria Gonzalez ( mgonzalez )</title>",
            heading: "Notes on the March release")
        #expect(try Self.title(author) == "Notes on the March release - Maria Gonzalez ( mgonzalez )")
        // The same long part goes when the host of the page's URL names it.
        let host = Self.page(
            head: """
                <title>Notes on the March release - Riverside Community Orchestra</title>
                <link rel="canonical" href="https://www.riversidecommunityorchestra.org/news/march-release">
                """,
            heading: "Notes on the March release")
        #expect(try Self.title(host) == "Notes on the March release")
        #expect(HTMLArticle.hostNames("https://en.example-wiki.org/wiki/Page") == ["en.example-wiki.org", "example-wiki"])
        // A CMS chain in <title> still loses its section and site parts.
        let chain = """
            <html><head><title>海外留学生看两会：关注点大不同_教育频道_青年网</title></head><body><h1>海外留学生看两会：关注点大不同</h1>
            <div><p>今天上午，市政府召开新闻发布会，介绍了今年城市交通建设的最新进展和下一步的工作安排。</p><p>据介绍，全市已经完成了十二条道路的改造工程，新开通公交线路八条。</p></div></body></html>
            """
        #expect(try Self.title(chain) == "海外留学生看两会：关注点大不同")
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

    @Test func headingInTheArticleBeatsAnEquallyMatchingHeaderHeading() throws {
        // Both <h1>s are parts of <title>; the manual's name in the header comes first. The part
        // after the article's heading names no site, so <title> stays whole.
        let html = """
            <html><head><title>Setting up replication — Orbit database manual, version 4</title></head><body>
            <div><h1>Orbit database manual, version 4</h1></div>
            <div class="document"><h1>Setting up replication</h1>\(Self.article)</div></body></html>
            """
        #expect(try Self.title(html) == "Setting up replication — Orbit database manual, version 4")
    }

    @Test func aShortHeadingKeepsTheWholeTitleUnlessTheSeparatorIsHierarchical() throws {
        let site = "<meta property=\"og:site_name\" content=\"Physics Wiki\">"
        let cases = [
            // Two words alone do not identify the article: with nothing declared, <title> stays whole.
            ("<title>Tidal locking - Physics Wiki</title>" + site, "Tidal locking - Physics Wiki"),
            // A breadcrumb title: the page's part alone is the title.
            ("<title>Tidal locking » Physics Wiki</title>" + site, "Tidal locking"),
            // The publisher declares the short title: it stands.
            ("<title>Tidal locking - Physics Wiki</title><meta property=\"og:title\" content=\"Tidal locking\">" + site, "Tidal locking"),
        ]
        for (head, expected) in cases {
            #expect(try Self.title(Self.page(head: head, heading: "Tidal locking")) == expected)
        }
    }

    @Test func withoutAHeadingALatinTitleLosesOnlyItsLastPart() throws {
        let latin = """
            <html><head><title>The Lighthouse Keeper - Chapter 3 - nightowl | Sea Stories | Fan Works [Story Archive]</title></head>
            <body><div class="story">\(Self.article)</div></body></html>
            """
        #expect(try Self.title(latin) == "The Lighthouse Keeper - Chapter 3 - nightowl | Sea Stories")
        // Four words or fewer left: the whole title stays.
        let short = "<html><head><title>Release notes | Version 4.2 | Orbit Database</title></head><body><div class=\"story\">\(Self.article)</div></body></html>"
        #expect(try Self.title(short) == "Release notes | Version 4.2 | Orbit Database")
        // A Chinese title counts no words: its site part goes as before, the headline's space stays.
        let cjk = "<html><head><title>暴雨致多地停课 气象台发布红色预警 - 示例新闻</title></head><body><div class=\"story\">\(Self.article)</div></body></html>"
        #expect(try Self.title(cjk) == "暴雨致多地停课 气象台发布红色预警")
    }

    @Test func dublinCoreTitleIsADeclaredTitle() throws {
        // No heading; <title> is the file's name and the site's, DC.title the document's title.
        let html = """
            <html><head><title>parks-report-2023 - City of Springfield</title>
            <meta name="DC.title" content="Annual Report of the Parks Department"></head>
            <body><div class="story">\(Self.article)</div></body></html>
            """
        #expect(try Self.title(html) == "Annual Report of the Parks Department")
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
