import SluiceCore
import SluiceHTML

/// Builds the `news` document from an HTML page: container, blocks and reconciled metadata.
enum HTMLArticle {
    static let publishedKeys = [
        "article:published_time", "og:article:published_time", "article:published", "published_time", "og:published_time",
        "datepublished", "publishdate", "publish_date", "publish-date", "publishtime", "publish_time", "pubdate", "pubtime",
        "pub_date", "ptime", "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date", "dcterms.date",
        "sailthru.date", "parsely-pub-date", "weibo:article:create_at", "article.published", "firstpublishedtime",
        "contentpubdate", "releasedate", "createdate", "date",
    ]
    static let modifiedKeys = ["article:modified_time", "og:updated_time", "datemodified", "lastmodified", "last-modified", "updatetime"]

    /// What the steps of `build` share: the page, its segments, the chosen container and the
    /// range of segments it holds, the title and the window where by-lines live.
    struct Layout {
        let extractor: HTMLExtractor
        let segments: [Segment]
        let containerIndex: Int
        let containerEnd: Int
        /// The container's segments are `segments[first..<last]` (segments are in document order).
        let first: Int
        let last: Int
        let titleInfo: TitleInfo
        /// The document's title: the page's declared headline when it agrees with the heading
        /// found, else that heading.
        let documentTitle: String?
        /// The first segment of the window before the body where by-lines and dates are read.
        let windowStart: Int
        var page: PageMeta { extractor.meta }
        var url: String? { page.canonical ?? page.metas["og:url"] }
    }

    /// The document, in steps: segments and the container, the title, the blocks (with the
    /// metadata lines around them), language, publication date, people and outlets.
    /// `warn` hears which fallback was used when the chosen container held (almost) no text.
    static func build(_ extractorIn: HTMLExtractor, offsetSetting: String, warn: (String) -> Void = { _ in }) -> Document {
        var extractor = extractorIn
        var segments = extractor.segments()
        extractor.markRepeatedItems(&segments)
        var layout = makeLayout(extractor, segments: segments)
        var (blocks, bodyMeta) = assembleBlocks(layout)
        if isNearEmpty(blocks, settings: extractor.settings) {
            var weight = bodyWeight(blocks)
            // Accepted only when it holds clearly more text than what was found.
            func better(_ candidate: [Block]) -> Bool {
                bodyWeight(candidate) >= max(weight * 2, extractor.settings.minParagraphWeight)
            }
            // A body of one short paragraph may be a short article: a container around it (one
            // that also holds it) may replace it, some other block of the page only when it
            // holds far more text (a standfirst set apart from its article).
            let onlyBroader = weight >= extractor.settings.minParagraphWeight * 2
            let current = layout.containerIndex
            for (fallback, index) in fallbackContainers(extractor, segments: segments, current: current) {
                let candidateLayout = makeLayout(extractor, segments: segments, container: index)
                let candidate = assembleBlocks(candidateLayout)
                guard better(candidate.blocks) else { continue }
                if onlyBroader && !extractor.doc.contains(index, current) && bodyWeight(candidate.blocks) < weight * 5 { continue }
                (layout, blocks, bodyMeta) = (candidateLayout, candidate.blocks, candidate.meta)
                weight = bodyWeight(blocks)
                warn("little article text in the chosen container; used \(fallback.rawValue)")
                if !isNearEmpty(blocks, settings: extractor.settings) { break }
            }
            let fromJSONLD = articleBodyBlocks(layout.page)
            if isNearEmpty(blocks, settings: extractor.settings), better(fromJSONLD) {
                blocks = fromJSONLD
                warn("little article text in the page's elements; used \(Fallback.jsonLDArticleBody.rawValue)")
            }
        }
        let title = layout.documentTitle
        let lineMeta = gatherLineMeta(layout, body: bodyMeta)

        var metadata: [String: String] = [:]
        let body = Assembler.bodyText(blocks)
        let language = resolveLanguage(layout.page.lang, layout.page.metas["content-language"], body: body)
        if let language { metadata["language"] = language }
        let offset = Published.offset(setting: offsetSetting, language: language)
        let published = resolvePublished(layout, lineMeta: lineMeta, offset: offset, metadata: &metadata)
        addPeopleAndOutlets(layout, lineMeta: lineMeta, to: &metadata)
        if let url = layout.url { metadata["url"] = url }
        return Document(kind: "news", title: title, published: published, metadata: metadata, blocks: blocks, text: body)
    }

    /// The blocks of the layout's container, and the by-lines and dates found among them.
    static func assembleBlocks(_ layout: Layout) -> (blocks: [Block], meta: LineMeta) {
        // Chrome-hinted elements strictly inside the container (share bars, related links) go.
        let inside = layout.segments[layout.first..<layout.last].filter { $0.negAnchor <= Int32(layout.containerIndex) }
        var assembler = Assembler(settings: layout.extractor.settings, title: layout.titleInfo.title)
        let blocks = assembler.assemble(inside, textForm: false)
        return (blocks, assembler.meta)
    }

