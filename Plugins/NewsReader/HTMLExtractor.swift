import Foundation
import SluiceCore
import SluiceHTML

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
        "option", "textarea", "input", "map", "audio", "video", "head", "title", "meta", "link", "dialog",
    ]
    static let blockTags: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "td", "th",
        "ul", "caption", "menu", "#document",
    ]
    static let ignoredTable = HTMLTag.table(ignoredTags)
    static let paragraphTag = HTMLTag(name: "p")
    static let blockTable = HTMLTag.table(blockTags)
    static let negativeWords = [
        "comment", "reply", "share", "sharing", "social", "footer", "sidebar", "side-bar", "side_bar", "related", "relate",
        "recommend", "breadcrumb", "crumb", "copyright", "advert", "sponsor", "promo", "pagination", "pager", "disclaimer",
        "qrcode", "subscribe", "newsletter", "login", "popup", "modal", "toolbar", "widget", "hotnews", "hot-news", "hot_news",
        "ranking", "navbar", "topbar", "top-bar", "masthead", "tag-list", "taglist", "author-bio", "morenews", "more-news",
        "xgyd", "xgxw", "xgwz", "rdtj", "tuijian", "paihang", "fenxiang", "pinglun", "banquan", "cnxh", "zxnr", "rmtj",
        "consent", "cookie", "gdpr", "onetrust", "didomi",
    ]
    static let negativeTokens: Set<String> = [
        "nav", "ad", "ads", "adv", "gg", "side", "aside", "foot", "footer", "menu", "hot", "tags", "links", "bottom", "rank",
        "jubao", "print", "font", "fontsize", "prev", "next", "share", "right", "sitemap", "header", "top",
    ]
    static let weakTokens: Set<String> = ["side", "menu", "hot", "tags", "links", "bottom", "right", "header", "top", "font"]
    static let positiveWords = [
        "article", "content", "post", "entry", "main", "detail", "story", "zhengwen", "artical", "news_txt", "newstext",
        "text", "body", "read", "section",
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
        var soleValueCache: [String: Bool] = [:]
        ignored = [Bool](repeating: false, count: n)
        inLink = [Bool](repeating: false, count: n)
        inBold = [Bool](repeating: false, count: n)
        negAnchor = [Int32](repeating: -1, count: n)
        let ignoredTable = Self.ignoredTable  // a local: no lazy-global check per node
        let paragraphTag = Self.paragraphTag
        for i in 1..<n {
            let p = Int(nodes[i].parent)
            ignored[i] = ignored[p]
            inLink[i] = inLink[p]
            inBold[i] = inBold[p]
            negAnchor[i] = negAnchor[p]
            guard nodes[i].kind == .element else { continue }
            let node = nodes[i]
            let tag = node.tag
            collectMeta(i, node)
            if ignored[i] { continue }
            if ignoredTable[Int(tag.rawValue)] {
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
            } else if tag == paragraphTag {
                // A `<p>` holds text, not a widget: its class styles the text
                // (`selectionShareable`), it does not mark chrome.
            } else if let only = Self.soleHintValue(node) {
                // One class or id (the usual case): its hint key is the value and a space, so
                // the value itself is the cache key and no key string is built.
                let negative: Bool
                if let known = soleValueCache[only] { negative = known } else {
                    negative = Self.isNegative(key: only + " ")
                    soleValueCache[only] = negative
                }
                if negative { negAnchor[i] = Int32(i) }
            } else if let key = Self.hintKey(node) {
                let negative: Bool
                if let known = negativeCache[key] { negative = known } else {
                    negative = Self.isNegative(key: key)
                    negativeCache[key] = negative
                }
                if negative { negAnchor[i] = Int32(i) }
            }
            // Also inside chrome-hinted elements: the container itself may be one.
            if negAnchor[i] != Int32(i), tag != .html, node.name != "body", isEmbeddedGallery(i) { negAnchor[i] = Int32(i) }
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
            // Only names of 5, 6 or 11 bytes can match (saves a string comparison per attribute).
            let length = a.name.utf8.count
            guard length == 5 || length == 6 || length == 11 else { continue }
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

    /// The value of the element's only non-empty class or id (nil when it has none or both).
    static func soleHintValue(_ node: HTMLNode) -> String? {
        var found: String?
        for a in node.attributes where ((a.name.utf8.count == 5 && a.name == "class") || (a.name.utf8.count == 2 && a.name == "id")) && !a.value.isEmpty {
            if found != nil { return nil }
            found = a.value
        }
        return found
    }

    /// The element's class and id, for the hint check (nil when it has neither).
    static func hintKey(_ node: HTMLNode) -> String? {
        var key = ""
        for a in node.attributes where ((a.name.utf8.count == 5 && a.name == "class") || (a.name.utf8.count == 2 && a.name == "id")) && !a.value.isEmpty {
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
        if key.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: letters and digits are exactly [a-zA-Z0-9], so the tokens are split by bytes.
            var result = false
            var k = key
            k.withUTF8 { bytes in
                var start = 0
                var i = 0
                while i <= bytes.count {
                    let b: UInt8 = i < bytes.count ? bytes[i] : 0x20
                    let isWord = (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
                    if !isWord {
                        if i > start {
                            let t = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                            if negativeTokens.contains(t) && (!weakTokens.contains(t) || !positive) {
                                result = true
                                return
                            }
                        }
                        start = i + 1
                    }
                    i += 1
                }
            }
            return result
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
    static let alwaysNegative: Set<String> = [
        "comment", "related", "recommend", "share", "footer", "copyright", "breadcrumb", "sidebar", "consent", "cookie", "gdpr",
        "onetrust", "didomi",
    ]

    // MARK: Segments

    /// The text of the run being gathered into one segment, with its measures (each text node
    /// is measured once and the measures combined).
    private struct TextRun {
        var text = ""
        var stats = TextStats()
        var linkChars = 0
        var boldChars = 0
        var firstNode = -1
    }

    /// The page as segments in document order: runs of inline text between block boundaries
    /// (block elements, `<br>`), and images.
    func segments() -> [Segment] {
        let nodes = doc.nodes
        var result: [Segment] = []
        result.reserveCapacity(max(256, nodes.count / 3))
        var open: [(end: Int32, index: Int)] = []
        var run = TextRun()
        var owner = 0

        func flush() {
            if let segment = makeSegment(run, owner: owner, open: open) { result.append(segment) }
            run = TextRun()
        }

        var i = 1
        let n = nodes.count
        let blockTable = Self.blockTable  // a local: no lazy-global check per node
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
            switch nodes[i].kind {
            case .text:
                if run.firstNode < 0 {
                    if nodes[i].text.utf8.count == 1 && nodes[i].text.utf8.first == 0x20 { i += 1; continue }
                    run.firstNode = i
                    owner = open.last?.index ?? 0
                }
                run.text += nodes[i].text
                let nodeStats = TextStats(nodes[i].text)
                run.stats.append(nodeStats)
                if inLink[i] { run.linkChars += nodeStats.chars }
                if inBold[i] { run.boldChars += nodeStats.chars }
            case .element:
                let tag = nodes[i].tag
                if blockTable[Int(tag.rawValue)] {
                    flush()
                    open.append((nodes[i].end, i))
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

    /// The segment a finished run of text makes (nil when it holds no visible character).
    private func makeSegment(_ run: TextRun, owner: Int, open: [(end: Int32, index: Int)]) -> Segment? {
        guard run.firstNode >= 0, run.stats.chars > 0 else { return nil }
        let kind = segmentKind(open: open)
        // Link-dominated runs already count against their container; they need no chrome test.
        let chrome = run.linkChars * 2 > run.stats.chars ? false : Boilerplate.isChrome(run.text, stats: run.stats)
        return Segment(
            kind: kind, text: run.text, owner: owner, stats: run.stats, linkChars: run.linkChars, boldChars: run.boldChars,
            negAnchor: negAnchor[run.firstNode], chrome: chrome)
    }

    /// The kind of a run from the open elements around it (the innermost heading, quote,
    /// preformatted block or caption; else a list item at its nesting depth; else a paragraph).
    private func segmentKind(open: [(end: Int32, index: Int)]) -> Segment.Kind {
        let nodes = doc.nodes
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
        return kind
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
        if ["logo", "icon", "avatar", "spacer", "blank.gif", "pixel", "qrcode", "erweima", "ewm", "share", "loading"].contains(where: { lower.has($0) }) {
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
        for k in segments.indices where segments[k].kind != .image {
            let owner = segments[k].owner
            let chars = segments[k].stats.chars
            runs[owner] += 1
            let linky = chars <= 40 && segments[k].linkChars * 10 >= chars * 7
            let dateOnly = chars <= 24 && DateScanner.isDateOnly(segments[k].text)
            if linky || dateOnly { markers[owner] += 1 }
        }
        for i in stride(from: n - 1, through: 1, by: -1) {
            let p = Int(nodes[i].parent)
            runs[p] += runs[i]
            markers[p] += markers[i]
        }
        var listRoots: [Int] = []
        for p in 0..<n where nodes[p].kind != .text && !ignored[p] && runs[p] >= 8 && markers[p] >= 3 {
            var child = nodes[p].firstChild
            // Children grouped by signature (tag name and class), in a short list: a handful of
            // groups is the rule, and no string needs to be built or hashed.
            var groups: [(name: String, cls: String, count: Int, itemLike: Int)] = []
            var elementChildren = 0
            while child >= 0 {
                let c = Int(child)
                if nodes[c].kind == .element && !ignored[c] {
                    elementChildren += 1
                    let cls = nodes[c].attribute("class") ?? ""
                    let itemLike = runs[c] >= 2 && markers[c] >= 1 ? 1 : 0
                    if let k = groups.firstIndex(where: { Self.sameSignature($0.name, $0.cls, nodes[c].name, cls) }) {
                        groups[k].count += 1
                        groups[k].itemLike += itemLike
                    } else {
                        groups.append((nodes[c].name, cls, 1, itemLike))
                    }
                }
                child = nodes[c].nextSibling
            }
            guard elementChildren >= 4 else { continue }
            for g in groups where g.count >= 4 && g.itemLike * 4 >= g.count * 3 {
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

    /// Whether `name1.cls1` and `name2.cls2` are the same signature string (without building
    /// them: with different names they can only coincide when a name holds a dot).
    static func sameSignature(_ name1: String, _ cls1: String, _ name2: String, _ cls2: String) -> Bool {
        if name1 == name2 { return cls1 == cls2 }
        if !name1.utf8.contains(0x2E) && !name2.utf8.contains(0x2E) { return false }
        return name1 + "." + cls1 == name2 + "." + cls2
    }

    // MARK: Container

    /// The element whose subtree holds the most article text net of chrome.
    func container(for segments: [Segment], useHints: Bool) -> (index: Int, score: Double) {
        let nodes = doc.nodes
        var score = [Double](repeating: 0, count: nodes.count)
        for k in segments.indices { score[segments[k].owner] += Scoring.contribution(segments[k], settings: settings, useHints: useHints) }
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
        let plain = container(for: segments, useHints: false)
        let chosen = hinted.score > 50 || hinted.score >= plain.score ? hinted.index : plain.index
        // Evidence over hints: when the element chosen without class/id hints holds clearly
        // more article-like text (sentence-like, low-link paragraphs), the hints misled.
        guard plain.score > 0, plain.index != chosen, !doc.contains(chosen, plain.index) else { return chosen }
        let text = articleText(segments)
        let plainText = text[plain.index]
        return plainText >= max(2 * text[chosen], 300) ? plain.index : chosen
    }

    /// For every node, the plain characters of the paragraphs under it that read like article
    /// text by themselves (hints ignored, chrome and teasers excluded).
    func articleText(_ segments: [Segment]) -> [Int] {
        let nodes = doc.nodes
        var text = [Int](repeating: 0, count: nodes.count)
        for s in segments where !s.chrome && !s.teaser && Scoring.isGood(s, settings: settings) { text[s.owner] += s.nonLinkChars }
        for i in stride(from: nodes.count - 1, through: 1, by: -1) { text[Int(nodes[i].parent)] += text[i] }
        return text
    }
}
