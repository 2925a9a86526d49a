import SluiceCore

// Phase 1 — report boundaries: find every roster (a run of adjacent header fields with a leader
// or members) and where the group it belongs to begins.

/// A field keyword in the text (`组长：`, `Members:`).
struct FieldOccurrence {
    /// Where the keyword starts.
    var start: Int
    /// Where the value starts (after the colon).
    var valueStart: Int
    var kind: Lexicon.FieldKind
    var keyword: String
}

/// A field with its value read.
struct ParsedField {
    var occurrence: FieldOccurrence
    var names: [MinutesMember] = []
    var placeholder: String?
    var value: String = ""
    var valueEnd: Int
}

/// One roster: adjacent fields that name a leader or members.
struct RosterCluster {
    var fields: [ParsedField]
    var start: Int { fields[0].occurrence.start }
    var end: Int
}

/// Finds the rosters of a text and the start of the group each belongs to.
struct ReportBoundaries {
    let text: MinutesText

    /// Field keywords by their first scalar, longest first.
    private static let fieldTable: [Unicode.Scalar: [(word: [Unicode.Scalar], kind: Lexicon.FieldKind, keyword: String)]] = {
        var table: [Unicode.Scalar: [(word: [Unicode.Scalar], kind: Lexicon.FieldKind, keyword: String)]] = [:]
        for (keyword, kind) in Lexicon.fieldKeywords {
            let scalars = Array(keyword.unicodeScalars)
            table[scalars[0], default: []].append((scalars, kind, keyword))
        }
        for key in table.keys { table[key]!.sort { $0.word.count > $1.word.count } }
        return table
    }()

    /// The field keyword at `index` (at a boundary, followed by a colon), if any.
    func fieldOccurrence(at index: Int) -> FieldOccurrence? {
        guard let candidates = Self.fieldTable[text[index]] else { return nil }
        // `**Facilitator:**` / `**Members**:`: a keyword in markdown emphasis.
        let emphasised = !text.isWordStart(index) && isEmphasisOpening(before: index)
        guard text.isWordStart(index) || ScalarClass.isFieldSeparator(text[index - 1]) || emphasised else { return nil }
        for candidate in candidates where text.has(candidate.word, at: index) {
            var cursor = text.cursor(at: index + candidate.word.count)
            // A Latin keyword must end at a word boundary.
            if ScalarClass.isLatin(candidate.word[candidate.word.count - 1]), cursor.next(is: ScalarClass.isLatin) { continue }
            if emphasised { cursor.skip(while: ScalarClass.isEmphasis, max: 2) }
            cursor.skip(while: ScalarClass.isInlineSpace, max: 3)
            _ = cursor.readBracketed(max: 12)  // `组员（5人）：`
            let tableCell = cursor.next(is: ScalarClass.isTableBar) && index > 0 && isTableCell(before: index)
            if cursor.next(is: ScalarClass.isColon) || tableCell {
                cursor.advance()
                if emphasised { cursor.skip(while: ScalarClass.isEmphasis, max: 2) }
                return FieldOccurrence(start: index, valueStart: cursor.position, kind: candidate.kind, keyword: candidate.keyword)
            }
        }
        return nil
    }

    /// Whether one or two `*`/`_` standing at a word start come right before `index`.
    private func isEmphasisOpening(before index: Int) -> Bool {
        var k = index
        while k > 0 && index - k < 2 && ScalarClass.isEmphasis(text[k - 1]) { k -= 1 }
        return k < index && text.isWordStart(k)
    }

    /// Whether the keyword at `index` opens a markdown table cell (`| 组长 | 张三 |`).
    private func isTableCell(before index: Int) -> Bool {
        var k = index - 1
        while k >= 0 && (text[k] == " " || text[k] == "\t") { k -= 1 }
        return k >= 0 && ScalarClass.isTableBar(text[k])
    }

    /// Reads a one-line value from `start` (stops at a line break, two spaces or `limit`).
    func lineValue(from start: Int, limit: Int) -> (value: String, end: Int) {
        var cursor = text.cursor(at: start, limit: limit)
        cursor.skip(while: ScalarClass.isInlineSpace)
        let valueStart = cursor.position
        while let c = cursor.peek(), !ScalarClass.isLineBreak(c) {
            if ScalarClass.isSpace(c), let following = cursor.peek(1), ScalarClass.isSpace(following) { break }
            cursor.advance()
        }
        var end = cursor.position
        while end > valueStart && (ScalarClass.isSpace(text[end - 1]) || ScalarClass.isTableBar(text[end - 1])) { end -= 1 }
        return (text.string(valueStart, end), end)
    }

    // MARK: Rosters

    /// Every field keyword in the text, in order.
    private func fieldOccurrences() -> [FieldOccurrence] {
        var occurrences: [FieldOccurrence] = []
        var index = 0
        while index < text.count {
            if !ScalarClass.isSpace(text[index]), let field = fieldOccurrence(at: index) {
                occurrences.append(field)
                index = field.valueStart
                continue
            }
            index += 1
        }
        return occurrences
    }

