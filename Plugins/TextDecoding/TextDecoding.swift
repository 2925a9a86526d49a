#if canImport(FoundationEssentials)
import FoundationEssentials
#elseif canImport(Foundation)
import Foundation
#endif

/// Turns the raw bytes of a text or HTML file into a String, choosing the encoding.
///
/// `decode(_:declared:)` decides in this order:
/// 1. a byte order mark (UTF-8, UTF-32LE/BE, UTF-16LE/BE);
/// 2. the `declared` label, if the bytes are valid in it (GB2312/GBK labels decode as
///    GB18030; ISO-8859-1 with bytes 0x80...0x9F as windows-1252, as browsers do). A legacy
///    label is not trusted when the bytes are valid UTF-8 with non-ASCII content, a
///    UTF-16/32 label not when the bytes read as ASCII-compatible text;
/// 3. BOM-less UTF-16/UTF-32 when the bytes contain zero bytes in a UTF-16/32 pattern;
/// 4. valid UTF-8 (pure ASCII counts; ASCII with ISO-2022 escapes goes to uchardet);
/// 5. detection: UTF-8 with a few damaged bytes (at least two well-formed multi-byte sequences
///    per ill-formed one: valid characters survive, the bad bytes become U+FFFD), BOM-less
///    UTF-16 that reads as Chinese,
///    then uchardet (GB2312/GBK answers become GB18030). Unless uchardet chose GB18030 or
///    Big5 and it decodes cleanly, GB18030 or Big5 is taken instead if it decodes cleanly
///    and reads as common Chinese clearly better (uchardet 0.0.7 misnames short Chinese);
/// 6. fallback: GB18030 or Big5, whichever needs fewer replacements, unless both need them
///    for more than 1% of the non-ASCII bytes; then windows-1252.
///
/// Decoding never fails: ill-formed input becomes U+FFFD and is counted in `replacements`.
/// All functions are safe to call concurrently.
public enum TextDecoding {
    /// Decides the encoding of `bytes` and decodes them.
    /// - Parameter declared: a charset label found by the caller (e.g. an HTML `<meta charset>`
    ///   or a Content-Type header); trusted only if the bytes are valid in it.
    public static func decode(_ bytes: some Collection<UInt8>, declared: String? = nil) -> DecodedText {
        if let result = bytes.withContiguousStorageIfAvailable({ decodeBuffer($0, declared: declared) }) {
            return result
        }
        return Array(bytes).withUnsafeBufferPointer { decodeBuffer($0, declared: declared) }
    }

    /// Decides the encoding of the bytes in `buffer` and decodes them.
    package static func decode(_ buffer: UnsafeRawBufferPointer, declared: String? = nil) -> DecodedText {
        decodeBuffer(buffer.assumingMemoryBound(to: UInt8.self), declared: declared)
    }

    #if canImport(FoundationEssentials) || canImport(Foundation)
    /// Decides the encoding of `data` and decodes it.
    package static func decode(_ data: Data, declared: String? = nil) -> DecodedText {
        data.withUnsafeBytes { decodeBuffer($0.assumingMemoryBound(to: UInt8.self), declared: declared) }
    }

    /// Decodes `data` as the encoding named by `label`; nil if the label is unknown.
    package static func decode(_ data: Data, as label: String) -> DecodedText? {
        data.withUnsafeBytes { decodeBuffer($0.assumingMemoryBound(to: UInt8.self), as: label) }
    }
    #endif

    /// Decodes `bytes` as the encoding named by `label`, replacing invalid sequences with
    /// U+FFFD; nil if the label is unknown. A byte order mark of that encoding is removed
    /// (for "utf-16"/"utf-32" without a byte order, a BOM chooses it); `method` is `.declared`.
    public static func decode(_ bytes: some Collection<UInt8>, as label: String) -> DecodedText? {
        if let result = bytes.withContiguousStorageIfAvailable({ decodeBuffer($0, as: label) }) {
            return result
        }
        return Array(bytes).withUnsafeBufferPointer { decodeBuffer($0, as: label) }
    }

