import Foundation
import SluiceXML
/// What a paragraph style means for the decoded text: a heading level, a list numbering, or a
/// title.
struct WordStyles {
    struct Style {
        var name: String
        var basedOn: String?
        var outlineLevel: Int?
        var numbering: (numID: String, level: Int)?
    }

    private var styles: [String: Style] = [:]

    init(_ root: XMLTreeNode?) {
        for s in root?.children("style") ?? [] where s.attributes["type"] == "paragraph" {
            guard let id = s.attributes["styleId"] else { continue }
            let pPr = s.child("pPr")
            var style = Style(
                name: s.child("name")?.attributes["val"] ?? id, basedOn: s.child("basedOn")?.attributes["val"],
                outlineLevel: pPr?.child("outlineLvl")?.attributes["val"].flatMap { Int($0) })
            if let numPr = pPr?.child("numPr"), let numID = numPr.child("numId")?.attributes["val"] {
                style.numbering = (numID, numPr.child("ilvl")?.attributes["val"].flatMap { Int($0) } ?? 0)
            }
            styles[id] = style
        }
    }

    /// The heading level (1–9) of a paragraph style: a style named `heading N` / `Heading N` /
    /// `标题 N` (or so identified), or one with an outline level, following `basedOn`.
    func headingLevel(_ id: String) -> Int? {
        var current: String? = id
        var hops = 0
        while let c = current, hops < 16 {
            if let level = Self.levelInName(styles[c]?.name ?? c) ?? Self.levelInName(c) { return level }
            if let outline = styles[c]?.outlineLevel, (0...8).contains(outline) { return outline + 1 }
            current = styles[c]?.basedOn
            hops += 1
        }
        return nil
    }

    /// True for the document-title style (`Title`, `标题`).
    func isTitle(_ id: String) -> Bool {
        let name = (styles[id]?.name ?? id).lowercased()
        return name == "title" || name == "标题" || id.lowercased() == "title"
    }

    /// The numbering a style carries (list styles such as `List Number`).
    func numbering(_ id: String) -> (numID: String, level: Int)? {
        var current: String? = id
        var hops = 0
        while let c = current, hops < 16 {
            if let n = styles[c]?.numbering { return n }
            current = styles[c]?.basedOn
            hops += 1
        }
        return nil
    }

    /// `heading 2`, `Heading2`, `标题 2`, `标题2` → 2.
    static func levelInName(_ name: String) -> Int? {
        let lower = name.lowercased().replacingOccurrences(of: " ", with: "")
        for prefix in ["heading", "标题"] where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            if rest.count == 1, let d = Int(rest), (1...9).contains(d) { return d }
        }
        return nil
    }
}

/// List numbering (`word/numbering.xml`), rendered as the document shows it: `（1）`, `1、`,
/// `一、`, `a)`, `•`. Counters run per list and level; a level restarts when a shallower one
/// advances.
struct WordNumbering {
    struct Level {
        var format: String
        var text: String
        var start: Int
    }

    private var abstractLevels: [String: [Int: Level]] = [:]
    private var numToAbstract: [String: String] = [:]
    private var startOverrides: [String: [Int: Int]] = [:]
    private var counters: [String: [Int: Int]] = [:]

    init(_ root: XMLTreeNode?) {
        for a in root?.children("abstractNum") ?? [] {
            guard let id = a.attributes["abstractNumId"] else { continue }
            var levels: [Int: Level] = [:]
            for l in a.children("lvl") {
                guard let ilvl = l.attributes["ilvl"].flatMap({ Int($0) }) else { continue }
                levels[ilvl] = Level(
                    format: l.child("numFmt")?.attributes["val"] ?? "decimal",
                    text: l.child("lvlText")?.attributes["val"] ?? "%\(ilvl + 1).",
                    start: l.child("start")?.attributes["val"].flatMap { Int($0) } ?? 1)
            }
            abstractLevels[id] = levels
        }
        for n in root?.children("num") ?? [] {
            guard let id = n.attributes["numId"], let abstract = n.child("abstractNumId")?.attributes["val"] else { continue }
            numToAbstract[id] = abstract
            for o in n.children("lvlOverride") {
                if let ilvl = o.attributes["ilvl"].flatMap({ Int($0) }),
                   let start = o.child("startOverride")?.attributes["val"].flatMap({ Int($0) }) {
                    startOverrides[id, default: [:]][ilvl] = start
                }
            }
        }
    }

    /// The marker of the next item of list `numID` at `level`, or nil when the list is unknown
    /// (`numId` 0 means "no numbering").
    mutating func nextMarker(numID: String, level: Int) -> String? {
        guard numID != "0", let abstract = numToAbstract[numID], let levels = abstractLevels[abstract],
              let spec = levels[level] else { return nil }
        var counts = counters[numID] ?? [:]
        let start = startOverrides[numID]?[level] ?? spec.start
        counts[level] = (counts[level] ?? (start - 1)) + 1
        for deeper in counts.keys where deeper > level { counts[deeper] = nil }
        counters[numID] = counts
        if spec.format == "bullet" { return Self.bullet(spec.text) }
        if spec.format == "none" { return "" }
        var text = spec.text
        for l in (0...8).reversed() where text.contains("%\(l + 1)") {
            let value = counts[l] ?? (levels[l]?.start ?? 1)
            text = text.replacingOccurrences(of: "%\(l + 1)", with: Self.format(value, levels[l]?.format ?? "decimal"))
        }
        return text
    }

    /// Bullets drawn from symbol fonts sit in the private use area; they become `•`.
    static func bullet(_ text: String) -> String {
        guard let s = text.unicodeScalars.first else { return "•" }
        return (0xE000...0xF8FF).contains(s.value) ? "•" : text
    }

    static func format(_ n: Int, _ format: String) -> String {
        switch format {
        case "lowerLetter": return letters(n).lowercased()
        case "upperLetter": return letters(n)
        case "lowerRoman": return roman(n).lowercased()
        case "upperRoman": return roman(n)
        case "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital", "japaneseCounting":
            return chinese(n)
        case "ideographTraditional":
            let stems = Array("甲乙丙丁戊己庚辛壬癸")
            return n >= 1 && n <= stems.count ? String(stems[n - 1]) : String(n)
        case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
            return (1...20).contains(n) ? String(Character(Unicode.Scalar(0x2460 + UInt32(n - 1))!)) : String(n)
        case "decimalZero": return n < 10 ? "0\(n)" : String(n)
        default: return String(n)
        }
    }

    static func letters(_ n: Int) -> String {
        guard n >= 1 else { return String(n) }
        let letter = Character(Unicode.Scalar(UInt8(65 + (n - 1) % 26)))
        return String(repeating: letter, count: (n - 1) / 26 + 1)
    }

    static func roman(_ n: Int) -> String {
        guard n >= 1, n < 4000 else { return String(n) }
        let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                                      (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var rest = n, out = ""
        for (value, symbol) in table { while rest >= value { out += symbol; rest -= value } }
        return out
    }

    /// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; larger numbers in digits.
    static func chinese(_ n: Int) -> String {
        let digits = Array("〇一二三四五六七八九")
        guard n >= 1, n < 100 else { return String(n) }
        if n < 10 { return String(digits[n]) }
        let tens = n / 10, ones = n % 10
        return (tens == 1 ? "" : String(digits[tens])) + "十" + (ones == 0 ? "" : String(digits[ones]))
    }
}
