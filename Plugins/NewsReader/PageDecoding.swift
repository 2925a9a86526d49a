#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A page's bytes as text, with the encoding Sluice decided on.
struct DecodedPage: Sendable {
    var text: String
    var encoding: String
    var replacements: Int
    var hadBOM = false
}

/// Byte → text decoding for pages. Interim: decides BOM → declared → validity-based detection
/// with iconv; to be switched to `SluiceTextDecoding` when that module lands.
enum PageDecoding {
    static func decode(_ bytes: [UInt8], declared: String?) -> DecodedPage {
        // BOM.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return DecodedPage(text: String(decoding: bytes.dropFirst(3), as: UTF8.self), encoding: "UTF-8", replacements: 0, hadBOM: true)
        }
        if bytes.starts(with: [0xFF, 0xFE]), let t = iconvDecode(Array(bytes.dropFirst(2)), from: "UTF-16LE") {
            return DecodedPage(text: t, encoding: "UTF-16LE", replacements: 0)
        }
        if bytes.starts(with: [0xFE, 0xFF]), let t = iconvDecode(Array(bytes.dropFirst(2)), from: "UTF-16BE") {
            return DecodedPage(text: t, encoding: "UTF-16BE", replacements: 0)
        }
        let declaredName = declared.flatMap(canonical)
        if isValidUTF8(bytes) {
            return DecodedPage(text: String(decoding: bytes, as: UTF8.self), encoding: "UTF-8", replacements: 0)
        }
        var candidates: [String] = []
        if let declaredName, declaredName != "UTF-8" { candidates.append(declaredName) }
        for c in ["GB18030", "Big5", "windows-1252"] where !candidates.contains(c) { candidates.append(c) }
        for candidate in candidates {
            if let text = iconvDecode(bytes, from: candidate) {
                return DecodedPage(text: text, encoding: candidate, replacements: 0)
            }
        }
        var replacements = 0
        let text = String(decoding: bytes, as: UTF8.self)
        for scalar in text.unicodeScalars where scalar == "\u{FFFD}" { replacements += 1 }
        return DecodedPage(text: text, encoding: "UTF-8", replacements: replacements)
    }

    static func canonical(_ label: String) -> String? {
        switch label.lowercased().trimmingSpaces {
        case "utf-8", "utf8": "UTF-8"
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312": "GB18030"
        case "big5", "big5-hkscs", "x-x-big5", "cp950": "Big5"
        case "iso-8859-1", "latin1", "windows-1252", "us-ascii", "ascii": "windows-1252"
        case "shift_jis", "sjis": "SHIFT_JIS"
        case "euc-kr": "EUC-KR"
        case "euc-jp": "EUC-JP"
        default: nil
        }
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    static func iconvDecode(_ bytes: [UInt8], from encoding: String) -> String? {
        let cd = iconv_open("UTF-8", encoding)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if r == -1 || inLeft != 0 { return nil }
                return outBuf.count - outLeft
            }
        }
        guard let written else { return nil }
        return String(decoding: output[..<written], as: UTF8.self)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
