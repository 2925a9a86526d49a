#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceCore

/// Character-level measures used by the extractor: counts that work the same for Chinese and
/// for alphabetic scripts.
struct TextStats: Sendable {
    /// Characters that are not whitespace.
    var chars = 0
    /// CJK ideographs (and kana/hangul).
    var cjk = 0
    /// Sentence and clause punctuation (，。！？；：、,.;!? and the like).
    var punctuation = 0
    /// Characters that end a sentence (。！？!?.… and closing quotes after them).
    var endsWithSentencePunctuation = false
    /// The last two non-space scalars (a space when there are none), so that the measures of
    /// a concatenation can be combined from those of its parts.
    var lastScalar: UInt32 = 0x20
    var previousScalar: UInt32 = 0x20

    init() {}

    init(_ text: some StringProtocol) {
        if let stats = text.utf8.withContiguousStorageIfAvailable({ TextStats(utf8: $0) }) {
            self = stats
            return
        }
        self.init(scalars: text)
    }

    /// The same measures over valid UTF-8, decoded by hand (ASCII needs no decoding at all).
    init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        var last: UInt32 = 0x20
        var previous: UInt32 = 0x20
        var chars = 0
        var cjk = 0
        var punctuation = 0
        let n = bytes.count
        var i = 0
        while i < n {
            let b0 = bytes[i]
            let v: UInt32
            if b0 < 0x80 {
                i += 1
                // Bit masks over ASCII: spaces (tab to CR, space) and punctuation (, . ; ! ? : " ').
                let bit: UInt64 = 1 << UInt64(b0 & 63)
                if b0 < 64 {
                    if 0x0000_0001_0000_3E00 & bit != 0 { continue }
                    if 0x8C00_5086_0000_0000 & bit != 0 { punctuation += 1 }
                }
                chars += 1
                previous = last
                last = UInt32(b0)
                continue
            } else if b0 < 0xE0 {
                v = UInt32(b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                i += 2
            } else if b0 < 0xF0 {
                v = UInt32(b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                i += 3
            } else {
                v = UInt32(b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
                i += 4
            }
            if TextStats.isSpace(value: v) { continue }
            chars += 1
            if TextStats.isCJK(v) { cjk += 1 } else if TextStats.isPunctuation(v) { punctuation += 1 }
            previous = last
            last = v
        }
        self.chars = chars
        self.cjk = cjk
        self.punctuation = punctuation
        lastScalar = last
        previousScalar = previous
        endsWithSentencePunctuation = TextStats.isTerminal(last) || (TextStats.isClosingQuote(last) && TextStats.isTerminal(previous))
    }

    /// Appends the measures of a text to these (those of the concatenation, exactly).
    mutating func append(_ other: TextStats) {
        chars += other.chars
        cjk += other.cjk
        punctuation += other.punctuation
        if other.chars >= 2 {
            previousScalar = other.previousScalar
            lastScalar = other.lastScalar
        } else if other.chars == 1 {
            previousScalar = lastScalar
            lastScalar = other.lastScalar
        }
        endsWithSentencePunctuation = TextStats.isTerminal(lastScalar)
            || (TextStats.isClosingQuote(lastScalar) && TextStats.isTerminal(previousScalar))
    }

    init(scalars text: some StringProtocol) {
        var last: Unicode.Scalar = " "
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if TextStats.isSpace(scalar) { continue }
            chars += 1
            if TextStats.isCJK(v) { cjk += 1 } else if TextStats.isPunctuation(v) { punctuation += 1 }
            previous = last
            last = scalar
        }
        lastScalar = last.value
        previousScalar = previous.value
        endsWithSentencePunctuation = TextStats.isTerminal(last.value)
            || (TextStats.isClosingQuote(last.value) && TextStats.isTerminal(previous.value))
    }

    /// A length that weighs an ideograph like a short word: ideographs count 2, other characters 1.
    var weighted: Int { chars + cjk }

    static func isSpace(_ s: Unicode.Scalar) -> Bool { isSpace(value: s.value) }

    static func isSpace(value: UInt32) -> Bool {
        switch value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0, 0x3000, 0x2000...0x200B, 0xFEFF, 0x202F, 0x205F: true
        default: false
        }
    }