    /// Decodes the bytes in `buffer` as the encoding named by `label`; nil if the label is unknown.
    package static func decode(_ buffer: UnsafeRawBufferPointer, as label: String) -> DecodedText? {
        decodeBuffer(buffer.assumingMemoryBound(to: UInt8.self), as: label)
    }

    /// The canonical name for a charset label, or nil if unknown. Matching ignores case and
    /// punctuation: "gb2312", "GBK", "x-gbk", "cp936" → "GB18030"; "utf8" → "UTF-8";
    /// "big5-hkscs" → "Big5"; "latin1" → "ISO-8859-1"; "sjis" → "Shift_JIS".
    public static func canonicalName(forLabel label: String) -> String? {
        EncodingRegistry.spec(forLabel: label)?.name
    }

    // MARK: - Implementation

    static func decodeBuffer(_ input: UnsafeBufferPointer<UInt8>, as label: String) -> DecodedText? {
        guard var spec = EncodingRegistry.spec(forLabel: label) else { return nil }
        var body = input
        var hadBOM = false
        if spec.isUnicode, let bom = Sniffing.byteOrderMark(input) {
            let family = { (name: String) in name.prefix(6) }  // "UTF-8", "UTF-16", "UTF-32"
            if bom.name == spec.name || (spec.unspecifiedByteOrder && family(bom.name) == family(spec.name)) {
                spec = EncodingRegistry.spec(canonical: bom.name) ?? spec
                body = UnsafeBufferPointer(rebasing: input[bom.length...])
                hadBOM = true
            } else if spec.name == "UTF-16LE", bom.name == "UTF-32LE" {
                body = UnsafeBufferPointer(rebasing: input[2...])
                hadBOM = true
            }
        } else if spec.unspecifiedByteOrder, case .utf16 = spec.codec,
                  let sniffed = Sniffing.utf16WithoutBOM(input), let s = EncodingRegistry.spec(canonical: sniffed) {
            spec = s
        }
        let (text, replacements) = decodeBody(body, spec)
        let first = replacements > 0 && spec.codec == .utf8 ? UnicodeCodecs.firstUTF8Error(body) : nil
        return DecodedText(text: text, encoding: spec.name, byteOrderMark: hadBOM, replacements: replacements, method: .declared,
                           firstInvalidByte: first.map { $0 + (hadBOM ? input.count - body.count : 0) })
    }

    static func decodeBuffer(_ input: UnsafeBufferPointer<UInt8>, declared: String?) -> DecodedText {
        if input.isEmpty {
            return DecodedText(text: "", encoding: "UTF-8", byteOrderMark: false, replacements: 0, method: .validUTF8)
        }
        // 1. Byte order mark.
        if let bom = Sniffing.byteOrderMark(input), let spec = EncodingRegistry.spec(canonical: bom.name) {
            let (text, replacements) = decodeBody(UnsafeBufferPointer(rebasing: input[bom.length...]), spec)
            return DecodedText(text: text, encoding: spec.name, byteOrderMark: true, replacements: replacements, method: .byteOrderMark)
        }
        let hasNUL = Sniffing.contains(0, in: input)
        let utf8Text: String? = String(validating: input, as: UTF8.self)
        let wideGuess: String? = hasNUL ? (Sniffing.utf32WithoutBOM(input) ?? Sniffing.utf16WithoutBOM(input)) : nil
        // 2. Declared label, if the bytes are valid in it.
        if let declared, let trusted = trustedDeclaration(declared, input, utf8Text: utf8Text, wideGuess: wideGuess, hasNUL: hasNUL) {
            return trusted
        }
        // 3. BOM-less UTF-32/UTF-16 with zero bytes in alternate positions.
        if let guess = wideGuess, let spec = EncodingRegistry.spec(canonical: guess) {
            let (text, replacements) = decodeBody(input, spec)
            return DecodedText(text: text, encoding: spec.name, byteOrderMark: false, replacements: replacements, method: .detected)
        }
        // 4. Valid UTF-8.
        if let text = utf8Text {
            if Sniffing.contains(0x1B, in: input), let iso2022 = iso2022(input) { return iso2022 }
            return DecodedText(text: text, encoding: "UTF-8", byteOrderMark: false, replacements: 0, method: .validUTF8)
        }
        // 5. Detection: damaged UTF-8, BOM-less UTF-16, uchardet.
        let report = UnicodeCodecs.scanUTF8(input, giveUpWhenMostlyInvalid: true)
        if looksLikeDamagedUTF8(report) {
            let text = String(decoding: input, as: UTF8.self)
            return DecodedText(text: text, encoding: "UTF-8", byteOrderMark: false, replacements: report.errors, method: .detected,
                               firstInvalidByte: UnicodeCodecs.firstUTF8Error(input))
        }
        if !hasNUL, let utf16 = bomlessUTF16(input) { return utf16 }
        if let detected = uchardetGuess(input, from: max(0, (report.firstNonASCII ?? 0) - 4096)) { return detected }
        // 6. Fallback.
        return fallback(input)
    }

