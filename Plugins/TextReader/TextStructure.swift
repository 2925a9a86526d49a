import SluiceCore

/// Finds the title, sub-headings and paragraphs of plain text.
struct TextStructure {
    let maxTitleLength: Int
    let maxHeadingLength: Int
    let paragraphMode: String

    /// A run of lines between blank lines.
    private struct Chunk {
        var lines: [String]
    }

    func parse(_ raw: String) -> (title: String?, blocks: [Block]) {
        let lines = Self.lines(of: raw)
        let chunks = Self.chunks(of: lines)
        guard !chunks.isEmpty else { return (nil, []) }
        let mode = paragraphMode == "auto" ? Self.detectMode(chunks) : paragraphMode

        // Units: the paragraphs (and heading candidates) in order.
        var units: [String] = []
        if mode == "blank_line" {
            let wrapWidth = Self.wrapWidth(chunks)
            for (index, chunk) in chunks.enumerated() {
                // The first line of the text (the title) and a heading candidate followed by
                // more lines stand alone.
                var lines = chunk.lines
                if lines.count > 1, index == 0 || isHeadingCandidate(lines[0]) {
                    units.append(lines.removeFirst())
                }
                units += Self.paragraphs(lines, wrapWidth: wrapWidth)
            }
        } else {
            units = chunks.flatMap(\.lines)
        }

        var title: String?
        if units.count > 1, maxTitleLength > 0, let first = units.first, first.count <= maxTitleLength {
            title = first
            units.removeFirst()
        }
        var blocks: [Block] = []
        for (i, unit) in units.enumerated() {
            let hasParagraphAfter = i + 1 < units.count && !isHeadingCandidate(units[i + 1])
            if isHeadingCandidate(unit), hasParagraphAfter, i > 0 || title != nil {
                blocks.append(Block(.heading, text: unit, level: 2))
            } else {
                blocks.append(Block(.paragraph, text: unit))
            }
        }
        return (title, blocks)
    }

    func isHeadingCandidate(_ line: String) -> Bool {
        guard maxHeadingLength > 0, line.count <= maxHeadingLength, let last = line.last else { return false }
        return !TextSupport.finalPunctuation.contains(last)
    }

    /// Lines with LF, CRLF and CR endings alike, trimmed at both ends.
    static func lines(of text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previousCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                out.append(current); current = ""; previousCR = true; continue
            }
            if scalar == "\n" {
                if !previousCR { out.append(current); current = "" }
                previousCR = false
                continue
            }
            previousCR = false
            current.unicodeScalars.append(scalar)
        }
        out.append(current)
        return out.map(trim)
    }

    static func trim(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isBlank($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !isBlank($0) })!
        return String(scalars[start...end])
    }

    static func isBlank(_ s: Unicode.Scalar) -> Bool {
        s.properties.isWhitespace || s.value == 0xFEFF || s.value == 0x200B
    }

    private static func chunks(of lines: [String]) -> [Chunk] {
        var chunks: [Chunk] = []
        var current: [String] = []
        for line in lines {
            if line.isEmpty {
                if !current.isEmpty { chunks.append(Chunk(lines: current)); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { chunks.append(Chunk(lines: current)) }
        return chunks
    }

    /// `blank_line` when the text looks hard-wrapped (short lines that mostly continue into the
    /// next one), else `line`.
    private static func detectMode(_ chunks: [Chunk]) -> String {
        let lines = chunks.flatMap(\.lines)
        guard lines.count >= 4 else { return "line" }
        let inMultiLineChunks = chunks.reduce(0) { $0 + ($1.lines.count > 1 ? $1.lines.count : 0) }
        let lengths = lines.map(\.count).sorted()
        let median = lengths[lengths.count / 2]
        return inMultiLineChunks * 2 >= lines.count && median <= 100 && chunks.count > 1 ? "blank_line" : "line"
    }

    /// The width (in columns, CJK characters counting two) text was wrapped at: the widest line of
    /// the chunks of several lines, or 0 when those lines are all short (below 40 columns: a list
    /// of short lines, not a wrapped paragraph).
    private static func wrapWidth(_ chunks: [Chunk]) -> Int {
        let widest = chunks.filter { $0.lines.count > 1 }.flatMap(\.lines).map(columns).max() ?? 0
        return widest >= 40 ? widest : 0
    }

    static func columns(_ line: String) -> Int {
        line.unicodeScalars.reduce(0) { $0 + (CJK.isCJK($1) || CJK.isFullwidthPunctuation($1) ? 2 : 1) }
    }

    /// The paragraphs of a chunk: a line joins the next only when it looks wrapped (it reaches
    /// at least 60% of the wrap width); a shorter line ends its paragraph.
    static func paragraphs(_ lines: [String], wrapWidth: Int) -> [String] {
        var out: [String] = []
        var current: [String] = []
        for line in lines {
            current.append(line)
            if wrapWidth == 0 || columns(line) * 10 < wrapWidth * 6 {
                out.append(joinWrapped(current))
                current = []
            }
        }
        if !current.isEmpty { out.append(joinWrapped(current)) }
        return out
    }

    /// Joins hard-wrapped lines: with a space between Latin words, with nothing between CJK text.
    static func joinWrapped(_ lines: [String]) -> String {
        var out = ""
        for line in lines {
            if let last = out.unicodeScalars.last, let first = line.unicodeScalars.first,
                !(CJK.isCJK(last) || CJK.isFullwidthPunctuation(last))
                    || !(CJK.isCJK(first) || CJK.isFullwidthPunctuation(first))
            {
                out += " "
            }
            out += line
        }
        return out
    }
}
