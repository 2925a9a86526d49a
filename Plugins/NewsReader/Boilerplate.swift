/// Lines that are site chrome, not article: navigation, share widgets, disclaimers, contact boxes.
enum Boilerplate {
    static let anywhere = [
        "版权所有", "Copyright", "COPYRIGHT", "copyright", "©", "ICP备", "ICP证", "公网安备", "凡本站未注明", "凡本网注明", "凡本网未注明",
        "免责声明", "慎重声明", "本站声明", "版权声明", "All rights reserved", "all rights reserved", "All Rights Reserved",
        "未经授权", "不得转载", "违法和不良信息举报", "不代表本站", "不代表本网", "请在30日内", "如有侵权",
    ]
    static let starts = [
        "分享到", "分享至", "分享：", "分享:", "扫一扫", "扫描二维码", "关注我们", "返回顶部", "返回首页", "返回列表", "上一篇", "下一篇",
        "上一条", "下一条", "上一页", "下一页", "相关阅读", "相关新闻", "相关文章", "相关推荐", "相关链接", "热点推荐", "热门推荐", "热门文章", "热点新闻",
        "最新内容", "最新文章", "最新新闻", "最新资讯", "推荐阅读", "推荐文章", "延伸阅读", "阅读排行", "点击排行", "排行榜", "您当前的位置", "您现在的位置", "您的位置",
        "当前位置", "所在位置", "位置：", "位置:", "首页 >", "首页>", "首页 ›", "首页 »", "首页 /", "打印", "关闭窗口", "关闭本页", "收藏本页", "加入收藏", "设为首页",
        "字号", "【字体", "字体：", "字体:", "【打印", "【关闭", "点击数", "点击量", "浏览次数", "阅读次数", "网友评论", "我要评论", "发表评论", "评论(", "评论（", "回复", "举报", "赞(", "赞（",
        "登录", "注册", "客服", "联系方式", "联系我们", "联系人", "电话", "手机", "传真", "E-mail", "Email", "email", "邮箱", "QQ", "Q Q", "地址:",
        "地址：", "邮编", "公众号", "微信公众号", "二维码", "Share", "Tweet", "Related", "Read more", "Read More", "Advertisement",
        "ADVERTISEMENT", "Sign up", "Subscribe", "Follow us", "Comments", "Leave a comment", "Previous", "Next article", "More from",
        "Back to top", "Skip to", "You may also like", "Recommended", "Trending", "Most read", "Most popular", "Newsletter",
    ]

    /// Headings that open the lists after an article (related news, comments, rankings): in
    /// flattened text the article does not run past them.
    static let sectionBreaks = NeedleSet([
        "相关", "推荐", "热点", "热门", "最新", "网友评论", "评论", "排行", "延伸阅读", "上一篇", "下一篇", "猜你喜欢", "更多", "往期",
        "Related", "More from", "More stories", "Comments", "Most read", "Most popular", "Recommended", "You may also like",
        "Trending", "Read more", "Read next", "Up next",
    ])

    /// Unambiguous headings of the lists after an article: a run of article text never crosses them.
    static let hardBreaks = NeedleSet([
        "相关阅读", "相关新闻", "相关文章", "相关推荐", "相关链接", "相关报道", "推荐阅读", "热点推荐", "热门推荐", "热门文章", "最新内容",
        "最新文章", "最新新闻", "网友评论", "延伸阅读", "上一篇", "下一篇", "猜你喜欢", "往期回顾", "排行榜", "Related", "More from",
        "More stories", "Comments", "Most read", "Most popular", "Recommended", "You may also like", "Read next", "Up next", "Trending",
    ])

    /// A short line that is one of ``hardBreaks``.
    static func isHardBreak(_ text: String, stats: TextStats) -> Bool {
        stats.chars <= 20 && !stats.endsWithSentencePunctuation && hardBreaks.isPrefix(of: text.trimmingSpaces)
    }

