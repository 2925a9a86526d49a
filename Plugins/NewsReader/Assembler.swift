import SluiceCore

/// Turns the segments of the chosen region into blocks, pulling by-lines, dates and editor lines
/// into metadata and dropping chrome.
struct Assembler {
    let settings: ExtractionSettings
    let title: String?
    var meta = LineMeta()

    init(settings: ExtractionSettings, title: String?) {
        self.settings = settings
        self.title = title
    }

    private struct Candidate {
        var block: Block
        var good: Bool
        var stats: TextStats
        var fromMarker = false
        var headingLike = false
    }

    /// Reads metadata from lines around the article without keeping them.
    mutating func scanMeta(_ segments: some Collection<Segment>) {
        for s in segments where s.kind != .image && s.stats.chars <= 150 {
            let text = TextClean.normalize(s.text)
            let f = MetaLines.parse(text)
            if f.isMeta || f.residual != nil { meta.absorb(f) }
        }
    }

    /// The blocks of the chosen region, in four steps: candidates from the segments (metadata
    /// lines and chrome left out), captions attached to their images, text-form sub-headings,
    /// and the trim to the article's first and last paragraphs.
    mutating func assemble(_ segments: [Segment], textForm: Bool) -> [Block] {
        var candidates = makeCandidates(segments, textForm: textForm)
        candidates = Self.attachingCaptions(candidates, keepCaptions: settings.keepCaptions)
        if textForm { Self.markSubheadings(&candidates) }
        return Self.trimmed(candidates)
    }

    /// One candidate per segment that is article matter: by-line and date lines go into `meta`,
    /// chrome, link lists and repeated titles are dropped, image markers become images.
    private mutating func makeCandidates(_ segments: [Segment], textForm: Bool) -> [Candidate] {
        var candidates: [Candidate] = []
        let normalizedTitle = title.map { TextClean.normalize($0) }
        var firstText = true
        for s in segments {
            if s.kind == .image {
                if settings.keepImages { candidates.append(Self.imageCandidate(s)) }
                continue
            }
            var text = TextClean.normalize(s.text)
            if textForm { text = Self.stripLostQuestionMark(text) }
            if text.isEmpty { continue }
            var stats = TextStats(text)
            if s.kind == .caption {
                appendCaption(text, stats: stats, to: &candidates)
                continue
            }
            if let t = normalizedTitle, Self.sameTitle(text, t) { continue }
            let f = MetaLines.parse(text, stats: stats)
            if f.isMeta {
                meta.absorb(f)
                continue
            }
            if let residual = f.residual, firstText || candidates.count < 3 {
                meta.absorb(f)
                text = residual
                stats = TextStats(text)
                if text.isEmpty { continue }
            }
            if Boilerplate.isChrome(text, stats: stats) { continue }
            if appendImageMarkers(text, normalizedTitle: normalizedTitle, to: &candidates) { continue }
            // A line of links goes; a paragraph with links in it and text of its own stays.
            if s.linkDensity > 0.5 && s.nonLinkChars < 10 { continue }
            firstText = false
            candidates.append(textCandidate(s, text: text, stats: stats, textForm: textForm))
        }
        return candidates
    }

    private static func imageCandidate(_ s: Segment) -> Candidate {
        var attributes: [String: String]? = nil
        if let alt = s.alt, !alt.isEmpty { attributes = ["alt": alt] }
        return Candidate(block: Block(.image, text: "", src: s.src, attributes: attributes), good: false, stats: TextStats(), fromMarker: true)
    }

    /// A `<figcaption>`: the text of the image just before it, or a paragraph of its own.
    private func appendCaption(_ text: String, stats: TextStats, to candidates: inout [Candidate]) {
        if let last = candidates.last, last.block.type == .image, last.block.text.isEmpty, settings.keepCaptions {
            candidates[candidates.count - 1].block.text = text
        } else {
            candidates.append(Candidate(block: Block(.paragraph, text: text), good: false, stats: stats))
        }
    }

    /// Image file names and figure markers (`图1 …`) printed as text; true when `text` was one.
    private func appendImageMarkers(_ text: String, normalizedTitle: String?, to candidates: inout [Candidate]) -> Bool {
        if let names = Boilerplate.imageFileNames(text) {
            if settings.keepImages {
                for name in names {
                    // The file name printed under its own image.
                    if let last = candidates.last(where: { $0.block.type == .image }), let src = last.block.src, src.hasSuffix(name) { continue }
                    candidates.append(Candidate(block: Block(.image, text: "", src: name), good: false, stats: TextStats(), fromMarker: true))
                }
            }
            return true
        }
        if let rest = Boilerplate.strippingFigureMarker(text) {
            if settings.keepImages {
                let isTitle = rest.isEmpty || (normalizedTitle.map { Self.sameTitle(rest, $0) } ?? false)
                candidates.append(Candidate(
                    block: Block(.image, text: isTitle ? "" : rest, attributes: isTitle && !rest.isEmpty ? ["alt": rest] : nil),
                    good: false, stats: TextStats(), fromMarker: true))
            }
            return true
        }
        return false
    }

