import SluiceCore

/// Parses grouped minutes (written reports of break-out group discussions) into groups, rosters,
/// headings and statements.
///
/// The parser works in one pass over the text's Unicode scalars plus bounded look-around at each
/// boundary, so its time grows linearly with the text. Every scalar of the text ends up in exactly
/// one ``MinutesSegment``.
public struct MinutesParser: Sendable {
    /// Creates a parser.
    public init() {}

    /// Parses `text`.
    ///
    /// - Throws: ``PluginError`` of kind `invalidInput` when the text has no group structure (no
    ///   roster such as `组长：… 组员：…`, `主持人：… 参会人员：…` or `Facilitator: … Members: …`).
    public func parse(_ text: String) throws -> MinutesDocument {
        var scanner = Scanner(text)
        return try scanner.run()
    }

    /// The number of groups `text` appears to hold (rosters found), without parsing statements.
    /// Used to sniff whether an input is grouped minutes.
    public func countGroups(_ text: String) -> Int {
        var scanner = Scanner(text)
        return scanner.findClusters().count
    }
}

// MARK: - Scanner

private typealias Scalar = Unicode.Scalar

private struct FieldOccurrence {
    var start: Int
    var valueStart: Int
    var kind: Lexicon.FieldKind
    var keyword: String
}

private struct ParsedField {
    var occurrence: FieldOccurrence
    var names: [MinutesMember] = []
    var placeholder: String?
    var value: String = ""
    var valueEnd: Int
}

private struct Cluster {
    var fields: [ParsedField]
    var start: Int { fields[0].occurrence.start }
    var end: Int
}

private struct SpeakerMatch {
    var start: Int
    var markerEnd: Int
    var speaker: String?
    var raw: String
    var role: String?
    var match: String
    var note: String?
    var employeeID: String?
    var ordinal: String?
    var time: String?
    var colon: Bool
}

private enum Cut {
    case heading(start: Int, end: Int, text: String)
    case speaker(SpeakerMatch)

    var start: Int {
        switch self {
        case .heading(let start, _, _): start
        case .speaker(let m): m.start
        }
    }
}

private struct PendingBody {
    var group: Int
    var bodyStart: Int
    var end: Int
    var cuts: [Cut]
    var header: [MinutesSegment]
}

private struct RosterEntry {
    var name: String
    var role: String
}

private struct Scanner {
    let s: [Scalar]
    let n: Int
    var segments: [MinutesSegment] = []

    /// The text's UTF-8 bytes and, for each scalar index, its UTF-8 offset (so that a piece of
    /// text is a byte copy, not a scalar-by-scalar rebuild).
    let utf8: [UInt8]
    let utf8Offsets: [UInt32]

    init(_ text: String) {
        s = Array(text.unicodeScalars)
        n = s.count
        utf8 = Array(text.utf8)
        var offsets = [UInt32](repeating: 0, count: s.count + 1)
        var o: UInt32 = 0
        for (k, c) in s.enumerated() {
            offsets[k] = o
            o += UInt32(UTF8.width(c))
        }
        offsets[s.count] = o
        utf8Offsets = offsets
    }

    // MARK: Character classes