    /// The container (the automatic choice unless `container` is given), its segment range, the
    /// title and the by-line window.
    static func makeLayout(_ extractor: HTMLExtractor, segments: [Segment], container: Int? = nil) -> Layout {
        let doc = extractor.doc
        let containerIndex = container ?? extractor.selectedContainer(for: segments)
        let containerEnd = Int(doc.nodes[containerIndex].end)
        let first = segments.firstIndex { $0.owner >= containerIndex && $0.owner < containerEnd } ?? segments.count
        var last = first
        while last < segments.count && segments[last].owner >= containerIndex && segments[last].owner < containerEnd { last += 1 }
        let titleInfo = resolveTitle(extractor, segments: segments, containerIndex: containerIndex)
        // The segment of the title heading bounds the window where by-lines live.
        var windowStart = max(0, first - 15)
        if let h1 = titleInfo.headingNode, let idx = segments.firstIndex(where: { $0.owner >= h1 && $0.owner < Int(doc.nodes[h1].end) }), idx < first {
            windowStart = idx
        }
        return Layout(
            extractor: extractor, segments: segments, containerIndex: containerIndex, containerEnd: containerEnd, first: first,
            last: last, titleInfo: titleInfo, documentTitle: declaredTitle(agreeingWith: titleInfo, page: extractor.meta),
            windowStart: windowStart)
    }

    /// By-lines between the title and the body come first, then those in the body, then those
    /// just after it.
    static func gatherLineMeta(_ layout: Layout, body: LineMeta) -> LineMeta {
        let extractor = layout.extractor
        let segments = layout.segments
        let title = layout.titleInfo.title
        var before = Assembler(settings: extractor.settings, title: title)
        before.scanMeta(segments[layout.windowStart..<layout.first].filter { ($0.negAnchor < 0 || !isCommentArea($0, extractor)) && !isListItem($0) })
        var after = Assembler(settings: extractor.settings, title: title)
        // After the body, widgets (comment threads, footers, boxes of sponsored links `by …`)
        // carry dates and names that are not the article's.
        after.scanMeta(segments[layout.last..<min(segments.count, layout.last + 10)].filter {
            $0.negAnchor < 0 || (!isCommentArea($0, extractor) && !isFooter($0, extractor) && $0.linkDensity <= 0.5)
        })
        var lineMeta = before.meta
        merge(&lineMeta, body)
        var trailing = after.meta
        trailing.trailingAuthor = trailing.author
        trailing.author = nil
        merge(&lineMeta, trailing)
        return lineMeta
    }

    /// The publication date, from the most to the least trusted source: meta tags, JSON-LD and
    /// microdata, a `<time>` near the headline, date lines, the URL, a date between the title and
    /// the body, a month-day dateline (with the year from elsewhere), the modification date.
    static func resolvePublished(_ layout: Layout, lineMeta: LineMeta, offset: String?, metadata: inout [String: String]) -> String? {
        let page = layout.page
        let extractor = layout.extractor
        let segments = layout.segments
        // Structured data first: a page's JSON-LD states the first publication; meta tags are
        // more often overwritten with the last update.
        if let v = page.jsonLD["datePublished"], let d = DateScanner.first(in: v) { return d.iso(defaultOffset: offset) }
        for key in publishedKeys {
            if let v = page.metas[key], let d = DateScanner.first(in: v) { return d.iso(defaultOffset: offset) }
        }
        if let v = page.itemprops["datepublished"], let d = DateScanner.first(in: v) { return d.iso(defaultOffset: offset) }
        // Only a <time> between the headline (or the window before the body) and the body's
        // end: a clock in the site header shows today's date, not the article's.
        let windowNode = layout.titleInfo.headingNode ?? (layout.windowStart < segments.count ? segments[layout.windowStart].owner : layout.containerIndex)
        for t in page.times where !extractor.ignored[t.node] && extractor.negAnchor[t.node] < 0 && t.node < layout.containerEnd && t.node >= windowNode {
            if let d = DateScanner.first(in: t.value) { return d.iso(defaultOffset: offset) }
        }
        if let d = lineMeta.date { return d.iso(defaultOffset: offset) }
        if let url = layout.url, let d = DateScanner.inURL(url) { return d.iso(defaultOffset: offset) }
        // Any full date between the title and the body.
        for s in segments[layout.windowStart..<min(segments.count, layout.first + 3)] where s.stats.chars <= 120 && s.negAnchor < 0 {
            if let d = DateScanner.first(in: s.text) { return d.iso(defaultOffset: offset) }
        }
        if let d = lineMeta.datelineDate {
            var inferred = d
            if let year = Published.inferYear(from: [page.metas["article:modified_time"], page.jsonLD["dateModified"], layout.url])
                ?? Published.commonYear(segments.filter { !isCommentArea($0, extractor) && !isFooter($0, extractor) })
            {
                inferred.year = year
                return inferred.iso(defaultOffset: offset)
            }
            metadata["published_month_day"] = "\(d.month < 10 ? "0" : "")\(d.month)-\(d.day < 10 ? "0" : "")\(d.day)"
        }
        for key in modifiedKeys {
            if let v = page.metas[key] ?? page.jsonLD["dateModified"], let d = DateScanner.first(in: v) { return d.iso(defaultOffset: offset) }
        }
        return nil
    }

