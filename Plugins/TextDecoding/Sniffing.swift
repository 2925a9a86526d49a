#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CUchardet

/// Byte-level guesses: BOMs, BOM-less UTF-16/32, uchardet.
enum Sniffing {
    /// The encoding named by a leading byte order mark, and the mark's length.
    /// UTF-32LE (FF FE 00 00) is checked before UTF-16LE (FF FE); it is taken as UTF-32LE only
    /// when the rest of the input is whole 4-byte units.
    static func byteOrderMark(_ input: UnsafeBufferPointer<UInt8>) -> (name: String, length: Int)? {
        let n = input.count
        if n >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { return ("UTF-8", 3) }
        if n >= 4, input[0] == 0xFF, input[1] == 0xFE, input[2] == 0, input[3] == 0, n % 4 == 0 { return ("UTF-32LE", 4) }
        if n >= 4, input[0] == 0, input[1] == 0, input[2] == 0xFE, input[3] == 0xFF { return ("UTF-32BE", 4) }
        if n >= 2, input[0] == 0xFF, input[1] == 0xFE { return ("UTF-16LE", 2) }
        if n >= 2, input[0] == 0xFE, input[1] == 0xFF { return ("UTF-16BE", 2) }
        return nil
    }

    static func contains(_ byte: UInt8, in input: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = input.baseAddress, !input.isEmpty else { return false }
        return memchr(base, Int32(byte), input.count) != nil
    }

    /// BOM-less UTF-32: every 4-byte unit is a valid scalar (so the input must contain zero bytes),
    /// and no more than a tenth of the units are U+0000.
    static func utf32WithoutBOM(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        let n = input.count
        guard n >= 8, n % 4 == 0 else { return nil }
        for bigEndian in [false, true] {
            var nuls = 0
            var valid = true
            var k = 0
            while k < n {
                let v: UInt32 = bigEndian
                    ? (UInt32(input[k]) << 24 | UInt32(input[k + 1]) << 16 | UInt32(input[k + 2]) << 8 | UInt32(input[k + 3]))
                    : (UInt32(input[k + 3]) << 24 | UInt32(input[k + 2]) << 16 | UInt32(input[k + 1]) << 8 | UInt32(input[k]))
                if v > 0x10FFFF || (v & 0xFFFF_F800) == 0xD800 { valid = false; break }
                if v == 0 { nuls += 1 }
                k += 4
            }
            if valid, nuls * 10 <= n / 4 { return bigEndian ? "UTF-32BE" : "UTF-32LE" }
        }
        return nil
    }

    private struct UTF16Evidence {
        var units = 0
        var errors = 0
        var plausible = 0
        /// Units U+0001...U+00FF: the "other" byte is zero (ASCII text in UTF-16).
        var latin = 0
        var nuls = 0
        var han = 0
        var common = 0

        var qualifies: Bool {
            guard units >= 2, errors == 0, plausible * 10 >= units * 9 else { return false }
            let zeroPattern = latin * 10 >= units && nuls * 20 <= units
            let chinese = han >= 4 && common * 10 >= han * 4
            return zeroPattern || chinese
        }
        var strength: Int { latin + common }
    }

    /// BOM-less UTF-16: the text is almost all plausible characters (ASCII, Latin-1, CJK,
    /// punctuation, full-width forms) and either a tenth of the units have a zero high byte
    /// (lots of 0x00 in alternate positions) or it reads as common Chinese.
    /// Looks at the first 256 KiB.
    static func utf16WithoutBOM(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        let sampleUnits = min(input.count, 262_144) / 2
        guard sampleUnits >= 2 else { return nil }
        var best: (String, Int)?
        for bigEndian in [false, true] {
            var e = UTF16Evidence()
            var k = 0
            while k < sampleUnits {
                let a = UInt32(input[2 * k]), b = UInt32(input[2 * k + 1])
                let u = bigEndian ? (a << 8 | b) : (b << 8 | a)
                e.units += 1
                k += 1
                switch u {
                case 0: e.nuls += 1
                case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0xA0...0xFF: e.latin += 1; e.plausible += 1
                case CommonHan.unifiedBlock:
                    e.han += 1; e.plausible += 1
                    if CommonHan.contains(u) { e.common += 1 }
                case CommonHan.extensionA: e.han += 1; e.plausible += 1
                case 0x2010...0x206F, 0x3000...0x303F, 0xFF00...0xFFEF, 0x00B7: e.plausible += 1
                case 0xD800...0xDBFF:
                    // A high surrogate must be followed by a low one (unless the sample ends here).
                    if k < sampleUnits {
                        let c = UInt32(input[2 * k]), d = UInt32(input[2 * k + 1])
                        let v = bigEndian ? (c << 8 | d) : (d << 8 | c)
                        if v & 0xFC00 == 0xDC00 { e.plausible += 2; e.units += 1; k += 1 } else { e.errors += 1 }
                    }
                case 0xDC00...0xDFFF: e.errors += 1
                default: break
                }
            }
            if e.qualifies, e.strength > (best?.1 ?? -1) {
                best = (bigEndian ? "UTF-16BE" : "UTF-16LE", e.strength)
            }
        }
        return best?.0
    }

    /// uchardet's answer for (a window of) the input, or nil if it has none.
    /// Feeds at most 4 MiB, starting a little before the first non-ASCII byte.
    static func uchardet(_ input: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> String? {
        guard let base = input.baseAddress, !input.isEmpty else { return nil }
        guard let detector = uchardet_new() else { return nil }
        defer { uchardet_delete(detector) }
        let begin = max(0, min(start, input.count))
        let end = min(input.count, begin + 4 << 20)
        var offset = begin
        while offset < end {
            let length = min(65_536, end - offset)
            let status = UnsafeRawPointer(base + offset).withMemoryRebound(to: CChar.self, capacity: length) {
                uchardet_handle_data(detector, $0, length)
            }
            if status != 0 { break }
            offset += length
        }
        uchardet_data_end(detector)
        guard let name = uchardet_get_charset(detector) else { return nil }
        let answer = String(cString: name)
        return answer.isEmpty ? nil : answer
    }
}
