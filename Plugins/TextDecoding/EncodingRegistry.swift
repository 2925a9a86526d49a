/// How an encoding is turned into UTF-8.
enum Codec: Sendable, Equatable {
    case utf8
    case utf16(bigEndian: Bool)
    case utf32(bigEndian: Bool)
    /// ISO-8859-1: every byte is the scalar of the same value.
    case latin1
    /// windows-1252 with the WHATWG mapping (the five unassigned bytes map to C1 controls).
    case windows1252
    /// A glibc iconv converter, by its iconv name.
    case iconv(String)
}

/// An encoding the decoder knows.
struct EncodingSpec: Sendable {
    /// Canonical name reported in `DecodedText.encoding`.
    let name: String
    let codec: Codec
    /// True when the label did not fix the byte order ("utf-16", "utf-32"): a BOM may then choose it.
    let unspecifiedByteOrder: Bool

    var isUnicode: Bool {
        switch codec {
        case .utf8, .utf16, .utf32: return true
        default: return false
        }
    }
}

/// Charset labels and their canonical encodings.
enum EncodingRegistry {
    /// (canonical name, codec, labels). Labels are matched loosely: case-insensitively and
    /// ignoring everything but ASCII letters and digits, so "Shift-JIS" matches "shift_jis".
    private static let table: [(String, Codec, [String])] = [
        ("UTF-8", .utf8, ["utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"]),
        ("UTF-16LE", .utf16(bigEndian: false), ["utf-16le", "unicodefeff", "utf-16", "ucs-2", "unicode", "csunicode", "iso-10646-ucs-2"]),
        ("UTF-16BE", .utf16(bigEndian: true), ["utf-16be", "unicodefffe", "ucs-2be"]),
        ("UTF-32LE", .utf32(bigEndian: false), ["utf-32le", "utf-32", "ucs-4", "iso-10646-ucs-4", "ucs-4le"]),
        ("UTF-32BE", .utf32(bigEndian: true), ["utf-32be", "ucs-4be"]),
        ("GB18030", .iconv("GB18030"), [
            "gb18030", "gbk", "x-gbk", "gb2312", "gb_2312", "gb_2312-80", "chinese", "csgb2312",
            "csiso58gb231280", "iso-ir-58", "cp936", "ms936", "windows-936", "euc-cn", "x-euc-cn", "cn-gb",
        ]),
        ("Big5", .iconv("BIG5"), [
            "big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "x-big5", "cp950", "ms950", "windows-950",
        ]),
        ("Shift_JIS", .iconv("CP932"), [
            "shift_jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "ms932",
        ]),
        ("EUC-JP", .iconv("EUC-JP"), ["euc-jp", "x-euc-jp", "cseucpkdfmtjapanese"]),
        ("ISO-2022-JP", .iconv("ISO-2022-JP-2"), ["iso-2022-jp", "csiso2022jp", "iso-2022-jp-2"]),
        ("EUC-KR", .iconv("CP949"), [
            "euc-kr", "cseuckr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "korean",
            "iso-ir-149", "csksc56011987", "windows-949", "cp949", "ms949", "uhc",
        ]),
        ("ISO-2022-KR", .iconv("ISO-2022-KR"), ["iso-2022-kr", "csiso2022kr"]),
        ("EUC-TW", .iconv("EUC-TW"), ["euc-tw", "x-euc-tw", "cns11643"]),
        ("ISO-2022-CN", .iconv("ISO-2022-CN-EXT"), ["iso-2022-cn", "iso-2022-cn-ext", "csiso2022cn"]),
        ("windows-1252", .windows1252, ["windows-1252", "cp1252", "x-cp1252", "ms1252", "ascii", "us-ascii", "ansi_x3.4-1968", "iso646-us"]),
        ("ISO-8859-1", .latin1, ["iso-8859-1", "iso_8859-1:1987", "latin1", "l1", "csisolatin1", "ibm819", "cp819", "iso-ir-100"]),
        ("ISO-8859-2", .iconv("ISO-8859-2"), ["iso-8859-2", "iso_8859-2:1987", "latin2", "l2", "csisolatin2", "iso-ir-101"]),
        ("ISO-8859-3", .iconv("ISO-8859-3"), ["iso-8859-3", "iso_8859-3:1988", "latin3", "l3", "csisolatin3", "iso-ir-109"]),
        ("ISO-8859-4", .iconv("ISO-8859-4"), ["iso-8859-4", "iso_8859-4:1988", "latin4", "l4", "csisolatin4", "iso-ir-110"]),
        ("ISO-8859-5", .iconv("ISO-8859-5"), ["iso-8859-5", "iso_8859-5:1988", "cyrillic", "csisolatincyrillic", "iso-ir-144"]),
        ("ISO-8859-6", .iconv("ISO-8859-6"), ["iso-8859-6", "iso_8859-6:1987", "arabic", "csisolatinarabic", "iso-ir-127", "ecma-114", "asmo-708"]),
        ("ISO-8859-7", .iconv("ISO-8859-7"), ["iso-8859-7", "iso_8859-7:1987", "greek", "greek8", "csisolatingreek", "iso-ir-126", "elot_928", "ecma-118"]),
        ("ISO-8859-8", .iconv("ISO-8859-8"), ["iso-8859-8", "iso_8859-8:1988", "hebrew", "csisolatinhebrew", "iso-ir-138", "visual", "iso-8859-8-i", "logical", "csiso88598i"]),
        ("ISO-8859-9", .iconv("ISO-8859-9"), ["iso-8859-9", "iso_8859-9:1989", "latin5", "l5", "csisolatin5", "iso-ir-148"]),
        ("ISO-8859-10", .iconv("ISO-8859-10"), ["iso-8859-10", "latin6", "l6", "csisolatin6", "iso-ir-157"]),
        ("ISO-8859-11", .iconv("ISO-8859-11"), ["iso-8859-11"]),
        ("ISO-8859-13", .iconv("ISO-8859-13"), ["iso-8859-13", "latin7", "l7"]),
        ("ISO-8859-14", .iconv("ISO-8859-14"), ["iso-8859-14", "latin8", "l8"]),
        ("ISO-8859-15", .iconv("ISO-8859-15"), ["iso-8859-15", "latin9", "l9", "csisolatin9"]),
        ("ISO-8859-16", .iconv("ISO-8859-16"), ["iso-8859-16", "latin10", "l10"]),
        ("windows-1250", .iconv("CP1250"), ["windows-1250", "cp1250", "x-cp1250"]),
        ("windows-1251", .iconv("CP1251"), ["windows-1251", "cp1251", "x-cp1251"]),
        ("windows-1253", .iconv("CP1253"), ["windows-1253", "cp1253", "x-cp1253"]),
        ("windows-1254", .iconv("CP1254"), ["windows-1254", "cp1254", "x-cp1254"]),
        ("windows-1255", .iconv("CP1255"), ["windows-1255", "cp1255", "x-cp1255"]),
        ("windows-1256", .iconv("CP1256"), ["windows-1256", "cp1256", "x-cp1256"]),
        ("windows-1257", .iconv("CP1257"), ["windows-1257", "cp1257", "x-cp1257"]),
        ("windows-1258", .iconv("CP1258"), ["windows-1258", "cp1258", "x-cp1258"]),
        ("windows-874", .iconv("CP874"), ["windows-874", "cp874", "dos-874", "tis-620", "iso-8859-11:2001"]),
        ("KOI8-R", .iconv("KOI8-R"), ["koi8-r", "koi", "koi8", "cskoi8r", "koi8_r"]),
        ("KOI8-U", .iconv("KOI8-U"), ["koi8-u", "koi8-ru"]),
        ("IBM866", .iconv("IBM866"), ["ibm866", "cp866", "866", "csibm866"]),
        ("IBM852", .iconv("IBM852"), ["ibm852", "cp852", "852"]),
        ("IBM855", .iconv("IBM855"), ["ibm855", "cp855", "855"]),
        ("macintosh", .iconv("MACINTOSH"), ["macintosh", "mac", "x-mac-roman", "csmacintosh"]),
        ("x-mac-cyrillic", .iconv("MAC-CYRILLIC"), ["x-mac-cyrillic", "x-mac-ukrainian", "mac-cyrillic"]),
        ("x-mac-ce", .iconv("MAC-CENTRALEUROPE"), ["x-mac-ce", "mac-centraleurope", "x-mac-centraleurroman"]),
        ("VISCII", .iconv("VISCII"), ["viscii", "csviscii"]),
    ]

