import SluiceCore

/// The lines of a Markdown file: `\r\n` and `\r` ends normalised, leading tabs expanded to the
/// next multiple of four columns, indentation capped at ``maxIndent`` spaces (the rest of each
/// line is kept as written).
enum MarkdownLines {
    static func split(_ text: String) -> [String] {
        let normalised = text.replacingLineEnds
        return normalised.split(separator: "\n", omittingEmptySubsequences: false).map { raw in
            let line = clampIndent(raw)
            guard line.first == "\t" || (line.first == " " && line.contains("\t")) else { return String(line) }
            var column = 0
            var out = ""
            var rest = Substring(line)
            while let c = rest.first, c == " " || c == "\t" {
                let width = c == "\t" ? 4 - column % 4 : 1
                out += String(repeating: " ", count: width)
                column += width
                rest = rest.dropFirst()
            }
            return out + rest
        }
    }

    /// Leading spaces beyond this many are dropped: deeper than any nesting Sluice reads
    /// (``MarkdownBlockParser/maxNesting`` containers), and a line indented by thousands of
    /// spaces would otherwise cost time at every level.
    static let maxIndent = 160

    static func clampIndent(_ line: Substring) -> Substring {
        let spaces = line.utf8.prefix { $0 == 0x20 }.count
        guard spaces > maxIndent else { return line }
        return Substring(String(repeating: " ", count: maxIndent) + (Substring(line.utf8.dropFirst(spaces)) ))
    }

    static func indent(_ line: String) -> Int { line.utf8.prefix { $0 == 0x20 }.count }
    /// The line without its first `count` leading spaces (at most its indentation), in time
    /// proportional to `count` bytes.
    static func dropSpaces(_ line: String, _ count: Int) -> String {
        let n = min(count, indent(line))
        return String(line.utf8.dropFirst(n)) ?? String(line.dropFirst(n))
    }

    static func isBlank(_ line: String) -> Bool { line.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
}

/// A CommonMark-subset block parser, a cursor over lines: ATX and setext headings, paragraphs,
/// bullet and ordered lists (nested by indentation), block quotes, fenced and indented code,
/// GFM tables, thematic breaks (dropped) and link reference definitions (used by links).
struct MarkdownBlockParser {
    let lines: [String]
    let context: ReadContext?
    private(set) var inline: InlineRenderer

    init(lines: [String], context: ReadContext?) {
        self.lines = lines
        self.context = context
        self.inline = InlineRenderer(references: Self.referenceDefinitions(lines))
    }

    /// Parses the whole file.
    mutating func parseAll() throws -> [Block] {
        try parse(lines[...], listDepth: 0, nesting: 0)
    }

    /// Nesting (lists in quotes in lists ...) deeper than this is read as plain paragraphs.
    static let maxNesting = 32

    func parse(_ lines: ArraySlice<String>, listDepth: Int, nesting: Int) throws -> [Block] {
        var blocks: [Block] = []
        var i = lines.startIndex
        while i < lines.endIndex {
            try context?.checkTimeBudget()
            let line = lines[i]
            if MarkdownLines.isBlank(line) { i += 1; continue }
            let indent = MarkdownLines.indent(line)
            if indent >= 4 {
                i = indentedCode(lines, from: i, into: &blocks)
                continue
            }
            let body = MarkdownLines.dropSpaces(line, indent)
            if let fence = Fence(body) {
                i = fencedCode(lines, from: i, fence: fence, indent: indent, into: &blocks)
            } else if let (level, text) = Self.atxHeading(body) {
                blocks.append(Block(.heading, text: inline.render(text).text, level: level))
                i += 1
            } else if Self.isThematicBreak(body) || Self.referenceDefinition(body) != nil {
                i += 1
            } else if body.hasPrefix(">"), nesting < Self.maxNesting {
                i = try quote(lines, from: i, listDepth: listDepth, nesting: nesting, into: &blocks)
            } else if ListMarker(line) != nil, nesting < Self.maxNesting {
                i = try list(lines, from: i, listDepth: listDepth, nesting: nesting, into: &blocks)
            } else if i + 1 < lines.endIndex, body.contains("|"), let aligns = Self.tableDelimiter(lines[i + 1]) {
                i = table(lines, from: i, aligns: aligns, into: &blocks)
            } else {
                i = paragraph(lines, from: i, into: &blocks)
            }
        }
        return blocks
    }

