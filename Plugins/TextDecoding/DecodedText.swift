/// The result of turning raw bytes into text.
public struct DecodedText: Sendable, Equatable {
    /// The decoded text, without a byte order mark; line endings are left untouched.
    public let text: String
    /// Canonical name of the encoding used, e.g. `"UTF-8"`, `"GB18030"`, `"Big5"`.
    public let encoding: String
    /// Whether the bytes started with a byte order mark (which is not part of `text`).
    public let byteOrderMark: Bool
    /// Number of invalid byte sequences that were replaced with U+FFFD.
    public let replacements: Int
    /// How the encoding was chosen.
    public let method: DetectionMethod
    /// For UTF-8 with ill-formed sequences: the byte offset of the first one.
    public let firstInvalidByte: Int?

    /// Creates a result; the decoder builds these, callers normally only read them.
    public init(text: String, encoding: String, byteOrderMark: Bool, replacements: Int, method: DetectionMethod, firstInvalidByte: Int? = nil) {
        self.text = text
        self.encoding = encoding
        self.byteOrderMark = byteOrderMark
        self.replacements = replacements
        self.method = method
        self.firstInvalidByte = firstInvalidByte
    }

    /// What a reader should tell the user about this decoding, or nil when there is nothing to
    /// say: bytes replaced with U+FFFD (and where the first was, for UTF-8), and a legacy encoding
    /// that was guessed (no byte order mark, no declared label, not UTF-8).
    public var warning: String? {
        var parts: [String] = []
        if let replaced = replacementWarning { parts.append(replaced) }
        if method == .detected || method == .fallback, !encoding.hasPrefix("UTF-") {
            parts.append("the encoding was guessed as \(encoding) (no byte order mark or declared charset, and the bytes are not UTF-8)")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// The part of ``warning`` about replaced bytes alone (how many, and where the first was for
    /// UTF-8), or nil when nothing was replaced: for a reader that says otherwise how the encoding
    /// was chosen (a page whose declared charset its bytes contradict).
    public var replacementWarning: String? {
        guard replacements > 0 else { return nil }
        let first = firstInvalidByte.map { " (the first at byte \($0))" } ?? ""
        return "\(replacements) invalid byte sequence(s) replaced with U+FFFD while decoding as \(encoding)\(first)"
    }
}

/// How `TextDecoding` chose the encoding of a text.
public enum DetectionMethod: String, Sendable {
    /// A UTF-8, UTF-16 or UTF-32 byte order mark at the start of the bytes.
    case byteOrderMark
    /// The label given by the caller (or the label passed to `decode(_:as:)`).
    case declared
    /// The bytes are valid UTF-8 (pure ASCII counts as UTF-8).
    case validUTF8
    /// Statistical detection: uchardet, BOM-less UTF-16/UTF-32 sniffing, or
    /// UTF-8 with a few damaged bytes.
    case detected
    /// Nothing conclusive: the best of GB18030 and Big5, else windows-1252.
    case fallback
}
