import SluiceCore

/// An opening code fence: three or more backticks or tildes, and an info string whose first word
/// is the language.
struct Fence {
    let character: Character
    let length: Int
    let language: String?

    init?(_ body: String) {
        guard let c = body.first, c == "`" || c == "~" else { return nil }
        let run = body.prefix { $0 == c }.count
        guard run >= 3 else { return nil }
        let info = String(body.dropFirst(run)).trimmingCharacters
        if c == "`" && info.contains("`") { return nil }
        character = c
        length = run
        language = info.split(separator: " ").first.map(String.init)
    }

    func isClosed(by body: String) -> Bool {
        let run = body.prefix { $0 == character }.count
        return run >= length && body.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" }
    }
}

/// A list item's marker: `-`, `*`, `+`, or digits followed by `.` or `)`, then a space.
struct ListMarker {
    let indent: Int
    let marker: String
    let ordered: Bool
    /// The column the item's content starts at; continuation lines are indented this far.
    let contentOffset: Int
    let firstLine: String
    let startsAtOne: Bool

    init?(_ line: String) {
        let indent = MarkdownLines.indent(line)
        let body = Substring(MarkdownLines.dropSpaces(line, indent))
        guard let c = body.first else { return nil }
        var markerLength = 0
        if c == "-" || c == "*" || c == "+" {
            markerLength = 1
            ordered = false
        } else {
            let digits = body.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count), let delimiter = body.dropFirst(digits.count).first, delimiter == "." || delimiter == ")" else { return nil }
            markerLength = digits.count + 1
            ordered = true
        }
        let after = body.dropFirst(markerLength)
        guard after.isEmpty || after.first == " " else { return nil }
        let spaces = min(4, after.prefix { $0 == " " }.count)
        self.indent = indent
        marker = String(body.prefix(markerLength))
        contentOffset = indent + markerLength + (after.isEmpty ? 1 : (spaces == 4 ? 1 : spaces))
        firstLine = String(after.dropFirst(spaces == 4 ? 1 : spaces))
        startsAtOne = !ordered || marker.hasPrefix("1") && marker.count == 2
        if !ordered, MarkdownBlockParser.isThematicBreak(String(body)) { return nil }
    }

    /// Items of one list share the kind of marker (`-` with `-`, `1.` with `2.`).
    func sameList(as other: ListMarker) -> Bool {
        ordered == other.ordered && marker.last == other.marker.last
    }

    /// A list may interrupt a paragraph only with a non-empty first line, and an ordered one only
    /// when it starts at 1 (CommonMark), so `2024. was a year` stays text.
    var canInterruptParagraph: Bool { !firstLine.isEmpty && startsAtOne }
}

extension MarkdownBlockParser {
    /// `## Title ##` → (2, "Title").
    static func atxHeading(_ body: String) -> (Int, String)? {
        let hashes = body.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = body.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = String(rest).trimmingCharacters
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing > 0 {
            let stripped = text.dropLast(closing)
            if stripped.isEmpty || stripped.last == " " { text = String(stripped).trimmingCharacters }
        }
        return (hashes, text)
    }

    /// `===` → 1, `---` → 2.
    static func setextLevel(_ body: String) -> Int? {
        let trimmed = body.trimmingCharacters
        guard let c = trimmed.first, c == "=" || c == "-", trimmed.allSatisfy({ $0 == c }) else { return nil }
        return c == "=" ? 1 : 2
    }

    /// `***`, `---`, `___` (three or more, spaces allowed between).
    static func isThematicBreak(_ body: String) -> Bool {
        let chars = body.filter { $0 != " " && $0 != "\t" }
        guard let c = chars.first, c == "*" || c == "-" || c == "_", chars.count >= 3 else { return false }
        return chars.allSatisfy { $0 == c }
    }

    /// The alignments of a GFM table's delimiter row (`| :--- | :---: | ---: |`), or nil.
    static func tableDelimiter(_ line: String) -> [String]? {
        let cells = cells(line)
        guard !cells.isEmpty, line.contains("-") else { return nil }
        var aligns: [String] = []
        for cell in cells {
            let t = cell.trimmingCharacters
            let core = t.trimmingPrefix(":")
            let dashes = core.hasSuffix(":") ? core.dropLast() : core[...]
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            let left = t.hasPrefix(":"), right = t.hasSuffix(":")
            aligns.append(left && right ? "center" : right ? "right" : left ? "left" : "default")
        }
        return aligns
    }

    /// A table row's cells: outer pipes dropped, split at unescaped pipes.
    static func cells(_ line: String) -> [String] {
        var t = line.trimmingCharacters
        if t.hasPrefix("|") { t.removeFirst() }
        if t.hasSuffix("|") && !t.hasSuffix("\\|") { t.removeLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for c in t {
            if escaped { current.append(c == "|" ? "|" : c); if c != "|" { current.insert("\\", at: current.index(before: current.endIndex)) }; escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == "|" { cells.append(current.trimmingCharacters); current = ""; continue }
            current.append(c)
        }
        if escaped { current.append("\\") }
        cells.append(current.trimmingCharacters)
        return cells
    }

    /// `[label]: url "title"` → (label, url).
    static func referenceDefinition(_ body: String) -> (String, String)? {
        guard body.hasPrefix("["), let close = body.firstIndex(of: "]") else { return nil }
        let after = body[body.index(after: close)...]
        guard after.hasPrefix(":") else { return nil }
        let label = String(body[body.index(after: body.startIndex)..<close])
        guard !label.isEmpty else { return nil }
        var url = String(after.dropFirst()).trimmingCharacters
        if let space = url.firstIndex(of: " ") { url = String(url[..<space]) }
        if url.hasPrefix("<") && url.hasSuffix(">") { url = String(url.dropFirst().dropLast()) }
        return url.isEmpty ? nil : (label, url)
    }

    /// Every reference definition outside code fences, by lowercased label.
    static func referenceDefinitions(_ lines: [String]) -> [String: String] {
        var map: [String: String] = [:]
        var fence: Fence?
        for line in lines {
            let body = line.trimmingCharacters
            if let open = fence {
                if open.isClosed(by: body) { fence = nil }
                continue
            }
            if let f = Fence(body) { fence = f; continue }
            if MarkdownLines.indent(line) < 4, let (label, url) = referenceDefinition(body), map[label.lowercased()] == nil {
                map[label.lowercased()] = url
            }
        }
        return map
    }
}

extension String {
    var replacingLineEnds: String {
        guard contains("\r") else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.split(separator: "\r", omittingEmptySubsequences: false).enumerated().flatMap { k, part -> [Unicode.Scalar] in
            (k == 0 ? [] : (part.first == "\n" ? [] : ["\n"])) + Array(part)
        }))
    }

    func trimmingPrefix(_ prefix: Character) -> Substring {
        first == prefix ? dropFirst() : self[...]
    }
}