    // MARK: Leaf blocks

    private func paragraph(_ lines: ArraySlice<String>, from start: Int, into blocks: inout [Block]) -> Int {
        var collected = [lines[start].trimmingCharacters]
        var i = start + 1
        while i < lines.endIndex {
            let line = lines[i]
            if MarkdownLines.isBlank(line) { break }
            let body = MarkdownLines.dropSpaces(line, 3)
            if MarkdownLines.indent(line) < 4, let level = Self.setextLevel(body) {
                blocks.append(Block(.heading, text: inline.render(collected.joined(separator: "\n")).text, level: level))
                return i + 1
            }
            if MarkdownLines.indent(line) < 4,
               Fence(body) != nil || Self.atxHeading(body) != nil || Self.isThematicBreak(body) || body.hasPrefix(">") || ListMarker(line)?.canInterruptParagraph == true {
                break
            }
            collected.append(line.trimmingCharacters)
            i += 1
        }
        appendInline(collected.joined(separator: "\n"), type: .paragraph, into: &blocks)
        return i
    }

    /// A block of inline text, then the images it held as image blocks.
    func appendInline(_ raw: String, type: BlockType, level: Int? = nil, attributes: [String: String] = [:], into blocks: inout [Block]) {
        let rendered = inline.render(raw)
        var attributes = attributes
        if !rendered.links.isEmpty { attributes["links"] = rendered.links.joined(separator: " ") }
        if !rendered.text.isEmpty || type != .paragraph {
            blocks.append(Block(type, text: rendered.text, level: level, attributes: attributes.isEmpty ? nil : attributes))
        }
        for image in rendered.images { blocks.append(Block(.image, text: image.alt, src: image.src)) }
    }

    private func indentedCode(_ lines: ArraySlice<String>, from start: Int, into blocks: inout [Block]) -> Int {
        var code: [String] = []
        var i = start
        while i < lines.endIndex, MarkdownLines.isBlank(lines[i]) || MarkdownLines.indent(lines[i]) >= 4 {
            code.append(MarkdownLines.isBlank(lines[i]) ? "" : MarkdownLines.dropSpaces(lines[i], 4))
            i += 1
        }
        while code.last == "" { code.removeLast() }
        blocks.append(Block(.preformatted, text: code.joined(separator: "\n")))
        return i
    }

    private func fencedCode(_ lines: ArraySlice<String>, from start: Int, fence: Fence, indent: Int, into blocks: inout [Block]) -> Int {
        var code: [String] = []
        var i = start + 1
        while i < lines.endIndex {
            let line = lines[i]
            let lineIndent = MarkdownLines.indent(line)
            if lineIndent < 4, fence.isClosed(by: MarkdownLines.dropSpaces(line, lineIndent)) { i += 1; break }
            code.append(MarkdownLines.dropSpaces(line, indent))
            i += 1
        }
        var attributes: [String: String]?
        if let language = fence.language { attributes = ["language": language] }
        blocks.append(Block(.preformatted, text: code.joined(separator: "\n"), attributes: attributes))
        return i
    }

    private func table(_ lines: ArraySlice<String>, from start: Int, aligns: [String], into blocks: inout [Block]) -> Int {
        var rows = [Self.cells(lines[start])]
        var links: [String] = []
        var i = start + 2
        while i < lines.endIndex, !MarkdownLines.isBlank(lines[i]), lines[i].contains("|") {
            rows.append(Self.cells(lines[i]))
            i += 1
        }
        let columns = rows[0].count
        let rendered = rows.map { row in
            (0..<columns).map { c -> String in
                guard c < row.count else { return "" }
                let r = inline.render(row[c])
                links += r.links
                return r.text.replacingOccurrences(of: "\t", with: " ")
            }
        }
        var attributes = ["rows": String(rows.count), "columns": String(columns), "header_rows": "1"]
        if aligns.contains(where: { $0 != "default" }) { attributes["align"] = aligns.joined(separator: ",") }
        if !links.isEmpty { attributes["links"] = links.joined(separator: " ") }
        blocks.append(Block(.table, text: rendered.map { $0.joined(separator: "\t") }.joined(separator: "\n"), attributes: attributes))
        return i
    }

