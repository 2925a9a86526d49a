import Testing
@testable import SluiceTextDecoding

@Suite("Encoding decisions")
struct DetectionTests {
    let article: String

    init() throws {
        article = try #require(seedArticle(), "Samples/documents/plain-article.txt not found")
    }

    @Test func utf8WithoutBOM() {
        let result = TextDecoding.decode(Array(article.utf8))
        #expect(result.text == article)
        #expect(result.encoding == "UTF-8")
        #expect(result.method == .validUTF8)
        #expect(!result.byteOrderMark)
        #expect(result.replacements == 0)
    }

    @Test func utf8WithBOM() {
        let result = TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array(article.utf8))
        #expect(result.text == article)
        #expect(result.encoding == "UTF-8")
        #expect(result.method == .byteOrderMark)
        #expect(result.byteOrderMark)
        #expect(!result.text.hasPrefix("\u{FEFF}"))
    }

    @Test(arguments: [("UTF-16LE", [UInt8]([0xFF, 0xFE])), ("UTF-16BE", [0xFE, 0xFF]),
                      ("UTF-32LE", [0xFF, 0xFE, 0, 0]), ("UTF-32BE", [0, 0, 0xFE, 0xFF])])
    func unicodeWithBOM(encoding: String, bom: [UInt8]) throws {
        let body = try #require(encode(article, to: encoding))
        let result = TextDecoding.decode(bom + body, declared: "gbk")
        #expect(result.text == article)
        #expect(result.encoding == encoding)
        #expect(result.method == .byteOrderMark)
        #expect(result.byteOrderMark)
        #expect(result.replacements == 0)
    }

    @Test func utf16LEWithoutBOM() throws {
        // The article has ASCII digits and newlines, so some 0x00 bytes.
        let bytes = try #require(encode(article, to: "UTF-16LE"))
        let result = TextDecoding.decode(bytes)
        #expect(result.text == article)
        #expect(result.encoding == "UTF-16LE")
        #expect(result.method == .detected)
        #expect(!result.byteOrderMark)
    }

    @Test func utf16WithoutBOMASCIIText() throws {
        // "H\0e\0l\0..." is valid UTF-8 too; the zero-byte pattern must win.
        let english = "Hello, this is plain English text stored as UTF-16 without a byte order mark.\r\n"
        let le = try #require(encode(english, to: "UTF-16LE"))
        let be = try #require(encode(english, to: "UTF-16BE"))
        #expect(TextDecoding.decode(le).text == english)
        #expect(TextDecoding.decode(le).encoding == "UTF-16LE")
        #expect(TextDecoding.decode(be).text == english)
        #expect(TextDecoding.decode(be).encoding == "UTF-16BE")
    }

    @Test func utf16WithoutBOMPureChinese() throws {
        // No 0x00 bytes at all: recognised because it reads as common Chinese.
        let chinese = "今天我们在会议上讨论了公司明年的发展计划和主要工作目标"
        let le = try #require(encode(chinese, to: "UTF-16LE"))
        #expect(!le.contains(0))
        let result = TextDecoding.decode(le)
        #expect(result.text == chinese)
        #expect(result.encoding == "UTF-16LE")
        let be = try #require(encode(chinese, to: "UTF-16BE"))
        #expect(TextDecoding.decode(be).text == chinese)
        #expect(TextDecoding.decode(be).encoding == "UTF-16BE")
    }

    @Test func utf32WithoutBOM() throws {
        let bytes = try #require(encode(article, to: "UTF-32LE"))
        let result = TextDecoding.decode(bytes)
        #expect(result.text == article)
        #expect(result.encoding == "UTF-32LE")
        let be = try #require(encode("UTF-32 big endian 文本", to: "UTF-32BE"))
        #expect(TextDecoding.decode(be).encoding == "UTF-32BE")
        #expect(TextDecoding.decode(be).text == "UTF-32 big endian 文本")
    }

    @Test func gbkOnlyCharactersLabelledGB2312() throws {
        let text = Samples.gbkOnly + "\n" + article
        #expect(encode(Samples.gbkOnly, to: "GB2312") == nil, "sample must contain characters GB2312 lacks")
        let bytes = try #require(encode(text, to: "GBK"))
        let result = TextDecoding.decode(bytes, declared: "gb2312")
        #expect(result.text == text)
        #expect(result.encoding == "GB18030")
        #expect(result.method == .declared)
        #expect(result.replacements == 0)
        // Short, without the article around it, still decodes when labelled.
        let short = try #require(encode(Samples.gbkOnly, to: "GBK"))
        #expect(TextDecoding.decode(short, declared: "GB2312").text == Samples.gbkOnly)
    }

    @Test func declaredUTF8ButReallyGBK() throws {
        let bytes = try #require(encode(article, to: "GBK"))
        let result = TextDecoding.decode(bytes, declared: "utf-8")
        #expect(result.text == article)
        #expect(result.encoding == "GB18030")
        #expect(result.method == .detected)
        #expect(result.replacements == 0)
    }

    @Test func undeclaredGB18030() throws {
        let bytes = try #require(encode(article, to: "GB18030"))
        let result = TextDecoding.decode(bytes)
        #expect(result.text == article)
        #expect(result.encoding == "GB18030")
        #expect(result.method == .detected)
    }

    @Test func big5TraditionalChinese() throws {
        let bytes = try #require(encode(Samples.traditional, to: "BIG5"))
        let result = TextDecoding.decode(bytes)
        #expect(result.text == Samples.traditional)
        #expect(result.encoding == "Big5")
        #expect(result.method == .detected)
        #expect(result.replacements == 0)
        let declared = TextDecoding.decode(bytes, declared: "big5")
        #expect(declared.method == .declared)
        #expect(declared.text == Samples.traditional)
    }

    @Test func otherLegacyEncodingsDetected() throws {
        let cases: [(String, String, String)] = [
            (Samples.japanese, "SHIFT_JIS", "Shift_JIS"),
            (Samples.korean, "EUC-KR", "EUC-KR"),
            (Samples.western, "CP1252", "windows-1252"),
        ]
        for (text, iconvName, expected) in cases {
            let bytes = try #require(encode(text, to: iconvName))
            let result = TextDecoding.decode(bytes)
            #expect(result.encoding == expected)
            #expect(result.text == text)
            #expect(result.method == .detected)
        }
    }

    @Test func iso2022JPIsNotTakenForASCII() throws {
        let bytes = try #require(encode(Samples.japanese, to: "ISO-2022-JP"))
        #expect(bytes.allSatisfy { $0 < 0x80 })
        let result = TextDecoding.decode(bytes)
        #expect(result.encoding == "ISO-2022-JP")
        #expect(result.text == Samples.japanese)
    }

    @Test(arguments: ["中文", "你好", "今天天气很好。", "价格 100 元", "<html><head><title>新闻中心</title></head>", "第一章 总则",
                      "陈鼎、鲍爱钢、曹桓、陈昊、郭娜、黄浩宸、贾启胜、", "缘、AIGC等，挖掘融合", "emo，930 Beta"])
    func shortChineseGB18030(_ text: String) throws {
        // uchardet 0.0.7 answers KOI8-R, ISO-8859-16, windows-1252, EUC-JP, UTF-8 or nothing
        // for these.
        let bytes = try #require(encode(text, to: "GB18030"))
        let result = TextDecoding.decode(bytes)
        #expect(result.encoding == "GB18030")
        #expect(result.text == text)
    }

    @Test func shortTraditionalBig5() throws {
        for text in ["繁體中文", "今天天氣很好。"] {
            let bytes = try #require(encode(text, to: "BIG5"))
            let result = TextDecoding.decode(bytes)
            #expect(result.encoding == "Big5", "\(text)")
            #expect(result.text == text)
        }
    }

    @Test func fallbackPrefersCleanChinese() throws {
        // uchardet has no answer for these bytes; Big5 rejects them, GB18030 decodes them.
        let bytes = try #require(encode("朱镕基", to: "GB18030"))
        let result = TextDecoding.decode(bytes)
        #expect(result.text == "朱镕基")
        #expect(result.encoding == "GB18030")
        #expect(result.method == .fallback || result.method == .detected)
    }

    @Test func validUTF8BeatsLegacyLabel() {
        let result = TextDecoding.decode(Array(article.utf8), declared: "gb2312")
        #expect(result.text == article)
        #expect(result.encoding == "UTF-8")
        #expect(result.method == .validUTF8)
        // Pure ASCII under a legacy label decodes identically and keeps the label.
        let ascii = TextDecoding.decode(Array("plain ascii\r\n".utf8), declared: "gbk")
        #expect(ascii.text == "plain ascii\r\n")
        #expect(ascii.encoding == "GB18030")
        #expect(ascii.method == .declared)
    }

    @Test func utf16LabelOnASCIIIsIgnored() {
        let html = Array(#"<meta charset="utf-16"><p>hello</p>"#.utf8)
        let result = TextDecoding.decode(html, declared: "utf-16")
        #expect(result.encoding == "UTF-8")
        #expect(result.text == #"<meta charset="utf-16"><p>hello</p>"#)
        #expect(result.method == .validUTF8)
    }

    @Test func declaredLabelInvalidFallsThrough() throws {
        // Labelled Shift_JIS, but GBK bytes that are not valid Shift_JIS.
        let bytes = try #require(encode(article, to: "GBK"))
        let result = TextDecoding.decode(bytes, declared: "shift_jis")
        #expect(result.encoding == "GB18030")
        #expect(result.text == article)
        // Unknown labels are ignored.
        #expect(TextDecoding.decode(bytes, declared: "no-such-charset").encoding == "GB18030")
    }

    @Test func emptyInput() {
        for declared in [nil, "gbk", "utf-16"] as [String?] {
            let result = TextDecoding.decode([UInt8](), declared: declared)
            #expect(result == DecodedText(text: "", encoding: "UTF-8", byteOrderMark: false, replacements: 0, method: .validUTF8))
        }
        #expect(TextDecoding.decode([UInt8](), as: "big5")?.text == "")
    }

    @Test func crlfPreserved() throws {
        let text = "第一行\r\n第二行\r\n\r\n第四行\n第五行\r"
        let utf8 = TextDecoding.decode(Array(text.utf8))
        #expect(Array(utf8.text.utf8) == Array(text.utf8))
        let gb = TextDecoding.decode(try #require(encode(text, to: "GB18030")), declared: "gbk")
        #expect(Array(gb.text.utf8) == Array(text.utf8))
        let utf16 = TextDecoding.decode([0xFF, 0xFE] + (try #require(encode(text, to: "UTF-16LE"))))
        #expect(Array(utf16.text.utf8) == Array(text.utf8))
        let article = TextDecoding.decode(try #require(encode(self.article.replacing("\n", with: "\r\n"), to: "GB18030")))
        #expect(article.text.unicodeScalars.filter { $0 == "\r" }.count == self.article.unicodeScalars.filter { $0 == "\n" }.count)
    }

    @Test func damagedUTF8StaysUTF8() {
        // A stray byte between two characters, and a cut-off last character.
        let split = article.index(article.startIndex, offsetBy: 100)
        let bytes = Array(article[..<split].utf8) + [0xFF] + Array(article[split...].utf8) + [0xE4, 0xB8]
        let result = TextDecoding.decode(bytes)
        #expect(result.encoding == "UTF-8")
        #expect(result.method == .detected)
        #expect(result.replacements == 2)
        #expect(result.text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count == 2)
        // Truncated in the middle of a character: one replacement.
        let cut = Array(article.utf8.prefix(1001))
        let truncated = TextDecoding.decode(cut)
        #expect(truncated.encoding == "UTF-8")
        #expect(truncated.replacements == (String(validating: cut, as: UTF8.self) == nil ? 1 : 0))
    }

    @Test func nonContiguousAndRawInputs() throws {
        let bytes = try #require(encode(article, to: "GB18030"))
        let reversedTwice = bytes.reversed().reversed()  // a collection without contiguous storage
        #expect(TextDecoding.decode(reversedTwice).text == article)
        bytes.withUnsafeBytes { raw in
            #expect(TextDecoding.decode(raw).text == article)
            #expect(TextDecoding.decode(raw, as: "gbk")?.text == article)
        }
        #expect(TextDecoding.decode(bytes[...]).encoding == "GB18030")
    }
}
