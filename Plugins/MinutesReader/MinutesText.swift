import SluiceCore

/// The text being parsed, as Unicode scalars (the parser's positions are scalar indices), with
/// a byte view so that a piece of text is copied as bytes rather than rebuilt scalar by scalar.
struct MinutesText {
    /// The text's scalars.
    let scalars: [Unicode.Scalar]
    /// The number of scalars.
    let count: Int
    private let utf8: [UInt8]
    /// For each scalar index (and the end), its UTF-8 offset.
    private let utf8Offsets: [UInt32]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        count = scalars.count
        utf8 = Array(text.utf8)
        var offsets = [UInt32](repeating: 0, count: scalars.count + 1)
        var offset: UInt32 = 0
        for (index, scalar) in scalars.enumerated() {
            offsets[index] = offset
            offset += UInt32(UTF8.width(scalar))
        }
        offsets[scalars.count] = offset
        utf8Offsets = offsets
    }

    subscript(index: Int) -> Unicode.Scalar { scalars[index] }

    /// A cursor at `position` that reads up to `limit` (the end of the text by default).
    func cursor(at position: Int, limit: Int? = nil) -> TextCursor {
        TextCursor(text: self, position: position, limit: limit ?? count)
    }

    /// The text of `[start, end)` (empty when the range is empty).
    func string(_ start: Int, _ end: Int) -> String {
        guard start < end else { return "" }
        return String(decoding: utf8[Int(utf8Offsets[start])..<Int(utf8Offsets[end])], as: UTF8.self)
    }

    /// The text of `[start, end)` with whitespace trimmed at both ends.
    func trimmedString(_ start: Int, _ end: Int) -> String {
        let range = trimmedRange(start, end)
        return string(range.lowerBound, range.upperBound)
    }

    /// `[start, end)` without the whitespace at its ends.
    func trimmedRange(_ start: Int, _ end: Int) -> Range<Int> {
        var lower = start
        var upper = end
        while lower < upper && ScalarClass.isSpace(scalars[lower]) { lower += 1 }
        while upper > lower && ScalarClass.isSpace(scalars[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// A name as written in `[start, end)`, normalised: whitespace removed inside Chinese names
    /// (`刘  攀` is 刘攀), collapsed to single spaces in Latin ones (`Alice  Chen` is Alice Chen).
    func normalisedName(_ start: Int, _ end: Int) -> String {
        var view = String.UnicodeScalarView()
        let han = (start..<end).contains { ScalarClass.isHan(scalars[$0]) }
        var pendingSpace = false
        for scalar in scalars[start..<end] {
            if ScalarClass.isSpace(scalar) {
                pendingSpace = !han && !view.isEmpty
            } else {
                if pendingSpace { view.append(" ") }
                pendingSpace = false
                view.append(scalar)
            }
        }
        return String(view)
    }

    /// Whether `word` is spelled at `index`.
    func has(_ word: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + word.count <= count else { return false }
        return scalars[index..<(index + word.count)].elementsEqual(word)
    }

    /// Whether a word may start at `index`: the text's start or after whitespace.
    func isWordStart(_ index: Int) -> Bool { index == 0 || ScalarClass.isSpace(scalars[index - 1]) }

    /// Whether `index` starts a line (or is `bodyStart`).
    func isLineStart(_ index: Int) -> Bool { index == 0 || scalars[index - 1] == "\n" || scalars[index - 1] == "\r" }

    /// Whether only markdown heading or quote marks (`## `, `> `; at most 12 scalars) stand
    /// before `index` on its line.
    func followsHeadingMarks(_ index: Int) -> Bool {
        var k = index
        var marks = 0
        while k > 0, index - k < 12, scalars[k - 1] == "#" || scalars[k - 1] == ">" || ScalarClass.isInlineSpace(scalars[k - 1]) {
            if !ScalarClass.isInlineSpace(scalars[k - 1]) { marks += 1 }
            k -= 1
        }
        return marks > 0 && isLineStart(k)
    }

    /// Whether only inline whitespace (and a colon) follows `index` up to the line's end.
    func restOfLineIsBlank(_ index: Int, limit: Int) -> Bool {
        var cursor = cursor(at: index, limit: limit)
        cursor.skip(while: { ScalarClass.isInlineSpace($0) || ScalarClass.isColon($0) || ScalarClass.isEmphasis($0) })
        return cursor.isAtEnd || cursor.next(is: ScalarClass.isLineBreak)
    }

    /// The index after the whitespace from `index` (up to `limit`).
    func skippingSpace(from index: Int, limit: Int? = nil) -> Int {
        var cursor = cursor(at: index, limit: limit)
        cursor.skip(while: ScalarClass.isSpace)
        return cursor.position
    }

    /// The start of the line holding `index`, not below `lowerBound`.
    func lineStart(of index: Int, lowerBound: Int) -> Int {
        var start = index
        while start > lowerBound && scalars[start - 1] != "\n" { start -= 1 }
        return start
    }

    /// The maximal runs without whitespace in `[start, end)`, as ranges.
    func tokens(_ start: Int, _ end: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var cursor = cursor(at: start, limit: end)
        while true {
            cursor.skip(while: ScalarClass.isSpace)
            if cursor.isAtEnd { break }
            out.append(cursor.read(while: { !ScalarClass.isSpace($0) }))
        }
        return out
    }
}

/// The character classes the parser needs, on Unicode scalars.
enum ScalarClass {
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x3000, 0xFEFF, 0x2000...0x200B, 0x202F, 0x205F: true
        default: false
        }
    }

    /// Whitespace other than a line break.
    static func isInlineSpace(_ c: Unicode.Scalar) -> Bool { isSpace(c) && c != "\n" && c != "\r" }

    static func isLineBreak(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\r" }

    /// A Han (CJK ideograph) character, or `〇`.
    static func isHan(_ c: Unicode.Scalar) -> Bool { CJK.isHan(c) }

    static func isColon(_ c: Unicode.Scalar) -> Bool { c == "：" || c == ":" }
    /// An ASCII or full-width digit.
    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) || (0xFF10...0xFF19).contains(c.value) }
    static func isUpper(_ c: Unicode.Scalar) -> Bool { ("A"..."Z").contains(c) }
    static func isLatin(_ c: Unicode.Scalar) -> Bool { ("A"..."Z").contains(c) || ("a"..."z").contains(c) }
    /// A letter, dot, apostrophe or hyphen: what a Latin name's words are made of.
    static func isLatinNamePart(_ c: Unicode.Scalar) -> Bool { isLatin(c) || c == "." || c == "'" || c == "-" }

    static func isOpenBracket(_ c: Unicode.Scalar) -> Bool { c == "（" || c == "(" }
    static func isCloseBracket(_ c: Unicode.Scalar) -> Bool { c == "）" || c == ")" }
    static func isTableBar(_ c: Unicode.Scalar) -> Bool { c == "|" || c == "｜" }
    /// `*` or `_` (markdown emphasis).
    static func isEmphasis(_ c: Unicode.Scalar) -> Bool { c == "*" || c == "_" }

    /// What may stand right before a field keyword (`；组员：`, `，记录员：`, `|组长|`).
    static func isFieldSeparator(_ c: Unicode.Scalar) -> Bool {
        switch c { case "；", ";", "，", ",", "。", "|", "｜", "：", ":": true; default: false }
    }

    /// What separates the names of a roster list.
    static func isListSeparator(_ c: Unicode.Scalar) -> Bool {
        switch c { case "、", "，", ",", "/", "／": true; default: false }
    }

    static func isSentenceEnd(_ c: Unicode.Scalar) -> Bool {
        switch c { case "。", "；", ";", "：", ":", "！", "？", "!", "?": true; default: false }
    }

    static func isSentenceStop(_ c: Unicode.Scalar) -> Bool {
        switch c { case "。", "！", "？", "!", "?": true; default: false }
    }

    /// What ends a lettered point marker (`A：`, `B、`, `a.`).
    static func isLetterPointEnd(_ c: Unicode.Scalar) -> Bool {
        switch c { case "：", ":", "、", ".", "．": true; default: false }
    }

    /// What ends an ordinal (`1、`, `2.`, `3．`).
    static func isOrdinalEnd(_ c: Unicode.Scalar) -> Bool { c == "、" || c == "." || c == "．" }

    /// A Chinese numeral character.
    static func isNumeral(_ c: Unicode.Scalar) -> Bool {
        switch c { case "零", "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "两": true; default: false }
    }

    /// A digit or a Chinese numeral.
    static func isNumber(_ c: Unicode.Scalar) -> Bool { isDigit(c) || isNumeral(c) }

    /// A circled number `①`…`⑳`.
    static func isCircledNumber(_ c: Unicode.Scalar) -> Bool { (0x2460...0x2473).contains(c.value) }
}