    // MARK: Container blocks

    private func quote(_ lines: ArraySlice<String>, from start: Int, listDepth: Int, nesting: Int, into blocks: inout [Block]) throws -> Int {
        var inner: [String] = []
        var i = start
        while i < lines.endIndex, !MarkdownLines.isBlank(lines[i]) {
            let line = lines[i]
            let indent = MarkdownLines.indent(line)
            let body = MarkdownLines.dropSpaces(line, 3)
            if indent < 4, body.hasPrefix(">") {
                var rest = body.dropFirst()
                if rest.first == " " { rest = rest.dropFirst() }
                inner.append(String(rest))
            } else if let last = inner.last, !MarkdownLines.isBlank(last), Fence(body) == nil, Self.atxHeading(body) == nil, ListMarker(line) == nil {
                inner.append(line)
            } else {
                break
            }
            i += 1
        }
        for var block in try parse(inner[...], listDepth: listDepth, nesting: nesting + 1) {
            if block.type == .paragraph { block.type = .quote }
            blocks.append(block)
        }
        return i
    }

    private func list(_ lines: ArraySlice<String>, from start: Int, listDepth: Int, nesting: Int, into blocks: inout [Block]) throws -> Int {
        guard let first = ListMarker(lines[start]) else { return start + 1 }
        var i = start
        while i < lines.endIndex, let marker = ListMarker(lines[i]), marker.sameList(as: first), marker.indent < first.contentOffset {
            var content = [marker.firstLine]
            i += 1
            while i < lines.endIndex {
                let line = lines[i]
                if MarkdownLines.isBlank(line) {
                    let next = lines[(i + 1)...].first { !MarkdownLines.isBlank($0) }
                    guard let next, MarkdownLines.indent(next) >= marker.contentOffset else { break }
                    content.append("")
                } else if MarkdownLines.indent(line) >= marker.contentOffset {
                    content.append(MarkdownLines.dropSpaces(line, marker.contentOffset))
                } else if ListMarker(line) == nil, let last = content.last, !MarkdownLines.isBlank(last),
                          Fence(line.trimmingCharacters) == nil, !line.trimmingCharacters.hasPrefix(">"), Self.atxHeading(line.trimmingCharacters) == nil {
                    content.append(line.trimmingCharacters)
                } else {
                    break
                }
                i += 1
            }
            try item(content, marker: marker, listDepth: listDepth, nesting: nesting, into: &blocks)
            while i < lines.endIndex, MarkdownLines.isBlank(lines[i]),
                  let next = lines[(i + 1)...].first(where: { !MarkdownLines.isBlank($0) }), ListMarker(next)?.sameList(as: first) == true {
                i += 1
            }
        }
        return i
    }

    /// One list item: its first paragraph becomes the `list_item` block (level = nesting depth,
    /// marker and task state in attributes); what follows (nested lists, code) keeps its type.
    private func item(_ content: [String], marker: ListMarker, listDepth: Int, nesting: Int, into blocks: inout [Block]) throws {
        var inner = try parse(content[...], listDepth: listDepth + 1, nesting: nesting + 1)
        var attributes = ["marker": marker.marker]
        if marker.ordered { attributes["ordered"] = "true" }
        if let firstBlock = inner.first, firstBlock.type == .paragraph {
            var text = firstBlock.text
            for (box, state) in [("[ ] ", "open"), ("[x] ", "done"), ("[X] ", "done")] where text.hasPrefix(box) {
                text = String(text.dropFirst(box.count))
                attributes["task"] = state
            }
            attributes.merge(firstBlock.attributes ?? [:]) { own, _ in own }
            inner[0] = Block(.listItem, text: text, level: listDepth + 1, attributes: attributes)
        } else {
            inner.insert(Block(.listItem, text: "", level: listDepth + 1, attributes: attributes), at: 0)
        }
        blocks.append(contentsOf: inner)
    }
}