    /// All rosters in the text: runs of adjacent fields that include a leader or members.
    func clusters() -> [RosterCluster] {
        let occurrences = fieldOccurrences()
        var clusters: [RosterCluster] = []
        var current: [ParsedField] = []
        var currentEnd = 0
        for (index, occurrence) in occurrences.enumerated() {
            let limit = index + 1 < occurrences.count ? occurrences[index + 1].start : text.count
            let field = parsedField(occurrence, limit: limit)
            if let last = current.last, !joins(occurrence, after: last, in: current) {
                if Self.isRoster(current) { clusters.append(RosterCluster(fields: current, end: currentEnd)) }
                current = []
            }
            current.append(field)
            currentEnd = field.valueEnd
        }
        if !current.isEmpty && Self.isRoster(current) {
            clusters.append(RosterCluster(fields: current, end: currentEnd))
        }
        return clusters
    }

    /// The field at `occurrence` with its value read up to `limit`.
    private func parsedField(_ occurrence: FieldOccurrence, limit: Int) -> ParsedField {
        var field = ParsedField(occurrence: occurrence, valueEnd: occurrence.valueStart)
        switch occurrence.kind {
        case .leader, .members, .recorders, .absent:
            let list = RosterNameReader(text: text, boundaries: self).names(
                from: occurrence.valueStart, limit: limit,
                spaceSeparated: occurrence.kind == .members || occurrence.kind == .absent)
            field.names = list.names
            field.placeholder = list.placeholder
            field.valueEnd = list.end
            field.value = text.trimmedString(occurrence.valueStart, list.end)
        case .meta:
            let line = lineValue(from: occurrence.valueStart, limit: limit)
            field.value = line.value
            field.valueEnd = line.end
        }
        return field
    }

    /// Whether `occurrence` continues the roster whose last field is `last`: only separators lie
    /// between them and the roster has no field of that kind yet.
    private func joins(_ occurrence: FieldOccurrence, after last: ParsedField, in current: [ParsedField]) -> Bool {
        var cursor = text.cursor(at: last.valueEnd, limit: occurrence.start)
        cursor.skip(while: { c in
            ScalarClass.isSpace(c) || c == "；" || c == ";" || c == "，" || c == "," || ScalarClass.isTableBar(c) || c == "-" || c == "*"
        })
        let repeated = current.contains { $0.occurrence.kind == occurrence.kind }
        return cursor.isAtEnd && !repeated
    }

    /// Whether fields make a roster: two members, or a leader and another roster field.
    private static func isRoster(_ fields: [ParsedField]) -> Bool {
        let leader = fields.contains { $0.occurrence.kind == .leader && !$0.names.isEmpty }
        let members = fields.first { $0.occurrence.kind == .members }?.names.count ?? 0
        let rosterFields = fields.filter { [.leader, .members, .recorders].contains($0.occurrence.kind) }.count
        return members >= 2 || (leader && rosterFields >= 2)
    }

    // MARK: Group starts

    /// Where each roster's group begins (a group ends where the next begins).
    func groupStarts(_ clusters: [RosterCluster]) -> [Int] {
        var starts: [Int] = []
        var lower = 0
        for cluster in clusters {
            starts.append(max(groupStart(anchor: cluster.start, lowerBound: lower), lower))
            lower = cluster.end
        }
        return starts
    }

    /// Where the group whose roster starts at `anchor` begins: its report title, else its
    /// subtitle, else its label, else the roster's line (or the line before when it names a group).
    private func groupStart(anchor: Int, lowerBound: Int) -> Int {
        let lower = max(lowerBound, anchor - 1000)
        var title: Int?
        var subtitle: Int?
        var labelStart: Int?
        for token in text.tokens(lower, anchor) where token.lowerBound != lower || text.isWordStart(lower) {
            // Prose (long, or with sentence punctuation) is never a title, subtitle or label.
            if token.count > 40 || token.contains(where: { text[$0] == "，" || text[$0] == "。" || text[$0] == "、" }) { continue }
            let word = text.string(token.lowerBound, token.upperBound)
            if GroupLabels.isTitle(word) {
                // An English title (`Leadership Offsite: Break-out Reports`) is its whole line.
                title = GroupLabels.isLatinTitle(word) ? text.lineStart(of: token.lowerBound, lowerBound: lower) : token.lowerBound
            }
            if GroupLabels.isSubtitle(word) { subtitle = token.lowerBound }
            if GroupLabels.label(in: word) != nil { labelStart = token.lowerBound }
        }
        if let start = title ?? subtitle ?? labelStart { return start }
        let line = text.lineStart(of: anchor, lowerBound: lower)
        if line > lower, let previous = previousLineStart(before: line, lowerBound: lower) { return previous }
        return line
    }

    /// The start of the non-empty line before `line` when it names a group.
    private func previousLineStart(before line: Int, lowerBound: Int) -> Int? {
        var end = line - 1
        // Blank lines between the label and the roster are skipped.
        while end > lowerBound && ScalarClass.isSpace(text[end - 1]) { end -= 1 }
        let start = text.lineStart(of: end, lowerBound: lowerBound)
        let content = text.trimmedString(start, end)
        if GroupLabels.englishLabel(in: content) != nil { return start }
        let squeezed = String(content.filter { !$0.isWhitespace })
        if squeezed.count <= 12, GroupLabels.label(in: squeezed) != nil { return start }
        return nil
    }
}
