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
    /// Elements marked as naming the author (`<a rel="author">`, `class="author-name"`), in
    /// document order (the first few).
    var authorElements: [Int] = []
}

extension HTMLExtractor {
    /// Reads what the element says about the page (title, language, meta tags, canonical URL,
    /// JSON-LD, microdata, `<time>`) into `meta`.
    mutating func collectMeta(_ i: Int, _ node: HTMLNode) {
        let tag = node.tag
        if node.attributes.isEmpty && tag != .title && tag != .time { return }
        if meta.authorElements.count < 8, Self.marksAuthor(node) { meta.authorElements.append(i) }
        switch tag {
        case .html:
            if meta.lang == nil, let l = node.attribute("lang") ?? node.attribute("xml:lang"), !l.isEmpty { meta.lang = l }
        case .title:
            if meta.htmlTitle == nil { meta.htmlTitle = TextClean.normalize(doc.text(of: i)) }
        case .meta:
            let key = (node.attribute("property") ?? node.attribute("name") ?? node.attribute("itemprop") ?? node.attribute("http-equiv"))?.lowercased()
            if let key, let content = node.attribute("content"), !content.isEmpty, meta.metas[key] == nil {
                meta.metas[key] = TextClean.normalize(content)
            }
            if let ip = node.attribute("itemprop")?.lowercased(), let content = node.attribute("content"), meta.itemprops[ip] == nil {
                meta.itemprops[ip] = content
            }
        case .link:
            if node.attribute("rel")?.lowercased() == "canonical", let href = node.attribute("href"), !href.isEmpty { meta.canonical = href }
        case .script:
            if let type = node.attribute("type")?.lowercased(), type.has("ld+json") { parseJSONLD(doc.text(of: i)) }
        case .time:
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

    static let authorWords = NeedleSet(["author", "Author", "AUTHOR", "byline", "Byline", "ByLine"])
    static let authorClasses: Set<Substring> = ["author", "author-name", "authorname", "author_name", "byline-name", "byline__name", "byline__author", "article-author"]

    /// `<a rel="author">`, or an element whose class names the author (`author`, `author-name`, …).
    static func marksAuthor(_ node: HTMLNode) -> Bool {
        if node.tag == .a, let rel = node.attribute("rel"), rel.lowercased().split(separator: " ").contains("author") { return true }
        guard let cls = node.attribute("class"), cls.utf8.count >= 6, authorWords.occurs(in: cls) else { return false }
        return cls.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).contains { authorClasses.contains($0) }
    }

    mutating func parseJSONLD(_ rawText: String) {
        // XHTML-style pages wrap script content in `<![CDATA[ … ]]>` (often behind `//`).
        var text = rawText
        if text.has("<![CDATA[") {
            text = text.replacingAll("//<![CDATA[", with: "").replacingAll("<![CDATA[", with: "")
                .replacingAll("//]]>", with: "").replacingAll("]]>", with: "")
        }
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
                for key in ["datePublished", "dateCreated", "dateModified", "headline", "name", "articleBody"] where meta.jsonLD[key] == nil || articleLike {
                    if let v = dict[key] as? String, !v.isEmpty, articleLike || key.hasPrefix("date") { meta.jsonLD[key] = v.decodingCharacterReferences }
                }
                if let author = dict["author"] {
                    var names: [String] = []
                    for a in (author as? [Any]) ?? [author] {
                        if let s = a as? String { names.append(s.decodingCharacterReferences) } else if let d = a as? [String: Any], let n = d["name"] as? String { names.append(n.decodingCharacterReferences) }
                    }
                    if !names.isEmpty && (articleLike || meta.jsonLD["author"] == nil) { meta.jsonLD["author"] = names.joined(separator: ", ") }
                }
                if let publisher = dict["publisher"] as? [String: Any], let n = publisher["name"] as? String { meta.jsonLD["publisher"] = n }
            }
            if let graph = dict["@graph"] { queue.append(graph) }
            if let main = dict["mainEntity"] { queue.append(main) }
        }
    }
}
