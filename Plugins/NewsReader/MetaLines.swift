/// What a by-line, date line or editor line says.
struct MetaFields: Sendable {
    var date: FoundDate?
    var source: String?
    var author: String?
    var editor: String?
    /// The whole line is metadata (drop it from the body).
    var isMeta = false
    /// The line with a leading by-line cut off (`东方网记者黄丽春11月27日报道：他是…` → `他是…`).
    var residual: String?
    /// A date that came from a leading dateline of a paragraph (`11月27日报道`).
    var datelineDate: FoundDate?

    var isEmpty: Bool { date == nil && source == nil && author == nil && editor == nil && !isMeta && residual == nil }
}

/// Recognises the metadata lines news pages print around an article, in Chinese and English.
enum MetaLines {
    static let labelSeparators: Set<Character> = [":", "：", "|", "｜", "/", "丨", "︱"]
    static let fieldStops = [
        "来源", "作者", "责任编辑", "责编", "编辑", "记者", "发布时间", "发布日期", "更新时间", "时间", "日期", "点击", "浏览",
        "阅读", "字号", "字体", "【", "[", "（", "(", "通讯员", "摄影", "图片", "校对", "审核", "出处", "发布者",
    ]
    static let metaPrefixes = [
        "来源", "作者", "责任编辑", "责编", "编辑", "记者", "发布时间", "发布日期", "更新时间", "时间", "日期", "发表时间", "发布于",
        "发表于", "发自", "全文约", "全文共", "本文首发", "本文来源", "本文来自", "文章来源", "稿件来源", "信息来源", "出处", "点击", "浏览",
        "阅读量", "阅读数", "摄影", "通讯员", "撰文", "文/", "文 /", "文|", "文 |", "文｜", "文 ｜", "校对", "审核", "审校", "监制",
        "供稿", "原标题", "記者", "來源", "編輯", "責任編輯", "發布時間", "更新時間", "By ", "by ", "BY ", "Published", "Updated", "Posted", "Source:", "Editor:", "Edited by", "Written by",
        "Reporting by", "Author:",
    ]

    static let quickLabels = [
        "来源", "來源", "编辑", "編輯", "责编", "作者", "记者", "記者", "文 ", "文|", "文/", "文｜", "文：", "文:", "文丨", "撰", "出处",
        "首发", "转载", "By ", "by ", "BY ", "Source", "Edit", "Written", "Author", "Reporting", "发自", "全文", "时间", "日期", "Published", "Updated", "Posted",
        "发布", "更新", "点击", "浏览", "阅读", "摄影", "通讯员", "校对", "审核", "监制", "供稿", "原标题", "發布", "更新時間",
    ]

    static let quickLabelSet = NeedleSet(quickLabels)
    static let fieldStopSet = NeedleSet(fieldStops)

    // Label lists and sets made once, not at every call.
    static let editorLabels = ["责任编辑", "責任編輯", "责编", "責編", "编审", "编辑", "編輯"]
    static let editorSeparated: Set<String> = ["编辑", "編輯"]
    static let sourceLabels = ["文章来源", "稿件来源", "信息来源", "新闻来源", "来源", "來源", "出处", "本文首发于", "首发于", "本文来源于", "转载自", "本文来自"]
    static let sourceSeparated: Set<String> = ["来源", "來源", "出处"]
    static let authorLabels = ["作者", "撰文", "文字", "记者", "記者", "文"]
    static let authorSeparated: Set<String> = ["文", "文字"]
    static let strippedLabels = ["来源", "责任编辑", "编辑"]
    static let strippedSeparated: Set<String> = ["来源"]
    static let editorLabelSet = NeedleSet(editorLabels)
    static let sourceLabelSet = NeedleSet(sourceLabels)
    static let authorLabelSet = NeedleSet(authorLabels)
    static let strippedLabelSet = NeedleSet(strippedLabels)
    static let englishEditorSet = NeedleSet(["Edited by", "Editor:", "Editing by"])
    static let englishSourceSet = NeedleSet(["Source:"])
    static let englishAuthorSet = NeedleSet(["By ", "by ", "BY ", "Written by", "Author:", "Reporting by"])

