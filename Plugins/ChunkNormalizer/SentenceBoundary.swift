/// Where sentences end: CJK 。！？；… (and ｡), Latin . ! ? (a period only before white space and
/// not after a common abbreviation or an initial), a line break; closing quotes and brackets
/// right after the mark stay with the sentence.
enum SentenceBoundary {
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "no", "fig",
        "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
        "oct", "nov", "dec", "u.s", "u.k", "gov", "gen", "col", "lt", "sgt", "rev", "approx", "dept",
    ]

    /// The length of the longest of ``abbreviations`` in scalars.
    static let longestAbbreviation = abbreviations.map(\.unicodeScalars.count).max()!

    /// Whether a sentence can end at `c` (the marks ``end(_:at:limit:)`` looks at); a quick test
    /// so that most characters cost a comparison, not a call.
    @inline(__always)
    static func mayEnd(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x0A, 0x21, 0x2E, 0x3F, 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x2026, 0xFF61: true
        default: false
        }
    }

    /// The end (exclusive) of the sentence whose final mark is at `i`, or nil when `i` ends none.
    static func end(_ s: [Unicode.Scalar], at i: Int, limit: Int) -> Int? {
        let c = s[i]
        switch c.value {
        case 0x0A: return i + 1
        case 0x21, 0x2E, 0x3F, 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x2026, 0xFF61: break
        default: return nil
        }
        let isPeriod = c == "."
        var j = i + 1
        // Repeated marks (……, ?!, ...) stay together.
        while j < limit, s[j] == c || isEnder(s[j]) || s[j] == "." { j += 1 }
        while j < limit, isCloser(s[j]) { j += 1 }
        if c == "…" && j == i + 1 && j < limit && !isFollowedByBreak(s, j, limit) { return nil }
        if isPeriod || c == "!" || c == "?" {
            // A Latin mark ends a sentence only before white space or the end.
            guard j == limit || TokenCounter.isSpace(s[j]) || isCJK(s[j]) else { return nil }
            if isPeriod && j == i + 1 && isAbbreviation(s, before: i) { return nil }
        }
        return j
    }

    /// Whether `s` is a sentence mark that joins a run of marks: 。！？；…｡!? (a switch, not a set:
    /// no hashing per character).
    private static func isEnder(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x2026, 0xFF61, 0x21, 0x3F: true
        default: false
        }
    }

    /// Whether `s` is a closing quote or bracket that stays with the sentence: ”’」』）)"'》】〕].
    private static func isCloser(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x29, 0x22, 0x27, 0x300B, 0x3011, 0x3015, 0x5D: true
        default: false
        }
    }

    private static func isFollowedByBreak(_ s: [Unicode.Scalar], _ j: Int, _ limit: Int) -> Bool {
        j >= limit || TokenCounter.isSpace(s[j])
    }

    private static func isCJK(_ s: Unicode.Scalar) -> Bool { s.value >= 0x2E80 }

    /// Whether the word before the period at `i` is a known abbreviation or a single capital.
    private static func isAbbreviation(_ s: [Unicode.Scalar], before i: Int) -> Bool {
        var k = i
        while k > 0, s[k - 1].properties.isAlphabetic || s[k - 1] == "." {
            k -= 1
            // Longer than every listed abbreviation and than an initial: no need to read on.
            if i - k > longestAbbreviation { return false }
        }
        let word = String(String.UnicodeScalarView(s[k..<i]))
        if word.isEmpty { return false }
        if word.unicodeScalars.count == 1, word.unicodeScalars.first!.properties.isUppercase { return true }
        return abbreviations.contains(word.lowercased())
    }
}