    /// Whether bytes that are not valid UTF-8 are UTF-8 with a few damaged sequences: a truncated
    /// last character, or at least two well-formed multi-byte sequences for each ill-formed one.
    /// Legacy text almost never forms well-formed UTF-8 sequences by chance (windows-1252 and
    /// Latin-1 letters are followed by ASCII; about one GBK pair in twelve is well-formed), so it
    /// stays far below that ratio.
    static func looksLikeDamagedUTF8(_ report: UTF8Report) -> Bool {
        (report.errors == 1 && report.truncatedTail && report.multibyte >= 3)
            || (report.errors > 0 && report.multibyte >= 2 * report.errors)
    }

    /// Step 2: the declared label's decoding, when the bytes are valid in it and nothing says
    /// the label is wrong.
    private static func trustedDeclaration(
        _ declared: String, _ input: UnsafeBufferPointer<UInt8>, utf8Text: String?, wideGuess: String?, hasNUL: Bool
    ) -> DecodedText? {
        guard var spec = EncodingRegistry.spec(forLabel: declared) else { return nil }
        var trusted: (String, Int)?
        switch spec.codec {
        case .utf8:
            if let text = utf8Text, wideGuess == nil { trusted = (text, 0) }
        case .utf16, .utf32:
            // A UTF-16/32 label on ASCII-compatible bytes (it was readable as ASCII) is wrong.
            if hasNUL || utf8Text == nil {
                if spec.unspecifiedByteOrder, let guess = wideGuess ?? Sniffing.utf16WithoutBOM(input),
                   let s = EncodingRegistry.spec(canonical: guess), s.name.prefix(6) == spec.name.prefix(6) {
                    spec = s
                }
                let decoded = decodeBody(input, spec)
                if decoded.1 == 0 { trusted = decoded }
            }
        default:
            // As in browsers, ISO-8859-1 text with bytes 0x80...0x9F is windows-1252.
            if spec.name == "ISO-8859-1", hasC1Bytes(input), let w = EncodingRegistry.spec(canonical: "windows-1252") {
                spec = w
            }
            // Valid UTF-8 with non-ASCII content is UTF-8 whatever the label says;
            // zero bytes in a UTF-16/32 pattern are not legacy text.
            let isNonASCIIUTF8 = utf8Text != nil && UnicodeCodecs.scanUTF8(input, stopAtFirstError: true).firstNonASCII != nil
            if !isNonASCIIUTF8, wideGuess == nil {
                let decoded = decodeBody(input, spec)
                if decoded.1 == 0 { trusted = decoded }
            }
        }
        guard let (text, _) = trusted else { return nil }
        return DecodedText(text: text, encoding: spec.name, byteOrderMark: false, replacements: 0, method: .declared)
    }

