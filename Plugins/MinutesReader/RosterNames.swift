import SluiceCore

// Phase 2 — rosters: the list of names after a roster keyword (`A、B、C`, `A\t123、B（请假）`,
// `Alice Chen, Bob Li`, `张三 李四 王五`).

/// Reads the names of a roster field.
struct RosterNameReader {
    let text: MinutesText
    let boundaries: ReportBoundaries

    /// Words written instead of a name when there is nobody (yet).
    private static let placeholderNames: Set<String> = ["待定", "暂无", "无", "某某", "未定"]

    /// The names from `start` up to `limit`; `spaceSeparated` allows `张三 李四` when no other
    /// separator is used.
    func names(from start: Int, limit: Int, spaceSeparated: Bool = false) -> (names: [MinutesMember], placeholder: String?, end: Int) {
        var usedSeparator = false
        var names: [MinutesMember] = []
        var placeholder: String?
        var cursor = text.cursor(at: firstNameStart(start, limit: limit), limit: limit)
        var end = cursor.position
        var expectingName = true  // at the list's start or right after a separator
        while !cursor.isAtEnd {
            cursor.skip(while: ScalarClass.isEmphasis)
            guard let first = cursor.peek() else { break }
            let nameStart = cursor.position
            if first == "X" || first == "x" || first == "×" {
                // `XXX`: a placeholder for a name not known yet.
                let run = cursor.read(while: { $0 == "X" || $0 == "x" || $0 == "×" })
                if run.count >= 2 { placeholder = text.string(run.lowerBound, run.upperBound); end = run.upperBound }
                break
            }
            if ScalarClass.isHan(first) {
                readHanName(&cursor)
                let name = text.normalisedName(nameStart, cursor.position)
                if Self.placeholderNames.contains(name) {
                    placeholder = name
                    end = cursor.position
                    break
                }
            } else if ScalarClass.isUpper(first) {
                readLatinName(&cursor)
            } else {
                // Not how a Chinese or Latin name starts: where a name is due, the rest of the
                // list is names written verbatim (`../x`, `<b>`, `' OR 1=1`).
                if expectingName, let verbatim = verbatimNames(from: nameStart, limit: limit) {
                    names += verbatim.names
                    end = verbatim.end
                }
                break
            }
            var member = MinutesMember(name: text.normalisedName(nameStart, cursor.position))
            readMemberDetails(&cursor, into: &member)
            let latin = ScalarClass.isUpper(first)
            if let next = cursor.peek(), Self.continuesName(next) || (latin && ScalarClass.isDigit(next)),
               let verbatim = verbatimNames(from: nameStart, limit: limit) {
                // `Robert'); DROP TABLE…`: the name goes on with characters no plain name has.
                names += verbatim.names
                end = verbatim.end
                break
            }
            names.append(member)
            cursor.skip(while: ScalarClass.isEmphasis)
            end = cursor.position
            expectingName = moveToNextName(&cursor, usedSeparator: &usedSeparator, spaceSeparated: spaceSeparated)
            if expectingName { continue }
            break
        }
        return (names, placeholder, end)
    }

    /// Where the names start: after inline spaces, or on the next line when the keyword ends
    /// its line (`组员：` followed by the names).
    private func firstNameStart(_ start: Int, limit: Int) -> Int {
        var cursor = text.cursor(at: start, limit: limit)
        cursor.skip(while: ScalarClass.isInlineSpace)
        if cursor.next(is: ScalarClass.isLineBreak) {
            let next = text.skippingSpace(from: cursor.position, limit: limit)
            if next < limit && (ScalarClass.isHan(text[next]) || ScalarClass.isUpper(text[next]))
                && boundaries.fieldOccurrence(at: next) == nil
            {
                return next
            }
        }
        return cursor.position
    }

    /// Moves over a Chinese name; a one-character part, spaces and one or two more characters
    /// are one name (`刘  攀`).
    private func readHanName(_ cursor: inout TextCursor) {
        let run = cursor.read(while: { ScalarClass.isHan($0) || $0 == "·" || $0 == "•" })
        guard run.count == 1 else { return }
        var rest = cursor
        guard rest.skip(while: ScalarClass.isInlineSpace, max: 4) > 0, rest.next(is: ScalarClass.isHan) else { return }
        let tail = rest.read(while: ScalarClass.isHan, max: 3)
        if tail.count <= 2 && !rest.next(is: ScalarClass.isHan) { cursor = rest }
    }

    /// Moves over a Latin name: capitalised words separated by single spaces.
    private func readLatinName(_ cursor: inout TextCursor) {
        while cursor.skip(while: ScalarClass.isLatinNamePart) > 0 {
            guard cursor.next(is: " "), let following = cursor.peek(1), ScalarClass.isUpper(following),
                  boundaries.fieldOccurrence(at: cursor.position + 1) == nil else { return }
            cursor.advance()
        }
    }

