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

    struct TitleInfo {
        var title: String?
        var site: String?
        var headingNode: Int?
    }

    /// Reconciles `<title>`, `<h1>`, `og:title` and JSON-LD `headline`.
    static func resolveTitle(_ extractor: HTMLExtractor, segments: [Segment], containerIndex: Int) -> TitleInfo {
        let doc = extractor.doc
        let page = extractor.meta
        let raw = page.htmlTitle.map(TextClean.normalize)
        let og = (page.metas["og:title"] ?? page.metas["twitter:title"] ?? page.metas["articletitle"] ?? page.jsonLD["headline"]
            ?? page.itemprops["headline"]).map(TextClean.normalize)
        let siteName = page.metas["og:site_name"]
        let stripped = raw.map { TitleCleaner.strip($0, siteName: siteName) }
        var info = TitleInfo()
        info.site = stripped?.site
        let headingCandidates = titleHeadingCandidates(extractor)
        let references = [raw, og, stripped?.title].compactMap { $0 }.map(TextClean.removingWhitespace)
        let containerEnd = Int(doc.nodes[containerIndex].end)
        let bodyStart = segments.firstIndex { $0.owner >= containerIndex && $0.owner < containerEnd } ?? segments.count
        let usableH1s = page.h1s.filter { !extractor.ignored[$0] && extractor.negAnchor[$0] < 0 }
        var best: (node: Int, text: String, score: Int)?
        for h in headingCandidates {
            let text = TextClean.normalize(doc.text(of: h))
            let compact = TextClean.removingWhitespace(text)
            guard compact.count >= 4, compact.count <= 200 else { continue }
            var score = 0
            for r in references where !r.isEmpty {
                if r == compact { score = max(score, 4) } else if r.has(compact) && compact.count * 3 >= r.count { score = max(score, 3) }
                else if compact.has(r) && r.count * 2 >= compact.count { score = max(score, 2) }
            }
            if score == 0 && references.isEmpty && doc.nodes[h].name == "h1" { score = 1 }
            // The page's only headline, right above (or in) the body, is the title even when
            // <title> says something else (an SEO title).
            if score == 0, usableH1s == [h], compact.count >= 6, compact.count <= 80,
                let at = segments.firstIndex(where: { $0.owner >= h && $0.owner < Int(doc.nodes[h].end) }), at >= bodyStart - 12,
                at <= bodyStart + 3
            {
                score = 2
            }
            if extractor.negAnchor[h] >= 0 { score -= 2 }
            if doc.contains(containerIndex, h) || h < containerIndex { score += 1 }
            if score > 1, best == nil || score > best!.score { best = (h, text, score) }
        }
        if let best {
            info.title = best.text
            info.headingNode = best.node
            return info
        }
        // A short block before the body whose text is the title's main part (`<font size=5>`).
        if let raw {
            let compactRaw = TextClean.removingWhitespace(raw)
            var found: (text: String, owner: Int)?
            for s in segments.prefix(while: { $0.owner < Int(doc.nodes[containerIndex].end) }) where s.kind != .image && s.stats.chars >= 4 && s.stats.chars <= 120 {
                let text = TextClean.normalize(s.text)
                let compact = TextClean.removingWhitespace(text)
                if compactRaw.hasPrefix(compact) || compactRaw.hasSuffix(compact), compact.count * 10 >= compactRaw.count * 3,
                    found == nil || compact.count > found!.text.count
                {
                    found = (text, s.owner)
                }
            }
            if let found {
                info.title = found.text
                info.headingNode = found.owner
                if info.site == nil, let s = stripped?.site { info.site = s }
                return info
            }
        }
        if let og, !og.isEmpty {
            let o = TitleCleaner.strip(og, siteName: siteName)
            info.title = o.title
            if info.site == nil { info.site = o.site }
        } else if let stripped, !stripped.title.isEmpty {
            info.title = stripped.title
        } else if let h = page.h1s.first {
            info.title = TextClean.normalize(doc.text(of: h))
            info.headingNode = h
        }
        if let first = page.h1s.first(where: { TextClean.normalize(doc.text(of: $0)) == info.title }) { info.headingNode = first }
        return info
    }

    /// The document's title. The page's declared headlines (JSON-LD `headline`, `og:title`,
    /// `twitter:title`, microdata `headline`, each without a part naming the site) are the titles
    /// the publisher gave the article; the heading on the page is often cut or reworded for
    /// layout. The first declared headline that agrees with the page's own heading or `<title>`
    /// wins; else that heading when `<title>` agrees with it; else the Open Graph or Twitter title;
    /// else the heading. A declared headline that is only the site's name, a cut form (`…`) of
    /// the heading or in another script than the heading (left untranslated) yields to it.
    static func declaredTitle(agreeingWith info: TitleInfo, page: PageMeta) -> String? {
        let sites = siteNames(page, info: info)
        let heading = info.headingNode == nil ? nil : info.title
        let htmlTitle = page.htmlTitle.map(TextClean.normalize)
        let witnesses = [heading, htmlTitle, htmlTitle.map { TitleCleaner.strip($0, siteName: page.metas["og:site_name"]).title }].compactMap { $0 }
        var declared: [(text: String, social: Bool)] = []
        for (raw, social) in [(page.jsonLD["headline"], false), (page.metas["og:title"], true), (page.metas["twitter:title"], true), (page.itemprops["headline"], false)] {
            guard let raw else { continue }
            let text = TitleCleaner.removingSiteName(TextClean.normalize(raw), sites: sites)
            guard TextClean.removingWhitespace(text).count >= 2, text.count <= 300, !text.hasPrefix("http"), text.contains(where: { $0.isLetter }),
                !TitleCleaner.namesSite(text, sites: sites)
            else { continue }
            if let heading, text != heading {
                // A headline left untranslated on a translated page is in another script.
                if TitleCleaner.script(text) != TitleCleaner.script(heading) { continue }
                // A cut form of the heading.
                if text.hasSuffix("…") || text.hasSuffix("...") {
                    let stem = TextClean.removingWhitespace(String(text.dropLast(text.hasSuffix("…") ? 1 : 3))).lowercased()
                    if TextClean.removingWhitespace(heading).lowercased().hasPrefix(stem) { continue }
                }
            }
            declared.append((text, social))
        }
        if let agreed = declared.first(where: { d in witnesses.contains { TitleCleaner.agree(d.text, $0) } }) { return agreed.text }
        if let heading, let htmlTitle, witnesses.dropFirst().contains(where: { TitleCleaner.agree(heading, $0) }) || htmlTitle.isEmpty {
            return heading
        }
        return declared.first(where: \.social)?.text ?? info.title
    }

    /// The names the page gives its site: `og:site_name` (else the site part of `<title>`), the
    /// publisher in JSON-LD, `application-name` (not one that is the article's title: some pages
    /// put the title in `application-name`).
    static func siteNames(_ page: PageMeta, info: TitleInfo) -> [String] {
        let title = page.htmlTitle.map { TitleCleaner.strip(TextClean.normalize($0), siteName: page.metas["og:site_name"]).title }
        return [page.metas["og:site_name"] ?? info.site, page.jsonLD["publisher"], page.metas["application-name"]].compactMap { $0 }
            .filter { name in !name.isEmpty && !(title.map { TitleCleaner.agree(name, $0) } ?? false) }
    }

    /// Headings that may hold the title: the `<h1>`s, else (when all of them are hinted as chrome)
    /// also `<h2>`, `<h3>` and elements whose class or id says title.
    static func titleHeadingCandidates(_ extractor: HTMLExtractor) -> [Int] {
        let doc = extractor.doc
        var headingCandidates: [Int] = extractor.meta.h1s.filter { !extractor.ignored[$0] }
        if headingCandidates.isEmpty || !headingCandidates.contains(where: { extractor.negAnchor[$0] < 0 }) {
            for (i, node) in doc.nodes.enumerated() where node.kind == .element && !extractor.ignored[i] {
                if node.name == "h2" || node.name == "h3" || ((node.attribute("class") ?? "") + (node.attribute("id") ?? "")).lowercased().has("title") {
                    headingCandidates.append(i)
                }
                if headingCandidates.count > 60 { break }
            }
        }
        return headingCandidates
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

/// Strips site names and section names from page titles.
enum TitleCleaner {
    static let separators = [" - ", " – ", " — ", "_", "|", "｜", " :: ", " » ", "--", " · ", "－", "——"]
    static let siteWords = [
        "网", "站", "报", "新闻", "频道", "中心", "在线", "日报", "晚报", "周刊", "官网", "门户", "资讯", "电视台", "广播",
        "News", "news", "Times", "Post", "Journal", ".com", ".cn", ".net", "BBC", "CNN", "Reuters", "Daily", "Tribune", "Herald",
    ]

    /// The title without a leading or trailing part that is the site's name (see `namesSite`);
    /// other parts stay.
    static func removingSiteName(_ title: String, sites: [String]) -> String {
        guard !sites.isEmpty else { return title }
        for sep in separators where title.has(sep) {
            guard let r = title.lastRange(of: sep) else { continue }
            let tail = String(title[r.upperBound...])
            let head = String(title[..<r.lowerBound]).trimmingSpaces
            if !head.isEmpty, namesSite(tail, sites: sites) { return head }
            if let f = title.byteRange(of: sep) {
                let first = String(title[..<f.lowerBound])
                let rest = String(title[f.upperBound...]).trimmingSpaces
                if !rest.isEmpty, namesSite(first, sites: sites) { return rest }
            }
        }
        return title
    }

    /// Whether two titles say the same: one holds the other (the shorter at least half as long),
    /// or four fifths of their words (characters, for CJK) are shared.
    static func agree(_ a: String, _ b: String) -> Bool {
        let x = TextClean.removingWhitespace(a).lowercased(), y = TextClean.removingWhitespace(b).lowercased()
        guard !x.isEmpty, !y.isEmpty else { return false }
        if x == y { return true }
        let (short, long) = x.count <= y.count ? (x, y) : (y, x)
        if long.has(short) && short.count * 2 >= long.count { return true }
        let ta = units(a), tb = units(b)
        guard !ta.isEmpty, !tb.isEmpty else { return false }
        var rest = tb
        var shared = 0
        for t in ta { if let i = rest.firstIndex(of: t) { rest.remove(at: i); shared += 1 } }
        return shared * 5 >= max(ta.count, tb.count) * 4
    }

    /// The script most of the letters are in: 0 Latin, 1 CJK (with kana and hangul), 2 another.
    static func script(_ s: String) -> Int {
        var counts = [0, 0, 0]
        for scalar in s.unicodeScalars where scalar.properties.isAlphabetic {
            let v = scalar.value
            counts[v < 0x250 ? 0 : (TextStats.isCJK(v) || (0x3040...0x30FF).contains(v) || (0xAC00...0xD7AF).contains(v)) ? 1 : 2] += 1
        }
        return counts.firstIndex(of: counts.max() ?? 0) ?? 0
    }

    /// Lower-cased words, with each CJK character a word of its own.
    static func units(_ s: String) -> [String] {
        var out: [String] = []
        var word = ""
        for ch in s.lowercased() {
            if let v = ch.unicodeScalars.first?.value, TextStats.isCJK(v) {
                if !word.isEmpty { out.append(word); word = "" }
                out.append(String(ch))
            } else if ch.isLetter || ch.isNumber {
                word.append(ch)
            } else if !word.isEmpty {
                out.append(word)
                word = ""
            }
        }
        if !word.isEmpty { out.append(word) }
        return out
    }

    /// Whether `part` is the site's name: one of `sites` compared without case and spaces, or the
    /// leading words of one (`Spiceworks` of `Spiceworks Inc`, `Example.cz` of
    /// `Example.cz - News as it happens`).
    static func namesSite(_ part: String, sites: [String]) -> Bool {
        let key = TextClean.normalize(part).lowercased()
        guard !key.isEmpty else { return false }
        let compactKey = TextClean.removingWhitespace(key)
        for site in sites {
            let name = TextClean.normalize(site).lowercased()
            if TextClean.removingWhitespace(name) == compactKey { return true }
            if compactKey.count >= 4, name.hasPrefix(key), let next = name.dropFirst(key.count).first, next.isWhitespace || next.isPunctuation {
                return true
            }
        }
        return false
    }

    /// The title without site and section parts, and the site name that was removed (if any).
    static func strip(_ title: String, siteName: String?) -> (title: String, site: String?) {
        var marked = title
        for sep in separators where marked.has(sep) { marked = marked.replacingAll(sep, with: "\u{1}") }
        var parts = marked.split(separator: "\u{1}").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        if parts.count < 2 {
            // `标题-中国新闻网`: a hyphen without spaces separates only a site-like suffix.
            for dash in ["-", "—", "－"] {
                guard let r = title.lastRange(of: dash) else { continue }
                let suffix = String(title[r.upperBound...]).trimmingSpaces
                let head = String(title[..<r.lowerBound]).trimmingSpaces
                if !suffix.isEmpty, suffix.count <= 16, head.count >= 4, siteWords.contains(where: { suffix.has($0) })
                    || (siteName.map { !$0.isEmpty && (suffix == $0 || $0.has(suffix)) } ?? false)
                {
                    return (strip(head, siteName: siteName).title, suffix)
                }
            }
            return (title.trimmingSpaces, nil)
        }
        var site: String?
        func isSite(_ p: String, rest: Int) -> Bool {
            if let siteName, !siteName.isEmpty, p == siteName || siteName.has(p) || p.has(siteName) { return true }
            if siteWords.contains(where: { p.has($0) }) && p.count <= 24 { return true }
            return p.count <= 20 && p.count * 2 <= rest
        }
        // From the end.
        while parts.count >= 2 {
            let lastPart = parts[parts.count - 1]
            let rest = parts.dropLast().reduce(0) { $0 + $1.count }
            guard isSite(lastPart, rest: rest) else { break }
            if site == nil { site = lastPart }
            parts.removeLast()
        }
        // From the start (`Site | Title`).
        while parts.count >= 2 {
            let firstPart = parts[0]
            let rest = parts.dropFirst().reduce(0) { $0 + $1.count }
            guard let siteName, firstPart == siteName || (siteWords.contains(where: { firstPart.has($0) }) && firstPart.count * 3 <= rest) else { break }
            site = site ?? firstPart
            parts.removeFirst()
        }
        if parts.count == 1 { return (parts[0], site) }
        // Rejoin what is left with the original separator text.
        let first = parts[0]
        let lastPart = parts[parts.count - 1]
        if let start = title.byteRange(of: first), let end = title.lastRange(of: lastPart) {
            return (String(title[start.lowerBound..<end.upperBound]).trimmingSpaces, site)
        }
        return (parts.joined(separator: " "), site)
    }
}

extension String {
    func lastRange(of target: String) -> Range<String.Index>? {
        var result: Range<String.Index>?
        var from = startIndex
        while let r = self[from...].byteRange(of: target) {
            result = r
            from = index(after: r.lowerBound)
        }
        return result
    }
}
