import SluiceCore

// Phase 3 — points: the numbered points inside a statement (`（1）…`, `1、…`, `①…`, `A：…`).

/// Splits a statement's text into its numbered points.
struct PointFinder {
    let text: MinutesText

    /// The numbered points in `[start, end)`.
    func points(_ start: Int, _ end: Int) -> [MinutesPoint] {
        var marks: [(start: Int, textStart: Int, marker: String)] = []
        var index = start
        while index < end {
            let c = text[index]
            let boundary = index == start || ScalarClass.isSpace(text[index - 1]) || ScalarClass.isSentenceEnd(text[index - 1])
                || ScalarClass.isCircledNumber(c) || c == "（"
            if boundary, let marker = pointMarker(at: index, limit: end) {
                marks.append((index, marker.textStart, text.string(index, marker.end)))
                index = marker.textStart
                continue
            }
            index += 1
        }
        return marks.enumerated().map { k, mark in
            let markEnd = k + 1 < marks.count ? marks[k + 1].start : end
            return MinutesPoint(marker: mark.marker, text: text.trimmedString(mark.textStart, markEnd))
        }
    }

    /// A point marker at `start`: its end and where the point's text starts.
    private func pointMarker(at start: Int, limit: Int) -> (end: Int, textStart: Int)? {
        var cursor = text.cursor(at: start, limit: limit)
        guard let c = cursor.peek() else { return nil }
        if ScalarClass.isCircledNumber(c) {
            // ①…⑳
            cursor.advance()
        } else if ScalarClass.isOpenBracket(c) {
            // （1） (1) （一）
            cursor.advance()
            guard cursor.skip(while: ScalarClass.isNumber, max: 3) > 0, cursor.match(ScalarClass.isCloseBracket) else { return nil }
        } else if ScalarClass.isDigit(c) {
            // 1、 1. 1． 1） 1)
            cursor.skip(while: ScalarClass.isDigit, max: 2)
            guard let end = cursor.peek() else { return nil }
            let decimal = end == "." || end == "．"
            guard end == "、" || ScalarClass.isCloseBracket(end) || (decimal && !(cursor.peek(1).map(ScalarClass.isDigit) ?? false)) else { return nil }
            cursor.advance()
        } else if ScalarClass.isNumeral(c) {
            // 一、
            cursor.skip(while: ScalarClass.isNumeral, max: 3)
            guard cursor.match("、") else { return nil }
        } else if ScalarClass.isLatin(c), let end = cursor.peek(1), ScalarClass.isLetterPointEnd(end) {
            // A： B、 a.
            if end == ".", let following = cursor.peek(2), ScalarClass.isLatin(following) { return nil }
            if start > 0, ScalarClass.isLatin(text[start - 1]) { return nil }
            cursor.advance(2)
        } else {
            return nil
        }
        return pointText(after: cursor)
    }

    /// Where a point's text starts after its marker (at most four spaces; not at a line end).
    private func pointText(after marker: TextCursor) -> (end: Int, textStart: Int)? {
        var cursor = marker
        cursor.skip(while: ScalarClass.isInlineSpace, max: 4)
        guard let c = cursor.peek(), !ScalarClass.isSpace(c) else { return nil }
        return (marker.position, cursor.position)
    }
}