    /// A short line that opens a list after the article.
    static func isSectionBreak(_ text: String, stats: TextStats) -> Bool {
        stats.chars <= 16 && !stats.endsWithSentencePunctuation && sectionBreaks.isPrefix(of: text.trimmingSpaces)
    }

    /// A line of navigation: several short items separated by `|`, or four or more short
    /// ideographic words separated by spaces.
    static func isMenu(_ text: String, stats: TextStats) -> Bool {
        if stats.endsWithSentencePunctuation || sentencePunctuation.occurs(in: text) { return false }
        let hasBars = barSeparators.occurs(in: text)
        let hasSpaces = text.utf8.contains(0x20) || text.has("\u{3000}")
        guard hasBars || hasSpaces else { return false }
        // Four non-empty parts need at least three separators; fewer, and the split cannot
        // succeed (a separator with a combining mark on it is no separator, so never more).
        if hasBars && barScalarCount(text) >= 3 {
            let bars = text.split(whereSeparator: { $0 == "|" || $0 == "｜" || $0 == "丨" }).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            if bars.count >= 4 && bars.allSatisfy({ $0.unicodeScalars.count <= 10 }) { return true }
        }
        // Only words made of ideographs pass below: one other character anywhere (outside the
        // separators) and the answer is no, without splitting.
        if hasSpaces && text.unicodeScalars.allSatisfy({ $0.value == 0x20 || $0.value == 0x3000 || TextStats.isCJK($0.value) }) {
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" })
            guard words.count >= 3 else { return false }
            let cjkWords = words.allSatisfy { w in w.unicodeScalars.allSatisfy { TextStats.isCJK($0.value) } }
            if cjkWords && words.count >= 4 && words.allSatisfy({ $0.unicodeScalars.count <= 4 }) { return true }
            if cjkWords && words.allSatisfy({ $0.unicodeScalars.count <= 2 }) { return true }
        }
        return false
    }

    static func barScalarCount(_ text: String) -> Int {
        var count = 0
        for scalar in text.unicodeScalars where scalar == "|" || scalar == "｜" || scalar == "丨" { count += 1 }
        return count
    }

    static let sentencePunctuation = NeedleSet(["，", "。", "；", "！", "？"])
    static let barSeparators = NeedleSet(["|", "｜", "丨"])

    static let anywhereSet = NeedleSet(anywhere)
    static let startSet = NeedleSet(starts)

    /// Whether a line (or block text) is chrome.
    static func isChrome(_ text: String, stats: TextStats) -> Bool {
        if stats.chars <= 300 && anywhereSet.occurs(in: text) { return true }
        if stats.chars <= 600 && isCookieNotice(text) { return true }
        if stats.chars > 300 && stats.chars <= 3000 && legalNoticeCount(text) >= 2 { return true }
        if stats.chars <= 40 {
            let t = text.trimmingSpaces
            if startSet.isPrefix(of: t) { return true }
            if isBreadcrumb(t) { return true }
        }
        if stats.chars <= 120 && isMenu(text, stats: stats) { return true }
        // No letters or ideographs at all ("0", "-", "?", "|").
        if stats.chars <= 3 && !text.contains(where: { $0.isLetter }) { return true }
        return false
    }

    static let legalMarkers = ["All rights reserved", "All Rights Reserved", "all rights reserved", "ALL RIGHTS RESERVED", "版权所有", "©"]

    /// How many rights notices a text holds: a block of several is a site's legal footer, not an
    /// article paragraph that mentions copyright once.
    static func legalNoticeCount(_ text: String) -> Int {
        guard anywhereSet.occurs(in: text) else { return 0 }
        var count = 0
        for marker in legalMarkers {
            var rest = Substring(text)
            while let r = rest.byteRange(of: marker) {
                count += 1
                rest = rest[r.upperBound...]
            }
        }
        return count
    }

