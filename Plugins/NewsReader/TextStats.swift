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

    init() {}

    init(_ text: some StringProtocol) {
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
        endsWithSentencePunctuation = TextStats.isTerminal(last.value)
            || (TextStats.isClosingQuote(last.value) && TextStats.isTerminal(previous.value))
    }

    /// A length that weighs an ideograph like a short word: ideographs count 2, other characters 1.
    var weighted: Int { chars + cjk }

    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0, 0x3000, 0x2000...0x200B, 0xFEFF, 0x202F, 0x205F: true
        default: false
        }
    }

    static func isCJK(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x3040...0x30FF).contains(v)
            || (0xAC00...0xD7AF).contains(v) || (0xF900...0xFAFF).contains(v) || (0x20000...0x2FA1F).contains(v)
    }

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
    /// Collapses whitespace runs (including NBSP and ideographic spaces) into one space, repairs
    /// HTML entities left over by bad conversions (`xA0;`, `&nbsp;`), and trims.
    static func normalize(_ text: String) -> String {
        var s = text
        if s.utf8.contains(0x3B) {
            for entity in ["&nbsp;", "&#160;", "&#xA0;", "&#xa0;", "&amp;nbsp;", "xA0;", "xa0;", "#160;", "nbsp;"] where s.has(entity) {
                s = s.replacingAll(entity, with: " ")
            }
        }
        let original = s
        var work = s
        return work.withUTF8 { bytes -> String in
            let n = bytes.count
            var out = [UInt8]()
            out.reserveCapacity(n)
            var pendingSpace = false
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
                    i += spaceLength
                    continue
                }
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(b)
                i += 1
            }
            if pendingSpace { changed = true }
            if !changed && out.count == n { return original }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
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

