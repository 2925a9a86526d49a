import Testing
@testable import SluiceTextDecoding
#if canImport(FoundationEssentials)
import FoundationEssentials
#elseif canImport(Foundation)
import Foundation
#endif

@Suite("Forced decoding, replacements and labels")
struct DecodingTests {
    @Test func invalidUTF8CountedExactly() throws {
        // a FF b E4 B8 c F0 9F 98 | ED A0 80 (surrogate: 3 maximal subparts) | C0 AF (2)
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xE4, 0xB8, 0x63, 0xF0, 0x9F, 0x98, 0xED, 0xA0, 0x80, 0xC0, 0xAF]
        let result = try #require(TextDecoding.decode(bytes, as: "utf8"))
        #expect(result.text == "a\u{FFFD}b\u{FFFD}c\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(result.replacements == 8)
        #expect(result.encoding == "UTF-8")
        #expect(result.method == .declared)
    }

    @Test func utf8ReplacementCountMatchesStandardLibrary() {
        var rng = SeededGenerator(state: 42)
        for round in 0..<300 {
            let length = Int.random(in: 0...200, using: &rng)
            // Biased towards bytes that form (and break) multi-byte sequences; no 0xEF so the
            // input cannot contain a literal U+FFFD.
            let alphabet: [UInt8] = [0x41, 0x0A, 0x80, 0x8F, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE4, 0xED, 0xEE, 0xF0, 0xF4, 0xF5, 0xFF, 0xB8, 0xAD]
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &rng)! }
            let expected = String(decoding: bytes, as: UTF8.self).unicodeScalars.filter { $0 == "\u{FFFD}" }.count
            let result = TextDecoding.decode(bytes, as: "UTF-8")
            #expect(result?.replacements == expected, "round \(round): \(bytes)")
            #expect(result?.text == String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func invalidGB18030() throws {
        let zhong = try #require(encode("中", to: "GB18030"))
        let wen = try #require(encode("文", to: "GB18030"))
        let bytes = zhong + [0xFF] + wen + [0x80] + Array("ok".utf8) + [0xD6]
        let result = try #require(TextDecoding.decode(bytes, as: "gbk"))
        #expect(result.text == "中\u{FFFD}文€ok\u{FFFD}")
        #expect(result.replacements == 2)
        #expect(result.encoding == "GB18030")
    }

    @Test func invalidBig5AndHKSCS() throws {
        let good = try #require(encode("臺灣", to: "BIG5"))
        let bytes = good + [0xFF, 0x41, 0xFF] + good + [0xA4]
        let result = try #require(TextDecoding.decode(bytes, as: "big5"))
        #expect(result.text == "臺灣\u{FFFD}A\u{FFFD}臺灣\u{FFFD}")
        #expect(result.replacements == 3)
        // Hong Kong characters are decoded through Big5-HKSCS.
        let hk = try #require(encode("搭𨋢去九龍", to: "BIG5-HKSCS"))
        let hkResult = try #require(TextDecoding.decode(hk, as: "big5-hkscs"))
        #expect(hkResult.text == "搭𨋢去九龍")
        #expect(hkResult.replacements == 0)
        #expect(hkResult.encoding == "Big5")
    }

    @Test func invalidUTF16AndUTF32() throws {
        // "A", lone high surrogate, "B", lone low surrogate, then an odd trailing byte.
        let utf16: [UInt8] = [0x41, 0x00, 0x00, 0xD8, 0x42, 0x00, 0x00, 0xDC, 0x43]
        let r16 = try #require(TextDecoding.decode(utf16, as: "UTF-16LE"))
        #expect(r16.text == "A\u{FFFD}B\u{FFFD}\u{FFFD}")
        #expect(r16.replacements == 3)
        // Surrogate pair decodes.
        let pair = try #require(TextDecoding.decode([0xD8, 0x3D, 0xDE, 0x00], as: "utf-16be"))
        #expect(pair.text == "😀")
        let utf32: [UInt8] = [0x41, 0, 0, 0, 0x00, 0xD8, 0, 0, 0x00, 0x00, 0x11, 0x00, 0x42, 0, 0, 0, 0x43]
        let r32 = try #require(TextDecoding.decode(utf32, as: "utf-32le"))
        #expect(r32.text == "A\u{FFFD}\u{FFFD}B\u{FFFD}")
        #expect(r32.replacements == 3)
    }

    @Test func garbageNeverCrashes() {
        var rng = SeededGenerator(state: 7)
        for _ in 0..<300 {
            let length = Int.random(in: 0...512, using: &rng)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let auto = TextDecoding.decode(bytes)
            #expect(auto.replacements >= 0)
            #expect(TextDecoding.canonicalName(forLabel: auto.encoding) == auto.encoding)
            for label in ["gb18030", "big5", "shift_jis", "euc-kr", "utf-16be", "utf-32le", "iso-2022-jp", "windows-1252"] {
                let forced = TextDecoding.decode(bytes, as: label)
                let fffd = forced?.text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count ?? -1
                #expect(forced != nil)
                #expect((forced?.replacements ?? -1) <= fffd, "\(label)")
            }
        }
    }

    @Test func windows1252AndLatin1() throws {
        let bytes: [UInt8] = [0x80, 0x81, 0x93, 0x41, 0x94, 0xE9, 0x9F]
        let w = try #require(TextDecoding.decode(bytes, as: "cp1252"))
        #expect(w.text == "€\u{81}“A”éŸ")
        #expect(w.replacements == 0)
        let l = try #require(TextDecoding.decode(bytes, as: "latin1"))
        #expect(l.text == "\u{80}\u{81}\u{93}A\u{94}é\u{9F}")
        #expect(l.encoding == "ISO-8859-1")
    }

    @Test func forcedDecodingHandlesBOMs() throws {
        let body = try #require(encode("字节顺序", to: "UTF-16BE"))
        let generic = try #require(TextDecoding.decode([0xFE, 0xFF] + body, as: "utf-16"))
        #expect(generic.text == "字节顺序")
        #expect(generic.encoding == "UTF-16BE")
        #expect(generic.byteOrderMark)
        let utf8 = try #require(TextDecoding.decode([0xEF, 0xBB, 0xBF, 0x41], as: "utf-8"))
        #expect(utf8.text == "A")
        #expect(utf8.byteOrderMark)
        // A legacy label keeps the bytes as they are.
        #expect(TextDecoding.decode([0xEF, 0xBB, 0xBF, 0x41], as: "latin1")?.text == "ï»¿A")
    }

    @Test func unknownLabel() {
        #expect(TextDecoding.decode([0x41], as: "klingon") == nil)
        #expect(TextDecoding.decode([0x41], as: "") == nil)
    }

    @Test(arguments: [
        ("gb2312", "GB18030"), ("GBK", "GB18030"), ("x-gbk", "GB18030"), ("cp936", "GB18030"), ("GB_2312-80", "GB18030"),
        ("gb18030", "GB18030"), ("utf8", "UTF-8"), ("UTF-8", "UTF-8"), (" \"utf-8\" ", "UTF-8"), ("big5-hkscs", "Big5"),
        ("BIG5", "Big5"), ("cp950", "Big5"), ("sjis", "Shift_JIS"), ("Shift-JIS", "Shift_JIS"), ("windows-31j", "Shift_JIS"),
        ("ks_c_5601-1987", "EUC-KR"), ("euc-kr", "EUC-KR"), ("latin1", "ISO-8859-1"), ("ISO_8859-1", "ISO-8859-1"),
        ("cp1252", "windows-1252"), ("us-ascii", "windows-1252"), ("utf-16", "UTF-16LE"), ("UTF-16BE", "UTF-16BE"),
        ("text/html; charset=GBK", "GB18030"), ("koi8-r", "KOI8-R"), ("euc-jp", "EUC-JP"),
    ])
    func canonicalNames(label: String, expected: String) {
        #expect(TextDecoding.canonicalName(forLabel: label) == expected)
    }

    @Test func labelsDoNotCollide() {
        for (label, name) in EncodingRegistry.allLabels {
            #expect(TextDecoding.canonicalName(forLabel: label) == name, "\(label)")
            #expect(TextDecoding.canonicalName(forLabel: label.uppercased()) == name, "\(label)")
        }
    }

    @Test func unknownLabelsHaveNoCanonicalName() {
        for label in ["", "   ", "klingon", "utf-9", "hz-gb-2312", "charset="] {
            #expect(TextDecoding.canonicalName(forLabel: label) == nil, "\(label)")
        }
    }

    @Test func everyEncodingIsUsable() throws {
        let ascii = "Hello, world! 123 <p>ok</p>\r\n"
        for name in EncodingRegistry.canonicalNames {
            #expect(TextDecoding.canonicalName(forLabel: name) == name)
            let spec = try #require(EncodingRegistry.spec(canonical: name))
            if case .iconv(let iconvName) = spec.codec {
                #expect(IconvCodec.isAvailable(iconvName), "\(iconvName)")
            }
            if !spec.isUnicode {
                let result = try #require(TextDecoding.decode(Array(ascii.utf8), as: name))
                #expect(result.text == ascii, "\(name)")
                #expect(result.replacements == 0, "\(name)")
                #expect(result.encoding == name)
            }
        }
    }

    @Test func dataOverloads() throws {
        let bytes = try #require(encode(Samples.traditional, to: "BIG5"))
        let data = Data(bytes)
        #expect(TextDecoding.decode(data).text == Samples.traditional)
        #expect(TextDecoding.decode(data, as: "big5")?.encoding == "Big5")
        #expect(TextDecoding.decode(data, declared: "big5").method == .declared)
    }

    @Test func commonHanTable() {
        #expect(CommonHan.count > 900)
        for scalar in "的一是了我不人在有他这們個國灣".unicodeScalars {
            #expect(CommonHan.contains(scalar.value), "\(scalar)")
        }
        #expect(!CommonHan.contains(0x9F98))
        #expect(!CommonHan.contains(0x41))
    }
}

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test func manyBuffersInParallel() async throws {
        let article = try #require(seedArticle())
        let inputs: [([UInt8], String?, String, String)] = [
            (Array(article.utf8), nil, article, "UTF-8"),
            (try #require(encode(article, to: "GB18030")), nil, article, "GB18030"),
            (try #require(encode(article, to: "GBK")), "gb2312", article, "GB18030"),
            (try #require(encode(Samples.traditional, to: "BIG5")), nil, Samples.traditional, "Big5"),
            ([0xFF, 0xFE] + (try #require(encode(article, to: "UTF-16LE"))), nil, article, "UTF-16LE"),
            (try #require(encode(Samples.japanese, to: "SHIFT_JIS")), nil, Samples.japanese, "Shift_JIS"),
            (try #require(encode("中文", to: "GB18030")), nil, "中文", "GB18030"),
        ]
        let failures = await withTaskGroup(of: Int.self, returning: Int.self) { group in
            for task in 0..<200 {
                let (bytes, declared, text, encoding) = inputs[task % inputs.count]
                group.addTask {
                    var bad = 0
                    for _ in 0..<5 {
                        let result = TextDecoding.decode(bytes, declared: declared)
                        if result.text != text || result.encoding != encoding || result.replacements != 0 { bad += 1 }
                    }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }
}

@Suite("Latin-1 and windows-1252 labels")
struct LatinTests {
    @Test func declaredLatin1WithC1BytesIsWindows1252() throws {
        let bytes = try #require(encode(Samples.western, to: "CP1252"))
        #expect(bytes.contains { (0x80...0x9F).contains($0) })
        let result = TextDecoding.decode(bytes, declared: "iso-8859-1")
        #expect(result.encoding == "windows-1252")
        #expect(result.method == .declared)
        #expect(result.text == Samples.western)
        // Without such bytes the label is kept.
        let latin = try #require(encode("Größe, naïve café", to: "ISO-8859-1"))
        let plain = TextDecoding.decode(latin, declared: "latin1")
        #expect(plain.encoding == "ISO-8859-1")
        #expect(plain.text == "Größe, naïve café")
    }
}
