import Testing
import SluiceCore

@Suite struct CJKTests {
    func scalar(_ c: Character) -> Unicode.Scalar { c.unicodeScalars.first! }

    @Test func hanIdeographsInEveryBlockAndOnlyThem() {
        for c: Character in ["中", "〇", "㐀", "豈", "𠀀", "𰀀"] { #expect(CJK.isHan(scalar(c)), "\(c)") }
        for c: Character in ["a", "あ", "한", "ㄅ", "。", "１"] { #expect(!CJK.isHan(scalar(c)), "\(c)") }
    }

    @Test func kanaHangulAndBopomofoAreCJKButNotHan() {
        #expect(CJK.isKana(scalar("あ")) && CJK.isKana(scalar("カ")) && CJK.isKana(scalar("ㇰ")))
        #expect(CJK.isHangul(scalar("한")) && !CJK.isHangul(scalar("中")))
        #expect(CJK.isBopomofo(scalar("ㄅ")))
        for c: Character in ["中", "あ", "한", "ㄅ"] { #expect(CJK.isCJK(scalar(c)), "\(c)") }
        for c: Character in ["a", "é", "Ж", "。", " "] { #expect(!CJK.isCJK(scalar(c)), "\(c)") }
    }

    @Test func fullwidthPunctuation() {
        for c: Character in ["、", "。", "，", "：", "！", "？", "（", "」", "《", "“", "…", "—", "·"] {
            #expect(CJK.isFullwidthPunctuation(scalar(c)), "\(c)")
        }
        for c: Character in [",", ".", "!", "中", "a"] { #expect(!CJK.isFullwidthPunctuation(scalar(c)), "\(c)") }
    }

    @Test func languageGuessUsesTheClassification() {
        #expect(TextSupport.guessLanguage("今天的会议讨论了年度目标") == "zh")
        #expect(TextSupport.guessLanguage("これはテストです。ひらがなとカタカナ") == "ja")
        #expect(TextSupport.guessLanguage("안녕하세요 반갑습니다") == "ko")
        #expect(TextSupport.guessLanguage("The quick brown fox jumps") == "en")
        #expect(TextSupport.guessLanguage("12") == nil)
    }
}
