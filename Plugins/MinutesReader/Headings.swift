import SluiceCore

// Phase 3 — statements: section headings in a group's body (`核心要点：`, `一、核心要点`,
// `议题一：…`, `Key points`, a sub-group heading such as `运营商大网组` before a speaker).

/// Finds section headings.
struct HeadingFinder {
    let text: MinutesText
    let speakers: SpeakerFinder

    /// Headings by their first scalar, longest first.
    private static let headingTable: [Unicode.Scalar: [[Unicode.Scalar]]] = {
        var table: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
        for word in Lexicon.headings {
            let scalars = Array(word.unicodeScalars)
            table[scalars[0], default: []].append(scalars)
        }
        for key in table.keys { table[key]!.sort { $0.count > $1.count } }
        return table
    }()

    /// The heading at `start`, if any: its end and text. `allowBare`: a heading word without a
    /// colon counts (not right after a speaker).
    func heading(at start: Int, limit: Int, allowBare: Bool, lineStart: Bool) -> (end: Int, text: String)? {
        // An ordinal before a known heading: `一、核心要点`, `（二）发言摘要`, `1. 讨论内容`.
        if let afterOrdinal = ordinalEnd(at: start, limit: limit), afterOrdinal < limit,
           let candidates = Self.headingTable[text[afterOrdinal]],
           candidates.contains(where: { text.has($0, at: afterOrdinal) && ScalarClass.isHan($0[0]) })
        {
            guard let found = headingWord(at: afterOrdinal, limit: limit, allowBare: true, lineStart: true) else { return nil }
            return (found.end, text.string(start, afterOrdinal) + found.text)
        }
        return headingWord(at: start, limit: limit, allowBare: allowBare, lineStart: lineStart)
    }

    /// The end of an ordinal such as `一、`, `（二）`, `3.` at `start`, and the spaces after it.
    private func ordinalEnd(at start: Int, limit: Int) -> Int? {
        var cursor = text.cursor(at: start, limit: limit)
        if cursor.match(ScalarClass.isOpenBracket) {
            guard cursor.skip(while: ScalarClass.isNumber, max: 3) > 0, cursor.match(ScalarClass.isCloseBracket) else { return nil }
        } else {
            guard cursor.skip(while: ScalarClass.isNumber, max: 3) > 0, cursor.match(ScalarClass.isOrdinalEnd) else { return nil }
        }
        cursor.skip(while: ScalarClass.isInlineSpace, max: max(0, start + 8 - cursor.position))
        return cursor.position
    }

    private func headingWord(at start: Int, limit: Int, allowBare: Bool, lineStart: Bool) -> (end: Int, text: String)? {
        if let found = knownHeading(at: start, limit: limit, allowBare: allowBare, lineStart: lineStart) { return found }
        if let found = agendaItem(at: start, limit: limit) { return found }
        return subGroupHeading(at: start, limit: limit)
    }

    /// A heading from the lexicon, followed by a colon (or, when `allowBare`, by whitespace).
    private func knownHeading(at start: Int, limit: Int, allowBare: Bool, lineStart: Bool) -> (end: Int, text: String)? {
        let first = text[start]
        guard let candidates = Self.headingTable[first] else { return nil }
        for word in candidates where text.has(word, at: start) {
            let after = start + word.count
            // A Latin heading must end at a word boundary.
            if ScalarClass.isLatin(word[word.count - 1]), after < text.count, ScalarClass.isLatin(text[after]) { continue }
            var cursor = text.cursor(at: after, limit: limit)
            cursor.skip(while: ScalarClass.isInlineSpace, max: 3)
            if cursor.next(is: ScalarClass.isColon) { return (cursor.position + 1, text.string(start, after)) }
            // An English heading alone on its line is a heading even right after a speaker.
            let ownLine = lineStart && ScalarClass.isLatin(first) && after <= limit && text.restOfLineIsBlank(after, limit: limit)
            if (allowBare || ownLine) && (after >= limit || ScalarClass.isSpace(text[after])) && (ScalarClass.isHan(first) || lineStart) {
                return (after, text.string(start, after))
            }
        }
        return nil
    }

    /// `议题一：…` / `议题2 …`: the whole line when it ends within 80 characters, else the marker.
    private func agendaItem(at start: Int, limit: Int) -> (end: Int, text: String)? {
        var cursor = text.cursor(at: start, limit: limit)
        guard start + 2 < limit, cursor.match(Array("议题".unicodeScalars)),
              cursor.skip(while: ScalarClass.isNumber) > 0,
              let separator = cursor.peek(), ScalarClass.isColon(separator) || separator == "、" || ScalarClass.isSpace(separator)
        else { return nil }
        let markerEnd = cursor.position + (ScalarClass.isSpace(separator) ? 0 : 1)
        var line = text.cursor(at: cursor.position + 1, limit: limit)
        if line.read(until: ScalarClass.isLineBreak, max: 79) != nil { return (line.position, text.trimmedString(start, line.position)) }
        return (markerEnd, text.string(start, markerEnd))
    }

    /// A sub-group heading right before a roster speaker: `运营商大网组 徐福（…）：`.
    private func subGroupHeading(at start: Int, limit: Int) -> (end: Int, text: String)? {
        var cursor = text.cursor(at: start, limit: limit)
        let word = cursor.read(while: ScalarClass.isHan, max: 11)
        guard word.count >= 3, word.count <= 10, text[word.upperBound - 1] == "组", cursor.next(is: ScalarClass.isSpace) else { return nil }
        let next = text.skippingSpace(from: word.upperBound, limit: limit)
        guard next < limit, let found = speakers.speaker(at: next, limit: limit, lineStart: false), found.match == "roster" else { return nil }
        return (word.upperBound, text.string(start, word.upperBound))
    }
}
