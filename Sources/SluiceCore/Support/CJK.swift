/// The one classification of CJK (Chinese, Japanese, Korean) characters, for the core and every
/// plugin. Each function takes a Unicode scalar; ranges are Unicode blocks:
///
/// - ``isHan(_:)``: Han ideographs (CJK Unified Ideographs, Extension A, Extensions B–H and the
///   Compatibility Ideographs and their supplement) and 〇 (U+3007, Script=Han).
/// - ``isKana(_:)``: Hiragana, Katakana and Katakana Phonetic Extensions.
/// - ``isHangul(_:)``: precomposed Hangul syllables.
/// - ``isBopomofo(_:)``: Bopomofo.
/// - ``isCJK(_:)``: any of the four: a character that is written without spaces around it.
/// - ``isFullwidthPunctuation(_:)``: CJK and full-width punctuation (、。，：；！？（）「」『』《》 and
///   the curly quotes, ellipsis, em dash and middle dot CJK text uses).
public enum CJK {
    /// Whether `s` is a Han ideograph (or 〇).
    public static func isHan(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x323AF, 0x3007: true
        default: false
        }
    }

    /// Whether `s` is hiragana or katakana.
    public static func isKana(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3040...0x30FF, 0x31F0...0x31FF: true
        default: false
        }
    }

    /// Whether `s` is a precomposed Hangul syllable.
    public static func isHangul(_ s: Unicode.Scalar) -> Bool { (0xAC00...0xD7AF).contains(s.value) }

    /// Whether `s` is a Bopomofo letter.
    public static func isBopomofo(_ s: Unicode.Scalar) -> Bool { (0x3100...0x312F).contains(s.value) }

    /// Whether `s` is Han, kana, Hangul or Bopomofo.
    public static func isCJK(_ s: Unicode.Scalar) -> Bool { isHan(s) || isKana(s) || isHangul(s) || isBopomofo(s) }

    /// Whether `s` is CJK or full-width punctuation.
    public static func isFullwidthPunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3001...0x3003, 0x3008...0x3011, 0x3014...0x301F: true
        case 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65: true
        case 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x2014, 0x00B7: true
        default: false
        }
    }
}
