import SluiceCore

/// A candidate block: a paragraph-like run of text (or an image) with the measures the
/// extractor scores it by. For HTML the owner is the nearest block-level element; for text it is
/// the line number.
struct Segment: Sendable {
    enum Kind: Sendable, Equatable {
        case paragraph
        case heading(Int)
        case listItem(Int)
        case quote
        case preformatted
        case image
        case caption
    }

    var kind: Kind
    var text: String
    var owner: Int
    var stats: TextStats
    var linkChars = 0
    var boldChars = 0
    var negAnchor: Int32 = -1
    var src: String?
    var alt: String?
    /// A summary under a linked headline in a list of teasers (related news, sidebars).
    var teaser = false
    /// Whether the text is site chrome (computed once, when the segment is made).
    var chrome = false

    var linkDensity: Double { stats.chars == 0 ? 0 : Double(linkChars) / Double(stats.chars) }
    var nonLinkChars: Int { max(0, stats.chars - linkChars) }
}

/// The tunable thresholds, from the reader's options.
struct ExtractionSettings: Sendable {
    /// Weighted length (ideographs count 2) from which a low-link run of text counts as article
    /// text on its own.
    var minParagraphWeight = 60
    var keepImages = true
    var keepCaptions = true
}

/// Metadata gathered from lines, with the first (most trusted) value of each kind kept.
struct LineMeta: Sendable {
    var date: FoundDate?
    var datelineDate: FoundDate?
    var source: String?
    var author: String?
    var editor: String?

    mutating func absorb(_ f: MetaFields) {
        if date == nil, let d = f.date { date = d }
        if datelineDate == nil, let d = f.datelineDate { datelineDate = d }
        if source == nil, let s = f.source, s.count <= 40 { source = s }
        if author == nil, let a = f.author, a.count <= 40 { author = a }
        if editor == nil, let e = f.editor, e.count <= 40 { editor = e }
    }
}

enum Scoring {
    /// Whether a segment reads like article text by itself.
    static func isGood(_ s: Segment, settings: ExtractionSettings) -> Bool {
        guard s.kind != .image, s.linkDensity < 0.4 else { return false }
        let weight = Double(s.stats.weighted) * (1 - s.linkDensity)
        if weight >= Double(settings.minParagraphWeight) { return true }
        return weight >= Double(settings.minParagraphWeight) / 2 && s.stats.punctuation >= 2 && s.stats.endsWithSentencePunctuation
    }

    /// What a segment adds to the score of the element (or line range) that contains it.
    static func contribution(_ s: Segment, settings: ExtractionSettings, useHints: Bool = true) -> Double {
        if s.kind == .image || s.kind == .caption { return 0 }
        let total = Double(s.stats.chars)
        let link = Double(s.linkChars)
        let plain = Double(s.nonLinkChars)
        if s.chrome { return -total - 5 }
        if useHints && s.negAnchor >= 0 {
            return -0.3 * plain - link
        }
        if s.teaser { return -0.25 * plain - link - 1 }
        if isGood(s, settings: settings) { return plain - link }
        return -0.25 * plain - link - 1
    }
}

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

    mutating func assemble(_ segments: [Segment], textForm: Bool) -> [Block] {
        var candidates: [Candidate] = []
        let normalizedTitle = title.map { TextClean.normalize($0) }
        var firstText = true
        for s in segments {
            if s.kind == .image {
                guard settings.keepImages else { continue }
                var attributes: [String: String]? = nil
                if let alt = s.alt, !alt.isEmpty { attributes = ["alt": alt] }
                candidates.append(Candidate(block: Block(.image, text: "", src: s.src, attributes: attributes), good: false, stats: TextStats(), fromMarker: true))
                continue
            }
            var text = TextClean.normalize(s.text)
            if textForm { text = Self.stripLostQuestionMark(text) }
            if text.isEmpty { continue }
            var stats = TextStats(text)
            if s.kind == .caption {
                if let last = candidates.last, last.block.type == .image, last.block.text.isEmpty, settings.keepCaptions {
                    candidates[candidates.count - 1].block.text = text
                } else {
                    candidates.append(Candidate(block: Block(.paragraph, text: text), good: false, stats: stats))
                }
                continue
            }
            if let t = normalizedTitle, Self.sameTitle(text, t) { continue }
            let f = MetaLines.parse(text)
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
            if let names = Boilerplate.imageFileNames(text) {
                if settings.keepImages {
                    for name in names {
                        // The file name printed under its own image.
                        if let last = candidates.last(where: { $0.block.type == .image }), let src = last.block.src, src.hasSuffix(name) { continue }
                        candidates.append(Candidate(block: Block(.image, text: "", src: name), good: false, stats: TextStats(), fromMarker: true))
                    }
                }
                continue
            }
            if let rest = Boilerplate.strippingFigureMarker(text) {
                if settings.keepImages {
                    let isTitle = rest.isEmpty || (normalizedTitle.map { Self.sameTitle(rest, $0) } ?? false)
                    candidates.append(Candidate(
                        block: Block(.image, text: isTitle ? "" : rest, attributes: isTitle && !rest.isEmpty ? ["alt": rest] : nil),
                        good: false, stats: TextStats(), fromMarker: true))
                }
                continue
            }
            if s.linkDensity > 0.5 { continue }
            firstText = false
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
            candidates.append(Candidate(block: block, good: good, stats: stats, headingLike: headingLike))
        }
        // Captions: a short line right after an image.
        var merged: [Candidate] = []
        for c in candidates {
            if settings.keepCaptions, let last = merged.last, last.block.type == .image, last.block.text.isEmpty,
                c.block.type == .paragraph, !c.good, c.stats.chars <= 40, !c.stats.endsWithSentencePunctuation
            {
                merged[merged.count - 1].block.text = c.block.text
                continue
            }
            merged.append(c)
        }
        // Text-form sub-headings: short, unpunctuated lines followed by more article.
        if textForm {
            for i in merged.indices where merged[i].block.type == .paragraph && merged[i].headingLike && !merged[i].good {
                let followed = merged[(i + 1)...].contains { $0.good }
                if followed { merged[i].block = Block(.heading, text: merged[i].block.text, level: 2) }
            }
        }
        // Trim: keep what lies between the first and the last article paragraph, plus a lead
        // before and images/sentences after.
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
                if c.block.type == .paragraph || c.block.type == .listItem || c.block.type == .quote,
                    c.stats.endsWithSentencePunctuation, c.stats.chars >= 10
                {
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
