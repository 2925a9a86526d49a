// libFuzzer target: the text decoder (`SluiceTextDecoding`).
//
// The first input byte chooses how the rest is decoded: detection alone, detection with a
// declared label (true or lying), or decoding as one named encoding. Checks the decoder's
// promises: it never traps, counts replacements sanely, names encodings it knows, keeps valid
// UTF-8 byte for byte, and answers the same twice.
import SluiceTextDecoding

private let labels = [
    "utf-8", "utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32be", "gb2312", "gbk", "gb18030", "big5",
    "shift_jis", "euc-jp", "iso-2022-jp", "euc-kr", "iso-2022-kr", "iso-2022-cn", "euc-tw", "iso-8859-1",
    "windows-1252", "koi8-r", "iso-8859-8-i", "x-mac-cyrillic", "viscii", "no-such-charset", "",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else {
        _ = TextDecoding.decode([UInt8]())
        return 0
    }
    let selector = Int(data[0])
    let body = UnsafeBufferPointer(start: data + 1, count: size - 1)
    let label = labels[selector % labels.count]
    switch selector / labels.count % 3 {
    case 0:
        check(TextDecoding.decode(body), body)
        if selector & 1 == 0 { fuzzRequire(TextDecoding.decode(body) == TextDecoding.decode(Array(body)), "decoding is not deterministic") }
    case 1:
        check(TextDecoding.decode(body, declared: label), body)
    default:
        if let decoded = TextDecoding.decode(body, as: label) {
            fuzzRequire(decoded.method == .declared, "decode(as:) reported method \(decoded.method)")
            check(decoded, body, declaredUTF8: TextDecoding.canonicalName(forLabel: label) == "UTF-8")
        } else {
            fuzzRequire(TextDecoding.canonicalName(forLabel: label) == nil, "decode(as: \(label)) failed for a known label")
        }
    }
    return 0
}

private func check(_ decoded: DecodedText, _ bytes: UnsafeBufferPointer<UInt8>, declaredUTF8: Bool = false) {
    fuzzRequire(decoded.replacements >= 0, "negative replacement count")
    fuzzRequire(TextDecoding.canonicalName(forLabel: decoded.encoding) == decoded.encoding,
                "encoding name \(decoded.encoding) is not canonical")
    let isValidUTF8 = String(validating: bytes, as: UTF8.self) != nil
    if decoded.method == .validUTF8 {
        fuzzRequire(isValidUTF8, "valid UTF-8 claimed for invalid bytes")
        fuzzRequire(decoded.text.utf8.elementsEqual(bytes), "valid UTF-8 not kept byte for byte")
        fuzzRequire(decoded.replacements == 0 && !decoded.byteOrderMark, "valid UTF-8 with replacements or a BOM")
    }
    if declaredUTF8 && isValidUTF8 && !(bytes.starts(with: [0xEF, 0xBB, 0xBF])) {
        fuzzRequire(decoded.text.utf8.elementsEqual(bytes) && decoded.replacements == 0, "UTF-8 decode changed valid UTF-8")
    }
}
