import SluiceCore

// Phase 2 — group labels: what a header token or line says about the group (`第三组`, `组：十八组`,
// `顶规方案组`, `Breakout Group 3`) and whether it is a report title.

/// A group label as written, with its number or name.
struct GroupLabel {
    var label: String
    var number: Int?
    var name: String?
}

/// Recognises group labels and report titles.
enum GroupLabels {
    /// The group label a token spells, if any.
    static func label(in raw: String) -> GroupLabel? {
        let token = TextTrimming.droppingTrailing(Substring(raw), [":", "："])
        guard !token.isEmpty else { return nil }
        let label = String(token)
        if let found = keyedLabel(token) { return found }
        // A组 / B组
        if token.count == 2, token.last == "组", let letter = token.first, letter.isASCII, letter.isLetter {
            return GroupLabel(label: label, number: nil, name: String(letter))
        }
        if let found = ordinalLabel(token) { return found }
        if token.hasPrefix("组") { return numberAfterGroupLabel(token) }
        // 3组 / 十八组
        if let first = token.first, isNumeral(first), token.last == "组" {
            let digits = token.dropLast()
            if digits.allSatisfy(isNumeral), let value = number(digits) { return GroupLabel(label: label, number: value) }
        }
        // 顶规方案组 / 创新小组
        if token.last == "组", token.count >= 3, token.count <= 12,
           token.allSatisfy({ c in c.unicodeScalars.allSatisfy(ScalarClass.isHan) }),
           !token.hasPrefix("分组"), !token.contains("讨论")
        {
            return GroupLabel(label: label, number: nil, name: label)
        }
        return nil
    }

    /// `组别：第五组`, `组名：创新组`, `小组：3`, `分组3`.
    private static func keyedLabel(_ token: Substring) -> GroupLabel? {
        for prefix in ["组别", "组名", "小组", "分组", "组号"] where token.hasPrefix(prefix) {
            let rest = token.dropFirst(prefix.count)
            if !rest.isEmpty, let value = Int(rest) ?? Lexicon.chineseNumber(rest) { return GroupLabel(label: String(token), number: value) }
            guard let separator = rest.first, separator == "：" || separator == ":" else { continue }
            let value = rest.dropFirst()
            guard !value.isEmpty, value.count <= 20, !value.contains("，"), !value.contains("。") else { return nil }
            if let inner = label(in: String(value)) { return GroupLabel(label: String(token), number: inner.number, name: inner.name) }
            if let number = Int(value) ?? Lexicon.chineseNumber(value) { return GroupLabel(label: String(token), number: number) }
            return GroupLabel(label: String(token), number: nil, name: String(value))
        }
        return nil
    }

    /// `第一组`, `第20组`, `第三小组` (with anything after: `人员`, `讨论书面汇报材料`).
    private static func ordinalLabel(_ token: Substring) -> GroupLabel? {
        guard token.hasPrefix("第") else { return nil }
        let body = token.dropFirst()
        let digits = body.prefix { isNumeral($0) }
        let rest = body.dropFirst(digits.count)
        guard !digits.isEmpty, rest.hasPrefix("组") || rest.hasPrefix("小组") else { return nil }
        let word = rest.hasPrefix("组") ? "组" : "小组"
        return GroupLabel(label: "第" + digits + word, number: number(digits))
    }

    /// `组2`, `组--5`, `组：15`, `组：十八组`, `组27`, `组 3`, `组：运营商技术开发部`.
    private static func numberAfterGroupLabel(_ token: Substring) -> GroupLabel? {
        let afterGroup = token.dropFirst()
        let separators: Set<Character> = ["：", ":", "-", "—", "–", " ", "\u{3000}", "_", "#", "＃", "."]
        let body = afterGroup.drop { separators.contains($0) }
        let digits = body.prefix { isNumeral($0) }
        let rest = body.dropFirst(digits.count)
        if !digits.isEmpty, rest.isEmpty || rest == "组" {
            return GroupLabel(label: String(token), number: number(digits))
        }
        guard afterGroup.first == "：" || afterGroup.first == ":" else { return nil }
        let name = afterGroup.dropFirst()
        guard !name.isEmpty, name.count <= 20, !name.contains("，"), !name.contains("。") else { return nil }
        if name.hasPrefix("第") || name.last == "组", let inner = label(in: String(name)), inner.number != nil {
            return GroupLabel(label: String(token), number: inner.number)
        }
        return GroupLabel(label: String(token), number: nil, name: String(name))
    }

