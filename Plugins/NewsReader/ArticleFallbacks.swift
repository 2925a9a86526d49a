import SluiceCore
import SluiceHTML

/// What to do when the chosen container yields (almost) no article text although the page holds
/// some: fallbacks tried in order, each named in a warning when it is used.
extension HTMLArticle {
    enum Fallback: String, Sendable {
        case enclosingContainer = "a larger container around the chosen one"
        case relaxedScoring = "scoring without class/id hints"
        case semanticElement = "the page's <article>, <main> or [itemprop=articleBody] element"
        case jsonLDArticleBody = "the JSON-LD articleBody"
        case largestTextContainer = "the largest coherent text container"
    }

    /// A body is near-empty when it is shorter than two article paragraphs, or is one short
    /// paragraph (a standfirst, a caption) and no more (weighted length: ideographs count 2).
    /// Only article-like paragraphs count (long enough, or sentences): credits, labels and
    /// by-lines kept around a standfirst do not make it an article.
    static func isNearEmpty(_ blocks: [Block], settings: ExtractionSettings) -> Bool {
        // Many short lines (a blog written line by line) are a body too.
        if bodyWeight(blocks) >= settings.minParagraphWeight * 10 { return false }
        let paragraphs = articleParagraphs(blocks, settings: settings)
        let weight = paragraphs.reduce(0, +)
        if weight < settings.minParagraphWeight * 2 { return true }
        return paragraphs.count <= 1 && weight < settings.minParagraphWeight * 5
    }

    /// The weighted lengths of the blocks that read like article paragraphs.
    static func articleParagraphs(_ blocks: [Block], settings: ExtractionSettings) -> [Int] {
        blocks.compactMap { block -> Int? in
            guard block.type != .image, block.type != .heading, !block.text.isEmpty else { return nil }
            let stats = TextStats(block.text)
            let long = stats.weighted >= settings.minParagraphWeight
            let sentence = stats.weighted * 2 >= settings.minParagraphWeight && stats.endsWithSentencePunctuation
            return long || sentence ? stats.weighted : nil
        }
    }

    /// The weighted length of the body's text.
    static func bodyWeight(_ blocks: [Block]) -> Int {
        blocks.reduce(0) { $0 + ($1.type == .image ? 0 : TextStats($1.text).weighted) }
    }

    /// Containers to try, in order: the best element scored without class/id hints, the page's
    /// semantic article element with the most text, and the element holding the most paragraph
    /// text directly.
    static func fallbackContainers(_ extractor: HTMLExtractor, segments: [Segment], current: Int) -> [(Fallback, Int)] {
        var result: [(Fallback, Int)] = []
        if let enclosing = enclosingContainer(extractor, segments: segments, current: current) { result.append((.enclosingContainer, enclosing)) }
        let plain = extractor.container(for: segments, useHints: false)
        if plain.score > 0, plain.index != current { result.append((.relaxedScoring, plain.index)) }
        if let semantic = semanticContainer(extractor, segments: segments), semantic != current { result.append((.semanticElement, semantic)) }
        if let largest = largestTextContainer(extractor, segments: segments), largest != current { result.append((.largestTextContainer, largest)) }
        return result
    }

    /// The nearest ancestor of the container holding at least three times its article-like
    /// text: the container was one part of the article (a standfirst, a first section).
    static func enclosingContainer(_ extractor: HTMLExtractor, segments: [Segment], current: Int) -> Int? {
        let nodes = extractor.doc.nodes
        let text = extractor.articleText(segments)
        let own = text[current]
        var p = Int(nodes[current].parent)
        while p > 0 {
            if text[p] >= max(3 * own, extractor.settings.minParagraphWeight * 3) { return p }
            p = Int(nodes[p].parent)
        }
        return nil
    }

    /// The `<article>`, `<main>` or `[itemprop=articleBody]` element with the most plain text.
    static func semanticContainer(_ extractor: HTMLExtractor, segments: [Segment]) -> Int? {
        let nodes = extractor.doc.nodes
        var text = [Int](repeating: 0, count: nodes.count)
        for s in segments where s.kind != .image && !s.chrome { text[s.owner] += s.nonLinkChars }
        for i in stride(from: nodes.count - 1, through: 1, by: -1) { text[Int(nodes[i].parent)] += text[i] }
        var best: (index: Int, chars: Int)?
        for i in 1..<nodes.count where nodes[i].kind == .element && !extractor.ignored[i] {
            let node = nodes[i]
            let semantic = node.name == "article" || node.name == "main" || node.attribute("itemprop")?.lowercased() == "articlebody"
            guard semantic, text[i] > 0 else { continue }
            if best == nil || text[i] > best!.chars { best = (i, text[i]) }
        }
        return best?.index
    }

    /// The element whose own paragraphs (the text runs it or its direct children hold) carry the
    /// most plain, low-link text: the article's paragraphs share a parent, a menu's do not.
    static func largestTextContainer(_ extractor: HTMLExtractor, segments: [Segment]) -> Int? {
        let nodes = extractor.doc.nodes
        var score = [Int](repeating: 0, count: nodes.count)
        for s in segments where s.kind != .image && !s.chrome && s.linkDensity < 0.5 {
            score[s.owner] += s.nonLinkChars
            let parent = Int(nodes[s.owner].parent)
            if parent > 0 { score[parent] += s.nonLinkChars }
        }
        var best: (index: Int, score: Int)?
        for i in 1..<nodes.count where score[i] > 0 && !extractor.ignored[i] {
            if best == nil || score[i] > best!.score { best = (i, score[i]) }
        }
        return best?.index
    }

    /// JSON-LD `articleBody` as paragraphs (one per line).
    static func articleBodyBlocks(_ page: PageMeta) -> [Block] {
        guard let body = page.jsonLD["articleBody"] else { return [] }
        return body.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { TextClean.normalize(String($0)) }.filter { !$0.isEmpty }.map { Block(.paragraph, text: $0) }
    }
}