extension MinutesText {
    /// The segment `[start, end)` of `kind`, or none when the range is empty.
    func segment(_ kind: MinutesSegment.Kind, field: String?, group: Int?, _ start: Int, _ end: Int) -> [MinutesSegment] {
        guard start < end else { return [] }
        return [MinutesSegment(kind: kind, field: field, group: group, raw: string(start, end), offset: start)]
    }
}

/// Trimming for values taken from the text.
enum TextTrimming {
    /// `text` without whitespace and the characters in `extra` at both ends.
    static func trimming(_ text: some StringProtocol, also extra: Set<Character>) -> String {
        var result = Substring(text)
        while let first = result.first, extra.contains(first) || first.isWhitespace { result = result.dropFirst() }
        while let last = result.last, extra.contains(last) || last.isWhitespace { result = result.dropLast() }
        return String(result)
    }

    /// `text` without the trailing characters in `characters`.
    static func droppingTrailing(_ text: Substring, _ characters: Set<Character>) -> Substring {
        var result = text
        while let last = result.last, characters.contains(last) { result = result.dropLast() }
        return result
    }

    /// Whether `text` is empty or only markdown marks (`**`, `###`, `>`), which carry no value.
    static func isMarkupOnly(_ text: String) -> Bool {
        text.allSatisfy { "*#_>".contains($0) || $0.isWhitespace }
    }
}