    /// Step 5b: BOM-less UTF-16 that reads as Chinese, unless (for short input) GB18030 or Big5
    /// reads at least as convincingly.
    private static func bomlessUTF16(_ input: UnsafeBufferPointer<UInt8>) -> DecodedText? {
        guard let guess = Sniffing.utf16WithoutBOM(input), let spec = EncodingRegistry.spec(canonical: guess) else { return nil }
        let (text, replacements) = decodeBody(input, spec)
        let legacy = input.count < 64 ? bestChinese(input, excluding: nil) : nil
        if let legacy, legacy.replacements == 0, legacy.stats.looksChinese, legacy.stats.common >= ChineseStats(text).common {
            return nil
        }
        return DecodedText(text: text, encoding: spec.name, byteOrderMark: false, replacements: replacements, method: .detected)
    }

    /// Step 5c: uchardet's answer, or GB18030/Big5 when that answer is not credible.
    private static func uchardetGuess(_ input: UnsafeBufferPointer<UInt8>, from window: Int) -> DecodedText? {
        guard let answer = Sniffing.uchardet(input, from: window), var spec = EncodingRegistry.spec(forUchardetName: answer) else {
            return nil
        }
        if spec.name == "ISO-8859-1", hasC1Bytes(input), let w = EncodingRegistry.spec(canonical: "windows-1252") { spec = w }
        let (text, replacements) = decodeBody(input, spec)
        // uchardet 0.0.7 misnames short Chinese (KOI8-R, ISO-8859-7, windows-1252, EUC-JP...).
        // Unless its answer decodes cleanly and reads like its own language, see whether
        // GB18030 or Big5 decodes cleanly and reads as Chinese better: the less credible
        // the answer, the less evidence is needed.
        if replacements > 0 || !readsAsItsLanguage(text, spec.name),
           let chinese = bestChinese(input, excluding: spec.name), chinese.replacements == 0 {
            let detected = ChineseStats(text)
            let better: Bool
            if replacements > 0 {
                better = chinese.stats.isCJKOnly
            } else if multiByteCJK.contains(spec.name) {
                better = chinese.stats.isCJKOnly && chinese.stats.common > detected.common
            } else {
                // (With no ideographs at all, looksChinese means only CJK punctuation.)
                better = chinese.stats.looksChinese && (chinese.stats.common > detected.common * 2 || chinese.stats.han == 0)
            }
            if better {
                return DecodedText(text: chinese.text, encoding: chinese.name, byteOrderMark: false, replacements: 0, method: .detected)
            }
        }
        return DecodedText(text: text, encoding: spec.name, byteOrderMark: false, replacements: replacements, method: .detected)
    }

    /// Step 6: GB18030 or Big5, whichever needs fewer replacements, unless both need them for
    /// more than 1% of the non-ASCII bytes; then windows-1252.
    private static func fallback(_ input: UnsafeBufferPointer<UInt8>) -> DecodedText {
        var nonASCII = 0
        for byte in input where byte >= 0x80 { nonASCII += 1 }
        if let chinese = bestChinese(input, excluding: nil), chinese.replacements * 100 <= nonASCII {
            return DecodedText(text: chinese.text, encoding: chinese.name, byteOrderMark: false,
                               replacements: chinese.replacements, method: .fallback)
        }
        let text = UnicodeCodecs.decodeSingleByte(input, windows1252: true)
        return DecodedText(text: text, encoding: "windows-1252", byteOrderMark: false, replacements: 0, method: .fallback)
    }