    /// `author`, `editor`, `outlet` and `site`.
    static func addPeopleAndOutlets(_ layout: Layout, lineMeta: LineMeta, to metadata: inout [String: String]) {
        let page = layout.page
        let titleInfo = layout.titleInfo
        // A by-line or JSON-LD author that is the site's name is kept (a personal blog is named
        // after its author); a bare `author` meta tag holding it is the outlet, not a person.
        let sites = [page.metas["og:site_name"], titleInfo.site, page.jsonLD["publisher"], page.metas["application-name"]].compactMap { $0 }
        let metaAuthor = (page.metas["author"] ?? page.metas["article:author"] ?? page.itemprops["author"]).flatMap {
            isPlausibleAuthor($0, sites: sites) ? $0 : nil
        }
        if let author = [lineMeta.author, page.jsonLD["author"], metaAuthor, markedAuthor(layout.extractor), lineMeta.trailingAuthor].compactMap({ $0 })
            .first(where: { isPlausibleAuthor($0, sites: []) })
        {
            metadata["author"] = author
        }
        if let editor = lineMeta.editor { metadata["editor"] = editor }
        if let source = lineMeta.source ?? page.metas["source"] ?? page.metas["contentsource"] ?? page.metas["og:article:source"] {
            metadata["outlet"] = source
        }
        if let site = page.metas["og:site_name"] ?? titleInfo.site ?? page.metas["sitename"] ?? page.metas["application-name"] ?? page.jsonLD["publisher"] {
            metadata["site"] = site
        }
    }

    /// The name in the first element marked as the author's (`<a rel="author">`, `author-name`)
    /// outside comment threads and related-article lists: a short text without digits, a leading
    /// `By` cut off.
    static func markedAuthor(_ extractor: HTMLExtractor) -> String? {
        for node in extractor.meta.authorElements where !extractor.ignored[node] {
            let anchor = Int(extractor.negAnchor[node])
            if anchor >= 0 {
                let n = extractor.doc.nodes[anchor]
                let key = ((n.attribute("class") ?? "") + " " + (n.attribute("id") ?? "")).lowercased()
                if key.has("comment") || key.has("reply") || key.has("related") || key.has("recommend") { continue }
            }
            var text = TextClean.normalize(extractor.doc.text(of: node))
            for by in ["By ", "by ", "BY ", "Par ", "par ", "Por ", "por ", "Von ", "von ", "作者：", "作者:"] where text.hasPrefix(by) {
                text = String(text.dropFirst(by.count)).trimmingSpaces
            }
            let words = text.split(separator: " ").count
            guard !text.isEmpty, text.count <= 50, words <= 6, !text.contains(where: { $0.isNumber || $0 == ":" || $0 == "：" || $0 == "@" }) else { continue }
            // A Chinese name is a few characters without spaces (`发出的红包` widgets are not).
            if text.unicodeScalars.contains(where: { TextStats.isCJK($0.value) }), words > 1 || text.count > 8 { continue }
            // A credit in a figure names the photographer or the agency.
            if insideFigure(node, extractor.doc) { continue }
            return text
        }
        return nil
    }

    static func insideFigure(_ node: Int, _ doc: HTMLDocument) -> Bool {
        var i = Int(doc.nodes[node].parent)
        while i > 0 {
            if doc.nodes[i].name == "figure" || doc.nodes[i].name == "figcaption" { return true }
            i = Int(doc.nodes[i].parent)
        }
        return false
    }

    /// Whether a by-line value can name a person: not a link, not overlong, not the site's or the
    /// publisher's name, not a section label (`最新文章`) or other chrome.
    static func isPlausibleAuthor(_ author: String, sites: [String]) -> Bool {
        let a = TextClean.normalize(author)
        guard !a.isEmpty, !a.hasPrefix("http"), a.count <= 60, a.contains(where: { $0.isLetter }) else { return false }
        // A field label read as a name (`发稿时间`, `Updated`).
        if MetaLines.metaPrefixSet.isPrefix(of: a) || ["时间", "日期", "来源", "编辑"].contains(where: { a.hasSuffix($0) }) { return false }
        let key = TextClean.removingWhitespace(a).lowercased()
        for site in sites where !site.isEmpty {
            let s = TextClean.removingWhitespace(site).lowercased()
            if key == s || (key.count >= 3 && s.has(key)) { return false }
        }
        return !Boilerplate.isChrome(a, stats: TextStats(a))
    }

