import SluiceCore

/// A sentence-sized piece of a document's text, located by Unicode-scalar offsets into it.
struct Segment: Sendable, Equatable {
    var start: Int
    var end: Int
    var tokens: Int
    /// The first segment of a paragraph (or block).
    var paragraphStart: Bool
    /// A chunk must start here: a heading, or a new speaker's statement.
    var hardBreak: Bool
    var isHeading: Bool
    var headingPath: [String]
    var speaker: String?
}

/// Splits a document's text into segments: blocks (located in the text) first, then sentences,
/// then, only for a sentence longer than the token limit, token-boundary pieces.
struct TextSegmenter {
    let scalars: [Unicode.Scalar]
    let maxTokens: Int
    let speakerBreaks: Bool
    /// The text with its UTF-8 bytes, for finding blocks by byte comparison (nil: by scalars).
    var text: ScalarText? = nil

    /// A block's position in the text with what it says about structure.
    struct Span { var start: Int; var end: Int; var block: Block? }

    func segments(blocks: [Block]) -> [Segment] {
        var out: [Segment] = []
        var path: [(level: Int, title: String)] = []
        var lastSpeaker: String?
        for span in spans(blocks: blocks) {
            let block = span.block
            var hard = false
            if let block, block.type == .heading {
                let level = block.level ?? 1
                while let last = path.last, last.level >= level { path.removeLast() }
                path.append((level, block.text))
                hard = true
            } else if speakerBreaks, let speaker = block?.speaker, block?.type == .statement {
                hard = true
                lastSpeaker = speaker
            } else if block?.type == .statement {
                lastSpeaker = block?.speaker
            }
            let isHeading = block?.type == .heading
            let headingPath = path.map(\.title)
            let speaker = block?.type == .statement ? lastSpeaker : nil
            var first = true
            func add(_ piece: Range<Int>, _ tokens: Int) {
                out.append(Segment(
                    start: piece.lowerBound, end: piece.upperBound,
                    tokens: tokens, paragraphStart: first,
                    hardBreak: hard && first, isHeading: isHeading, headingPath: headingPath,
                    speaker: speaker))
                first = false
            }
            scalars.withUnsafeBufferPointer { s in
                TokenCounter.table.withUnsafeBufferPointer { table in
                    forEachSentence(in: span.start..<span.end, s, table) { sentence, tokens in
                        // Most sentences fit: kept whole (a sentence is trimmed already, so it
                        // is its own single piece).
                        if tokens <= maxTokens {
                            add(sentence, tokens)
                        } else {
                            for (piece, tokens) in pieces(of: sentence) { add(piece, tokens) }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The blocks located in order in the text. Text no block accounts for (a speaker's name
    /// before a statement, a roster line) joins the block on the same line, or else forms a span of
    /// its own, so that the spans cover every character; a block not found is left out.
    func spans(blocks: [Block]) -> [Span] {
        var out: [Span] = []
        var cursor = 0
        for block in blocks where block.type != .image && !block.text.isEmpty {
            guard let found = text?.find(block.text, from: cursor) ?? find(block.text.unicodeScalars, from: cursor) else { continue }
            var lineStart = found.lowerBound
            while lineStart > cursor && scalars[lineStart - 1] != "\n" { lineStart -= 1 }
            appendGap(cursor..<lineStart, to: &out)
            out.append(Span(start: lineStart, end: found.upperBound, block: block))
            cursor = found.upperBound
        }
        appendGap(cursor..<scalars.count, to: &out)
        return out
    }

    private func appendGap(_ gap: Range<Int>, to out: inout [Span]) {
        guard gap.contains(where: { !TokenCounter.isSpace(scalars[$0]) }) else { return }
        for p in paragraphs(in: gap) { out.append(p) }
    }

    /// Where `needle` first occurs at or after `from`, as a range of scalar indices. The needle is
    /// read in place (no copy): a block is usually found right at the cursor.
    private func find(_ needle: String.UnicodeScalarView, from: Int) -> Range<Int>? {
        guard let first = needle.first else { return nil }
        var i = from
        while i < scalars.count {
            if scalars[i] == first {
                var j = i
                var matched = true
                for s in needle {
                    if j == scalars.count || scalars[j] != s { matched = false; break }
                    j += 1
                }
                if matched { return i..<j }
            }
            i += 1
        }
        return nil
    }

    /// `range` split at blank lines.
    func paragraphs(in range: Range<Int>) -> [Span] {
        var out: [Span] = []
        var start = range.lowerBound
        var i = range.lowerBound
        while i < range.upperBound {
            if scalars[i] == "\n", i + 1 < range.upperBound, scalars[i + 1] == "\n" {
                if i > start { out.append(Span(start: start, end: i, block: nil)) }
                while i < range.upperBound && scalars[i] == "\n" { i += 1 }
                start = i
            } else {
                i += 1
            }
        }
        if start < range.upperBound { out.append(Span(start: start, end: range.upperBound, block: nil)) }
        return out
    }

    /// The sentences of `range`, white space around them left out.
    func sentences(in range: Range<Int>) -> [Range<Int>] {
        precondition(range.lowerBound >= 0 && range.upperBound <= scalars.count, "range out of bounds")
        var out: [Range<Int>] = []
        scalars.withUnsafeBufferPointer { s in
            TokenCounter.table.withUnsafeBufferPointer { table in forEachSentence(in: range, s, table) { sentence, _ in out.append(sentence) } }
        }
        return out
    }

    /// Calls `body` with each sentence of `range` in order (``sentences(in:)`` without the
    /// array) and its token count, counted in the same pass over `s` (the scalars' buffer; the
    /// white space trimmed from a sentence counts no token, and counting starts afresh at each
    /// sentence, so the count is that of the trimmed sentence).
    private func forEachSentence(
        in range: Range<Int>, _ s: UnsafeBufferPointer<Unicode.Scalar>, _ table: UnsafeBufferPointer<UInt8>,
        _ body: (Range<Int>, Int) -> Void
    ) {
        var start = range.lowerBound
        var i = range.lowerBound
        var tokens = 0
        var inWord = false
        while i < range.upperBound {
            let bits = TokenCounter.bits(s[i], table)
            if bits & TokenCounter.mayEndBit != 0, let end = SentenceBoundary.end(scalars, at: i, limit: range.upperBound) {
                while i < end {
                    TokenCounter.step(s[i], table, &tokens, &inWord)
                    i += 1
                }
                if let sentence = trimmed(start..<end, s) { body(sentence, tokens) }
                start = end
                tokens = 0
                inWord = false
            } else {
                TokenCounter.step(bits: bits, &tokens, &inWord)
                i += 1
            }
        }
        if let sentence = trimmed(start..<range.upperBound, s) { body(sentence, tokens) }
    }

    /// `r` without white space at either end; nil when nothing else is left.
    private func trimmed(_ r: Range<Int>, _ s: UnsafeBufferPointer<Unicode.Scalar>) -> Range<Int>? {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi && TokenCounter.isSpace(s[lo]) { lo += 1 }
        while hi > lo && TokenCounter.isSpace(s[hi - 1]) { hi -= 1 }
        return lo < hi ? lo..<hi : nil
    }

    /// A sentence cut into pieces of at most `maxTokens` tokens (only when it is longer: then
    /// no boundary exists and a cut inside it cannot be avoided), each with its token count
    /// (white space trimmed from a piece counts no token).
    func pieces(of sentence: Range<Int>) -> [(Range<Int>, Int)] {
        var out: [(Range<Int>, Int)] = []
        var start = sentence.lowerBound
        while start < sentence.upperBound {
            let (end, tokens) = TokenCounter.cutAndCount(scalars, start..<sentence.upperBound, limit: maxTokens)
            var lo = start
            while lo < end && TokenCounter.isSpace(scalars[lo]) { lo += 1 }
            var hi = end
            while hi > lo && TokenCounter.isSpace(scalars[hi - 1]) { hi -= 1 }
            if lo < hi { out.append((lo..<hi, tokens)) }
            start = end
        }
        return out
    }
}