    func isWS(_ c: Scalar) -> Bool {
        switch c.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x3000, 0xFEFF, 0x2000...0x200B, 0x202F, 0x205F: true
        default: false
        }
    }

    func isInlineWS(_ c: Scalar) -> Bool { isWS(c) && c != "\n" && c != "\r" }

    func isHan(_ c: Scalar) -> Bool {
        switch c.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x2FFFF, 0x3007: true
        default: false
        }
    }

    func isColon(_ c: Scalar) -> Bool { c == "：" || c == ":" }
    func isDigit(_ c: Scalar) -> Bool { ("0"..."9").contains(c) || (0xFF10...0xFF19).contains(c.value) }
    func isUpper(_ c: Scalar) -> Bool { ("A"..."Z").contains(c) }
    func isLatin(_ c: Scalar) -> Bool { ("A"..."Z").contains(c) || ("a"..."z").contains(c) }

    func isBoundary(_ i: Int) -> Bool { i == 0 || isWS(s[i - 1]) }

    /// Whether the keyword at `i` opens a markdown table cell (`| 组长 | 张三 |`).
    static func tableCellBefore(_ s: [Scalar], _ i: Int) -> Bool {
        var k = i - 1
        while k >= 0 && (s[k] == " " || s[k] == "\t") { k -= 1 }
        return k >= 0 && (s[k] == "|" || s[k] == "｜")
    }

    static func isFieldSeparator(_ c: Scalar) -> Bool {
        switch c { case "；", ";", "，", ",", "。", "|", "｜", "：", ":": true; default: false }
    }

    static func isListSeparator(_ c: Scalar) -> Bool {
        switch c { case "、", "，", ",", "/", "／": true; default: false }
    }

    static func isSentenceEnd(_ c: Scalar) -> Bool {
        switch c { case "。", "；", ";", "：", ":", "！", "？", "!", "?": true; default: false }
    }

    static func isSentenceStop(_ c: Scalar) -> Bool {
        switch c { case "。", "！", "？", "!", "?": true; default: false }
    }

    static func isLetterPointEnd(_ c: Scalar) -> Bool {
        switch c { case "：", ":", "、", ".", "．": true; default: false }
    }

    static func isNumeral(_ c: Scalar) -> Bool {
        switch c { case "零", "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "两": true; default: false }
    }

    func str(_ a: Int, _ b: Int) -> String {
        guard a < b else { return "" }
        return String(decoding: utf8[Int(utf8Offsets[a])..<Int(utf8Offsets[b])], as: UTF8.self)
    }

    func hasPrefix(_ word: [Scalar], at i: Int) -> Bool {
        guard i + word.count <= n else { return false }
        for k in 0..<word.count where s[i + k] != word[k] { return false }
        return true
    }

    func skipWS(_ i: Int, limit: Int? = nil) -> Int {
        let end = limit ?? n
        var j = i
        while j < end && isWS(s[j]) { j += 1 }
        return j
    }

    /// `text` with whitespace trimmed at both ends.
    func trimmed(_ a: Int, _ b: Int) -> String {
        var x = a
        var y = b
        while x < y && isWS(s[x]) { x += 1 }
        while y > x && isWS(s[y - 1]) { y -= 1 }
        return str(x, y)
    }

    /// A name as written in `[a, b)`, normalised: whitespace removed inside Chinese names (`刘  攀`
    /// is 刘攀), collapsed to single spaces in Latin ones (`Alice  Chen` is Alice Chen).
    func removingWS(_ a: Int, _ b: Int) -> String {
        var v = String.UnicodeScalarView()
        let han = (a..<b).contains { isHan(s[$0]) }
        var pendingSpace = false
        for k in a..<b {
            if isWS(s[k]) {
                pendingSpace = !han && !v.isEmpty
            } else {
                if pendingSpace { v.append(" ") }
                pendingSpace = false
                v.append(s[k])
            }
        }
        return String(v)
    }

    // MARK: Keyword tables

    static let fieldTable: [Scalar: [([Scalar], Lexicon.FieldKind, String)]] = {
        var t: [Scalar: [([Scalar], Lexicon.FieldKind, String)]] = [:]
        for (word, kind) in Lexicon.fieldKeywords {
            let scalars = Array(word.unicodeScalars)
            t[scalars[0], default: []].append((scalars, kind, word))
        }
        for key in t.keys { t[key]!.sort { $0.0.count > $1.0.count } }
        return t
    }()

    static let headingTable: [Scalar: [[Scalar]]] = {
        var t: [Scalar: [[Scalar]]] = [:]
        for word in Lexicon.headings {
            let scalars = Array(word.unicodeScalars)
            t[scalars[0], default: []].append(scalars)
        }
        for key in t.keys { t[key]!.sort { $0.count > $1.count } }
        return t
    }()

    static let headingSet: Set<String> = Set(Lexicon.headings)

    static let honorifics: [[Character]] = Lexicon.honorifics.map(Array.init)

    static let leaderNotes: Set<String> = ["组长", "主持", "主持人", "召集人", "facilitator", "leader", "chair", "moderator", "lead"]
    static let recorderNotes: Set<String> = ["记录", "记录员", "记录人", "纪要", "note-taker", "notetaker", "note taker", "recorder", "scribe", "rapporteur"]

    // MARK: Fields and clusters

    /// The field keyword at `i` (at a boundary, followed by a colon), if any.
    func fieldAt(_ i: Int) -> FieldOccurrence? {
        guard isBoundary(i) || Self.isFieldSeparator(s[i - 1]),
              let candidates = Self.fieldTable[s[i]] else { return nil }
        for (word, kind, name) in candidates where hasPrefix(word, at: i) {
            var j = i + word.count
            // A Latin keyword must end at a word boundary.
            if isLatin(word[word.count - 1]), j < n, isLatin(s[j]) { continue }
            var spaces = 0
            while j < n && isInlineWS(s[j]) && spaces < 3 { j += 1; spaces += 1 }
            if j < n && (s[j] == "（" || s[j] == "(") {
                // `组员（5人）：`
                var c = j + 1
                while c < n && c - j <= 12 && s[c] != "）" && s[c] != ")" && s[c] != "\n" { c += 1 }
                if c < n && (s[c] == "）" || s[c] == ")") { j = c + 1 }
            }
            if j < n && (isColon(s[j]) || ((s[j] == "|" || s[j] == "｜") && i > 0 && Self.tableCellBefore(s, i))) {
                return FieldOccurrence(start: i, valueStart: j + 1, kind: kind, keyword: name)
            }
        }
        return nil
    }

    /// Reads a list of names (`A、B、C`, `A\t123、B（请假）`, `Alice Chen, Bob Li`) from `p`.
    func parseNames(from p0: Int, limit: Int, spaceSeparated allowSpaces: Bool = false) -> (names: [MinutesMember], placeholder: String?, end: Int) {
        var usedSeparator = false
        var names: [MinutesMember] = []
        var placeholder: String?
        var p = p0
        while p < limit && isInlineWS(s[p]) { p += 1 }
        if p < limit && (s[p] == "\n" || s[p] == "\r") {
            // `组员：` followed by the names on the next line.
            let q = skipWS(p, limit: limit)
            if q < limit && (isHan(s[q]) || isUpper(s[q])) && fieldAt(q) == nil { p = q }
        }
        var end = p
        while p < limit {
            while p < limit && (s[p] == "*" || s[p] == "_") { p += 1 }
            guard p < limit else { break }
            let start = p
            var e = p
            if s[p] == "X" || s[p] == "x" || s[p] == "×" {
                while e < limit && (s[e] == "X" || s[e] == "x" || s[e] == "×") { e += 1 }
                if e - start >= 2 { placeholder = str(start, e); end = e; break }
                break
            }
            if isHan(s[p]) {
                while e < limit && (isHan(s[e]) || s[e] == "·" || s[e] == "•") { e += 1 }
                if e - start == 1 {
                    // `刘  攀`: a one-character part, spaces, then the rest of the name.
                    var q = e
                    while q < limit && isInlineWS(s[q]) && q - e < 4 { q += 1 }
                    if q > e, q < limit, isHan(s[q]) {
                        var r = q
                        while r < limit && isHan(s[r]) && r - q < 3 { r += 1 }
                        if r - q <= 2 && (r >= limit || !isHan(s[r])) { e = r }
                    }
                }
                let name = removingWS(start, e)
                if ["待定", "暂无", "无", "某某", "未定"].contains(name) {
                    placeholder = name
                    end = e
                    break
                }
            } else if isUpper(s[p]) {
                // Latin names: capitalised words separated by single spaces.
                while e < limit {
                    var w = e
                    while w < limit && (isLatin(s[w]) || s[w] == "." || s[w] == "'" || s[w] == "-") { w += 1 }
                    if w == e { break }
                    e = w
                    if e + 1 < limit && s[e] == " " && isUpper(s[e + 1]) && fieldAt(e + 1) == nil { e += 1 } else { break }
                }
            } else {
                break
            }
            var item = MinutesMember(name: removingWS(start, e))
            if e < limit && (s[e] == "（" || s[e] == "(") {
                var c = e + 1
                while c < limit && c - e <= 16 && s[c] != "）" && s[c] != ")" && s[c] != "\n" { c += 1 }
                if c < limit && (s[c] == "）" || s[c] == ")") {
                    item.note = trimmed(e + 1, c)
                    e = c + 1
                }
            }
            var q = e
            while q < limit && isInlineWS(s[q]) && q - e < 4 { q += 1 }
            if q < limit && isDigit(s[q]) {
                var r = q
                while r < limit && isDigit(s[r]) { r += 1 }
                if r - q >= 3 && r - q <= 10 { item.employeeID = str(q, r); e = r }
            }
            names.append(item)
            while e < limit && (s[e] == "*" || s[e] == "_") { e += 1 }
            end = e
            // Separator?
            var k = e
            while k < limit && isInlineWS(s[k]) && k - e < 3 { k += 1 }
            if k < limit && Self.isListSeparator(s[k]) {
                usedSeparator = true
                p = k + 1
                while p < limit && isInlineWS(s[p]) { p += 1 }
                continue
            }
            // `组员：张三 李四 王五`: names separated by single spaces, when no 、 or comma is used.
            if allowSpaces && !usedSeparator && k - e == 1 && k < limit && isHan(s[k]) && fieldAt(k) == nil {
                var r = k
                while r < limit && isHan(s[r]) { r += 1 }
                let word = str(k, r)
                let wordEnds = r >= limit || isWS(s[r]) || Self.isListSeparator(s[r]) || s[r] == "（" || s[r] == "(" || s[r] == "；"
                if r - k >= 2 && r - k <= 4 && wordEnds && looksLikeName(word) {
                    p = k
                    continue
                }
            }
            break
        }
        return (names, placeholder, end)
    }

    /// Reads a one-line value from `p` (stops at a line break, two spaces or `limit`).
    func parseLine(from p0: Int, limit: Int) -> (value: String, end: Int) {
        var p = p0
        while p < limit && isInlineWS(s[p]) { p += 1 }
        var e = p
        while e < limit {
            if s[e] == "\n" || s[e] == "\r" { break }
            if isWS(s[e]) && e + 1 < limit && isWS(s[e + 1]) { break }
            e += 1
        }
        var y = e
        while y > p && (isWS(s[y - 1]) || s[y - 1] == "|" || s[y - 1] == "｜") { y -= 1 }
        return (str(p, y), y)
    }

    /// All rosters in the text: runs of adjacent fields that include a leader or members.
    mutating func findClusters() -> [Cluster] {
        var occurrences: [FieldOccurrence] = []
        var i = 0
        while i < n {
            if !isWS(s[i]), let f = fieldAt(i) {
                occurrences.append(f)
                i = f.valueStart
                continue
            }
            i += 1
        }
        var clusters: [Cluster] = []
        var current: [ParsedField] = []
        var currentEnd = 0
        func qualifies(_ fields: [ParsedField]) -> Bool {
            let leader = fields.contains { $0.occurrence.kind == .leader && !$0.names.isEmpty }
            let members = fields.first { $0.occurrence.kind == .members }?.names.count ?? 0
            let rosterFields = fields.filter {
                [.leader, .members, .recorders].contains($0.occurrence.kind)
            }.count
            return members >= 2 || (leader && rosterFields >= 2)
        }
        for (index, occ) in occurrences.enumerated() {
            let limit = index + 1 < occurrences.count ? occurrences[index + 1].start : n
            var field = ParsedField(occurrence: occ, valueEnd: occ.valueStart)
            switch occ.kind {
            case .leader, .members, .recorders, .absent:
                let r = parseNames(from: occ.valueStart, limit: limit,
                                   spaceSeparated: occ.kind == .members || occ.kind == .absent)
                field.names = r.names
                field.placeholder = r.placeholder
                field.valueEnd = r.end
                field.value = trimmed(occ.valueStart, r.end)
            case .meta:
                let r = parseLine(from: occ.valueStart, limit: limit)
                field.value = r.value
                field.valueEnd = r.end
            }
            // Adjacent to the current cluster?
            var joins = false
            if let last = current.last {
                var gap = last.valueEnd
                while gap < occ.start && (isWS(s[gap]) || s[gap] == "；" || s[gap] == ";" || s[gap] == "，" || s[gap] == ","
                                          || s[gap] == "|" || s[gap] == "｜" || s[gap] == "-") {
                    gap += 1
                }
                let repeated = current.contains { $0.occurrence.kind == occ.kind }
                joins = gap == occ.start && !repeated
            }
            if !joins {
                if !current.isEmpty && qualifies(current) {
                    clusters.append(Cluster(fields: current, end: currentEnd))
                }
                current = []
            }
            current.append(field)
            currentEnd = field.valueEnd
        }
        if !current.isEmpty && qualifies(current) {
            clusters.append(Cluster(fields: current, end: currentEnd))
        }
        return clusters
    }

    // MARK: Labels and titles

    struct Label {
        var label: String
        var number: Int?
        var name: String?
    }

    /// The group label a token spells, if any.
    func label(in raw: String) -> Label? {
        var t = Substring(raw)
        while let last = t.last, last == "：" || last == ":" { t = t.dropLast() }
        guard !t.isEmpty else { return nil }
        // 组别：第五组 / 组名：创新组 / 小组：3
        for prefix in ["组别", "组名", "小组", "分组", "组号"] where t.hasPrefix(prefix) {
            let rest = t.dropFirst(prefix.count)
            if !rest.isEmpty, let v = Int(rest) ?? Lexicon.chineseNumber(rest) { return Label(label: String(t), number: v) }
            guard let sep = rest.first, sep == "：" || sep == ":" else { continue }
            let value = rest.dropFirst()
            guard !value.isEmpty, value.count <= 20, !value.contains("，"), !value.contains("。") else { return nil }
            if let inner = label(in: String(value)) { return Label(label: String(t), number: inner.number, name: inner.name) }
            if let v = Int(value) ?? Lexicon.chineseNumber(value) { return Label(label: String(t), number: v) }
            return Label(label: String(t), number: nil, name: String(value))
        }
        // A组 / B组
        if t.count == 2, t.last == "组", let f = t.first, f.isASCII, f.isLetter {
            return Label(label: String(t), number: nil, name: String(f))
        }
        func number(_ x: Substring) -> Int? {
            if let v = Int(x) { return v }
            let ascii = String(x.unicodeScalars.map { (0xFF10...0xFF19).contains($0.value) ? Character(Unicode.Scalar($0.value - 0xFF10 + 0x30)!) : Character($0) })
            if let v = Int(ascii) { return v }
            return Lexicon.chineseNumber(x)
        }
        func isNumeral(_ c: Character) -> Bool { c.isNumber && c.unicodeScalars.count == 1 && (c.isASCII || (0xFF10...0xFF19).contains(c.unicodeScalars.first!.value)) || Lexicon.isChineseNumeral(c) }
        // 第一组 / 第20组 / 第三小组 (with anything after: 人员, 讨论书面汇报材料)
        if t.hasPrefix("第") {
            let body = t.dropFirst()
            let digits = body.prefix { isNumeral($0) }
            let rest = body.dropFirst(digits.count)
            if !digits.isEmpty, rest.hasPrefix("组") || rest.hasPrefix("小组") {
                let word = rest.hasPrefix("组") ? "组" : "小组"
                return Label(label: "第" + digits + word, number: number(digits))
            }
        }
        // 组2 / 组--5 / 组：15 / 组：十八组 / 组27 / 组 3
        if t.hasPrefix("组") {
            let afterGroup = t.dropFirst()
            let separators: Set<Character> = ["：", ":", "-", "—", "–", " ", "\u{3000}", "_", "#", "＃", "."]
            let body = afterGroup.drop { separators.contains($0) }
            let digits = body.prefix { isNumeral($0) }
            let rest = body.dropFirst(digits.count)
            if !digits.isEmpty, rest.isEmpty || rest == "组" {
                return Label(label: String(t), number: number(digits))
            }
            if afterGroup.first == "：" || afterGroup.first == ":" {
                let name = afterGroup.dropFirst()
                if !name.isEmpty, name.count <= 20, !name.contains("，"), !name.contains("。") {
                    if name.hasPrefix("第") || name.last == "组", let inner = label(in: String(name)), inner.number != nil {
                        return Label(label: String(t), number: inner.number)
                    }
                    return Label(label: String(t), number: nil, name: String(name))
                }
            }
            return nil
        }
        // 3组 / 十八组
        if let first = t.first, isNumeral(first), t.last == "组" {
            let digits = t.dropLast()
            if digits.allSatisfy(isNumeral), let v = number(digits) { return Label(label: String(t), number: v) }
        }
        // 顶规方案组 / 创新小组
        if t.last == "组", t.count >= 3, t.count <= 12, t.allSatisfy({ c in c.unicodeScalars.allSatisfy { isHan($0) } }),
           !t.hasPrefix("分组"), !t.contains("讨论")
        {
            return Label(label: String(t), number: nil, name: String(t))
        }
        return nil
    }

    /// An English label in a header line (`Breakout Group 3`, `Group B`, `Team 2`).
    func englishLabel(in line: String) -> Label? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" })
        for (k, w) in words.enumerated() {
            let lower = w.lowercased()
            guard ["group", "team", "table", "room", "breakout"].contains(lower) else { continue }
            guard k + 1 < words.count else { continue }
            var next = words[k + 1]
            while let l = next.last, l == ":" || l == "：" || l == "," { next = next.dropLast() }
            if next.hasPrefix("#") { next = next.dropFirst() }
            if let v = Int(next) {
                let first = k > 0 && words[k - 1].lowercased().hasPrefix("break") ? k - 1 : k
                return Label(label: words[first...(k + 1)].joined(separator: " ").trimmingSuffixPunctuation, number: v)
            }
            if next.count == 1, let c = next.first, c.isUppercase {
                let first = k > 0 && words[k - 1].lowercased().hasPrefix("break") ? k - 1 : k
                return Label(label: words[first...(k + 1)].joined(separator: " ").trimmingSuffixPunctuation, number: nil, name: String(next))
            }
        }
        return nil
    }

    func isTitleToken(_ t: String) -> Bool {
        guard t.count <= 40, !t.contains("，"), !t.contains("。"), !t.contains("；") else { return false }
        return Lexicon.titleMarkers.contains { t.contains($0) }
    }

    func isSubtitleToken(_ t: String) -> Bool { t.hasPrefix("分组讨论（") || t.hasPrefix("分组讨论(") }

    /// Tokens (maximal runs without whitespace) in `[a, b)`.
    func tokens(_ a: Int, _ b: Int) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var i = a
        while i < b {
            while i < b && isWS(s[i]) { i += 1 }
            if i >= b { break }
            let start = i
            while i < b && !isWS(s[i]) { i += 1 }
            out.append((start, i))
        }
        return out
    }

    /// Where the group whose roster starts at `anchor` begins.
    func groupStart(anchor: Int, lowerBound: Int) -> Int {
        let lo = max(lowerBound, anchor - 1000)
        let toks = tokens(lo, anchor).filter { $0.0 == lo ? isBoundary(lo) : true }
        var title: Int?
        var subtitle: Int?
        var labelStart: Int?
        for (a, b) in toks {
            // Prose (long, or with sentence punctuation) is never a title, subtitle or label.
            if b - a > 40 || (a..<b).contains(where: { s[$0] == "，" || s[$0] == "。" || s[$0] == "、" }) { continue }
            let t = str(a, b)
            if isTitleToken(t) { title = a }
            if isSubtitleToken(t) { subtitle = a }
            if label(in: t) != nil { labelStart = a }
        }
        // An English label spans several tokens: look at the line holding the anchor's previous line.
        if let title { return title }
        if let subtitle { return subtitle }
        if let labelStart { return labelStart }
        // The start of the line (or of the previous non-empty line when it names a group).
        var i = anchor
        while i > lo && s[i - 1] != "\n" { i -= 1 }
        if i > lo {
            var j = i - 1
            while j > lo && isWS(s[j - 1]) && s[j - 1] != "\n" { j -= 1 }
            var k = j
            while k > lo && s[k - 1] != "\n" { k -= 1 }
            let line = trimmed(k, j)
            if englishLabel(in: line) != nil { return k }
            let squeezed = String(line.filter { !$0.isWhitespace })
            if squeezed.count <= 12, label(in: squeezed) != nil { return k }
        }
        return i
    }

    // MARK: Roster lookup

    struct Roster {
        var entries: [String: RosterEntry] = [:]
        var maxLength = 0
        var latinFirstNames: [String: [String]] = [:]
        var firstScalars: Set<Unicode.Scalar> = []
        var leader: String?
        var recorders: [String] = []

        mutating func add(_ name: String, role: String) {
            guard !name.isEmpty else { return }
            firstScalars.insert(name.unicodeScalars.first!)
            if entries[name] == nil { entries[name] = RosterEntry(name: name, role: role) }
            maxLength = max(maxLength, name.unicodeScalars.count)
            if let first = name.split(separator: " ").first, name.contains(" ") {
                latinFirstNames[String(first), default: []].append(name)
            }
        }
    }

    func buildRoster(_ group: MinutesGroup) -> Roster {
        var r = Roster()
        if let leader = group.leader { r.add(leader.name, role: "leader"); r.leader = leader.name }
        r.recorders = group.recorders.map(\.name)
        for m in group.members { r.add(m.name, role: "member") }
        for m in group.recorders { r.add(m.name, role: "recorder") }
        for m in group.absent { r.add(m.name, role: "member") }
        return r
    }

    // MARK: Speakers

    /// A timestamp at `p` (`[10:05]`, `10:05`, `(10:05:30)`), returning its text and the index after
    /// it and the following spaces.
    func timestamp(at p: Int, limit: Int) -> (String, Int)? {
        var q = p
        let open = q < limit && (s[q] == "[" || s[q] == "(" || s[q] == "【")
        if open { q += 1 }
        let start = q
        var d = q
        while d < limit && isDigit(s[d]) && d - q < 2 { d += 1 }
        guard d > q, d < limit, s[d] == ":" || s[d] == "：" else { return nil }
        var m = d + 1
        while m < limit && isDigit(s[m]) { m += 1 }
        guard m - d - 1 == 2 else { return nil }
        if m + 2 < limit, s[m] == ":", isDigit(s[m + 1]), isDigit(s[m + 2]) { m += 3 }
        let text = str(start, m)
        if open {
            guard m < limit, s[m] == "]" || s[m] == ")" || s[m] == "】" else { return nil }
            m += 1
        }
        var e = m
        while e < limit && (isInlineWS(s[e]) || s[e] == "-" || s[e] == "–") && e - m < 4 { e += 1 }
        guard e > m || open else { return nil }
        return (text, e)
    }

    /// The note, employee id and colon after a name ending at `e`.
    func nameTail(_ e0: Int, limit: Int) -> (note: String?, employeeID: String?, colonEnd: Int?, end: Int) {
        var e = e0
        var note: String?
        var employeeID: String?
        if e + 1 < limit, s[e] == " ", s[e + 1] == "(", e > 0, isLatin(s[e - 1]) { e += 1 }  // `Alice Chen (facilitator):`
        if e < limit && (s[e] == "（" || s[e] == "(") {
            var c = e + 1
            while c < limit && c - e <= 20 && s[c] != "）" && s[c] != ")" && s[c] != "\n" { c += 1 }
            if c < limit && (s[c] == "）" || s[c] == ")") {
                note = trimmed(e + 1, c)
                e = c + 1
            }
        }
        var q = e
        while q < limit && isInlineWS(s[q]) && q - e < 4 { q += 1 }
        if q < limit && isDigit(s[q]) {
            var r = q
            while r < limit && isDigit(s[r]) { r += 1 }
            if r - q >= 3 && r - q <= 10 {
                var c = r
                while c < limit && isInlineWS(s[c]) && c - r < 3 { c += 1 }
                if c < limit && isColon(s[c]) {
                    employeeID = str(q, r)
                    e = r
                }
            }
        }
        var c = e
        while c < limit && s[c] == "*" && c - e < 2 { c += 1 }
        let afterMarkup = c
        while c < limit && isInlineWS(s[c]) && c - afterMarkup < 3 { c += 1 }
        if c < limit && isColon(s[c]) {
            var colonEnd = c + 1
            while colonEnd < limit && s[colonEnd] == "*" && colonEnd - c <= 2 { colonEnd += 1 }
            return (note, employeeID, colonEnd, e)
        }
        return (note, employeeID, nil, e)
    }

    /// Han characters of a name starting at `p`, with the end index after each (a one-character
    /// part followed by spaces joins the next characters: `韩  蕊`).
    func nameRun(at p: Int, limit: Int, max maxCount: Int) -> [(Character, Int)] {
        var out: [(Character, Int)] = []
        var i = p
        while i < limit && out.count < maxCount {
            if isHan(s[i]) {
                out.append((Character(s[i]), i + 1))
                i += 1
            } else if out.count == 1 && isInlineWS(s[i]) {
                var q = i
                while q < limit && isInlineWS(s[q]) && q - i < 4 { q += 1 }
                guard q < limit, isHan(s[q]) else { break }
                // Only when what follows is a short run ending the name (`蕊：`, `渊 `).
                var r = q
                while r < limit && isHan(s[r]) { r += 1 }
                guard r - q <= 2 else { break }
                var c = r
                while c < limit && isInlineWS(s[c]) && c - r < 3 { c += 1 }
                guard c < limit, isColon(s[c]) else { break }
                i = q
            } else {
                break
            }
        }
        return out
    }

    func roleFor(_ name: String, roster: Roster) -> String { roster.entries[name]?.role ?? "guest" }

    static let rolePrefixes: [[Scalar]] = ["组长", "副组长", "主持人", "记录员", "组员", "成员"].map { Array($0.unicodeScalars) }

    static let speechVerbs: [[Scalar]] = ["发言", "说", "表示", "指出", "补充", "提到", "认为", "谈到", "讲", "提出", "总结"]
        .map { Array($0.unicodeScalars) }

    /// The end of a speech verb right after a name (`张三说：`), if any.
    func speechVerbEnd(_ e: Int, limit: Int) -> Int? {
        for verb in Self.speechVerbs where e + verb.count <= limit && hasPrefix(verb, at: e) {
            return e + verb.count
        }
        return nil
    }

    /// Whether `name` (not on the roster) looks like a person's name.
    func looksLikeName(_ name: String) -> Bool {
        let count = name.count
        guard count >= 2, count <= 4 else { return false }
        if Lexicon.notNames.contains(name) || Lexicon.neverSpeakers.contains(name) || Self.headingSet.contains(name) {
            return false
        }
        if count == 4 || (count == 3 && Lexicon.compoundSurnames.contains(String(name.prefix(2)))) {
            return Lexicon.compoundSurnames.contains(String(name.prefix(2)))
        }
        guard let first = name.first, Lexicon.surnames.contains(first) else { return false }
        return true
    }

    /// The roster member a variant spelling stands for (`崔晴慧` for `崔晴雪`): same length (at
    /// least three), same surname, one character different, and only one such member.
    func variant(of name: String, roster: Roster) -> String? {
        let chars = Array(name)
        guard chars.count >= 3 else { return nil }
        var found: String?
        for candidate in roster.entries.keys {
            let other = Array(candidate)
            guard other.count == chars.count, other[0] == chars[0] else { continue }
            var diff = 0
            for k in 0..<chars.count where chars[k] != other[k] { diff += 1 }
            if diff == 1 {
                if found != nil { return nil }
                found = candidate
            }
        }
        return found
    }

    /// The roster member a nickname (`飞总`, `淑英老师`) stands for, when only one fits.
    func resolveNickname(_ stem: String, roster: Roster) -> String? {
        var byGiven: [String] = []
        var bySurname: [String] = []
        for name in roster.entries.keys where name.count >= 2 && name.unicodeScalars.allSatisfy({ isHan($0) }) {
            let surnameLength = Lexicon.compoundSurnames.contains(String(name.prefix(2))) && name.count >= 3 ? 2 : 1
            let given = String(name.dropFirst(surnameLength))
            let surname = String(name.prefix(surnameLength))
            if given == stem || given.hasPrefix(stem) && stem.count >= 1 && given.count > stem.count && stem.count == 1 {
                byGiven.append(name)
            } else if given == stem {
                byGiven.append(name)
            }
            if surname == stem { bySurname.append(name) }
        }
        let exactGiven = byGiven.filter { $0.hasSuffix(stem) && $0.count - stem.count <= 2 }
        if exactGiven.count == 1 { return exactGiven[0] }
        if byGiven.count == 1 { return byGiven[0] }
        if byGiven.isEmpty && bySurname.count == 1 { return bySurname[0] }
        return nil
    }

    /// The speaker marker at `i`, if any.
    func speaker(at i: Int, limit: Int, roster: Roster, lineStart: Bool, afterPunctuation: Bool = false) -> SpeakerMatch? {
        var p = i
        // Markdown emphasis or a bullet before the name: `**张三**：`, `- 李四：`.
        if s[p] == "*" {
            while p < limit && s[p] == "*" && p - i < 2 { p += 1 }
        } else if (s[p] == "-" || s[p] == "•" || s[p] == "·") && p + 1 < limit && isInlineWS(s[p + 1]) {
            p += 1
            while p < limit && isInlineWS(s[p]) && p - i < 4 { p += 1 }
        }
        guard p < limit else { return nil }
        var time: String?
        if let (t, after) = timestamp(at: p, limit: limit) {
            time = t
            p = after
        }
        var ordinal: String?
        var explicit = false
        // 发言人：NAME
        if p + 3 < limit && s[p] == "发" && s[p + 1] == "言" && s[p + 2] == "人" && isColon(s[p + 3]) {
            ordinal = str(p, p + 4)
            explicit = true
            p += 4
            while p < limit && isInlineWS(s[p]) && p - i < 8 { p += 1 }
        }
        // 姓名N：
        if ordinal == nil && p + 2 < limit && s[p] == "姓" && s[p + 1] == "名" {
            var q = p + 2
            while q < limit && isDigit(s[q]) { q += 1 }
            if q < limit && isColon(s[q]) {
                ordinal = str(p, q + 1)
                explicit = true
                p = q + 1
                while p < limit && isInlineWS(s[p]) && p - q < 3 { p += 1 }
            }
        }
        // N、 / N. / N．
        if ordinal == nil && p < limit && isDigit(s[p]) {
            var q = p
            while q < limit && isDigit(s[q]) && q - p < 3 { q += 1 }
            if q < limit && (s[q] == "、" || s[q] == "." || s[q] == "．") && !(q + 1 < limit && isDigit(s[q + 1])) {
                ordinal = str(p, q + 1)
                p = q + 1
                while p < limit && isInlineWS(s[p]) && p - q < 4 { p += 1 }
            } else {
                return nil
            }
        }
        guard p < limit else { return nil }
        // A role written before the name: `组长张三：`, `主持人 李四：`.
        for role in Self.rolePrefixes where hasPrefix(role, at: p) {
            var q = p + role.count
            while q < limit && isInlineWS(s[q]) && q - p - role.count < 2 { q += 1 }
            if q < limit && roster.firstScalars.contains(s[q]) { p = q }
            break
        }

        func make(_ name: String?, raw: String, role: String?, match: String, end: Int,
                  tail: (note: String?, employeeID: String?, colonEnd: Int?, end: Int)) -> SpeakerMatch {
            SpeakerMatch(
                start: i, markerEnd: tail.colonEnd ?? tail.end, speaker: name, raw: raw, role: role, match: match,
                note: tail.note, employeeID: tail.employeeID, ordinal: ordinal, time: time, colon: tail.colonEnd != nil)
        }

        if isHan(s[p]) {
            let run = nameRun(at: p, limit: limit, max: max(roster.maxLength, 6))
            // A roster name (longest first).
            if !run.isEmpty && roster.firstScalars.contains(s[p]) {
                var length = min(run.count, roster.maxLength)
                while length >= 2 {
                    let name = String(run.prefix(length).map(\.0))
                    if let entry = roster.entries[name] {
                        let end = run[length - 1].1
                        var tail = nameTail(end, limit: limit)
                        let raw = str(p, end)
                        if tail.colonEnd == nil, let verbEnd = speechVerbEnd(end, limit: limit) {
                            // `张三说：`, `李四发言：`
                            let verbTail = nameTail(verbEnd, limit: limit)
                            if verbTail.colonEnd != nil { tail = verbTail }
                        }
                        if tail.colonEnd != nil {
                            return make(name, raw: raw, role: entry.role, match: "roster", end: end, tail: tail)
                        }
                        if afterPunctuation { return nil }
                        if tail.end >= limit || isWS(s[tail.end]) {
                            return make(name, raw: raw, role: entry.role, match: "roster", end: end, tail: tail)
                        }
                        if explicit {
                            return make(name, raw: raw, role: entry.role, match: "roster", end: end, tail: tail)
                        }
                    }
                    length -= 1
                }
            }
            // A role instead of a name: `组长：我补充一点` is the leader speaking.
            if !afterPunctuation, ordinal == nil, run.count >= 2, run.count <= 3 {
                let word = String(run.map(\.0))
                let end = run[run.count - 1].1
                let tail = nameTail(end, limit: limit)
                if tail.colonEnd != nil {
                    let who: String? = switch word {
                    case "组长", "主持人", "主持", "召集人": roster.leader
                    case "记录员", "记录人": roster.recorders.count == 1 ? roster.recorders[0] : nil
                    default: nil
                    }
                    if let who {
                        return make(who, raw: word, role: roleFor(who, roster: roster), match: "role", end: end, tail: tail)
                    }
                }
            }
            // A nickname: 飞总：, 淑英老师：
            for h in Self.honorifics where run.count >= 2 && run.count <= 4 && run.contains(where: { $0.0 == h.last! }) {
                for stemLength in 1...2 where run.count >= stemLength + h.count {
                    let chars = run.prefix(stemLength + h.count).map(\.0)
                    guard Array(chars.suffix(h.count)) == h else { continue }
                    let end = run[stemLength + h.count - 1].1
                    let tail = nameTail(end, limit: limit)
                    guard tail.colonEnd != nil, run.count == stemLength + h.count else { continue }
                    let stem = String(chars.prefix(stemLength))
                    let raw = str(p, end)
                    if let resolved = resolveNickname(stem, roster: roster) {
                        return make(resolved, raw: raw, role: roleFor(resolved, roster: roster), match: "nickname", end: end, tail: tail)
                    }
                    return make(raw, raw: raw, role: "guest", match: "nickname", end: end, tail: tail)
                }
            }
            if afterPunctuation { return nil }
            // A name not on the roster.
            let fullRun = run.count
            guard fullRun >= 2 else { return nil }
            var candidates: [Int] = []
            let runEnd = run[fullRun - 1].1
            let runTail = nameTail(runEnd, limit: limit)
            if runTail.colonEnd != nil || (explicit && (runTail.end >= limit || isWS(s[runTail.end]) || runTail.note != nil)) {
                candidates.append(fullRun)
            } else if explicit {
                // `姓名4：吴蔚洲从…`: the name runs into the text; take three characters.
                candidates.append(min(3, fullRun))
            }
            for length in candidates where length >= 2 && length <= 4 {
                let name = String(run.prefix(length).map(\.0))
                let end = run[length - 1].1
                let tail = length == fullRun ? runTail : (note: nil, employeeID: nil, colonEnd: nil, end: end)
                let raw = str(p, end)
                if let resolved = variant(of: name, roster: roster) {
                    return make(resolved, raw: raw, role: roleFor(resolved, roster: roster), match: "variant", end: end, tail: tail)
                }
                if looksLikeName(name) {
                    return make(name, raw: raw, role: "guest", match: explicit ? "explicit" : "unlisted", end: end, tail: tail)
                }
            }
            return nil
        }

        if isUpper(s[p]) && !afterPunctuation {
            // Latin names: up to four capitalised words followed by a colon.
            var words: [(Int, Int)] = []
            var q = p
            while q < limit && words.count < 4 {
                var w = q
                while w < limit && (isLatin(s[w]) || s[w] == "." || s[w] == "'" || s[w] == "-") { w += 1 }
                if w == q { break }
                words.append((q, w))
                if w < limit && s[w] == " " && w + 1 < limit && isUpper(s[w + 1]) { q = w + 1 } else { break }
            }
            var count = words.count
            while count >= 1 {
                let end = words[count - 1].1
                let name = str(p, end)
                let tail = nameTail(end, limit: limit)
                if tail.colonEnd != nil {
                    if let entry = roster.entries[name] {
                        return make(name, raw: name, role: entry.role, match: "roster", end: end, tail: tail)
                    }
                    if count == 1, let full = roster.latinFirstNames[name], full.count == 1 {
                        return make(full[0], raw: name, role: roleFor(full[0], roster: roster), match: "nickname", end: end, tail: tail)
                    }
                    let allCapitalised = ordinal == nil && words.prefix(count).allSatisfy { w in
                        w.1 - w.0 >= 2 && isUpper(s[w.0]) && (w.0 + 1..<w.1).allSatisfy { !isUpper(s[$0]) }
                    }
                    if lineStart && allCapitalised && count <= 3 && !Self.headingSet.contains(name)
                        && !Lexicon.fieldKeywords.contains(where: { $0.0 == name })
                        && !["Note", "Notes", "Summary", "Agenda", "Action", "Decision", "Q", "A", "Re", "Update"].contains(name)
                    {
                        return make(name, raw: name, role: "guest", match: "unlisted", end: end, tail: tail)
                    }
                }
                count -= 1
            }
        }
        return nil
    }

    // MARK: Headings

    /// The heading at `i`, if any: its end and text.
    func heading(at i0: Int, limit: Int, allowBare: Bool, roster: Roster, lineStart: Bool) -> (end: Int, text: String)? {
        // An ordinal before a known heading: `一、核心要点`, `（二）发言摘要`, `1. 讨论内容`.
        var i = i0
        if let afterOrdinal = headingOrdinalEnd(i0, limit: limit), afterOrdinal < limit,
           let candidates = Self.headingTable[s[afterOrdinal]],
           candidates.contains(where: { hasPrefix($0, at: afterOrdinal) && isHan($0[0]) })
        {
            i = afterOrdinal
        }
        func whole(_ r: (end: Int, text: String)?) -> (end: Int, text: String)? {
            guard let r else { return nil }
            return i == i0 ? r : (r.end, str(i0, i) + r.text)
        }
        return whole(headingWord(at: i, limit: limit, allowBare: allowBare || i != i0, roster: roster, lineStart: lineStart || i != i0))
    }

    /// The end of an ordinal such as `一、`, `（二）`, `3.` at `i`.
    func headingOrdinalEnd(_ i: Int, limit: Int) -> Int? {
        var j = i
        if s[j] == "（" || s[j] == "(" {
            j += 1
            let start = j
            while j < limit && (Self.isNumeral(s[j]) || isDigit(s[j])) && j - start < 3 { j += 1 }
            guard j > start, j < limit, s[j] == "）" || s[j] == ")" else { return nil }
            j += 1
        } else {
            let start = j
            while j < limit && (Self.isNumeral(s[j]) || isDigit(s[j])) && j - start < 3 { j += 1 }
            guard j > start, j < limit, s[j] == "、" || s[j] == "." || s[j] == "．" else { return nil }
            j += 1
        }
        while j < limit && isInlineWS(s[j]) && j - i < 8 { j += 1 }
        return j
    }

    func headingWord(at i: Int, limit: Int, allowBare: Bool, roster: Roster, lineStart: Bool) -> (end: Int, text: String)? {
        let c = s[i]
        if let candidates = Self.headingTable[c] {
            for word in candidates where hasPrefix(word, at: i) {
                var j = i + word.count
                if isLatin(word[word.count - 1]), j < n, isLatin(s[j]) { continue }
                var spaces = 0
                while j < limit && isInlineWS(s[j]) && spaces < 3 { j += 1; spaces += 1 }
                if j < limit && isColon(s[j]) { return (j + 1, str(i, i + word.count)) }
                let after = i + word.count
                if allowBare && (after >= limit || isWS(s[after])) && (isHan(c) || lineStart) {
                    return (after, str(i, after))
                }
            }
        }
        // 议题一：… / 议题2 …
        if c == "议", i + 2 < limit, s[i + 1] == "题" {
            var j = i + 2
            while j < limit && (isDigit(s[j]) || Self.isNumeral(s[j])) { j += 1 }
            if j > i + 2, j < limit, isColon(s[j]) || s[j] == "、" || isWS(s[j]) {
                var e = j + 1
                while e < limit && s[e] != "\n" && s[e] != "\r" && e - j < 80 { e += 1 }
                if e < limit && (s[e] == "\n" || s[e] == "\r") {
                    return (e, trimmed(i, e))
                }
                return (j + (isWS(s[j]) ? 0 : 1), str(i, j + (isWS(s[j]) ? 0 : 1)))
            }
        }
        // A sub-group heading right before a speaker: `运营商大网组 徐福（…）：`
        if isHan(c) {
            var j = i
            while j < limit && isHan(s[j]) && j - i < 11 { j += 1 }
            if j - i >= 3, j - i <= 10, s[j - 1] == "组", j < limit, isWS(s[j]) {
                let next = skipWS(j, limit: limit)
                if next < limit, let m = speaker(at: next, limit: limit, roster: roster, lineStart: false), m.match == "roster" {
                    return (j, str(i, j))
                }
            }
        }
        return nil
    }

    // MARK: Points

    /// The numbered points in a statement's text.
    func points(_ a: Int, _ b: Int) -> [MinutesPoint] {
        var marks: [(start: Int, textStart: Int, marker: String)] = []
        var i = a
        while i < b {
            let boundary = i == a || isWS(s[i - 1]) || Self.isSentenceEnd(s[i - 1])
                || (0x2460...0x2473).contains(s[i].value) || s[i] == "（"
            if boundary, let (markerEnd, textStart) = pointMarker(at: i, limit: b) {
                marks.append((i, textStart, str(i, markerEnd)))
                i = textStart
                continue
            }
            i += 1
        }
        var out: [MinutesPoint] = []
        for (k, m) in marks.enumerated() {
            let end = k + 1 < marks.count ? marks[k + 1].start : b
            out.append(MinutesPoint(marker: m.marker, text: trimmed(m.textStart, end)))
        }
        return out
    }

    /// A point marker at `i`: its end and where the point's text starts.
    func pointMarker(at i: Int, limit: Int) -> (Int, Int)? {
        func after(_ e: Int) -> (Int, Int)? {
            var t = e
            while t < limit && isInlineWS(s[t]) && t - e < 4 { t += 1 }
            guard t < limit, !isWS(s[t]) else { return nil }
            return (e, t)
        }
        let c = s[i]
        // ①…⑳
        if (0x2460...0x2473).contains(c.value) { return after(i + 1) }
        // （1） (1) （一）
        if c == "（" || c == "(" {
            var j = i + 1
            while j < limit && (isDigit(s[j]) || Self.isNumeral(s[j])) && j - i <= 3 { j += 1 }
            if j > i + 1, j < limit, s[j] == "）" || s[j] == ")" { return after(j + 1) }
            return nil
        }
        // 1、 1. 1． 1） 1)
        if isDigit(c) {
            var j = i
            while j < limit && isDigit(s[j]) && j - i < 2 { j += 1 }
            guard j < limit else { return nil }
            if s[j] == "、" || s[j] == "）" || s[j] == ")" { return after(j + 1) }
            if (s[j] == "." || s[j] == "．") && !(j + 1 < limit && isDigit(s[j + 1])) { return after(j + 1) }
            return nil
        }
        // 一、
        if Self.isNumeral(c) {
            var j = i
            while j < limit && Self.isNumeral(s[j]) && j - i < 3 { j += 1 }
            if j < limit && s[j] == "、" { return after(j + 1) }
            return nil
        }
        // A： B、 a.
        if isLatin(c), i + 1 < limit, Self.isLetterPointEnd(s[i + 1]) {
            if i + 1 < limit, s[i + 1] == ".", i + 2 < limit, isLatin(s[i + 2]) { return nil }
            if i > 0, isLatin(s[i - 1]) { return nil }
            return after(i + 2)
        }
        return nil
    }

    // MARK: Segments

    mutating func addSegment(_ kind: MinutesSegment.Kind, field: String?, group: Int?, _ a: Int, _ b: Int) {
        guard a < b else { return }
        segments.append(MinutesSegment(kind: kind, field: field, group: group, raw: str(a, b), offset: a))
    }

    // MARK: Run

    mutating func run() throws -> MinutesDocument {
        let clusters = findClusters()
        guard !clusters.isEmpty else {
            throw PluginError.invalidInput(
                "no group structure: found no roster (such as '组长：… 组员：…', '主持人：… 参会人员：…' or 'Facilitator: … Members: …')")
        }
        // Group starts.
        var starts: [Int] = []
        var lower = 0
        for cluster in clusters {
            let start = groupStart(anchor: cluster.start, lowerBound: lower)
            starts.append(max(start, lower))
            lower = cluster.end
        }
        addSegment(.documentPreamble, field: nil, group: nil, 0, starts[0])

        var groups: [MinutesGroup] = []
        var documentTitle: String?
        var pending: [PendingBody] = []
        var unlistedGroups: [String: Set<Int>] = [:]
        for (index, cluster) in clusters.enumerated() {
            let start = starts[index]
            let end = index + 1 < clusters.count ? starts[index + 1] : n
            let firstSegment = segments.count
            var group = MinutesGroup(
                label: "", number: nil, name: nil, title: nil, leader: nil, members: [], duplicateMembers: [],
                recorders: [], recorderPlaceholder: nil, absent: [], topic: nil, fields: [:], headings: [],
                statements: [])

            // Header before the roster.
            var headerFields: [(field: String, start: Int)] = []
            var chosenLabel: Label?
            var labelToken: Int?
            let toks = tokens(start, cluster.start)
            for (a, b) in toks {
                if let l = label(in: str(a, b)) { chosenLabel = l; labelToken = a }
            }
            var previousEnd = start
            for (a, b) in toks {
                let t = str(a, b)
                let gapBreak = a == start || (a - previousEnd >= 2) || str(previousEnd, a).contains("\n")
                var field: String?
                if isTitleToken(t) && label(in: t)?.label != t {
                    field = "title"
                } else if isSubtitleToken(t) {
                    field = "subtitle"
                } else if t.hasPrefix("整体要求") {
                    field = "requirement"
                } else if a == labelToken {
                    field = "label"
                } else if gapBreak || headerFields.last?.field == "label"
                            || (headerFields.last?.field == "subtitle" && !(t.hasPrefix("—") || t.hasPrefix("-")))
                            || headerFields.last?.field == "requirement"
                {
                    field = "preamble"
                }
                if let field {
                    if field == "title" && isTitleToken(t) {
                        // a title token may also hold a label (第20组讨论书面汇报)
                        if chosenLabel == nil, let l = label(in: t) { chosenLabel = l }
                    }
                    headerFields.append((field, a))
                }
                previousEnd = b
            }
            if chosenLabel == nil {
                // `第 3 组`: a label written with spaces.
                let header = str(start, cluster.start)
                for line in header.split(whereSeparator: { $0.isNewline }).reversed() {
                    let squeezed = String(line.filter { !$0.isWhitespace })
                    if squeezed.count <= 12, squeezed.unicodeScalars.contains(where: { isHan($0) }), let l = label(in: squeezed) {
                        chosenLabel = Label(label: String(line).trimmingChars(in: []), number: l.number, name: l.name)
                        break
                    }
                }
            }
            if chosenLabel == nil {
                // English labels span tokens; look at the header lines.
                let header = str(start, cluster.start)
                for line in header.split(whereSeparator: { $0.isNewline }) {
                    if let l = englishLabel(in: String(line)) { chosenLabel = l; break }
                }
            }
            // Header segments: each field runs to the next one.
            if headerFields.isEmpty || headerFields[0].start > start {
                headerFields.insert(("preamble", start), at: 0)
            }
            for (k, f) in headerFields.enumerated() {
                let fEnd = k + 1 < headerFields.count ? headerFields[k + 1].start : cluster.start
                addSegment(.header, field: f.field, group: index, f.start, fEnd)
                let value = trimmed(f.start, fEnd)
                switch f.field {
                case "title":
                    if group.title == nil { group.title = value }
                case "subtitle":
                    group.fields["subtitle"] = value
                    if let dash = value.firstIndex(of: "—") {
                        group.topic = String(value[dash...]).trimmingChars(in: [" ", "—", "-"])
                    }
                case "requirement":
                    group.fields["requirement"] = value
                case "preamble":
                    if !value.isEmpty {
                        group.fields["preamble"] = group.fields["preamble"].map { $0 + "\n" + value } ?? value
                    }
                default:
                    break
                }
            }
            if let chosenLabel {
                group.label = chosenLabel.label
                group.number = chosenLabel.number
                group.name = chosenLabel.name
            } else {
                group.label = group.title ?? ""
            }
            if documentTitle == nil { documentTitle = group.title }

            // Roster fields.
            var seen = Set<String>()
            for (k, f) in cluster.fields.enumerated() {
                let fEnd = k + 1 < cluster.fields.count ? cluster.fields[k + 1].occurrence.start : cluster.end
                let fieldName: String
                switch f.occurrence.kind {
                case .leader:
                    fieldName = "leader"
                    group.leader = f.names.first
                    if f.names.count > 1 {
                        group.fields["co_leaders"] = f.names.dropFirst().map(\.name).joined(separator: "、")
                    }
                case .members:
                    fieldName = "members"
                    for m in f.names {
                        if seen.insert(m.name).inserted { group.members.append(m) } else { group.duplicateMembers.append(m.name) }
                    }
                case .recorders:
                    fieldName = "recorders"
                    group.recorders += f.names
                    if let p = f.placeholder { group.recorderPlaceholder = p }
                case .absent:
                    fieldName = "absent"
                    group.absent += f.names
                case .meta(let key):
                    fieldName = key
                    if key == "topic" { group.topic = f.value } else { group.fields[key] = f.value }
                }
                addSegment(.header, field: fieldName, group: index, f.occurrence.start, fEnd)
            }

            // `参会人员：张三（组长）、李四（记录）`: roles written as notes.
            if group.leader == nil, let m = group.members.first(where: { Self.leaderNotes.contains(($0.note ?? "").lowercased()) }) {
                group.leader = MinutesMember(name: m.name, employeeID: m.employeeID)
            }
            if group.recorders.isEmpty {
                group.recorders = group.members.filter { Self.recorderNotes.contains(($0.note ?? "").lowercased()) }
                    .map { MinutesMember(name: $0.name, employeeID: $0.employeeID) }
            }

            // A topic line right after the roster: `讨论议题 …`.
            var bodyStart = cluster.end
            let afterRoster = skipWS(cluster.end, limit: end)
            for word in ["讨论议题", "会议议题", "会议主题", "讨论主题", "议题", "主题", "Topic", "Theme"] {
                let w = Array(word.unicodeScalars)
                guard hasPrefix(w, at: afterRoster) else { continue }
                var j = afterRoster + w.count
                if j < end && isColon(s[j]) { j += 1 } else if !(j < end && isWS(s[j])) { continue }
                let (value, valueEnd) = parseLine(from: j, limit: end)
                if !value.isEmpty {
                    addSegment(.header, field: "roster_gap", group: index, cluster.end, afterRoster)
                    addSegment(.header, field: "topic", group: index, afterRoster, valueEnd)
                    group.topic = value
                    bodyStart = valueEnd
                }
                break
            }

            // Body.
            let roster = buildRoster(group)
            var cuts: [Cut] = []
            var sinceSpeaker = false
            var i = bodyStart
            while i < end {
                if !isWS(s[i]) && isBoundary(i) {
                    let lineStart = i == 0 || s[i - 1] == "\n" || s[i - 1] == "\r" || (i == bodyStart)
                    if let h = heading(at: i, limit: end, allowBare: !sinceSpeaker, roster: roster, lineStart: lineStart) {
                        cuts.append(.heading(start: i, end: h.end, text: h.text))
                        sinceSpeaker = false
                        i = h.end
                        continue
                    }
                    if let m = speaker(at: i, limit: end, roster: roster, lineStart: lineStart) {
                        cuts.append(.speaker(m))
                        sinceSpeaker = true
                        i = m.markerEnd
                        continue
                    }
                } else if i > bodyStart, Self.isSentenceStop(s[i - 1]), isHan(s[i]) || s[i] == "*" || isDigit(s[i]),
                          let m = speaker(at: i, limit: end, roster: roster, lineStart: false, afterPunctuation: true)
                {
                    // `…完成。李四：…` — a roster name and a colon right after a full stop.
                    cuts.append(.speaker(m))
                    sinceSpeaker = true
                    i = m.markerEnd
                    continue
                }
                i += 1
            }
            // Speakers found only by their look (not on the roster, no `姓名N：`) count only where
            // the group's other speakers also use `NAME：`.
            let colonRoster = cuts.contains {
                if case .speaker(let m) = $0 { return m.match == "roster" && m.colon }
                return false
            }
            if !colonRoster {
                cuts.removeAll {
                    if case .speaker(let m) = $0 { return m.match == "unlisted" && m.ordinal == nil }
                    return false
                }
            }
            for cut in cuts {
                if case .speaker(let m) = cut, m.match == "unlisted", let name = m.speaker {
                    unlistedGroups[name, default: []].insert(index)
                }
            }
            pending.append(PendingBody(group: index, bodyStart: bodyStart, end: end, cuts: cuts,
                                       header: Array(segments[firstSegment...])))
            segments.removeSubrange(firstSegment...)
            groups.append(group)
        }
        // A word that several groups write as `WORD：` without it being on their rosters is a
        // sub-label (`方案：`, `市场：`), not a guest speaker.
        for body in pending {
            var group = groups[body.group]
            let index = body.group
            let bodyStart = body.bodyStart
            let end = body.end
            var cuts = body.cuts
            cuts.removeAll {
                if case .speaker(let m) = $0, m.match == "unlisted", m.ordinal == nil, let name = m.speaker {
                    return (unlistedGroups[name]?.count ?? 0) >= 2
                }
                return false
            }
            segments += body.header

            // Text before the first cut.
            let firstCut = cuts.first?.start ?? end
            if firstCut > bodyStart {
                let lead = trimmed(bodyStart, firstCut)
                if lead.isEmpty {
                    // whitespace only: extend the previous header piece
                    if var last = segments.popLast() {
                        last.raw += str(bodyStart, firstCut)
                        segments.append(last)
                    }
                } else {
                    addSegment(.header, field: "notes", group: index, bodyStart, firstCut)
                    group.fields["notes"] = lead
                }
            }
            var currentHeading: String?
            for (k, cut) in cuts.enumerated() {
                let next = k + 1 < cuts.count ? cuts[k + 1].start : end
                switch cut {
                case .heading(let a, let hEnd, let text):
                    let textStart = skipWS(hEnd, limit: next)
                    currentHeading = text.trimmingChars(in: ["：", ":", " "])
                    group.headings.append(currentHeading!)
                    if textStart < next {
                        addSegment(.heading, field: nil, group: index, a, textStart)
                        addSegment(.statement, field: nil, group: index, textStart, next)
                        group.statements.append(MinutesStatement(
                            speaker: nil, speakerRaw: nil, role: nil, match: nil, note: nil, employeeID: nil,
                            ordinal: nil, time: nil, heading: currentHeading, text: trimmed(textStart, next),
                            points: points(textStart, next)))
                    } else {
                        addSegment(.heading, field: nil, group: index, a, next)
                    }
                case .speaker(let m):
                    addSegment(.statement, field: nil, group: index, m.start, next)
                    group.statements.append(MinutesStatement(
                        speaker: m.speaker, speakerRaw: m.raw, role: m.role, match: m.match, note: m.note,
                        employeeID: m.employeeID, ordinal: m.ordinal, time: m.time, heading: currentHeading,
                        text: trimmed(m.markerEnd, next), points: points(m.markerEnd, next)))
                }
            }
            if group.topic == nil, let t = group.fields["topic"] { group.topic = t }
            groups[index] = group
        }
        let hanSpeakers = groups.flatMap(\.statements).compactMap(\.speaker).filter { $0.unicodeScalars.contains { isHan($0) } }
        let anySpeakers = groups.flatMap(\.statements).compactMap(\.speaker)
        let language = anySpeakers.isEmpty
            ? (s.contains { isHan($0) } ? "zh" : "en")
            : (hanSpeakers.count * 2 >= anySpeakers.count ? "zh" : "en")
        return MinutesDocument(groups: groups, segments: segments, title: documentTitle, language: language)
    }
}

extension String {
    fileprivate var trimmingSuffixPunctuation: String {
        var t = Substring(self)
        while let l = t.last, l == ":" || l == "：" || l == "," { t = t.dropLast() }
        return String(t)
    }

    func trimmingChars(in set: Set<Character>) -> String {
        var t = Substring(self)
        while let f = t.first, set.contains(f) || f.isWhitespace { t = t.dropFirst() }
        while let l = t.last, set.contains(l) || l.isWhitespace { t = t.dropLast() }
        return String(t)
    }
}
