import SluiceCore
import SluiceHTML

/// Where each metadata field of a news document came from: every candidate the page offers for
/// the field (meta tags, JSON-LD keys, elements, text patterns, the URL), in the order the reader
/// trusts them; the first whose value is the document's is the source, the others lost to it.
struct FieldTrace {
    let trace: BlockTrace
    let document: Document
    let offset: String?
    var page: PageMeta { trace.extractor.meta }

    /// The most candidates listed per field.
    static let maxCandidates = 12

    func fields() -> [InspectedField] {
        var fields = [
            Self.field("title", document.title, titleCandidates(), same: Self.sameText),
            Self.field("published", document.published, dateCandidates(), same: ==),
            Self.field("author", document.metadata["author"], lineCandidates(\.author) + metaCandidates(
                [("JSON-LD author", page.jsonLD["author"]), ("<meta author>", page.metas["author"]),
                 ("<meta article:author>", page.metas["article:author"]), ("itemprop author", page.itemprops["author"])]), same: Self.sameText),
            Self.field("language", document.metadata["language"], metaCandidates(
                [("<html lang>", page.lang), ("<meta content-language>", page.metas["content-language"]),
                 ("detected from the body text", HTMLArticle.resolveLanguage(nil, nil, body: document.text))]), same: ==),
            Self.field("site", document.metadata["site"], metaCandidates(
                [("<meta og:site_name>", page.metas["og:site_name"]),
                 ("site suffix of <title>", page.htmlTitle.flatMap { TitleCleaner.strip($0, siteName: page.metas["og:site_name"]).site }),
                 ("<meta sitename>", page.metas["sitename"]), ("<meta application-name>", page.metas["application-name"]),
                 ("JSON-LD publisher", page.jsonLD["publisher"])]), same: Self.sameText),
            Self.field("outlet", document.metadata["outlet"], lineCandidates(\.source) + metaCandidates(
                [("<meta source>", page.metas["source"]), ("<meta contentsource>", page.metas["contentsource"]),
                 ("<meta og:article:source>", page.metas["og:article:source"])]), same: Self.sameText),
            Self.field("editor", document.metadata["editor"], lineCandidates(\.editor), same: Self.sameText),
            Self.field("url", document.metadata["url"], metaCandidates(
                [("<link rel=canonical>", page.canonical), ("<meta og:url>", page.metas["og:url"])]), same: ==),
        ]
        let known = Set(fields.map(\.name))
        for (key, value) in document.metadata.sorted(by: { $0.key < $1.key }) where !known.contains(key) {
            fields.append(InspectedField(name: key, value: value, source: "derived by the reader"))
        }
        return fields
    }

    /// Fields of a page flattened to text: the values, from the page's lines.
    static func plainFields(_ document: Document) -> [InspectedField] {
        var fields = [
            InspectedField(name: "title", value: document.title, source: document.title == nil ? nil : "a line of the text"),
            InspectedField(name: "published", value: document.published, source: document.published == nil ? nil : "a date line of the text"),
        ]
        for (key, value) in document.metadata.sorted(by: { $0.key < $1.key }) {
            fields.append(InspectedField(name: key, value: value, source: key == "language" ? "detected from the body text" : "a by-line of the text"))
        }
        return fields
    }

    /// The field with its source: the first candidate holding the value; the rest lost.
    static func field(_ name: String, _ value: String?, _ all: [InspectedCandidate], same: (String, String) -> Bool) -> InspectedField {
        var candidates: [InspectedCandidate] = []
        for c in all where !candidates.contains(where: { $0.value == c.value && $0.source == c.source }) { candidates.append(c) }
        guard let value else {
            return InspectedField(name: name, value: nil, source: nil, rejected: Array(candidates.prefix(maxCandidates)).map {
                InspectedCandidate(value: $0.value, source: $0.source, reason: $0.reason ?? "not accepted by the reader")
            })
        }
        // A candidate the reader does not consider (it has a reason against it) is the source
        // only when no other candidate holds the value.
        let winner = candidates.firstIndex { same($0.value, value) && $0.reason == nil } ?? candidates.firstIndex { same($0.value, value) }
        let source = winner.map { candidates[$0].source } ?? "derived by the reader (cleaned or combined)"
        var rejected: [InspectedCandidate] = []
        for (k, c) in candidates.enumerated() where k != winner && !same(c.value, value) {
            rejected.append(InspectedCandidate(value: c.value, source: c.source, reason: c.reason ?? (winner.map { $0 < k } ?? false ? "lower priority" : "not accepted")))
        }
        return InspectedField(name: name, value: value, source: source, rejected: Array(rejected.prefix(maxCandidates)))
    }

    static func sameText(_ a: String, _ b: String) -> Bool {
        TextClean.removingWhitespace(TextClean.normalize(a)) == TextClean.removingWhitespace(TextClean.normalize(b))
    }

    func metaCandidates(_ pairs: [(String, String?)]) -> [InspectedCandidate] {
        pairs.compactMap { source, value in
            guard let value, !value.isEmpty else { return nil }
            return InspectedCandidate(value: TextClean.normalize(value), source: source)
        }
    }

