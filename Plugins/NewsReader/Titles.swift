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

    /// Reconciles `<title>`, `<h1>`, `og:title` and JSON-LD `headline` (and Dublin Core
    /// `DC.title`, the last declared form asked).
    static func resolveTitle(_ extractor: HTMLExtractor, segments: [Segment], containerIndex: Int) -> TitleInfo {
        let doc = extractor.doc
        let page = extractor.meta
        let raw = page.htmlTitle.map(TextClean.normalize)
        let og = (page.metas["og:title"] ?? page.metas["twitter:title"] ?? page.metas["articletitle"] ?? page.jsonLD["headline"]
            ?? page.itemprops["headline"] ?? page.metas["dc.title"]).map(TextClean.normalize)
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
            // On equal evidence the heading inside the article beats one before it (a site header).
            let inArticle = best.map { score == $0.score && doc.contains(containerIndex, h) && !doc.contains(containerIndex, $0.node) } ?? false
            if score > 1, best == nil || score > best!.score || inArticle {
                best = (h, text, score)
                agreed = references.contains { !$0.isEmpty && ($0.has(compact) || compact.has($0)) }
            }
        }
        // No `<h1>` agrees with `<title>`: a second-level heading that is `<title>`'s main part
        // is the article's (the lone `<h1>` is then the site's name or a greeting).
        if !agreed, let sub = subheadingMatching(references, extractor) { best = sub }
        if let best {
            info.title = best.text
            info.headingNode = best.node
            return info
        }
        if let raw, let found = titleBlock(matching: raw, in: segments, before: Int(doc.nodes[containerIndex].end)) {
            info.title = found.text
            info.headingNode = found.owner
            if info.site == nil, let s = stripped?.site { info.site = s }
            return info
        }
        if let og, !og.isEmpty {
            let o = TitleCleaner.strip(og, siteName: siteName)
            info.title = o.title
            if info.site == nil { info.site = o.site }
        } else if let stripped, !stripped.title.isEmpty {
            // Nothing on the page names the article: a Latin <title> loses its last part only.
            info.title = raw.flatMap(TitleCleaner.withoutLastPart) ?? stripped.title
        } else if let h = page.h1s.first {
            info.title = TextClean.normalize(doc.text(of: h))
            info.headingNode = h
        }
        if let first = page.h1s.first(where: { TextClean.normalize(doc.text(of: $0)) == info.title }) { info.headingNode = first }
        return info
    }

    /// A short block before `end` whose text is `<title>`'s main part (`<font size=5>`), the
    /// longest such.
    static func titleBlock(matching raw: String, in segments: [Segment], before end: Int) -> (text: String, owner: Int)? {
        let compactRaw = TextClean.removingWhitespace(raw)
        var found: (text: String, owner: Int)?
        for s in segments.prefix(while: { $0.owner < end }) where s.kind != .image && s.stats.chars >= 4 && s.stats.chars <= 120 {
            let text = TextClean.normalize(s.text)
            let compact = TextClean.removingWhitespace(text)
            if compactRaw.hasPrefix(compact) || compactRaw.hasSuffix(compact), compact.count * 10 >= compactRaw.count * 3,
                found == nil || compact.count > found!.text.count
            {
                found = (text, s.owner)
            }
        }
        return found
    }

    /// The document's title. The page's declared headlines (JSON-LD `headline`, `og:title`,
    /// `twitter:title`, microdata `headline`, each without a part naming the site) are the titles
    /// the publisher gave the article; the heading on the page is often cut or reworded for
    /// layout. The first declared headline that agrees with the page's own heading or `<title>`
    /// wins; else that heading when `<title>` agrees with it (when the page declares no headline
    /// at all and the heading is four words or fewer, the whole `<title>`: see
    /// `TitleCleaner.keepsWhole`); else the Open Graph or Twitter title;
    /// else the heading. A declared headline that is only the site's name, a cut form (`…`) of
    /// the heading or in another script than the heading (left untranslated) yields to it.
    static func declaredTitle(agreeingWith info: TitleInfo, page: PageMeta) -> String? {
        let sites = siteNames(page, info: info)
        let heading = info.headingNode == nil ? nil : info.title
        let htmlTitle = page.htmlTitle.map(TextClean.normalize)
        let witnesses = [heading, htmlTitle, htmlTitle.map { TitleCleaner.strip($0, siteName: page.metas["og:site_name"]).title }].compactMap { $0 }
        var declared: [(text: String, social: Bool)] = []
        let forms = [(page.jsonLD["headline"], false), (page.metas["og:title"], true), (page.metas["twitter:title"], true), (page.itemprops["headline"], false)]
            .map { raw, social in (raw.map(TextClean.normalize) ?? "", social) }
        // Microdata `headline` is mostly the visible heading, which never shows the site name.
        let compactForms = Set(forms.prefix(3).map { TextClean.removingWhitespace($0.0) })
        for (raw, social) in forms where !raw.isEmpty {
            var text = TitleCleaner.removingSiteName(raw, sites: sites)
            // A headline the publisher declares with its site name in every form (no form without it)
            // is the title as published: the site part stays when typed with a spaced separator
            // (`… | Site`); a chain a CMS builds with `_` or a bare bar (`标题_网易新闻`) loses it.
            if text != raw, !compactForms.contains(TextClean.removingWhitespace(text)), TitleCleaner.joinsWithSpacedSeparator(raw, part: text) {
                text = raw
            }
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
        if let heading, let htmlTitle, let whole = titleAsDeclared(htmlTitle, heading: heading, page: page, sites: sites) { return whole }
        if let heading, let htmlTitle, TitleCleaner.keepsWhole(htmlTitle, part: heading),
            forms.allSatisfy({ $0.0.isEmpty }), page.jsonLD["name"] == nil, page.metas["dc.title"] == nil
        {
            return htmlTitle
        }
        if let heading, let htmlTitle, witnesses.dropFirst().contains(where: { TitleCleaner.agree(heading, $0) }) || htmlTitle.isEmpty {
            return heading
        }
        return declared.first(where: \.social)?.text ?? info.title
    }

    /// `<title>` as the page's only declared title, when it is the heading followed by a part set
    /// off by a space (`Headline - Author`, `Headline [Site]`; not a CMS chain such as
    /// `标题_频道_网站` or `标题-网站`): the part is cut only when it names the site (`og:site_name`,
    /// the publisher, the site part `<title>` shows, the host of the page's URL) or holds a site
    /// word such as `网` or `News`; a part nothing marks as the site (an author, a series) stays,
    /// as the publisher titled the page.
    static func titleAsDeclared(_ htmlTitle: String, heading: String, page: PageMeta, sites: [String]) -> String? {
        guard htmlTitle.hasPrefix(heading), TitleCleaner.joinsWithSpacedSeparator(htmlTitle, part: heading) else { return nil }
        let known = sites + hostNames(page.canonical ?? page.metas["og:url"])
        let title = TitleCleaner.strip(htmlTitle, siteName: page.metas["og:site_name"], known: known).title
        let compactTitle = TextClean.removingWhitespace(title), compactHeading = TextClean.removingWhitespace(heading)
        return compactTitle.has(compactHeading) && compactTitle.count > compactHeading.count ? title : nil
    }

    /// The names a URL gives its site: the host without `www.` and its labels of three or more
    /// characters before the last (`wikipedia` of `en.wikipedia.org`).
    static func hostNames(_ url: String?) -> [String] {
        guard let url, let scheme = url.byteRange(of: "://") else { return [] }
        let host = url[scheme.upperBound...].prefix { $0 != "/" && $0 != ":" && $0 != "?" && $0 != "#" }.lowercased()
        let bare = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        let labels = bare.split(separator: ".").dropLast().map(String.init).filter { $0.count >= 3 }
        return bare.isEmpty ? [] : [bare] + labels
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

    /// Spaced separators of a Latin `<title>` that set off one part of a title (`Headline | Site`,
    /// `Headline - Author`); hierarchical ones (` » `, ` / `, ` > `, ` \ `) set off a place in
    /// a site's hierarchy instead (`Page » Section » Site`).
    static let flatSeparators = [" | ", " - ", " – ", " — "], hierarchicalSeparators = [" » ", " / ", " > ", " \\ "]

    /// Whether `title` is in Latin script with space-delimited words (word counts make sense; CJK
    /// titles have no spaces between words and keep their own handling).
    static func countsWords(_ title: String) -> Bool { script(title) == 0 && title.contains(" ") }

    /// The words of `s` (runs of non-space characters that hold a letter or a digit).
    static func wordCount(_ s: String) -> Int {
        s.split(whereSeparator: \.isWhitespace).filter { $0.contains { $0.isLetter || $0.isNumber } }.count
    }

    /// Whether the whole `title` stays rather than its part `part` alone: a Latin title whose
    /// part left after cutting the rest at a flat separator (`Mozilla - Wikipedia`) is four words
    /// or fewer, too few to identify the article on their own. A title with a hierarchical
    /// separator is a breadcrumb: its page part alone is the title.
    static func keepsWhole(_ title: String, part: String) -> Bool {
        guard countsWords(title), title != part, wordCount(part) <= 4, joinsWithSpacedSeparator(title, part: part),
            !hierarchicalSeparators.contains(where: { title.has($0) })
        else { return false }
        if title.hasPrefix(part) { return flatSeparators.contains { title.dropFirst(part.count).hasPrefix($0) } }
        return flatSeparators.contains { title.dropLast(part.count).hasSuffix($0) }
    }

    /// A Latin `<title>` without its last part, cut at the last flat separator
    /// (`Headline | Section | Author` → `Headline | Section`): the part after it is the site's or
    /// the author's, the parts before belong to the title as the publisher chained them. The whole
    /// title when four words or fewer would be left (see `keepsWhole`); nil when the title has no
    /// flat separator or holds a hierarchical one.
    static func withoutLastPart(_ title: String) -> String? {
        guard countsWords(title), !hierarchicalSeparators.contains(where: { title.has($0) }) else { return nil }
        let cuts = flatSeparators.compactMap { title.lastRange(of: $0) }
        guard let last = cuts.max(by: { $0.lowerBound < $1.lowerBound }) else { return nil }
        let head = String(title[..<last.lowerBound]).trimmingSpaces
        return wordCount(head) <= 4 ? title : head
    }

    /// Whether `title` joins its part `part` (its start or its end) to the rest with a separator
    /// set off by spaces (`Headline | Site`, `Headline - Site`), as people type it, rather than a
    /// CMS chain (`标题_频道_网站`, `标题|网站`, or any title with a `_` chain).
    static func joinsWithSpacedSeparator(_ title: String, part: String) -> Bool {
        // A title with a `_` chain anywhere is a CMS's (`标题_频道_财经网 - SITE.COM`).
        if title.contains("_") { return false }
        if title.hasPrefix(part) { return title.dropFirst(part.count).first?.isWhitespace == true }
        if title.hasSuffix(part) { return title.dropLast(part.count).last?.isWhitespace == true }
        return false
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
    /// With `known` (strict), a last part is cut only when it names one of the `known` sites or
    /// holds a site word; once one is cut, short section parts before it go too.
    static func strip(_ title: String, siteName: String?, known: [String]? = nil) -> (title: String, site: String?) {
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
            if let known, site == nil { return namesSite(p, sites: known) }
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
        return (rejoined(title, parts[...]), site)
    }

    /// `parts` of `title` (in order) with the original separator text between them.
    static func rejoined(_ title: String, _ parts: ArraySlice<String>) -> String {
        guard let first = parts.first, let lastPart = parts.last else { return "" }
        if parts.count == 1 { return first }
        if let start = title.byteRange(of: first), let end = title.lastRange(of: lastPart), start.lowerBound < end.upperBound {
            return String(title[start.lowerBound..<end.upperBound]).trimmingSpaces
        }
        return parts.joined(separator: " ")
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
