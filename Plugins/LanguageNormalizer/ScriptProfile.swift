import SluiceCore

/// Counts of what a text is made of, gathered in one pass, and the language they point to.
struct ScriptProfile: Sendable {
    var han = 0, kana = 0, hangul = 0, latin = 0, digits = 0, symbols = 0, visible = 0
    var simplified = 0, traditional = 0
    var words = 0, stopWords = 0
    var sentences = 0

    init(_ text: String) {
        var word: [Unicode.Scalar] = []
        for s in text.unicodeScalars {
            let v = s.value
            if v < 0x80 {
                countASCII(s, &word)
                continue
            }
            if Self.isNonASCIIWhitespace(v) { flush(&word); continue }
            visible += 1
            switch v {
            case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x3134F:
                han += 1
                let flags = HanVariants.flags(s)
                if flags & 1 != 0 { simplified += 1 }
                if flags & 2 != 0 { traditional += 1 }
            case 0x3040...0x30FF, 0x31F0...0x31FF: kana += 1
            case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F: hangul += 1
            default:
                if s.properties.isAlphabetic {
                    if v < 0x250 { latin += 1; word.append(s); continue }
                } else if s.properties.numericType != nil {
                    digits += 1
                } else {
                    symbols += 1
                    if "。！？!?".unicodeScalars.contains(s) || (s == "." && !word.isEmpty) { sentences += 1 }
                }
            }
            flush(&word)
        }
        flush(&word)
    }

    /// Unicode's White_Space property above ASCII (a switch instead of a property query).
    @inline(__always)
    static func isNonASCIIWhitespace(_ v: UInt32) -> Bool {
        switch v {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    private mutating func countASCII(_ s: Unicode.Scalar, _ word: inout [Unicode.Scalar]) {
        switch s.value {
        case 0x41...0x5A, 0x61...0x7A:
            visible += 1
            latin += 1
            word.append(s)
            return
        case 0x09...0x0D, 0x20:
            flush(&word)
            return
        case 0x30...0x39:
            digits += 1
        default:
            symbols += 1
            if s == "!" || s == "?" || (s == "." && !word.isEmpty) { sentences += 1 }
        }
        visible += 1
        flush(&word)
    }

    private mutating func flush(_ word: inout [Unicode.Scalar]) {
        guard !word.isEmpty else { return }
        words += 1
        if word.count <= StopWords.longest, StopWords.english.contains(String(String.UnicodeScalarView(word)).lowercased()) { stopWords += 1 }
        word.removeAll(keepingCapacity: true)
    }

    /// The script that dominates the letters: `Hani`, `Jpan`, `Kore`, `Latn` or `other`.
    var script: String {
        let letters = han + kana + hangul + latin
        guard letters > 0 else { return "other" }
        if hangul * 3 > letters { return "Kore" }
        if kana > 0 && kana * 10 >= han + kana && (han + kana) * 4 >= latin { return "Jpan" }
        if han * 4 >= latin { return "Hani" }
        return latin * 2 >= letters ? "Latn" : "other"
    }

    /// `zh-Hans`, `zh-Hant`, `zh` (Han with no telling characters), `ja`, `ko`, `en` or `other`.
    var language: String {
        switch script {
        case "Kore": return "ko"
        case "Jpan": return "ja"
        case "Hani":
            if simplified > traditional { return "zh-Hans" }
            if traditional > simplified { return "zh-Hant" }
            return "zh"
        case "Latn":
            return words >= 3 && stopWords * 100 >= words * 15 ? "en" : "other"
        default: return "other"
        }
    }
}