    /// Reads a note in brackets (`（请假）`) and an employee id (`\t11139`) after a name.
    private func readMemberDetails(_ cursor: inout TextCursor, into member: inout MinutesMember) {
        var note = cursor
        // `Tom O'Neill (Sales)`: a Latin name may have a space before its note.
        if note.next(is: " "), note.peek(1).map(ScalarClass.isOpenBracket) ?? false, ScalarClass.isLatin(text[note.position - 1]) {
            note.advance()
        }
        if let inside = note.readBracketed(max: 16) {
            member.note = text.trimmedString(inside.lowerBound, inside.upperBound)
            cursor = note
        }
        var id = cursor
        id.skip(while: ScalarClass.isInlineSpace, max: 4)
        let digits = id.read(while: ScalarClass.isDigit)
        if digits.count >= 3 && digits.count <= 10 {
            member.employeeID = text.string(digits.lowerBound, digits.upperBound)
            cursor = id
        }
    }

    /// Moves to the next name after a separator (`、`, a comma) or, in a space-separated list,
    /// a single space before a word that looks like a name; false when the list ends here.
    private func moveToNextName(_ cursor: inout TextCursor, usedSeparator: inout Bool, spaceSeparated: Bool) -> Bool {
        var next = cursor
        let spaces = next.skip(while: ScalarClass.isInlineSpace, max: 3)
        if ScalarClass.isLatin(text[cursor.position - 1]) && moveToNextLatinName(&next) {
            usedSeparator = true
            cursor = next
            return true
        }
        if next.match(ScalarClass.isListSeparator) {
            usedSeparator = true
            next.skip(while: ScalarClass.isInlineSpace)
            cursor = next
            return true
        }
        guard spaceSeparated && !usedSeparator && spaces == 1 && next.next(is: ScalarClass.isHan)
              && boundaries.fieldOccurrence(at: next.position) == nil else { return false }
        var wordCursor = next
        let word = wordCursor.read(while: ScalarClass.isHan)
        let wordEnds = wordCursor.peek().map { c in
            ScalarClass.isSpace(c) || ScalarClass.isListSeparator(c) || c == "（" || c == "(" || c == "；"
        } ?? true
        guard word.count >= 2 && word.count <= 4 && wordEnds,
              NameRules.looksLikeName(text.string(word.lowerBound, word.upperBound)) else { return false }
        cursor = next
        return true
    }

    /// After a Latin name, `;` or `and`/`&` before another capitalised name
    /// (`Hannah Kim; Luis Ortega`, `Jonas Weber and Sara Ahmed`).
    private func moveToNextLatinName(_ cursor: inout TextCursor) -> Bool {
        var next = cursor
        guard next.match({ $0 == ";" || $0 == "；" || $0 == "&" }) || next.match(Array("and ".unicodeScalars)) else { return false }
        next.skip(while: ScalarClass.isInlineSpace)
        guard next.next(is: ScalarClass.isUpper), boundaries.fieldOccurrence(at: next.position) == nil else { return false }
        cursor = next
        return true
    }

    // MARK: Names written verbatim

    /// Characters that no plain name holds and that, right after a name, show that the name goes
    /// on: path, markup, quote and operator characters, and invisible format characters (bidi
    /// controls).
    private static func continuesName(_ c: Unicode.Scalar) -> Bool {
        "/\\<>'\")]}=%$@#&~^`".unicodeScalars.contains(c) || c.properties.generalCategory == .format
    }

    /// The names of the rest of a roster line taken verbatim: the value up to the end of the
    /// line (or two spaces, or `limit`), without trailing separators, split at `、`, `，` or
    /// `,` (the first of these the value uses; nothing else splits, so `;` stays in a name).
    /// Names are data: nothing in them is interpreted.
    private func verbatimNames(from start: Int, limit: Int) -> (names: [MinutesMember], end: Int)? {
        let line = boundaries.lineValue(from: start, limit: limit)
        var end = line.end
        while end > start, "；;，,。".unicodeScalars.contains(text[end - 1]) || ScalarClass.isSpace(text[end - 1]) { end -= 1 }
        let value = text.string(text.trimmedRange(start, end).lowerBound, end)
        guard !value.isEmpty else { return nil }
        let separator = ("、，," as String).first { value.contains($0) }
        let items = separator.map { value.split(separator: $0) } ?? [Substring(value)]
        let names = items.map { TextTrimming.trimming($0, also: []) }.filter { !$0.isEmpty }.map { MinutesMember(name: $0) }
        return names.isEmpty ? nil : (names, end)
    }
}
