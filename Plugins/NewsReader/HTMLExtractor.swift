import Foundation
import SluiceCore
import SluiceHTML

/// What the head of a page and its structured data say.
struct PageMeta: Sendable {
    var htmlTitle: String?
    var lang: String?
    var metas: [String: String] = [:]
    var canonical: String?
    var jsonLD: [String: String] = [:]
    var itemprops: [String: String] = [:]
    var h1s: [Int] = []
    var times: [(node: Int, value: String)] = []
}

/// The article out of a parsed page.
struct HTMLExtractor {
    let doc: HTMLDocument
    let settings: ExtractionSettings
    let contentSelectors: [CSSSelector]
    let removeSelectors: [CSSSelector]
    var ignored: [Bool] = []
    var inLink: [Bool] = []
    var inBold: [Bool] = []
    var negAnchor: [Int32] = []
    var meta = PageMeta()

    static let ignoredTags: Set<String> = [
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "button", "select",
        "option", "textarea", "input", "map", "audio", "video", "head", "title", "meta", "link", "dialog", "math",
    ]
    static let blockTags: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "td", "th",
        "ul", "caption", "menu", "#document",
    ]
    static let ignoredTable = HTMLTag.table(ignoredTags)
    static let blockTable = HTMLTag.table(blockTags)
    static let negativeWords = [
        "comment", "reply", "share", "sharing", "social", "footer", "sidebar", "side-bar", "side_bar", "related", "relate",
        "recommend", "breadcrumb", "crumb", "copyright", "advert", "sponsor", "promo", "pagination", "pager", "disclaimer",
        "qrcode", "subscribe", "newsletter", "login", "popup", "modal", "toolbar", "widget", "hotnews", "hot-news", "hot_news",
        "ranking", "navbar", "topbar", "top-bar", "masthead", "tag-list", "taglist", "author-bio", "morenews", "more-news",
        "xgyd", "xgxw", "xgwz", "rdtj", "tuijian", "paihang", "fenxiang", "pinglun", "banquan", "cnxh", "zxnr", "rmtj",
    ]
    static let negativeTokens: Set<String> = [
        "nav", "ad", "ads", "adv", "gg", "side", "aside", "foot", "footer", "menu", "hot", "tags", "links", "bottom", "rank",
        "jubao", "print", "font", "fontsize", "prev", "next", "share", "right", "sitemap", "header", "top",
    ]
    static let weakTokens: Set<String> = ["side", "menu", "hot", "tags", "links", "bottom", "right", "header", "top", "font"]
    static let positiveWords = [
        "article", "content", "post", "entry", "main", "detail", "story", "zhengwen", "artical", "news_txt", "newstext",
        "text", "body", "read",
    ]

    init(doc: HTMLDocument, settings: ExtractionSettings, contentSelectors: [CSSSelector], removeSelectors: [CSSSelector]) {
        self.doc = doc
        self.settings = settings
        self.contentSelectors = contentSelectors
        self.removeSelectors = removeSelectors
    }

    // MARK: Flags

    mutating func prepare() {
        let nodes = doc.nodes
        let n = nodes.count
        var negativeCache: [String: Bool] = [:]
        ignored = [Bool](repeating: false, count: n)
        inLink = [Bool](repeating: false, count: n)
        inBold = [Bool](repeating: false, count: n)
        negAnchor = [Int32](repeating: -1, count: n)
        for i in 1..<n {
            let node = nodes[i]
            let p = Int(node.parent)
            ignored[i] = ignored[p]
            inLink[i] = inLink[p]
            inBold[i] = inBold[p]
            negAnchor[i] = negAnchor[p]
            guard node.kind == .element else { continue }
            let tag = node.tag
            collectMeta(i, node)
            if ignored[i] { continue }
            if Self.ignoredTable[Int(tag.rawValue)] {
                ignored[i] = true
                continue
            }
            // Hidden elements go, except a large hidden body behind a "展开全文" / "read more"
            // button, which is the article's second half.
            if Self.isHidden(node) {
                let hiddenText = TextStats(doc.text(of: i))
                if hiddenText.weighted < 150 || hiddenText.punctuation < 3 {
                    ignored[i] = true
                    continue
                }
            }
            if tag == .a { inLink[i] = true }
            if tag == .strong || tag == .b { inBold[i] = true }
            if tag == .h1 { meta.h1s.append(i) }
            if tag == .nav || tag == .aside || tag == .footer {
                negAnchor[i] = Int32(i)
            } else if let key = Self.hintKey(node) {
                let negative: Bool
                if let known = negativeCache[key] { negative = known } else {
                    negative = Self.isNegative(key: key)
                    negativeCache[key] = negative
                }
                if negative { negAnchor[i] = Int32(i) }
            }
        }
        if !removeSelectors.isEmpty {
            for i in 1..<n where nodes[i].kind == .element && !ignored[i] {
                if removeSelectors.contains(where: { $0.matches(i, in: doc) }) {
                    for j in i..<Int(nodes[i].end) { ignored[j] = true }
                }
            }
        }
    }

    static func isHidden(_ node: HTMLNode) -> Bool {
        for a in node.attributes {
            switch a.name {
            case "hidden": return true
            case "aria-hidden": if a.value == "true" { return true }
            case "style":
                guard a.value.has("none") || a.value.has("hidden") || a.value.has("NONE") || a.value.has("HIDDEN") else { continue }
                // `visibility:hidden` is how script-revealed bodies (WeChat's js_content) start
                // out: it does not hide anything from a reader.
                let v = a.value.lowercased().filter { !$0.isWhitespace }
                if v.has("display:none") { return true }
            default: break
            }
        }
        return false
    }

    /// The element's class and id, for the hint check (nil when it has neither).
    static func hintKey(_ node: HTMLNode) -> String? {
        var key = ""
        for a in node.attributes where (a.name == "class" || a.name == "id") && !a.value.isEmpty {
            key += a.value
            key += " "
        }
        return key.isEmpty ? nil : key
    }

    static func isNegative(_ node: HTMLNode) -> Bool {
        switch node.name {
        case "nav", "aside", "footer": return true
        default: break
        }
        guard let key = hintKey(node) else { return false }
        return isNegative(key: key)
    }

    static func isNegative(key raw: String) -> Bool {
        // "commentary" is an opinion article, not a comment thread.
        let key = raw.lowercased().replacingAll("commentary", with: "opinion")
        let positive = positiveSet.occurs(in: key)
        if negativeSet.occurs(in: key) {
            if !positive || alwaysNegativeSet.occurs(in: key) { return true }
        }
        for token in key.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) {
            let t = String(token)
            if negativeTokens.contains(t) && (!weakTokens.contains(t) || !positive) { return true }
        }
        return false
    }

    static let positiveSet = NeedleSet(positiveWords)
    static let negativeSet = NeedleSet(negativeWords)
    static let alwaysNegativeSet = NeedleSet(Array(alwaysNegative))
    static let alwaysNegative: Set<String> = ["comment", "related", "recommend", "share", "footer", "copyright", "breadcrumb", "sidebar"]

    mutating func collectMeta(_ i: Int, _ node: HTMLNode) {
        let tag = node.tag
        if node.attributes.isEmpty && tag != .title && tag != .time { return }
        let name = tag == .html ? "html" : tag == .title ? "title" : tag == .meta ? "meta" : tag == .link ? "link"
            : tag == .script ? "script" : tag == .time ? "time" : ""
        switch name {
        case "html":
            if meta.lang == nil, let l = node.attribute("lang") ?? node.attribute("xml:lang"), !l.isEmpty { meta.lang = l }
        case "title":
            if meta.htmlTitle == nil { meta.htmlTitle = TextClean.normalize(doc.text(of: i)) }
        case "meta":
            let key = (node.attribute("property") ?? node.attribute("name") ?? node.attribute("itemprop") ?? node.attribute("http-equiv"))?.lowercased()
            if let key, let content = node.attribute("content"), !content.isEmpty, meta.metas[key] == nil {
                meta.metas[key] = TextClean.normalize(content)
            }
            if let ip = node.attribute("itemprop")?.lowercased(), let content = node.attribute("content"), meta.itemprops[ip] == nil {
                meta.itemprops[ip] = content
            }
        case "link":
            if node.attribute("rel")?.lowercased() == "canonical", let href = node.attribute("href"), !href.isEmpty { meta.canonical = href }
        case "script":
            if let type = node.attribute("type")?.lowercased(), type.has("ld+json") { parseJSONLD(doc.text(of: i)) }
        case "time":
            if let dt = node.attribute("datetime") ?? node.attribute("pubdate") { meta.times.append((i, dt)) }
            else { meta.times.append((i, doc.text(of: i))) }
        default:
            if let ip = node.attribute("itemprop")?.lowercased(), meta.itemprops[ip] == nil,
                ["datepublished", "headline", "author", "datecreated", "datemodified"].contains(ip)
            {
                let v = node.attribute("content") ?? node.attribute("datetime") ?? TextClean.normalize(doc.text(of: i))
                if !v.isEmpty { meta.itemprops[ip] = v }
            }
        }
    }

    mutating func parseJSONLD(_ text: String) {
        guard let data = text.data(using: .utf8), data.count < 2_000_000,
            let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return }
        var queue: [Any] = [object]
        var visited = 0
        while !queue.isEmpty && visited < 500 {
            let item = queue.removeFirst()
            visited += 1
            if let array = item as? [Any] { queue.append(contentsOf: array); continue }
            guard let dict = item as? [String: Any] else { continue }
            let type = (dict["@type"] as? String) ?? ((dict["@type"] as? [Any])?.first as? String) ?? ""
            let articleLike = type.has("Article") || type.has("Posting") || type == "Report" || type.has("BlogPosting")
            if articleLike || meta.jsonLD.isEmpty {
                for key in ["datePublished", "dateCreated", "dateModified", "headline", "name"] where meta.jsonLD[key] == nil || articleLike {
                    if let v = dict[key] as? String, !v.isEmpty, articleLike || key.hasPrefix("date") { meta.jsonLD[key] = v }
                }
                if let author = dict["author"] {
                    var names: [String] = []
                    for a in (author as? [Any]) ?? [author] {
                        if let s = a as? String { names.append(s) } else if let d = a as? [String: Any], let n = d["name"] as? String { names.append(n) }
                    }
                    if !names.isEmpty && (articleLike || meta.jsonLD["author"] == nil) { meta.jsonLD["author"] = names.joined(separator: ", ") }
                }
                if let publisher = dict["publisher"] as? [String: Any], let n = publisher["name"] as? String { meta.jsonLD["publisher"] = n }
            }
            if let graph = dict["@graph"] { queue.append(graph) }
            if let main = dict["mainEntity"] { queue.append(main) }
        }
    }

    // MARK: Segments

    func segments() -> [Segment] {
        let nodes = doc.nodes
        var result: [Segment] = []
        result.reserveCapacity(256)
        var open: [(end: Int32, index: Int)] = []
        var text = ""
        var linkChars = 0
        var boldChars = 0
        var owner = 0
        var firstNode = -1

        func flush() {
            defer {
                text = ""
                linkChars = 0
                boldChars = 0
                firstNode = -1
            }
            guard firstNode >= 0 else { return }
            let stats = TextStats(text)
            guard stats.chars > 0 else { return }
            var kind = Segment.Kind.paragraph
            var lists = 0
            var listItem = false
            for entry in open.reversed() {
                let tag = nodes[entry.index].tag
                if let level = tag.headingLevel {
                    if case .paragraph = kind { kind = .heading(level) }
                } else if tag == .li {
                    listItem = true
                } else if tag == .ul || tag == .ol {
                    if listItem { lists += 1 }
                } else if tag == .blockquote {
                    if case .paragraph = kind { kind = .quote }
                } else if tag == .pre {
                    if case .paragraph = kind { kind = .preformatted }
                } else if tag == .figcaption {
                    if case .paragraph = kind { kind = .caption }
                }
            }
            if listItem, case .paragraph = kind { kind = .listItem(max(1, lists)) }
            var segment = Segment(
                kind: kind, text: text, owner: owner, stats: stats, linkChars: linkChars, boldChars: boldChars,
                negAnchor: negAnchor[firstNode])
            // Link-dominated runs already count against their container; they need no chrome test.
            segment.chrome = linkChars * 2 > stats.chars ? false : Boilerplate.isChrome(text, stats: stats)
            result.append(segment)
        }

        var i = 1
        let n = nodes.count
        while i < n {
            while let top = open.last, Int(top.end) <= i {
                flush()
                open.removeLast()
                owner = open.last?.index ?? 0
            }
            if ignored[i] {
                i = Int(nodes[i].end)
                continue
            }
            let node = nodes[i]
            switch node.kind {
            case .text:
                if firstNode < 0 {
                    if node.text == " " { i += 1; continue }
                    firstNode = i
                    owner = open.last?.index ?? 0
                }
                text += node.text
                if inLink[i] || inBold[i] {
                    let c = TextStats(node.text).chars
                    if inLink[i] { linkChars += c }
                    if inBold[i] { boldChars += c }
                }
            case .element:
                let tag = node.tag
                if Self.blockTable[Int(tag.rawValue)] {
                    flush()
                    open.append((node.end, i))
                    owner = i
                } else if tag == .br {
                    flush()
                } else if tag == .img {
                    flush()
                    if let image = imageSegment(i, owner: open.last?.index ?? 0) { result.append(image) }
                }
            case .document:
                break
            }
            i += 1
        }
        flush()
        markTeasers(&result)
        return result
    }

    /// Lists of teasers (a linked headline, then a summary, repeated) look like article text
    /// paragraph by paragraph; a summary right after a linked headline, with another such pair
    /// close by, is marked.
    func markTeasers(_ segments: inout [Segment]) {
        func linkedHeadline(_ s: Segment) -> Bool {
            s.kind != .image && s.stats.chars <= 60 && s.linkChars * 10 >= s.stats.chars * 8
        }
        var candidates: [Int] = []
        for i in segments.indices.dropFirst() where linkedHeadline(segments[i - 1]) && !linkedHeadline(segments[i]) && segments[i].kind != .image {
            candidates.append(i)
        }
        guard candidates.count >= 2 else { return }
        for (k, i) in candidates.enumerated() {
            let near = (k > 0 && i - candidates[k - 1] <= 4) || (k + 1 < candidates.count && candidates[k + 1] - i <= 4)
            if near { segments[i].teaser = true }
        }
    }

    func imageSegment(_ i: Int, owner: Int) -> Segment? {
        let node = doc.nodes[i]
        var src: String?
        for key in ["data-original", "data-src", "data-lazy-src", "data-actualsrc", "src", "original"] {
            if let v = node.attribute(key)?.trimmingSpaces, !v.isEmpty, !v.hasPrefix("data:") { src = v; break }
        }
        guard let src else { return nil }
        let lower = src.lowercased()
        if ["logo", "icon", "avatar", "spacer", "blank.gif", "pixel", "qrcode", "erweima", "ewm", "share", "loading"].contains(where: { lower.contains($0) }) {
            return nil
        }
        for key in ["width", "height"] {
            if let v = node.attribute(key), let size = Int(v.prefix { $0.isNumber }), size > 0, size < 60 { return nil }
        }
        var s = Segment(kind: .image, text: "", owner: owner, stats: TextStats(), negAnchor: negAnchor[i], src: src)
        if let alt = node.attribute("alt").map(TextClean.normalize), !alt.isEmpty { s.alt = alt }
        return s
    }

    // MARK: Repeated items

    /// Marks lists of repeated items — comments, replies, teaser cards — as chrome: an element
    /// with at least four children of the same tag and class where most children hold several
    /// runs of text, one of them a link-dominated line or a bare date (a user name, a headline, a
    /// timestamp). Article paragraphs (one run each) and sections (headings are not links) do
    /// not qualify.
    mutating func markRepeatedItems(_ segments: inout [Segment]) {
        let nodes = doc.nodes
        let n = nodes.count
        var runs = [Int32](repeating: 0, count: n)
        var markers = [Int32](repeating: 0, count: n)
        for s in segments where s.kind != .image {
            runs[s.owner] += 1
            let linky = s.stats.chars <= 40 && s.linkChars * 10 >= s.stats.chars * 7
            let dateOnly = s.stats.chars <= 24 && DateScanner.isDateOnly(s.text)
            if linky || dateOnly { markers[s.owner] += 1 }
        }
        for i in stride(from: n - 1, through: 1, by: -1) {
            let p = Int(nodes[i].parent)
            runs[p] += runs[i]
            markers[p] += markers[i]
        }
        var listRoots: [Int] = []
        for p in 0..<n where nodes[p].kind != .text && !ignored[p] && runs[p] >= 8 && markers[p] >= 3 {
            var child = nodes[p].firstChild
            var groups: [String: (count: Int, itemLike: Int)] = [:]
            var elementChildren = 0
            while child >= 0 {
                let c = Int(child)
                if nodes[c].kind == .element && !ignored[c] {
                    elementChildren += 1
                    let signature = nodes[c].name + "." + (nodes[c].attribute("class") ?? "")
                    var g = groups[signature] ?? (0, 0)
                    g.count += 1
                    if runs[c] >= 2 && markers[c] >= 1 { g.itemLike += 1 }
                    groups[signature] = g
                }
                child = nodes[c].nextSibling
            }
            guard elementChildren >= 4 else { continue }
            for (_, g) in groups where g.count >= 4 && g.itemLike * 4 >= g.count * 3 {
                listRoots.append(p)
                break
            }
        }
        for root in listRoots where negAnchor[root] < 0 {
            for j in root..<Int(nodes[root].end) where negAnchor[j] < 0 { negAnchor[j] = Int32(root) }
        }
        if !listRoots.isEmpty {
            for k in segments.indices where segments[k].negAnchor < 0 { segments[k].negAnchor = negAnchor[segments[k].owner] }
        }
    }

    // MARK: Container

    /// The element whose subtree holds the most article text net of chrome.
    func container(for segments: [Segment], useHints: Bool) -> (index: Int, score: Double) {
        let nodes = doc.nodes
        var score = [Double](repeating: 0, count: nodes.count)
        for s in segments { score[s.owner] += Scoring.contribution(s, settings: settings, useHints: useHints) }
        for i in stride(from: nodes.count - 1, through: 1, by: -1) { score[Int(nodes[i].parent)] += score[i] }
        var best = 0
        var bestScore = -Double.infinity
        for i in 0..<nodes.count where nodes[i].kind != .text && !ignored[i] {
            if score[i] >= bestScore && score[i] > 0 {
                bestScore = score[i]
                best = i
            }
        }
        return (best, bestScore)
    }

    func selectedContainer(for segments: [Segment]) -> Int {
        for selector in contentSelectors {
            if let i = doc.nodes.indices.first(where: { doc.nodes[$0].kind == .element && selector.matches($0, in: doc) }) { return i }
        }
        let hinted = container(for: segments, useHints: true)
        if hinted.score > 50 { return hinted.index }
        let plain = container(for: segments, useHints: false)
        return plain.score > hinted.score ? plain.index : hinted.index
    }
}
