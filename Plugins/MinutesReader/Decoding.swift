#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes to text for the minutes reader. A stop-gap until `SluiceTextDecoding` lands on `main`:
/// UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark, else GB18030 through
/// iconv, else UTF-8 with replacement characters.
enum MinutesDecoding {
    struct Decoded {
        var text: String
        var encoding: String
        var replacements: Int
    }

    static func decode(_ bytes: [UInt8]) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = Array(bytes.dropFirst(3))
            if let t = String(validating: body, as: UTF8.self) { return Decoded(text: t, encoding: "UTF-8", replacements: 0) }
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            var units: [UInt16] = []
            var k = 2
            while k + 1 < bytes.count {
                let a = UInt16(bytes[k]), b = UInt16(bytes[k + 1])
                units.append(little ? a | b << 8 : a << 8 | b)
                k += 2
            }
            return Decoded(text: String(decoding: units, as: UTF16.self), encoding: little ? "UTF-16LE" : "UTF-16BE", replacements: 0)
        }
        if let t = String(validating: bytes, as: UTF8.self) { return Decoded(text: t, encoding: "UTF-8", replacements: 0) }
        if let t = iconvDecode(bytes, from: "GB18030") { return Decoded(text: t, encoding: "GB18030", replacements: 0) }
        let t = String(decoding: bytes, as: UTF8.self)
        let replaced = t.unicodeScalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) }
        return Decoded(text: t, encoding: "UTF-8", replacements: replaced)
    }

    /// Strict conversion through iconv; nil when a byte sequence is invalid in `encoding`.
    static func iconvDecode(_ bytes: [UInt8], from encoding: String) -> String? {
        #if canImport(Glibc) || canImport(Darwin)
        let cd = iconv_open("UTF-8", encoding)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                var outLeft = outBuf.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if r == -1 || inLeft != 0 { return nil }
                return outBuf.count - outLeft
            }
        }
        guard let written else { return nil }
        return String(validating: output[..<written].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
        return nil
        #endif
    }
}
