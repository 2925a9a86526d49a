/// Common characters written differently in simplified and traditional Chinese: each simplified
/// form below is (almost) never used in traditional text, and the traditional form at the same
/// position is never used in simplified text. Which set a text draws on tells zh-Hans from zh-Hant.
enum HanVariants {
    static let pairs: [(String, String)] = [
        ("这们个来时国说会对发经过后现开关还进长问见学实点无从动当样头应与为么东车间电话书门马鸟鱼语认让给听",
         "這們個來時國說會對發經過後現開關還進長問見學實點無從動當樣頭應與為麼東車間電話書門馬鳥魚語認讓給聽"),
        ("华业产员种机报气万钱边体总区义乐议题记组务设计划结级网县际统导团选调览济场强术药难热爱线带师",
         "華業產員種機報氣萬錢邊體總區義樂議題記組務設計劃結級網縣際統導團選調覽濟場強術藥難熱愛線帶師"),
        ("们决军农办传历厂县号图变区医单卖协压参双发变员响围园处备头夺奋孙宁实宝将尔层岁岛币师广庆",
         "們決軍農辦傳歷廠縣號圖變區醫單賣協壓參雙發變員響圍園處備頭奪奮孫寧實寶將爾層歲島幣師廣慶"),
    ]

    static let simplifiedOnly: Set<Unicode.Scalar> = Set(pairs.flatMap { Array($0.0.unicodeScalars) })
    static let traditionalOnly: Set<Unicode.Scalar> = Set(pairs.flatMap { Array($0.1.unicodeScalars) })

    /// The two sets as flags (1: simplified only, 2: traditional only) for the CJK Unified
    /// Ideographs block U+4E00–U+9FFF, so that counting is a look-up, not two hashings.
    static let unifiedBase: UInt32 = 0x4E00
    static let unified: [UInt8] = (0x4E00...0x9FFF).map { v in
        let s = Unicode.Scalar(UInt32(v))!
        return (simplifiedOnly.contains(s) ? 1 : 0) | (traditionalOnly.contains(s) ? 2 : 0)
    }

    /// The flags of a Han character (see ``unified``).
    static func flags(_ s: Unicode.Scalar) -> UInt8 {
        if s.value >= 0x4E00 && s.value <= 0x9FFF { return unified[Int(s.value - unifiedBase)] }
        return (simplifiedOnly.contains(s) ? 1 : 0) | (traditionalOnly.contains(s) ? 2 : 0)
    }
}

/// Frequent English function words: a text whose words are at least 15 % of these is English.
enum StopWords {
    /// The longest stop word in scalars: a longer word is not looked up.
    static let longest = english.map(\.unicodeScalars.count).max() ?? 0

    static let english: Set<String> = [
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by",
        "on", "not", "he", "she", "this", "are", "or", "his", "her", "from", "at", "which", "but", "have",
        "an", "had", "they", "you", "were", "their", "one", "all", "we", "can", "has", "been", "there",
        "will", "would", "who", "more", "its", "said", "than", "when", "into", "also", "our", "these",
    ]
}