    /// A text block of the segment's kind (a bold, heading-like paragraph becomes a heading).
    private func textCandidate(_ s: Segment, text: String, stats: TextStats, textForm: Bool) -> Candidate {
        let good = Scoring.isGood(s, settings: settings) || (textForm && stats.weighted >= settings.minParagraphWeight)
        var block: Block
        switch s.kind {
        case .heading(let level): block = Block(.heading, text: text, level: level)
        case .listItem(let level): block = Block(.listItem, text: text, level: level)
        case .quote: block = Block(.quote, text: text)
        case .preformatted: block = Block(.preformatted, text: s.text)
        default: block = Block(.paragraph, text: text)
        }
        let headingLike = Self.looksLikeHeading(text, stats: stats)
        if block.type == .paragraph && !textForm && s.boldChars >= s.stats.chars && headingLike {
            block = Block(.heading, text: text, level: 2)
        }
        return Candidate(block: block, good: good, stats: stats, headingLike: headingLike)
    }

    /// Captions: a short line right after an image.
    private static func attachingCaptions(_ candidates: [Candidate], keepCaptions: Bool) -> [Candidate] {
        var merged: [Candidate] = []
        for c in candidates {
            if keepCaptions, let last = merged.last, last.block.type == .image, last.block.text.isEmpty,
                c.block.type == .paragraph, !c.good, c.stats.chars <= 40, !c.stats.endsWithSentencePunctuation
            {
                merged[merged.count - 1].block.text = c.block.text
                continue
            }
            merged.append(c)
        }
        return merged
    }

    /// Text-form sub-headings: short, unpunctuated lines followed by more article.
    private static func markSubheadings(_ merged: inout [Candidate]) {
        for i in merged.indices where merged[i].block.type == .paragraph && merged[i].headingLike && !merged[i].good {
            let followed = merged[(i + 1)...].contains { $0.good }
            if followed { merged[i].block = Block(.heading, text: merged[i].block.text, level: 2) }
        }
    }

    /// Keeps what lies between the first and the last article paragraph, plus a lead before and
    /// images/sentences after.
    private static func trimmed(_ merged: [Candidate]) -> [Block] {
        guard let firstGood = merged.firstIndex(where: { $0.good }), let lastGood = merged.lastIndex(where: { $0.good }) else {
            return merged.filter { $0.block.type != .image || !$0.block.text.isEmpty }.map(\.block)
        }
        var blocks: [Block] = []
        for (i, c) in merged.enumerated() {
            if i < firstGood {
                if c.block.type == .image || c.block.type == .heading || c.stats.chars >= 6 { blocks.append(c.block) }
            } else if i <= lastGood {
                blocks.append(c.block)
            } else {
                if c.block.type == .image && !c.block.text.isEmpty { blocks.append(c.block); continue }
                // Inside the container every paragraph that is not chrome belongs to the
                // article, however short (a last line, a sign-off, a dateline).
                if c.block.type == .paragraph || c.block.type == .listItem || c.block.type == .quote || c.block.type == .heading {
                    blocks.append(c.block)
                }
            }
        }
        // A heading with nothing after it is chrome.
        while let last = blocks.last, last.type == .heading { blocks.removeLast() }
        return blocks
    }

    /// `?` at the end of a line after a non-ASCII character is a character lost in conversion.
    static func stripLostQuestionMark(_ text: String) -> String {
        var t = text
        while t.hasSuffix("?") {
            let before = t.dropLast()
            guard let prev = before.last, let scalar = prev.unicodeScalars.first, scalar.value > 0x7F else { break }
            t = String(before)
        }
        return t
    }

    static let headingStoppers = NeedleSet(["，", "。", "！", "？", "；", ",", ";", "!", "?", "：", ":"])

    static func looksLikeHeading(_ text: String, stats: TextStats) -> Bool {
        guard stats.chars >= 2, stats.chars <= 30, !stats.endsWithSentencePunctuation else { return false }
        if headingStoppers.occurs(in: text) { return false }
        return true
    }

    static func sameTitle(_ a: String, _ b: String) -> Bool {
        if a.utf8.elementsEqual(b.utf8) { return true }
        let la = a.utf8.count
        let lb = b.utf8.count
        if la > lb * 2 + 8 || lb > la * 2 + 8 { return false }
        let x = a.utf8.filter { $0 != 0x20 }
        let y = b.utf8.filter { $0 != 0x20 }
        return x == y
    }

    static func bodyText(_ blocks: [Block]) -> String {
        blocks.compactMap { $0.text.isEmpty ? nil : $0.text }.joined(separator: "\n")
    }
}