    /// The value of ASCII, full-width or Chinese digits.
    private static func number(_ digits: Substring) -> Int? {
        if let value = Int(digits) { return value }
        let ascii = String(digits.unicodeScalars.map { scalar in
            (0xFF10...0xFF19).contains(scalar.value) ? Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!) : Character(scalar)
        })
        if let value = Int(ascii) { return value }
        return Lexicon.chineseNumber(digits)
    }

    /// An ASCII or full-width digit, or a Chinese numeral.
    private static func isNumeral(_ c: Character) -> Bool {
        c.isNumber && c.unicodeScalars.count == 1 && (c.isASCII || (0xFF10...0xFF19).contains(c.unicodeScalars.first!.value))
            || Lexicon.isChineseNumeral(c)
    }

    /// An English label in a header line (`Breakout Group 3`, `Group B`, `Team 2`).
    static func englishLabel(in line: String) -> GroupLabel? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" })
        for (k, word) in words.enumerated() {
            guard ["group", "team", "table", "room", "breakout"].contains(word.lowercased()), k + 1 < words.count else { continue }
            var next = TextTrimming.droppingTrailing(words[k + 1], [":", "：", ","])
            if next.hasPrefix("#") { next = next.dropFirst() }
            let first = k > 0 && words[k - 1].lowercased().hasPrefix("break") ? k - 1 : k
            let label = String(TextTrimming.droppingTrailing(Substring(words[first...(k + 1)].joined(separator: " ")), [":", "：", ","]))
            if let value = Int(next) ?? numberWords[next.lowercased()] { return GroupLabel(label: label, number: value) }
            if next.count == 1, let c = next.first, c.isUppercase {
                return GroupLabel(label: label, number: nil, name: String(next))
            }
        }
        return namedTeam(in: line)
    }

    /// English number words (`Group Four`, `GROUP THREE`).
    private static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19, "twenty": 20,
    ]

    /// Words that end the name of a group (`Platform Team`, `Pricing Squad`).
    private static let teamWords: Set<String> = ["team", "group", "squad", "pod", "track", "workstream", "circle"]

    /// A line that is only a group's name: two to four capitalised words, the last one `Team`,
    /// `Group`, `Squad`, … (markdown heading marks, emphasis and a trailing colon aside).
    private static func namedTeam(in line: String) -> GroupLabel? {
        let marks: Set<Character> = ["#", "*", "_", ":", "：", " ", "\t"]
        var core = Substring(line).drop(while: { marks.contains($0) })
        core = TextTrimming.droppingTrailing(core, marks)
        let words = core.split(separator: " ")
        guard words.count >= 2, words.count <= 4, core.count <= 40, let last = words.last,
              teamWords.contains(last.lowercased()),
              words.allSatisfy({ word in word.first.map { $0.isUppercase && $0.isASCII } ?? false }),
              !core.contains(":"), !core.contains(",")
        else { return nil }
        return GroupLabel(label: String(core), number: nil, name: String(core))
    }

    /// Whether a title token is written in Latin letters (`Breakout`, `Break-out`): its whole
    /// line is then the title.
    static func isLatinTitle(_ token: String) -> Bool {
        isTitle(token) && token.unicodeScalars.contains(where: ScalarClass.isLatin) && !token.unicodeScalars.contains(where: ScalarClass.isHan)
    }

    /// Whether a token is a report title (`分组讨论书面汇报材料`, `第三小组会议纪要`).
    static func isTitle(_ token: String) -> Bool {
        guard token.count <= 40, !token.contains("，"), !token.contains("。"), !token.contains("；") else { return false }
        return Lexicon.titleMarkers.contains { token.contains($0) }
    }

    /// Whether a token is a session subtitle (`分组讨论（1）：`).
    static func isSubtitle(_ token: String) -> Bool { token.hasPrefix("分组讨论（") || token.hasPrefix("分组讨论(") }
}
