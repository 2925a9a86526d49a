/// The most frequent Chinese characters, simplified and traditional. Used to tell real
/// Chinese from mojibake (GBK bytes read as Big5 or the reverse, Latin text read as GBK...):
/// in real text most ideographs are in this set, in mojibake few are.
enum CommonHan {
    private static let simplified = """
    的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湖钟奔兄殊舞
    """
    private static let traditional = """
    這個們來為國說時會對過發後裡種經麼學現當沒動進還從實軍無與長機開關點業將兩間問題應戰頭體見產華場電話東車書兒員記邊別條報氣結總數門後電處義幾認傳達導師觀識帶爭運飛風聯組濟親極辦議轉準單羅愛擊備連調質團價黨華級離況亞請際約復線斷滿視須寫稱農裝廣顯標談圖歷醫專費號盡較語僅隨選紅響雖勢參眾構節維劃敵陳態護興驗責營夠嚴續講終緊黃絕織圍紀採舉殺蘇訴細願錢網熱屬臉職樂剛狀獨彈創錯蘭試腦預誰陽繼驚傷藥適衛險陸習勞財環歡獲負雲遊龍樹層衝範異漢簡擔靜積餘檢靈協揮勝階審堅媽劉讀壓銀買養懷執亂幫歲優鐵稅藝陣腳惡塊頓島託戶評寶釋顧貨換聞歐壞討麗監臨艦魚雜誤鐘臺灣們個這裏還號溫習寫來時說會為對發經過後現點動開關電話門問題興與萬東車長見書員變進選邊達運連達讓識觀輕覺黨團體頭計設資質價買賣貴費讀議論護語調課談記許試詩誰誤說話認詞訴譯讀變讓豐鄉陽隊際隨險雙難電靜韓頁項順須領頭題額風飛餐飯館馬驗體髮鬥鬧魚鳥點齊齒龍
    """

    /// The CJK Unified Ideographs block (U+4E00...U+9FFF), which the common characters are in.
    /// (This module reads bytes before any text exists and keeps its own ranges; elsewhere the
    /// core's `CJK` classification is the one to use.)
    static let unifiedBlock: ClosedRange<UInt32> = 0x4E00...0x9FFF
    /// CJK Unified Ideographs Extension A.
    static let extensionA: ClosedRange<UInt32> = 0x3400...0x4DBF

    /// One bit per code point in ``unifiedBlock``.
    private static let bits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (unifiedBlock.count + 63) / 64)
        for scalar in (simplified + traditional).unicodeScalars where unifiedBlock.contains(scalar.value) {
            let k = Int(scalar.value - unifiedBlock.lowerBound)
            bits[k >> 6] |= 1 << UInt64(k & 63)
        }
        return bits
    }()

    /// Whether `value` is one of the common characters.
    @inline(__always)
    static func contains(_ value: UInt32) -> Bool {
        guard unifiedBlock.contains(value) else { return false }
        let k = Int(value - unifiedBlock.lowerBound)
        return bits[k >> 6] & (1 << UInt64(k & 63)) != 0
    }

    /// How many common characters the set holds (for tests).
    static var count: Int { bits.reduce(0) { $0 + $1.nonzeroBitCount } }
}

/// Counts over the non-ASCII scalars of a decoded text.
struct ChineseStats: Equatable {
    var nonASCII = 0
    /// CJK ideographs (URO, Extension A, supplementary planes).
    var han = 0
    /// Ideographs in `CommonHan`.
    var common = 0
    /// CJK and general punctuation, full-width forms, middle dot.
    var punctuation = 0

    init() {}

    /// Stats over the first `limit` scalars of `text`.
    init(_ text: String, limit: Int = 262_144) {
        var seen = 0
        for scalar in text.unicodeScalars {
            seen += 1
            if seen > limit { break }
            let v = scalar.value
            if v < 0x80 { continue }
            nonASCII += 1
            switch v {
            case CommonHan.unifiedBlock:
                han += 1
                if CommonHan.contains(v) { common += 1 }
            case CommonHan.extensionA, 0x20000...0x3134F, 0xF900...0xFAFF:
                han += 1
            case 0x3000...0x303F, 0xFF00...0xFFEF, 0x2010...0x206F, 0x00B7, 0xFE30...0xFE4F:
                punctuation += 1
            default:
                break
            }
        }
    }

    /// Every non-ASCII character is an ideograph or CJK punctuation (and there is one).
    var isCJKOnly: Bool {
        nonASCII > 0 && han + punctuation == nonASCII
    }

    /// Reads like Chinese: almost all non-ASCII characters are ideographs or CJK punctuation,
    /// and at least 40% of the ideographs are common.
    /// Only punctuation (e.g. a full-width comma in otherwise ASCII text) also counts.
    var looksChinese: Bool {
        guard (han + punctuation) * 10 >= nonASCII * 9 else { return false }
        if han == 0 { return punctuation > 0 && punctuation == nonASCII }
        return common * 10 >= han * 4
    }
}
