#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceTextDecoding

/// A page's bytes as text, with the encoding Sluice decided on.
struct DecodedPage: Sendable {
    var text: String
    var encoding: String
    var replacements: Int
    var hadBOM = false
    /// What to tell the user about the decoding (bytes replaced, an encoding guessed), if anything.
    var warning: String? = nil
    /// The part of `warning` about replaced bytes alone.
    var replacementWarning: String? = nil
}

/// Byte → text decoding for pages, through `SluiceTextDecoding`: byte-order mark, then the
/// declared charset when the bytes are valid in it, then detection.
enum PageDecoding {
    static func decode(_ bytes: [UInt8], declared: String?) -> DecodedPage {
        let decoded = TextDecoding.decode(bytes, declared: declared)
        return DecodedPage(
            text: decoded.text, encoding: decoded.encoding, replacements: decoded.replacements, hadBOM: decoded.byteOrderMark,
            warning: decoded.warning, replacementWarning: decoded.replacementWarning)
    }

    /// Whether `TextDecoding.decode(bytes, declared:)` is known to answer "UTF-8, nothing
    /// replaced, no byte-order mark, the text is the bytes" without asking it (and without it
    /// building a copy of the page): no BOM, no NUL, valid UTF-8, and either a UTF-8 label or no
    /// label and no ESC byte (ISO-2022 goes to detection). Anything else goes to `decode`.
    static func isPlainUTF8(_ bytes: [UInt8], declared: String?) -> Bool {
        bytes.withUnsafeBufferPointer { input -> Bool in
            guard let base = input.baseAddress, input.count > 0 else { return false }
            if input.count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF { return false }
            if memchr(base, 0, input.count) != nil { return false }
            if let declared {
                guard canonical(declared) == "UTF-8" else { return false }
            } else if memchr(base, 0x1B, input.count) != nil {
                return false
            }
            return isValidUTF8(input)
        }
    }

    /// Strict UTF-8 validation (no overlong forms, surrogates or scalars above U+10FFFF), eight
    /// ASCII bytes at a time.
    static func isValidUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let n = p.count
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 {
                if i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                } else {
                    i += 1
                }
            } else if b < 0xC2 {
                return false
            } else if b < 0xE0 {
                guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
            } else if b < 0xF0 {
                guard i + 2 < n else { return false }
                let b1 = p[i + 1]
                guard b1 & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 else { return false }
                if b == 0xE0 && b1 < 0xA0 { return false }
                if b == 0xED && b1 >= 0xA0 { return false }
                i += 3
            } else if b < 0xF5 {
                guard i + 3 < n else { return false }
                let b1 = p[i + 1]
                guard b1 & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80 else { return false }
                if b == 0xF0 && b1 < 0x90 { return false }
                if b == 0xF4 && b1 >= 0x90 { return false }
                i += 4
            } else {
                return false
            }
        }
        return true
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
