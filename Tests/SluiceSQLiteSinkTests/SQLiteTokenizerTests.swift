import Testing

@testable import SluiceSQLiteSink

@Suite struct SQLiteTokenizerTests {
    /// The punctuation fast path of the tokenizer gives what the Unicode properties give, for
    /// every scalar of the Basic Multilingual Plane it takes.
    @Test func thePunctuationFastPathAgreesWithTheProperties() {
        var fast = 0
        for v in UInt32(0x80)...0xFFFF where SQLiteTokenizer.isPunctuation(v) {
            fast += 1
            #expect(SQLiteTokenizer.classifyByProperties(v) == .separator, "U+\(String(v, radix: 16, uppercase: true))")
        }
        // General punctuation, CJK symbols and punctuation (less 〆々〇), fullwidth punctuation.
        #expect(fast == 0x70 + 0x05 + 0x19 + 0x0F + 0x07)
        #expect(SQLiteTokenizer.classify(0x3001) == .separator)  // 、
        #expect(SQLiteTokenizer.classify(0x3007) == .ideograph)  // 〇
        #expect(SQLiteTokenizer.classify(0x3005) == .ideograph)  // 々
        #expect(SQLiteTokenizer.classify(0x8001) == .ideograph)  // 老
        #expect(SQLiteTokenizer.classify(0xE9) == .word)  // é
    }

    /// Every scalar of the Basic Multilingual Plane is classified as its Unicode properties say,
    /// whichever fast path (ASCII, the common Han block, punctuation) takes it.
    @Test func theFastPathsAgreeWithThePropertiesOnTheWholePlane() {
        var differing: [String] = []
        for v in UInt32(0x80)...0xFFFF where !(0xD800...0xDFFF).contains(v) {
            if SQLiteTokenizer.classify(v) != SQLiteTokenizer.classifyByProperties(v) {
                differing.append("U+" + String(v, radix: 16, uppercase: true))
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(20))")
    }
}
