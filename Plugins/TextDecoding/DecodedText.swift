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

    /// Creates a result; the decoder builds these, callers normally only read them.
    public init(text: String, encoding: String, byteOrderMark: Bool, replacements: Int, method: DetectionMethod) {
        self.text = text
        self.encoding = encoding
        self.byteOrderMark = byteOrderMark
        self.replacements = replacements
        self.method = method
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
