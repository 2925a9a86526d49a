/// Text helpers shared by readers and normalizers.
public enum TextSupport {
    /// The body text of a list of blocks: every block's text except images', non-empty ones
    /// joined with a blank line.
    public static func bodyText(of blocks: [Block]) -> String {
        blocks.lazy.filter { $0.type != .image && !$0.text.isEmpty }.map(\.text).joined(separator: "\n\n")
    }

    /// Whether a scalar is a CJK ideograph, kana, Hangul syllable or bopomofo.
    public static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: true
        case 0x3040...0x30FF, 0x31F0...0x31FF: true
        case 0xAC00...0xD7AF, 0x3100...0x312F: true
        default: false
        }
    }

    /// Whether a scalar is CJK or full-width punctuation (、。，：；！？（）「」『』《》“” and the like).
    public static func isCJKPunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3001...0x3003, 0x3008...0x3011, 0x3014...0x301F: true
        case 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65: true
        case 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2014, 0x00B7: true
        default: false
        }
    }

    /// A best guess of the main language of `text`: `zh` when CJK ideographs dominate the letters,
    /// `ja` when kana are frequent, `ko` for Hangul, `en` for mostly Latin letters, else nil.
    public static func guessLanguage(_ text: String) -> String? {
        var han = 0, kana = 0, hangul = 0, latin = 0
        for s in text.unicodeScalars.prefix(20_000) {
            switch s.value {
            case 0x4E00...0x9FFF, 0x3400...0x4DBF: han += 1
            case 0x3040...0x30FF: kana += 1
            case 0xAC00...0xD7AF: hangul += 1
            case 0x41...0x5A, 0x61...0x7A: latin += 1
            default: break
            }
        }
        let letters = han + kana + hangul + latin
        guard letters >= 4 else { return nil }
        if kana * 10 > letters { return "ja" }
        if hangul * 3 > letters { return "ko" }
        // One ideograph carries about as much as a word of four Latin letters.
        if han * 4 >= latin { return "zh" }
        return "en"
    }

    /// Sentence-final punctuation, ASCII and full-width.
    public static let finalPunctuation: Set<Character> = ["。", "！", "？", "!", "?", ".", "；", ";", "：", ":", "，", ",", "、", "…", "”", "\"", "’", "）", ")"]
}