    static let cookieWords = NeedleSet(["cookie", "Cookie", "COOKIE"])
    static let consentWords = NeedleSet([
        "privacy", "Privacy", "consent", "Consent", "accept", "Accept", "agree", "Agree", "policy", "Policy", "website",
        "this site", "our site", "Datenschutz", "Website", "akkoord", "accepte", "utilis", "gebruik", "navega", "navigat",
    ])

    /// A cookie-consent notice: it names cookies and asks for consent or points to a policy (a
    /// recipe's "cookies" do neither).
    static func isCookieNotice(_ text: String) -> Bool {
        cookieWords.occurs(in: text) && consentWords.occurs(in: text)
    }

    static let breadcrumbSeparators = NeedleSet(["»", "›", "＞", "→"])

    static func isBreadcrumb(_ t: String) -> Bool {
        var separators = 0
        if let counted = t.utf8.withContiguousStorageIfAvailable({ bytes -> Int in
            var c = 0
            for b in bytes where b == 0x3E { c += 1 }
            return c
        }) {
            separators = counted
        } else {
            for b in t.utf8 where b == 0x3E { separators += 1 }
        }
        if separators < 2 {
            guard breadcrumbSeparators.occurs(in: t) else { return false }
            separators = 0
            for ch in t.unicodeScalars where ch == "»" || ch == "›" || ch == "＞" || ch == "→" || ch == ">" { separators += 1 }
        }
        return separators >= 2 && TextStats(t).chars <= 60
    }

    static let imageExtensions = NeedleSet([".jpg", ".JPG", ".Jpg", ".jpeg", ".JPEG", ".png", ".PNG", ".gif", ".GIF", ".webp", ".WEBP", ".bmp", ".BMP"])

    /// A line that is only image file names (`微信截图_20200720091155.jpg`), maybe several glued.
    static func imageFileNames(_ text: String) -> [String]? {
        guard text.utf8.count <= 1200, imageExtensions.occurs(in: text) else { return nil }
        let t = Array(text.trimmingSpaces)
        guard !t.isEmpty, t.count <= 400 else { return nil }
        let lower = t.map { Character($0.lowercased()) }
        var names: [String] = []
        var start = 0
        var i = 0
        outer: while i < lower.count {
            if lower[i] == "." {
                for ext in ["jpeg", "jpg", "png", "gif", "webp", "bmp"] {
                    let e = Array(ext)
                    if i + e.count < lower.count + 1, Array(lower[(i + 1)..<min(lower.count, i + 1 + e.count)]) == e {
                        let end = i + 1 + e.count
                        if end == lower.count || !(lower[end].isASCII && lower[end].isLetter) {
                            names.append(String(t[start..<end]).trimmingSpaces)
                            start = end
                            i = end
                            continue outer
                        }
                    }
                }
            }
            i += 1
        }
        guard !names.isEmpty, String(t[start...]).trimmingSpaces.isEmpty else { return nil }
        for name in names where name.isEmpty || name.contains(where: { "，。！？；".contains($0) }) || name.count > 120 { return nil }
        return names
    }

    /// Strips a trailing `(图1)` / `（图1）` / `图1` caption marker; nil when there is none.
    static func strippingFigureMarker(_ text: String) -> String? {
        guard text.utf8.count <= 600, text.has("图") else { return nil }
        let t = text.trimmingSpaces
        let u = Array(t)
        var j = u.count
        guard j >= 2 else { return nil }
        var closed = false
        if u[j - 1] == ")" || u[j - 1] == "）" { closed = true; j -= 1 }
        var k = j
        while k > 0 && u[k - 1].isNumber { k -= 1 }
        guard k < j, k > 0, u[k - 1] == "图" else { return nil }
        k -= 1
        if closed {
            guard k > 0, u[k - 1] == "(" || u[k - 1] == "（" else { return nil }
            k -= 1
        } else if k != 0 {
            return nil
        }
        return String(u[0..<k]).trimmingSpaces
    }
}