    // Single-scalar character sets (U+037E, the Greek question mark, is canonically ';').
    static let openingMarks: [Unicode.Scalar] = ["（", "(", "【", "[", "|", "｜"]
    static let valueEnds: [Unicode.Scalar] = ["）", ")", "】", "]", "|", "｜", ",", "，", ";", "\u{037E}", "；", "。", "／", "∕", "/"]
    // U+F98E is a compatibility ideograph canonically equal to 年.
    static let dateMarks: [Unicode.Scalar] = ["-", "/", "年", "\u{F98E}", "月", "日", "."]
    static let openingParens: [Unicode.Scalar] = ["（", "("]
    static let closingParens: [Unicode.Scalar] = ["）", ")"]
    static let colons: [Unicode.Scalar] = ["：", ":"]
    static let nameSeparators: [Unicode.Scalar] = ["|", "｜", "丨", "/", "【", "】", "[", "]"]
    static let metaPrefixSet = NeedleSet(metaPrefixes)

    /// Parses one short line (or the start of a paragraph).
    static func parse(_ line: String) -> MetaFields { parse(line, stats: TextStats(line)) }

    /// Parses a line whose measures are already known.
    static func parse(_ line: String, stats: TextStats) -> MetaFields {
        var fields = MetaFields()
        var short = stats.chars <= 120
        if short && !quickLabelSet.occurs(in: line) && !(stats.chars <= 60 && line.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }))
            && !line.hasSuffixFast("前")
        {
            short = false
        }
        if short {
            if let v = value(after: editorLabels, in: line, requireSeparatorFor: editorSeparated, quick: editorLabelSet) { fields.editor = v }
            if fields.editor == nil, let v = value(afterEnglish: ["Edited by", "Editor:", "Editing by"], in: line, quick: englishEditorSet) { fields.editor = v }
            if let v = value(after: sourceLabels, in: line, requireSeparatorFor: sourceSeparated, quick: sourceLabelSet) {
                fields.source = v
            }
            if fields.source == nil, let v = value(afterEnglish: ["Source:"], in: line, quick: englishSourceSet) { fields.source = v }
            if let v = value(after: authorLabels, in: line, requireSeparatorFor: authorSeparated, quick: authorLabelSet) {
                fields.author = cleanName(v)
            }
            if fields.author == nil, let v = value(afterEnglish: ["By ", "by ", "BY ", "Written by", "Author:", "Reporting by"], in: line, atStart: true, quick: englishAuthorSet) {
                fields.author = v
            }
            fields.date = DateScanner.first(in: line)
            let trimmed = line.trimmingSpaces
            // A date line without a year (`发布时间：10-08 12:00`, `11月27日`): the year comes
            // from the page's other dates.
            if fields.date == nil, stats.chars <= 40, metaPrefixSet.isPrefix(of: trimmed) || DateScanner.isDateOnly(trimmed),
                let monthDay = DateScanner.find(in: line).first(where: { $0.year == nil })
            {
                fields.datelineDate = monthDay
                fields.isMeta = true
            }
            let startsWithLabel = metaPrefixSet.isPrefix(of: trimmed)
            let wechatHeader = isRelativeTimeLine(trimmed)
            if startsWithLabel && ((stats.chars <= 80 && !stats.endsWithSentencePunctuation) || stats.chars <= 25) { fields.isMeta = true }
            if wechatHeader { fields.isMeta = true }
            // A line that is only a date, or a date plus labels and a source.
            if fields.date != nil || fields.source != nil || fields.editor != nil {
                let rest = strippingMeta(trimmed)
                if TextStats(rest).chars <= 4 || (stats.chars <= 60 && !stats.endsWithSentencePunctuation && (fields.source != nil || fields.editor != nil)) {
                    fields.isMeta = true
                }
            }
            if fields.author != nil && !fields.isMeta && stats.chars <= 40 && !stats.endsWithSentencePunctuation { fields.isMeta = true }
            // A print-edition citation: `《 人民日报 》（ 2022年09月19日 05 版）`.
            if trimmed.hasBytePrefix("《"), trimmed.hasSuffixFast("版）") || trimmed.hasSuffixFast("版)"), stats.chars <= 40,
                let close = trimmed.firstIndex(of: "》")
            {
                fields.isMeta = true
                let name = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close]).trimmingSpaces
                if fields.source == nil, !name.isEmpty { fields.source = name }
            }
            // Photo credits and captions (`图为…。新华社记者 张三 摄`) are not by-lines.
            if trimmed.hasSuffixFast("摄") || trimmed.hasSuffixFast("摄）") || trimmed.hasSuffixFast("摄)") || trimmed.has("摄影：")
                || trimmed.hasBytePrefix("图为") || trimmed.hasBytePrefix("图：") || trimmed.hasBytePrefix("图片：")
            {
                fields.isMeta = false
                fields.author = nil
            }
            // `张华 2022年09月19日04:55 | 来源：人民网`, `2024年03月08日 10:12 新华网`: the bare words left
            // on a date line name the author and the outlet.
            if fields.isMeta, fields.date != nil, stats.chars <= 60 { leftoverNames(trimmed, into: &fields) }
            if !fields.isMeta { fields.author = nil; fields.editor = fields.editor.flatMap { stats.chars <= 60 ? $0 : nil } }
        }
        if !fields.isMeta {
            // The head is a byte prefix of the line: no label in the line, none in the head.
            if line.has("记者") || line.has("記者") || line.has("讯") || line.has("电") || line.has("報導") || line.has("报道"),
                case let head = String(line.prefix(48)), head.has("记者") || head.has("記者") || head.has("讯") || head.has("电") || head.has("報導") || head.has("报道") {
                leadingByline(line, into: &fields)
            }
        }
        return fields
    }

    static let outletSuffixes = ["网", "社", "报", "台", "刊", "站", "频道", "新闻", "日报", "在线", "客户端", "号", "杂志", "中心", "News", "Times", "Post"]
    static let ignoredWords: Set<String> = ["来源", "來源", "作者", "编辑", "責任編輯", "责任编辑", "发布时间", "发布日期", "更新时间", "时间", "日期", "点击", "浏览", "阅读", "分享", "打印", "字号", "大", "中", "小", "评论", "收藏", "原创", "发表于", "发布于", "发表", "发布", "更新于", "更新", "编辑于", "转载", "专栏", "正文"]

    static func leftoverNames(_ line: String, into fields: inout MetaFields) {
        let withoutDates = DateScanner.strippingDates(line)
        var tokens: [String] = []
        for raw in withoutDates.split(whereSeparator: { $0.isWhitespace || $0.isOne(of: nameSeparators) }) {
            let token = String(raw).trimmingEdges(of: ":：,，;；")
            if token.isEmpty || token.contains(where: { $0.isNumber }) { continue }
            if ignoredWords.contains(token) || token.hasSuffix("于") { continue }
            if metaPrefixSet.isPrefix(of: token) && (token.has("：") || token.has(":")) { continue }
            if token == fields.source || token == fields.author || token == fields.editor { continue }
            if !token.contains(where: { $0.isLetter }) { continue }
            tokens.append(token)
        }
        guard !tokens.isEmpty, tokens.count <= 2 else { return }
        func outletLike(_ t: String) -> Bool { outletSuffixes.contains { t.hasSuffix($0) } && t.count <= 20 }
        func nameLike(_ t: String) -> Bool {
            (2...4).contains(t.count) && t.unicodeScalars.allSatisfy { TextStats.isCJK($0.value) } && !outletLike(t)
        }
        for token in tokens {
            if fields.source == nil && outletLike(token) { fields.source = token }
            else if fields.author == nil && nameLike(token) { fields.author = token }
        }
    }

    /// `张明萌 南方人物周刊 1周前`, `3小时前`: a social-media style header.
    static func isRelativeTimeLine(_ line: String) -> Bool {
        guard TextStats(line).chars <= 40 else { return false }
        // Every unit ends with 前, which nothing else is canonically equivalent to: no 前 at the
        // end of the bytes, no match.
        guard line.utf8EndsWith("前") else { return false }
        for unit in ["秒前", "分钟前", "小时前", "天前", "周前", "月前", "年前"] where line.hasSuffix(unit) {
            let head = line.dropLast(unit.count)
            if let last = head.last, last.isNumber { return true }
        }
        return false
    }

    /// The line without dates, labels and punctuation: what is left says whether it is all meta.
    static func strippingMeta(_ line: String) -> String {
        var s = line
        for label in ["发布时间", "发布日期", "更新时间", "发表时间", "时间", "日期", "来源", "责任编辑", "编辑", "作者", "：", ":"] {
            s = s.replacingAll(label, with: " ")
        }
        var out = ""
        for ch in s where !(ch.isNumber || ch.isOne(of: dateMarks) || ch.isWhitespace) {
            out.append(ch)
        }
        // Remove the source value itself.
        let f = MetaLines.parseSourceOnly(line)
        if let f { out = out.replacingAll(f.filter { !$0.isWhitespace }, with: "") }
        return out
    }

    static func parseSourceOnly(_ line: String) -> String? {
        value(after: strippedLabels, in: line, requireSeparatorFor: strippedSeparated, quick: strippedLabelSet)
    }

    /// The value after the first of `labels` in `line`: up to the next label, a run of spaces or
    /// a closing bracket. Labels in `requireSeparatorFor` need a `:`/`|`/`/` after them.
    static func value(after labels: [String], in line: String, requireSeparatorFor: Set<String>, quick: NeedleSet? = nil) -> String? {
        // No label anywhere in the line: nothing to read (one pass instead of one per label).
        if let quick, !quick.occurs(in: line) { return nil }
        for label in labels {
            var searchFrom = line.startIndex
            while let range = line[searchFrom...].byteRange(of: label) {
                searchFrom = range.upperBound
                // A label must start the line or follow a space/bracket/punctuation.
                if range.lowerBound != line.startIndex {
                    let before = line[line.index(before: range.lowerBound)]
                    if label.count <= 2 && !(before.isWhitespace || before.isPunctuation || before.isOne(of: openingMarks)) {
                        if !(label == "记者") { continue }
                    }
                }
                var i = range.upperBound
                while i < line.endIndex && line[i].isWhitespace { i = line.index(after: i) }
                var hadSeparator = false
                if i < line.endIndex && labelSeparators.contains(line[i]) {
                    hadSeparator = true
                    i = line.index(after: i)
                    while i < line.endIndex && line[i].isWhitespace { i = line.index(after: i) }
                }
                if requireSeparatorFor.contains(label) && !hadSeparator {
                    // `编辑 慕陶` at the start of a short line is still an editor line.
                    if !(range.lowerBound == line.startIndex && i > range.upperBound && label != "文") { continue }
                }
                let v = readValue(line[i...])
                if !v.isEmpty { return v }
            }
        }
        return nil
    }

    /// English `By Jane Doe` style values (up to four capitalised words).
    static func value(afterEnglish labels: [String], in line: String, atStart: Bool = false, quick: NeedleSet? = nil) -> String? {
        if let quick, !quick.occurs(in: line) { return nil }
        let trimmed = line.trimmingSpaces
        for label in labels {
            guard let range = trimmed.byteRange(of: label) else { continue }
            if atStart && range.lowerBound != trimmed.startIndex { continue }
            let rest = trimmed[range.upperBound...].trimmingPrefixSpaces
            var words: [Substring] = []
            var names = 0
            for word in rest.split(separator: " ", omittingEmptySubsequences: true) {
                let w = word.trimmingEdges(of: ",;|")
                guard let first = w.first else { break }
                // A date after the name (`By Erin Cunningham March 3, 2015`) is not part of it.
                if DateScanner.months[w.lowercased().trimmingEdges(of: ".")] != nil { break }
                if first.isUppercase || connectors.contains(String(w)) { words.append(w) } else { break }
                if !connectors.contains(String(w)) { names += 1 }
                // Two people (`Stella Kim and Jennifer Jett`) hold up to six name words.
                if names == (words.contains("and") ? 6 : 4) || word.hasSuffix("|") { break }
                if word.hasSuffix(",") { break }
            }
            while let last = words.last, connectors.contains(String(last)) { words.removeLast() }
            if !words.isEmpty { return words.joined(separator: " ") }
        }
        return nil
    }

    static let connectors: Set<String> = ["and", "de", "van", "von", "la"]

    static func readValue(_ s: Substring) -> String {
        var out = ""
        var i = s.startIndex
        var spaceRun = 0
        while i < s.endIndex {
            let ch = s[i]
            if ch.isWhitespace {
                spaceRun += 1
                // One space may separate a name from more: stop at the first space after content.
                if !out.isEmpty { break }
                i = s.index(after: i)
                continue
            }
            spaceRun = 0
            if ch.isOne(of: valueEnds) { break }
            if !out.isEmpty && fieldStopSet.isPrefix(of: s[i...]) { break }
            out.append(ch)
            i = s.index(after: i)
        }
        // Drop an e-mail address and trailing punctuation.
        if out.has("@") { out = "" }
        while let last = out.last, last.isPunctuation || last == ":" || last == "：" { out.removeLast() }
        return out
    }

    /// `本刊记者 张明萌` → `张明萌`.
    static func cleanName(_ v: String) -> String? {
        var s = v
        for prefix in ["本刊记者", "本报记者", "特约记者", "实习记者", "见习记者", "首席记者", "记者", "通讯员", "本刊", "本报"] where s.hasPrefix(prefix) {
            s = String(s.dropFirst(prefix.count))
        }
        s = s.trimmingSpaces
        // A Chinese name is two to four ideographs, ending at a digit, a space or punctuation.
        if let first = s.first, TextStats.isCJK(first.unicodeScalars.first!.value) {
            s = String(s.prefix { !$0.isNumber })
            for suffix in ["报道", "報導", "报导", "摄影", "摄"] where s.hasSuffix(suffix) { s = String(s.dropLast(suffix.count)) }
            if s.count > 4 && s.allSatisfy({ $0.unicodeScalars.first.map { TextStats.isCJK($0.value) } ?? false }) { return nil }
        }
        return s.isEmpty ? nil : s
    }

    /// `东方网记者黄丽春11月27日报道：他是…`, `新华社北京11月27日电（记者 张三）…`.
    static func leadingByline(_ line: String, into fields: inout MetaFields) {
        // `本报讯（记者 李喆）…`, `新华社北京3月5日电（记者 张三 李四）…`
        let opening = line.prefix(30)
        if let open = opening.firstIndex(where: { $0.isOne(of: openingParens) }),
            line[..<open].hasSuffix("讯") || line[..<open].hasSuffix("电") || line[..<open].hasSuffix("電") || line[..<open].isEmpty,
            let close = line[open...].prefix(30).firstIndex(where: { $0.isOne(of: closingParens) })
        {
            let inside = String(line[line.index(after: open)..<close])
            if inside.has("记者") || inside.has("記者") || inside.has("通讯员") {
                if let name = value(after: ["记者", "記者"], in: inside, requireSeparatorFor: []) { fields.author = cleanName(name) }
                if let date = DateScanner.find(in: String(line[..<open])).first { fields.datelineDate = date }
                let rest = String(line[line.index(after: close)...]).trimmingSpaces
                if !rest.isEmpty { fields.residual = rest }
                return
            }
        }
        let head = line.prefix(48)
        guard let colon = head.firstIndex(where: { $0.isOne(of: colons) }) ?? head.byteRange(of: "电 ")?.lowerBound
            ?? head.byteRange(of: "电（")?.lowerBound ?? head.byteRange(of: "讯 ")?.lowerBound
        else { return }
        let prefix = String(head[..<colon])
        guard prefix.has("记者") || prefix.hasSuffix("报道") || prefix.hasSuffix("电") || prefix.hasSuffix("讯"),
            TextStats(prefix).chars <= 40
        else { return }
        if let reporter = prefix.byteRange(of: "记者") {
            let outlet = String(prefix[..<reporter.lowerBound]).trimmingSpaces
            if !outlet.isEmpty && TextStats(outlet).chars <= 10 && outlet.containsAny(["网", "社", "报", "台", "刊", "新闻", "频道"]) {
                fields.source = outlet
            }
            var name = ""
            for ch in prefix[reporter.upperBound...].trimmingPrefixSpaces {
                guard let s = ch.unicodeScalars.first, TextStats.isCJK(s.value), name.count < 4 else { break }
                name.append(ch)
            }
            if name.hasSuffix("报道") { name = String(name.dropLast(2)) }
            if name.count >= 2 { fields.author = name }
        }
        if let date = DateScanner.find(in: prefix).first { fields.datelineDate = date }
        var rest = line[colon...].dropFirst()
        if line[colon...].hasPrefix("电 ") || line[colon...].hasPrefix("讯 ") { rest = line[colon...].dropFirst(2) }
        fields.residual = String(rest).trimmingSpaces
    }
}