    static func isCJK(_ v: UInt32) -> Bool { Unicode.Scalar(v).map(CJK.isCJK) ?? false }

    static func isPunctuation(_ v: UInt32) -> Bool {
        switch v {
        case 0x2C, 0x2E, 0x3B, 0x21, 0x3F, 0x3A, 0x22, 0x27: true  // , . ; ! ? : " '
        case 0x3001, 0x3002, 0xFF0C, 0xFF01, 0xFF1F, 0xFF1B, 0xFF1A, 0x201C, 0x201D, 0x2018, 0x2019, 0x2026, 0x2014,
            0x300C, 0x300D, 0x300E, 0x300F, 0xFF08, 0xFF09:
            true
        default: false
        }
    }

    static func isTerminal(_ v: UInt32) -> Bool {
        switch v {
        case 0x2E, 0x21, 0x3F, 0x3002, 0xFF01, 0xFF1F, 0x2026, 0xFF0E: true
        default: false
        }
    }

    static func isClosingQuote(_ v: UInt32) -> Bool {
        v == 0x201D || v == 0x2019 || v == 0x22 || v == 0x300D || v == 0x300F || v == 0xFF09 || v == 0x29
    }
}

enum TextClean {
    /// `text.filter { !$0.isWhitespace }`, by scalars when every scalar of the text is a
    /// character of its own (ASCII, Latin, CJK ideographs, kana, CJK and general punctuation,
    /// full-width forms: no combining marks, joiners, jamo, CR or emoji), where the two agree;
    /// otherwise by characters.
    static func removingWhitespace(_ text: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09...0x0C, 0x20, 0xA0, 0x3000:
                continue
            case 0x21...0x7E, 0xA1...0x2FF, 0x2010...0x2027, 0x2030...0x205E, 0x3001...0x3029, 0x3030...0x303F, 0x3041...0x3096,
                0x30A1...0x30FA, 0xFF01...0xFF9D:
                out.append(contentsOf: UTF8.encode(scalar)!)
            case _ where CJK.isHan(scalar):
                out.append(contentsOf: UTF8.encode(scalar)!)
            default:
                return text.filter { !$0.isWhitespace }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Collapses whitespace runs (including NBSP and ideographic spaces) into one space, repairs
    /// HTML entities left over by bad conversions (`xA0;`, `&nbsp;`), and trims.
    static func normalize(_ text: String) -> String {
        var s = text
        if s.utf8.withContiguousStorageIfAvailable({ b in b.baseAddress.map { memchr($0, 0x3B, b.count) != nil } ?? false }) ?? s.utf8.contains(0x3B) {
            for entity in ["&nbsp;", "&#160;", "&#xA0;", "&#xa0;", "&amp;nbsp;", "xA0;", "xa0;", "#160;", "nbsp;"] where s.has(entity) {
                s = s.replacingAll(entity, with: " ")
            }
        }
        let original = s
        var work = s
        return work.withUTF8 { bytes -> String in
            let n = bytes.count
            // Most runs need nothing: no space at either end, no two in a row, no space other
            // than U+0020. Checked first without building anything.
            if !needsCollapsing(bytes) { return original }
            var out = [UInt8]()
            out.reserveCapacity(n)
            var pendingSpace = false
            // Whether the pending white space holds a line break of the source.
            var pendingBreak = false
            var changed = false
            var i = 0
            while i < n {
                let b = bytes[i]
                var spaceLength = 0
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C {
                    spaceLength = 1
                } else if b == 0xC2, i + 1 < n, bytes[i + 1] == 0xA0 {
                    spaceLength = 2
                } else if b == 0xE3, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 {
                    spaceLength = 3
                } else if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, (0x80...0x8D).contains(bytes[i + 2]) || bytes[i + 2] == 0xAF {
                    spaceLength = 3
                } else if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x81, bytes[i + 2] == 0x9F {
                    spaceLength = 3
                } else if b == 0xEF, i + 2 < n, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF {
                    spaceLength = 3
                }
                if spaceLength > 0 {
                    if spaceLength > 1 || b != 0x20 || pendingSpace || out.isEmpty { changed = true }
                    pendingSpace = true
                    if b == 0x0A || b == 0x0D { pendingBreak = true }
                    i += spaceLength
                    continue
                }
                if pendingSpace && !out.isEmpty
                    && !(pendingBreak && segmentBreakVanishes(before: lastScalar(out), after: scalar(bytes, at: i)))
                {
                    out.append(0x20)
                }
                pendingSpace = false
                pendingBreak = false
                out.append(b)
                i += 1
            }
            if pendingSpace { changed = true }
            if !changed && out.count == n { return original }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

extension TextClean {
    /// Whether the bytes hold anything `normalize` changes: a space at either end, two in a row,
    /// or white space other than U+0020.
    static func needsCollapsing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        var needsWork = false
        var afterSpace = true
        var k = 0
        while k < n {
            let b = bytes[k]
            if b == 0x20 {
                if afterSpace { needsWork = true; break }
                afterSpace = true
            } else if b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C {
                needsWork = true
                break
            } else if b == 0xC2 && k + 1 < n && bytes[k + 1] == 0xA0 {
                needsWork = true
                break
            } else if (b == 0xE2 || b == 0xE3 || b == 0xEF) && k + 2 < n {
                let b1 = bytes[k + 1]
                let b2 = bytes[k + 2]
                if (b == 0xE3 && b1 == 0x80 && b2 == 0x80)
                    || (b == 0xE2 && b1 == 0x80 && ((0x80...0x8D).contains(b2) || b2 == 0xAF))
                    || (b == 0xE2 && b1 == 0x81 && b2 == 0x9F) || (b == 0xEF && b1 == 0xBB && b2 == 0xBF)
                {
                    needsWork = true
                    break
                }
                afterSpace = false
            } else {
                afterSpace = false
            }
            k += 1
        }
        return needsWork || (afterSpace && n > 0)
    }

    /// CSS's segment-break rule: a line break in the source between two wide East Asian
    /// characters (ideographs, kana, CJK punctuation; not Hangul, which is written with spaces)
    /// renders as nothing. A space typed by the author is not a segment break and stays.
    static func segmentBreakVanishes(before: Unicode.Scalar?, after: Unicode.Scalar?) -> Bool {
        guard let before, let after else { return false }
        return isWide(before) && isWide(after)
    }

    static func isWide(_ s: Unicode.Scalar) -> Bool {
        if CJK.isHangul(s) { return false }
        return CJK.isCJK(s) || CJK.isFullwidthPunctuation(s) || (0xFF01...0xFF60).contains(s.value)
    }

    /// The scalar that starts at byte `i` of valid UTF-8.
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Unicode.Scalar? {
        guard i < bytes.count else { return nil }
        var decoder = UTF8()
        var iterator = bytes[i..<min(bytes.count, i + 4)].makeIterator()
        if case .scalarValue(let v) = decoder.decode(&iterator) { return v }
        return nil
    }

    /// The last scalar of valid UTF-8 bytes.
    static func lastScalar(_ out: [UInt8]) -> Unicode.Scalar? {
        var start = out.count - 1
        while start > 0 && out[start] & 0xC0 == 0x80 { start -= 1 }
        guard start >= 0 else { return nil }
        return out.withUnsafeBufferPointer { scalar($0, at: start) }
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        // Absent (the usual case): the string itself, without rebuilding it.
        guard !target.isEmpty, has(target) else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.byteRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }

    /// Whether the string contains any of `needles`.
    func containsAny(_ needles: [String]) -> Bool {
        needles.contains { self.has($0) }
    }
}

