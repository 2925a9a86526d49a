import SluiceCore
import SluiceHTML

/// The title of an HTML page: the heading on the page reconciled with `<title>` and the
/// declared headlines (`og:title`, `twitter:title`, JSON-LD `headline`).
extension HTMLArticle {
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
        var agreed = false
        for h in headingCandidates {
            let text = TitleCleaner.withoutPermalink(TextClean.normalize(doc.text(of: h)))
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
            if score > 1, best == nil || score > best!.score { best = (h, text, score); agreed = references.contains { !$0.isEmpty && ($0.has(compact) || compact.has($0)) } }
        }
        // No `<h1>` agrees with `<title>`: a second-level heading that is `<title>`'s main part
        // is the article's (the lone `<h1>` is then the site's name or a greeting).
        if !agreed, let sub = subheadingMatching(references, extractor) { best = sub }
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

    /// The first `<h2>`/`<h3>` outside page chrome whose text is one of `references` (compact
    /// forms of `<title>`, its main part, the declared title).
    static func subheadingMatching(_ references: [String], _ extractor: HTMLExtractor) -> (node: Int, text: String, score: Int)? {
        let doc = extractor.doc
        guard references.contains(where: { $0.count >= 8 }) else { return nil }
        var seen = 0
        for (i, node) in doc.nodes.enumerated() where node.kind == .element && (node.name == "h2" || node.name == "h3") {
            seen += 1
            if seen > 60 { break }
            guard !extractor.ignored[i], extractor.negAnchor[i] < 0 else { continue }
            let text = TitleCleaner.withoutPermalink(TextClean.normalize(doc.text(of: i)))
            let compact = TextClean.removingWhitespace(text)
            if compact.count >= 8, references.contains(compact) { return (i, text, 4) }
        }
        return nil
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

    /// A heading without the permalink mark documentation generators append (`Setup¶`,
    /// `Using the API #`).
    static func withoutPermalink(_ heading: String) -> String {
        var s = heading
        while let last = s.last, last == "¶" || last == "§" || (last == "#" && s.dropLast().last?.isWhitespace == true) {
            s = String(s.dropLast()).trimmingSpaces
        }
        return s.isEmpty ? heading : s
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
