import SluiceTextDecoding

/// A page's bytes as text, with the encoding Sluice decided on.
struct DecodedPage: Sendable {
    var text: String
    var encoding: String
    var replacements: Int
    var hadBOM = false
}

/// Byte → text decoding for pages, through `SluiceTextDecoding`: byte-order mark, then the
/// declared charset when the bytes are valid in it, then detection.
enum PageDecoding {
    static func decode(_ bytes: [UInt8], declared: String?) -> DecodedPage {
        let decoded = TextDecoding.decode(bytes, declared: declared)
        return DecodedPage(text: decoded.text, encoding: decoded.encoding, replacements: decoded.replacements, hadBOM: decoded.byteOrderMark)
    }

    /// The canonical name of a charset label (`gb2312` → `GB18030`), or nil when unknown.
    static func canonical(_ label: String) -> String? {
        TextDecoding.canonicalName(forLabel: label)
    }
}

extension String {
    /// The string without leading and trailing whitespace (ASCII, NBSP, ideographic space).
    var trimmingSpaces: String {
        let u = utf8
        guard let first = u.first, let last = u.last else { return self }
        // Fast path: nothing to trim.
        if first > 0x20 && first != 0xC2 && first != 0xE3 && last > 0x20 && last != 0xA0 && last != 0x80 { return self }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