    static func isListItem(_ s: Segment) -> Bool {
        if case .listItem = s.kind { return true }
        return false
    }

    static func isFooter(_ s: Segment, _ extractor: HTMLExtractor) -> Bool {
        let anchor = Int(s.negAnchor)
        guard anchor >= 0 else { return false }
        let node = extractor.doc.nodes[anchor]
        let key = ((node.attribute("class") ?? "") + " " + (node.attribute("id") ?? "")).lowercased()
        return node.name == "footer" || key.has("footer") || key.has("copyright") || key.has("banquan")
    }

    static func isCommentArea(_ s: Segment, _ extractor: HTMLExtractor) -> Bool {
        let anchor = Int(s.negAnchor)
        guard anchor >= 0 else { return false }
        let node = extractor.doc.nodes[anchor]
        let key = ((node.attribute("class") ?? "") + " " + (node.attribute("id") ?? "")).lowercased()
        return key.has("comment") || key.has("reply") || key.has("pinglun") || key.has("related") || key.has("recommend")
    }

    static func merge(_ into: inout LineMeta, _ other: LineMeta) {
        if into.date == nil { into.date = other.date }
        if into.datelineDate == nil { into.datelineDate = other.datelineDate }
        if into.source == nil { into.source = other.source }
        if into.author == nil { into.author = other.author }
        if into.editor == nil { into.editor = other.editor }
        if into.trailingAuthor == nil { into.trailingAuthor = other.trailingAuthor }
    }

    /// The language from the text, with the page's `lang` (or `Content-Language`) as a hint: the
    /// hint stands unless the text contradicts it (a CJK text under a non-CJK tag, or the reverse).
    static func resolveLanguage(_ lang: String?, _ contentLanguage: String?, body: String) -> String? {
        let detected = detectLanguage(body)
        guard let hint = lang ?? contentLanguage, !hint.isEmpty else { return detected }
        let primary = hint.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        let hintIsCJK = ["zh", "ja", "ko", "cmn", "yue"].contains(primary)
        guard let detected else { return hint }
        let detectedIsCJK = detected != "en"
        if hintIsCJK != detectedIsCJK { return detected }
        // Kana or hangul in the text outweigh a tag naming another CJK language.
        if hintIsCJK && detected != "zh" && detected != primary { return detected }
        return hint
    }

    /// `zh`, `ja` or `ko` when CJK characters make up a third of the text (kana mark Japanese,
    /// hangul Korean); `en` when ASCII letters make up half of it; otherwise nil.
    static func detectLanguage(_ body: String) -> String? {
        var chars = 0, cjk = 0, kana = 0, hangul = 0, ascii = 0
        for scalar in body.unicodeScalars.prefix(4000) where !TextStats.isSpace(scalar) {
            chars += 1
            let v = scalar.value
            if (0x3040...0x30FF).contains(v) { kana += 1; cjk += 1 }
            else if (0xAC00...0xD7AF).contains(v) { hangul += 1; cjk += 1 }
            else if TextStats.isCJK(v) { cjk += 1 }
            else if v < 0x80 && scalar.properties.isAlphabetic { ascii += 1 }
        }
        guard chars > 0 else { return nil }
        if cjk * 3 > chars {
            if kana * 20 >= cjk { return "ja" }
            if hangul * 2 >= cjk { return "ko" }
            return "zh"
        }
        return ascii * 2 > chars ? "en" : nil
    }
}

/// Publication-date helpers shared by both paths.
enum Published {
    /// The offset appended to times without one.
    static func offset(setting: String, language: String?) -> String? {
        switch setting {
        case "none": return nil
        case "auto":
            if let l = language?.lowercased(), l.hasPrefix("zh") { return "+08:00" }
            return nil
        default: return setting
        }
    }

    /// The year most of the page's full dates are in (the later one on a tie): the year of a
    /// month-day date line when nothing else says it.
    static func commonYear(_ segments: [Segment]) -> Int? {
        var counts: [Int: Int] = [:]
        for s in segments where s.stats.chars <= 120 {
            for d in DateScanner.find(in: s.text, allowMonthDay: false) { if let y = d.year { counts[y, default: 0] += 1 } }
        }
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }?.key
    }

    /// A year from the first of `sources` that holds a full date.
    static func inferYear(from sources: [String?]) -> Int? {
        for case let s? in sources {
            if let d = DateScanner.first(in: s) ?? DateScanner.inURL(s), let y = d.year { return y }
        }
        return nil
    }
}