    /// Values the by-line patterns find in the page's short lines.
    func lineCandidates(_ key: KeyPath<MetaFields, String?>) -> [InspectedCandidate] {
        var result: [InspectedCandidate] = []
        for s in trace.segments where s.kind != .image && s.stats.chars <= 150 && result.count < Self.maxCandidates {
            let text = TextClean.normalize(s.text)
            guard let value = MetaLines.parse(text)[keyPath: key], !value.isEmpty else { continue }
            let area = trace.inContainer(s) ? "in the article" : "outside the article"
            result.append(InspectedCandidate(value: value, source: "by-line pattern \(area): «\(Self.excerpt(text))» in \(trace.describe(s.owner))"))
        }
        return result
    }

    static func excerpt(_ text: String) -> String { text.count > 50 ? String(text.prefix(50)) + "…" : text }

    // MARK: Title

    func titleCandidates() -> [InspectedCandidate] {
        let doc = trace.doc
        var result: [InspectedCandidate] = []
        for h in page.h1s where !trace.extractor.ignored[h] {
            let text = TextClean.normalize(doc.text(of: h))
            if !text.isEmpty { result.append(InspectedCandidate(value: text, source: "<h1> element \(trace.describe(h))")) }
        }
        let siteName = page.metas["og:site_name"]
        var info = HTMLArticle.TitleInfo()
        info.site = page.htmlTitle.flatMap { TitleCleaner.strip(TextClean.normalize($0), siteName: siteName).site }
        let sites = HTMLArticle.siteNames(page, info: info)
        // Listed only when a site part was removed.
        func withoutSite(_ raw: String) -> String? {
            let cleaned = TitleCleaner.removingSiteName(TextClean.normalize(raw), sites: sites)
            return cleaned == TextClean.normalize(raw) ? nil : cleaned
        }
        result += metaCandidates([
            ("<meta og:title>", page.metas["og:title"]), ("<meta twitter:title>", page.metas["twitter:title"]),
            ("JSON-LD headline", page.jsonLD["headline"]), ("itemprop headline", page.itemprops["headline"]),
            ("<meta DC.title>", page.metas["dc.title"]),
            ("<meta og:title> without the site name", page.metas["og:title"].flatMap(withoutSite)),
            ("JSON-LD headline without the site name", page.jsonLD["headline"].flatMap(withoutSite)),
            ("<meta twitter:title> without the site name", page.metas["twitter:title"].flatMap(withoutSite)),
            ("<title> without the site name", page.htmlTitle.map { TitleCleaner.strip($0, siteName: siteName).title }),
            ("<title>", page.htmlTitle),
        ])
        // Other headings in or before the article (an `<h2>`, a `font size=5`) the reader may take.
        for s in trace.segments.prefix(while: { $0.owner < trace.containerEnd }) where s.kind != .image && s.stats.chars <= 120 {
            guard case .heading = s.kind else { continue }
            result.append(InspectedCandidate(value: TextClean.normalize(s.text), source: "heading element \(trace.describe(s.owner))"))
        }
        return result
    }

    // MARK: Dates

    func dateCandidates() -> [InspectedCandidate] {
        var result: [InspectedCandidate] = []
        func add(_ raw: String?, _ source: String, _ reason: String? = nil) {
            guard let raw, let iso = DateScanner.first(in: raw)?.iso(defaultOffset: offset) else { return }
            result.append(InspectedCandidate(value: iso, source: source, reason: reason))
        }
        for key in HTMLArticle.publishedKeys { add(page.metas[key], "<meta \(key)>") }
        add(page.jsonLD["datePublished"], "JSON-LD datePublished")
        add(page.itemprops["datepublished"], "itemprop datePublished")
        for t in page.times where result.count < 40 {
            let usable = !trace.extractor.ignored[t.node] && trace.extractor.negAnchor[t.node] < 0 && t.node < trace.containerEnd
            add(t.value, "<time> element \(trace.describe(t.node))", usable ? nil : "a <time> outside the article or in page chrome")
        }
        for s in trace.segments where s.kind != .image && s.stats.chars <= 150 && result.count < 60 {
            let text = TextClean.normalize(s.text)
            let meta = MetaLines.parse(text)
            if let d = meta.date?.iso(defaultOffset: offset) {
                let area = trace.inContainer(s) ? "in the article" : "outside the article"
                result.append(InspectedCandidate(value: d, source: "date-line pattern \(area): «\(Self.excerpt(text))»"))
            }
        }
        let url = page.canonical ?? page.metas["og:url"]
        if let url, let iso = DateScanner.inURL(url)?.iso(defaultOffset: offset) { result.append(InspectedCandidate(value: iso, source: "date in the URL")) }
        for key in HTMLArticle.modifiedKeys { add(page.metas[key], "<meta \(key)> (modification date)") }
        add(page.jsonLD["dateModified"], "JSON-LD dateModified (modification date)")
        return result
    }
}
