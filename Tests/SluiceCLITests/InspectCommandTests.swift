import Foundation
import SluiceCore
import SluiceTesting
import Testing

/// `sluice inspect` through the real binary on real pages: the blocks kept and removed with
/// their reasons, the container, the metadata sources, bad input, and the HTML report.
@Suite struct InspectCommandTests {
    /// The JSON reports `sluice inspect --json` prints, by file name.
    static func reports(_ arguments: [String]) throws -> (result: ProcessResult, reports: [String: [String: Any]]) {
        let r = try sluice(["inspect", "--json"] + arguments)
        var byName: [String: [String: Any]] = [:]
        for report in try jsonLines(r.stdout) { byName[PathSupport.lastComponent(report["path"] as? String ?? "")] = report }
        return (r, byName)
    }

    static func blocks(_ report: [String: Any]?) -> [[String: Any]] { report?["blocks"] as? [[String: Any]] ?? [] }

    /// The first block whose text contains `text`.
    static func block(_ report: [String: Any]?, containing text: String) -> [String: Any]? {
        blocks(report).first { ($0["text"] as? String)?.contains(text) == true }
    }

    static func field(_ report: [String: Any]?, _ name: String) -> [String: Any]? {
        (report?["fields"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    static func reason(_ block: [String: Any]?) -> String { block?["reason"] as? String ?? "(kept or missing)" }

    @Test func aMessyCMSPageBlockByBlock() throws {
        let (r, reports) = try Self.reports(["Samples/news/messy-cms.html"])
        #expect(r.status == 0, "\(r.stderr)")
        let page = reports["messy-cms.html"]
        #expect(page?["reader"] as? String == "news")
        // Kept article text (the first paragraph without its by-line), in document order.
        let kept = Self.blocks(page).filter { $0["kept"] as? Bool == true }.compactMap { $0["text"] as? String }
        #expect(kept.first?.hasPrefix("他是一家以产业数据为生产要素") == true || kept.first?.contains("11月27日报道") == true, "\(kept.prefix(2))")
        #expect(kept.contains { $0.contains("吴军一手创办了上海新跃物流") })
        #expect(kept.contains { $0.contains("沪滇合作打造创新数字经济产业园区") }, "a short sub-heading line inside the article is kept")
        // Removed, each with its reason and a negative score.
        let crumb = Self.block(page, containing: "上海频道 > 正文")
        #expect(crumb?["kept"] as? Bool == false)
        #expect(Self.reason(crumb).hasPrefix("navigation"), "\(Self.reason(crumb))")
        #expect((crumb?["score"] as? Double ?? 0) < 0)
        let comment = Self.block(page, containing: "为吴军点赞")
        #expect(Self.reason(comment).hasPrefix("comment section"), "\(Self.reason(comment))")
        #expect(Self.reason(Self.block(page, containing: "本页隐藏统计代码")).hasPrefix("hidden"))
        #expect(Self.reason(Self.block(page, containing: "发表评论")) == "not article text (<button>)")
        #expect(Self.reason(Self.block(page, containing: "分享到")).hasPrefix("share buttons"))
        #expect(Self.reason(Self.block(page, containing: "东方网版权所有")).hasPrefix("footer"))
        #expect(Self.reason(Self.block(page, containing: "责任编辑：陈晨")).hasPrefix("by-line or date line"))
        #expect(Self.reason(Self.blocks(page).first { $0["kind"] as? String == "heading 1" }).hasPrefix("the title"))
        // The container and the runner-up.
        let containers = page?["containers"] as? [[String: Any]] ?? []
        #expect(containers.first?["role"] as? String == "chosen")
        #expect((containers.first?["description"] as? String)?.hasSuffix("div#zw.article-body") == true, "\(containers)")
        #expect(containers.count == 2 && containers.last?["role"] as? String == "runner-up")
        // Metadata and where it came from; the comment dates lost to the page's meta tag.
        let published = Self.field(page, "published")
        #expect(published?["value"] as? String == "2023-11-27T10:21:35+08:00")
        #expect(published?["source"] as? String == "<meta publishdate>")
        let beaten = (published?["rejected"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
        #expect(beaten.contains("2023-11-29T12:02:00+08:00"), "\(beaten)")
        #expect(Self.field(page, "author")?["value"] as? String == "黄丽春")
        #expect((Self.field(page, "author")?["source"] as? String)?.hasPrefix("by-line pattern") == true)
        #expect(Self.field(page, "title")?["source"] as? String == "<h1> element h1")
        #expect(Self.field(page, "site")?["source"] as? String == "site suffix of <title>")
        #expect(Self.field(page, "editor")?["value"] as? String == "陈晨")
    }

    @Test func benchmarkPagesSayWhereEachFieldCameFrom() throws {
        let pages = ["hard-english-wire", "hard-english-linky", "hard-comment-heavy", "hard-hidden-until-script", "hard-sina-like"]
        let (r, reports) = try Self.reports(pages.map { "Benchmarks/news/pages/\($0).html" })
        #expect(r.status == 0, "\(r.stderr)")
        #expect(reports.count == pages.count)
        let wire = reports["hard-english-wire.html"]
        #expect(Self.field(wire, "site")?["value"] as? String == "The Northern Courier")
        #expect(Self.field(wire, "site")?["source"] as? String == "<meta og:site_name>")
        #expect(Self.field(wire, "language")?["value"] as? String == "en-GB")
        #expect(Self.field(wire, "language")?["source"] as? String == "<html lang>")
        #expect(Self.field(wire, "url")?["source"] as? String == "<link rel=canonical>")
        #expect(Self.field(wire, "author")?["value"] as? String == "Tom Hargreaves")
        #expect(Self.blocks(wire).contains { Self.reason($0).hasPrefix("navigation (<nav>)") })
        #expect(Self.blocks(wire).contains { Self.reason($0).hasPrefix("sidebar") })
        let linky = reports["hard-english-linky.html"]
        #expect(Self.field(linky, "published")?["source"] as? String == "<meta article:published_time>")
        #expect(Self.blocks(linky).contains { Self.reason($0).hasPrefix("teaser") })
        #expect(Self.blocks(linky).contains { Self.reason($0).hasPrefix("link list") })
        let forum = reports["hard-comment-heavy.html"]
        #expect(Self.blocks(forum).filter { Self.reason($0).hasPrefix("repeated items") }.count >= 10)
        #expect(Self.field(forum, "title")?["source"] as? String == "<h1> element h1#thread_subject")
        let hidden = reports["hard-hidden-until-script.html"]
        #expect(Self.blocks(hidden).contains { Self.reason($0).hasPrefix("hidden") })
        #expect(Self.blocks(hidden).filter { $0["kept"] as? Bool == true }.count >= 3)
        let sina = reports["hard-sina-like.html"]
        #expect(Self.field(sina, "published")?["source"] as? String == "<meta article:published_time>")
        #expect(Self.blocks(sina).contains { Self.reason($0).hasPrefix("related links") })
        #expect(Self.blocks(sina).contains { Self.reason($0).hasPrefix("comment section") })
    }

    @Test func aRemoveSelectorTriedFromTheCommandLine() throws {
        let (r, reports) = try Self.reports([
            "--reader", "news", "--reader-option", "remove_selector=.editor", "--reader-option", "remove_selector=div#comments",
            "Samples/news/messy-cms.html",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let page = reports["messy-cms.html"]
        #expect(Self.reason(Self.block(page, containing: "责任编辑：陈晨")) == "matched remove_selector '.editor'")
        #expect(Self.reason(Self.block(page, containing: "为吴军点赞")) == "matched remove_selector 'div#comments'")
        let bad = try sluice(["inspect", "--reader", "news", "--reader-option", "keep_images=maybe", "Samples/news/messy-cms.html"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("keep_images") && bad.stderr.contains("boolean"), "\(bad.stderr)")
    }

    @Test func aPageFlattenedToTextLineByLine() throws {
        let (r, reports) = try Self.reports(["Samples/documents/news-page-text-1.txt", "Samples/documents/plain-article.txt"])
        // The plain article goes to the text reader, which cannot explain itself: named, not fatal.
        #expect(r.status == 1)
        #expect(r.stderr.contains("plain-article.txt: text: the text reader cannot explain what it does"), "\(r.stderr)")
        let page = reports["news-page-text-1.txt"]
        #expect(reports.count == 1)
        #expect(Self.block(page, containing: "7月17日,蓝盟核心团队一行40人")?["kept"] as? Bool == true)
        #expect(Self.block(page, containing: "7月17日,蓝盟核心团队一行40人")?["location"] as? String == "line 11")
        #expect(Self.reason(Self.block(page, containing: "责任编辑:fafa")).hasPrefix("by-line or date line"))
        #expect(Self.reason(Self.block(page, containing: "【慎重声明】")).hasPrefix("boilerplate"))
        let image = Self.block(page, containing: "微信截图_20200720091155.jpg")
        #expect(image?["kept"] as? Bool == true && image?["kind"] as? String == "image", "a file name line becomes an image block")
        #expect(Self.field(page, "published")?["value"] as? String == "2020-07-20T14:05:00+08:00")
        #expect(Self.field(page, "language")?["source"] as? String == "detected from the body text")
    }

    @Test func theTerminalFormIsCompactAndBadInputIsNamed() throws {
        let scratch = Scratch()
        let binary = scratch.write("broken.html", [0x00, 0x01, 0x02, 0xFF, 0x00, 0x7F, 0x00])
        let empty = scratch.write("empty.html", [])
        let r = try sluice(["inspect", binary, scratch.path + "/missing.html", empty, "Samples/news/portal-gbk-table.html"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("broken.html: news: the input is binary"), "\(r.stderr)")
        #expect(r.stderr.contains("missing.html: no such file or directory"), "\(r.stderr)")
        #expect(r.stderr.contains("empty.html: news: the page is empty"), "\(r.stderr)")
        // The good page after the bad ones still gets its report.
        #expect(r.stdout.contains("== Samples/news/portal-gbk-table.html  (reader: news;"), "\(r.stdout.prefix(300))")
        #expect(r.stdout.contains("container chosen: "))
        #expect(r.stdout.contains("field title: "))
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("+ kept ") })
        #expect(lines.contains { $0.hasPrefix("- removed ") && $0.contains("  [") })
        #expect(lines.allSatisfy { $0.count <= 400 }, "one line per block, cut")
        let unknown = try sluice(["inspect", "--reader", "nws", "Samples/news/portal-gbk-table.html"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean 'news'"))
    }
}
