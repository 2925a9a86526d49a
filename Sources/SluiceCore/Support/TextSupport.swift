/// Text helpers shared by readers and normalizers.
public enum TextSupport {
    /// The body text of a list of blocks: every block's text except images', non-empty ones
    /// joined with a blank line.
    public static func bodyText(of blocks: [Block]) -> String {
        blocks.lazy.filter { $0.type != .image && !$0.text.isEmpty }.map(\.text).joined(separator: "\n\n")
    }

    /// Whether a scalar is a CJK ideograph, kana, Hangul syllable or bopomofo.
    @available(*, deprecated, renamed: "CJK.isCJK")
    public static func isCJK(_ s: Unicode.Scalar) -> Bool { CJK.isCJK(s) }

    /// Whether a scalar is CJK or full-width punctuation.
    @available(*, deprecated, renamed: "CJK.isFullwidthPunctuation")
    public static func isCJKPunctuation(_ s: Unicode.Scalar) -> Bool { CJK.isFullwidthPunctuation(s) }

    /// A best guess of the main language of `text`: `zh` when CJK ideographs dominate the letters,
    /// `ja` when kana are frequent, `ko` for Hangul, `en` for mostly Latin letters, else nil.
    public static func guessLanguage(_ text: String) -> String? {
        var han = 0, kana = 0, hangul = 0, latin = 0
        for s in text.unicodeScalars.prefix(20_000) {
            if CJK.isHan(s) {
                han += 1
            } else if CJK.isKana(s) {
                kana += 1
            } else if CJK.isHangul(s) {
                hangul += 1
            } else if (0x41...0x5A).contains(s.value) || (0x61...0x7A).contains(s.value) {
                latin += 1
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