    /// Loose label keys that name a Unicode encoding without fixing its byte order.
    private static let unspecifiedByteOrderKeys: Set<String> = [
        "utf16", "ucs2", "unicode", "csunicode", "iso10646ucs2", "utf32", "ucs4", "iso10646ucs4",
    ]

    private static let byKey: [String: Int] = {
        var map: [String: Int] = [:]
        for (index, entry) in table.enumerated() {
            map[looseKey(entry.0)] = index
            for label in entry.2 { map[looseKey(label)] = index }
        }
        return map
    }()

    /// Every (label, canonical name) pair of the table.
    static var allLabels: [(label: String, name: String)] {
        table.flatMap { entry in entry.2.map { (label: $0, name: entry.0) } }
    }

    /// All canonical names, in table order.
    static var canonicalNames: [String] { table.map(\.0) }

    /// Lower-cased ASCII letters and digits of `label`; a `charset=` prefix (as in a
    /// Content-Type value) is skipped.
    static func looseKey(_ label: String) -> String {
        var bytes = label.utf8.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 }
        let needle = Array("charset=".utf8)
        if bytes.count > needle.count {
            for start in 0...(bytes.count - needle.count) where bytes[start..<(start + needle.count)].elementsEqual(needle) {
                let rest = bytes[(start + needle.count)...]
                bytes = Array(rest.prefix { $0 != UInt8(ascii: ";") })
                break
            }
        }
        let kept = bytes.filter { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
        return String(decoding: kept, as: UTF8.self)
    }

    /// The encoding named by `label`, or nil if the label is unknown.
    static func spec(forLabel label: String) -> EncodingSpec? {
        let key = looseKey(label)
        guard !key.isEmpty, let index = byKey[key] else { return nil }
        let entry = table[index]
        return EncodingSpec(name: entry.0, codec: entry.1, unspecifiedByteOrder: unspecifiedByteOrderKeys.contains(key))
    }

    /// The encoding with canonical name `name` (exact match).
    static func spec(canonical name: String) -> EncodingSpec? {
        guard let index = byCanonicalName[name] else { return nil }
        let entry = table[index]
        return EncodingSpec(name: entry.0, codec: entry.1, unspecifiedByteOrder: false)
    }

    private static let byCanonicalName: [String: Int] = {
        var map: [String: Int] = [:]
        for (index, entry) in table.enumerated() { map[entry.0] = index }
        return map
    }()

    /// Maps a uchardet answer to an encoding; nil for answers the decoder cannot use
    /// (empty, BOM-less "UTF-16"/"UTF-32", UCS-4 variants, HZ).
    static func spec(forUchardetName name: String) -> EncodingSpec? {
        switch looseKey(name) {
        case "", "utf16", "utf32": return nil
        case "ascii": return spec(canonical: "UTF-8")
        default: return spec(forLabel: name)
        }
    }
}