    /// Pure-ASCII input with escape sequences: ISO-2022-JP/KR/CN if uchardet says so and the
    /// bytes decode cleanly.
    private static func iso2022(_ input: UnsafeBufferPointer<UInt8>) -> DecodedText? {
        guard UnicodeCodecs.scanUTF8(input, stopAtFirstError: true).firstNonASCII == nil,
              let answer = Sniffing.uchardet(input), let spec = EncodingRegistry.spec(forUchardetName: answer),
              spec.name.hasPrefix("ISO-2022-") else { return nil }
        let (text, replacements) = decodeBody(input, spec)
        guard replacements == 0 else { return nil }
        return DecodedText(text: text, encoding: spec.name, byteOrderMark: false, replacements: 0, method: .detected)
    }

    private static let multiByteCJK: Set<String> = [
        "GB18030", "Big5", "Shift_JIS", "EUC-JP", "ISO-2022-JP", "EUC-KR", "ISO-2022-KR", "EUC-TW", "ISO-2022-CN",
    ]

    /// Whether any byte is in 0x80...0x9F (C1 controls in ISO-8859-1, printable in windows-1252).
    private static func hasC1Bytes(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        input.contains { $0 >= 0x80 && $0 < 0xA0 }
    }

    /// Whether a clean decode in a CJK multi-byte encoding looks like that encoding's
    /// language: GB18030/Big5 always, Korean mostly Hangul, Japanese with some kana.
    private static func readsAsItsLanguage(_ text: String, _ encoding: String) -> Bool {
        let korean = encoding == "EUC-KR" || encoding == "ISO-2022-KR"
        let japanese = encoding == "Shift_JIS" || encoding == "EUC-JP" || encoding == "ISO-2022-JP"
        if encoding == "GB18030" || encoding == "Big5" { return true }
        guard korean || japanese else { return false }
        var nonASCII = 0, own = 0
        for scalar in text.unicodeScalars.prefix(262_144) where scalar.value >= 0x80 {
            nonASCII += 1
            switch scalar.value {
            case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3130...0x318F: if korean { own += 1 }
            case 0x3040...0x30FF, 0xFF66...0xFF9F: if japanese { own += 1 }
            default: break
            }
        }
        return korean ? own * 2 >= nonASCII : own * 10 >= nonASCII
    }

    private struct Candidate {
        let name: String
        let text: String
        let replacements: Int
        let stats: ChineseStats
    }

    /// GB18030 or Big5 (minus `excluding`), whichever needs fewer replacements; on a tie the
    /// one with more common Chinese characters, then GB18030.
    private static func bestChinese(_ input: UnsafeBufferPointer<UInt8>, excluding: String?) -> Candidate? {
        var best: Candidate?
        for name in ["GB18030", "Big5"] where name != excluding {
            guard let spec = EncodingRegistry.spec(canonical: name) else { continue }
            let (text, replacements) = decodeBody(input, spec)
            let candidate = Candidate(name: name, text: text, replacements: replacements, stats: ChineseStats(text))
            if let current = best {
                if candidate.replacements < current.replacements
                    || (candidate.replacements == current.replacements && candidate.stats.common > current.stats.common) {
                    best = candidate
                }
            } else {
                best = candidate
            }
        }
        return best
    }

    /// Decodes `body` (no BOM detection) with `spec`'s codec.
    static func decodeBody(_ body: UnsafeBufferPointer<UInt8>, _ spec: EncodingSpec) -> (String, Int) {
        switch spec.codec {
        case .utf8: return UnicodeCodecs.decodeUTF8(body)
        case .utf16(let bigEndian): return UnicodeCodecs.decodeUTF16(body, bigEndian: bigEndian)
        case .utf32(let bigEndian): return UnicodeCodecs.decodeUTF32(body, bigEndian: bigEndian)
        case .latin1: return (UnicodeCodecs.decodeSingleByte(body, windows1252: false), 0)
        case .windows1252: return (UnicodeCodecs.decodeSingleByte(body, windows1252: true), 0)
        case .iconv(let name):
            if let result = IconvCodec.decode(body, from: name) { return result }
            // The C library lacks this converter: keep the ASCII, replace the rest.
            return UnicodeCodecs.decodeASCII(body)
        }
    }
}
