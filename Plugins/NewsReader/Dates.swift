/// A date (and maybe time) found in text or in a tag.
struct FoundDate: Sendable, Hashable {
    var year: Int?
    var month: Int
    var day: Int
    var hour: Int?
    var minute: Int?
    var second: Int?
    /// `Z` or `+08:00`, when the source said.
    var offset: String?

    /// ISO 8601: `2020-07-20`, or `2020-07-20T14:05:00+08:00` when the time is known.
    /// `defaultOffset` is appended to a time that has no offset of its own.
    func iso(defaultOffset: String?) -> String? {
        guard let year else { return nil }
        var s = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        if let hour, let minute {
            s += "T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second ?? 0, 2))"
            if let offset = offset ?? defaultOffset { s += offset }
        }
        return s
    }

    private func pad(_ v: Int, _ width: Int) -> String {
        let digits = String(v)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// Finds dates written the ways news pages write them: `2020-07-20 14:05`, `2020/7/20`,
/// `2020.07.20`, `2020年7月20日 14:05`, ISO 8601 with `T` and offset, `11月27日` (no year),
/// `July 20, 2020`, `20 July 2020`, and `20200720` inside URLs.
enum DateScanner {
    static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
        "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
        "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]

    /// Every date in `text`, in order of appearance.
    static func find(in text: String, allowMonthDay: Bool = true) -> [FoundDate] {
        findWithRanges(in: text, allowMonthDay: allowMonthDay).map(\.date)
    }

    /// `text` with every date (and time) replaced by a space.
    static func strippingDates(_ text: String) -> String {
        let u = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        for (_, range) in findWithRanges(in: text, allowMonthDay: true) {
            out.append(contentsOf: u[i..<range.lowerBound])
            out.append(" ")
            i = range.upperBound
        }
        out.append(contentsOf: u[i...])
        return String(out)
    }

    /// Every date in `text` with the range of unicode scalars it spans.
    static func findWithRanges(in text: String, allowMonthDay: Bool = true) -> [(date: FoundDate, range: Range<Int>)] {
        let u = Array(text.unicodeScalars)
        var result: [(date: FoundDate, range: Range<Int>)] = []
        var i = 0
        while i < u.count {
            if isDigit(u[i]) && (i == 0 || !isDigit(u[i - 1])) {
                if let (date, next) = numeric(u, at: i, allowMonthDay: allowMonthDay) {
                    result.append((date, i..<next))
                    i = next
                    continue
                }
                // Skip the digit run.
                while i < u.count && isDigit(u[i]) { i += 1 }
                continue
            }
            if isLetter(u[i]) && (i == 0 || !isLetter(u[i - 1])) {
                if let (date, next) = english(u, at: i) {
                    result.append((date, i..<next))
                    i = next
                    continue
                }
                while i < u.count && isLetter(u[i]) { i += 1 }
                continue
            }
            i += 1
        }
        return result
    }

    /// Whether `text` is only a date or time (`2020-10-20 21:10`, `[2019-09-26]`, `03-08 12:01`).
    static func isDateOnly(_ text: String) -> Bool {
        var digits = 0
        for scalar in text.unicodeScalars {
            if isDigit(scalar) { digits += 1; continue }
            switch scalar {
            case " ", "-", "/", ".", ":", "：", "年", "月", "日", "[", "]", "(", ")", "（", "）", "\u{A0}", "\u{3000}", "T", "号", "时", "分": continue
            default: return false
            }
        }
        return digits >= 4
    }

    /// The first full date (with a year) in `text`.
    static func first(in text: String) -> FoundDate? {
        find(in: text, allowMonthDay: false).first { $0.year != nil }
    }

    /// A date in a URL path: `/2020/07/20/`, `/2020-07-20/`, `/20200720/`, `/202007/20/`.
    static func inURL(_ url: String) -> FoundDate? {
        let u = Array(url.unicodeScalars)
        var i = 0
        while i < u.count {
            if isDigit(u[i]) && (i == 0 || !isDigit(u[i - 1])) {
                var j = i
                while j < u.count && isDigit(u[j]) { j += 1 }
                let run = Int(String(String.UnicodeScalarView(u[i..<j]))) ?? 0
                let n = j - i
                if n == 8, let d = validated(run / 10000, run / 100 % 100, run % 100) { return d }
                if n == 6, j < u.count, u[j] == "/" || u[j] == "-" {
                    // 202007/20
                    var k = j + 1
                    while k < u.count && isDigit(u[k]) { k += 1 }
                    if k - (j + 1) == 2, let day = Int(String(String.UnicodeScalarView(u[(j + 1)..<k]))),
                        let d = validated(run / 100, run % 100, day)
                    { return d }
                }
                if n == 4, j + 1 < u.count, u[j] == "/" || u[j] == "-" || u[j] == "_" {
                    let sep = u[j]
                    var k = j + 1
                    while k < u.count && isDigit(u[k]) { k += 1 }
                    if k - (j + 1) == 2 || k - (j + 1) == 1, let month = Int(String(String.UnicodeScalarView(u[(j + 1)..<k]))) {
                        if k - (j + 1) == 2, k < u.count, u[k] == sep {
                            var m = k + 1
                            while m < u.count && isDigit(u[m]) { m += 1 }
                            if m - (k + 1) >= 1 && m - (k + 1) <= 2, let day = Int(String(String.UnicodeScalarView(u[(k + 1)..<m]))),
                                let d = validated(run, month, day)
                            { return d }
                        } else if k - (j + 1) == 4, let md = Int(String(String.UnicodeScalarView(u[(j + 1)..<k]))),
                            let d = validated(run, md / 100, md % 100)
                        { return d }
                    } else if k - (j + 1) == 4, let md = Int(String(String.UnicodeScalarView(u[(j + 1)..<k]))),
                        let d = validated(run, md / 100, md % 100)
                    { return d }
                }
                i = j
                continue
            }
            i += 1
        }
        return nil
    }

    static func validated(_ year: Int?, _ month: Int, _ day: Int) -> FoundDate? {
        if let year, !(1990...2099).contains(year) { return nil }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        return FoundDate(year: year, month: month, day: day)
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x61 && s.value <= 0x7A)
    }

    static func number(_ u: [Unicode.Scalar], _ i: Int, maxDigits: Int) -> (Int, Int)? {
        var j = i
        var v = 0
        while j < u.count && isDigit(u[j]) && j - i < maxDigits + 1 {
            v = v * 10 + Int(u[j].value - 0x30)
            j += 1
        }
        if j == i || j - i > maxDigits { return nil }
        if j < u.count && isDigit(u[j]) { return nil }
        return (v, j)
    }

    static func skipSpaces(_ u: [Unicode.Scalar], _ i: Int) -> Int {
        var j = i
        while j < u.count && (u[j] == " " || u[j] == "\u{A0}" || u[j] == "\u{3000}" || u[j] == "\t") { j += 1 }
        return j
    }

    static func numeric(_ u: [Unicode.Scalar], at i: Int, allowMonthDay: Bool) -> (FoundDate, Int)? {
        if let (year, j) = number(u, i, maxDigits: 4), j - i == 4 {
            var k = skipSpaces(u, j)
            guard k < u.count else { return nil }
            let sep1 = u[k]
            guard sep1 == "-" || sep1 == "/" || sep1 == "." || sep1 == "年" else { return nil }
            k = skipSpaces(u, k + 1)
            guard let (month, k2) = number(u, k, maxDigits: 2) else { return nil }
            k = skipSpaces(u, k2)
            guard k < u.count else { return nil }
            let sep2 = u[k]
            let expected: Unicode.Scalar = sep1 == "年" ? "月" : sep1
            guard sep2 == expected else { return nil }
            k = skipSpaces(u, k + 1)
            guard let (day, k3) = number(u, k, maxDigits: 2) else { return nil }
            guard var date = validated(year, month, day) else { return nil }
            var end = k3
            if end < u.count && (u[end] == "日" || u[end] == "号") { end += 1 }
            end = time(u, from: end, into: &date)
            return (date, end)
        }
        if let found = shortForms(u, at: i, allowMonthDay: allowMonthDay) { return found }
        // 8 April 2022
        if let (day, j) = number(u, i, maxDigits: 2) {
            var k = skipSpaces(u, j)
            if k > j, k < u.count, isLetter(u[k]) {
                var m = k
                while m < u.count && isLetter(u[m]) { m += 1 }
                if let month = months[String(String.UnicodeScalarView(u[k..<m])).lowercased()] {
                    k = m
                    if k < u.count && (u[k] == "." || u[k] == ",") { k += 1 }
                    k = skipSpaces(u, k)
                    if let (year, y) = number(u, k, maxDigits: 4), y - k == 4, var date = validated(year, month, day) {
                        let t = skipSpaces(u, y)
                        let end = time(u, from: t, into: &date)
                        return (date, end == t ? y : end)
                    }
                }
            }
        }
        if allowMonthDay, let (month, j) = number(u, i, maxDigits: 2), j < u.count, u[j] == "月" {
            let k = skipSpaces(u, j + 1)
            guard let (day, k2) = number(u, k, maxDigits: 2), k2 < u.count, u[k2] == "日" || u[k2] == "号",
                var date = validated(nil, month, day)
            else { return nil }
            let end = time(u, from: k2 + 1, into: &date)
            return (date, end)
        }
        return nil
    }

    /// `19-10-08 12:00` or `发布时间：19-10-08` (a two-digit year of this century, only with a
    /// time or after a label's colon: alone it could be a day first), and, when `allowMonthDay`,
    /// `10-08 12:00` (a month and day with a time: the year comes from elsewhere).
    static func shortForms(_ u: [Unicode.Scalar], at i: Int, allowMonthDay: Bool) -> (FoundDate, Int)? {
        guard let (first, j) = number(u, i, maxDigits: 2), j < u.count, u[j] == "-" || u[j] == "/" || u[j] == ".",
            let (second, k) = number(u, j + 1, maxDigits: 2), k - (j + 1) == 2
        else { return nil }
        if j - i == 2, k < u.count, u[k] == u[j], let (third, l) = number(u, k + 1, maxDigits: 2), l - (k + 1) == 2,
            var date = validated(2000 + first, second, third)
        {
            let end = time(u, from: l, into: &date)
            var b = i - 1
            while b >= 0 && (u[b] == " " || u[b] == "\u{A0}" || u[b] == "\u{3000}") { b -= 1 }
            if end != l || (b >= 0 && (u[b] == ":" || u[b] == "：")) { return (date, end) }
            return nil
        }
        guard allowMonthDay, u[j] != ".", k >= u.count || !(u[k] == u[j] || isDigit(u[k])), var date = validated(nil, first, second) else { return nil }
        let end = time(u, from: k, into: &date)
        return end != k ? (date, end) : nil
    }

    /// Reads an optional `14:05[:09]` (or `14时05分`) and offset after a date.
    static func time(_ u: [Unicode.Scalar], from start: Int, into date: inout FoundDate) -> Int {
        var k = start
        if k < u.count && (u[k] == "T" || u[k] == ",") { k += 1 }
        k = skipSpaces(u, k)
        guard k - start <= 4, let (hour, h) = number(u, k, maxDigits: 2), h < u.count,
            u[h] == ":" || u[h] == "：" || u[h] == "时" || u[h] == "点", let (minute, m) = number(u, h + 1, maxDigits: 2),
            m - (h + 1) == 2, hour < 24, minute < 60
        else { return start }
        date.hour = hour
        date.minute = minute
        var end = m
        if end < u.count && u[end] == "分" { end += 1 }
        if end < u.count && (u[end] == ":" || u[end] == "："), let (second, s) = number(u, end + 1, maxDigits: 2), second < 60 {
            date.second = second
            end = s
            if end < u.count && u[end] == "." {  // fractional seconds
                end += 1
                while end < u.count && isDigit(u[end]) { end += 1 }
            }
        }
        if end < u.count && u[end] == "Z" {
            date.offset = "Z"
            end += 1
        } else if end < u.count && (u[end] == "+" || u[end] == "-"), let (oh, o1) = number(u, end + 1, maxDigits: 2), o1 - (end + 1) == 2 {
            var om = 0
            var o2 = o1
            if o1 < u.count && u[o1] == ":", let (mm, e) = number(u, o1 + 1, maxDigits: 2) { om = mm; o2 = e }
            else if let (mm, e) = number(u, o1, maxDigits: 2) { om = mm; o2 = e }
            if oh <= 14 {
                let sign = u[end] == "+" ? "+" : "-"
                date.offset = sign + (oh < 10 ? "0\(oh)" : "\(oh)") + ":" + (om < 10 ? "0\(om)" : "\(om)")
                end = o2
            }
        }
        return end
    }

    static func english(_ u: [Unicode.Scalar], at i: Int) -> (FoundDate, Int)? {
        var j = i
        while j < u.count && isLetter(u[j]) { j += 1 }
        // Month names are 3 to 9 ASCII letters starting with j f m a s o n d: any other word is
        // rejected before a lowercased copy of it is made and looked up.
        guard j - i >= 3, j - i <= 9 else { return nil }
        switch u[i].value | 0x20 {
        case 0x6A, 0x66, 0x6D, 0x61, 0x73, 0x6F, 0x6E, 0x64: break
        default: return nil
        }
        let word = String(String.UnicodeScalarView(u[i..<j])).lowercased()
        guard let month = months[word] else { return nil }
        var k = j
        if k < u.count && u[k] == "." { k += 1 }
        k = skipSpaces(u, k)
        // Month Day, Year
        guard let (day, d) = number(u, k, maxDigits: 2) else { return nil }
        var e = d
        // ordinal suffix
        if e + 1 < u.count, isLetter(u[e]), isLetter(u[e + 1]) {
            let suffix = String(String.UnicodeScalarView(u[e...(e + 1)])).lowercased()
            if ["st", "nd", "rd", "th"].contains(suffix) { e += 2 }
        }
        if e < u.count && u[e] == "," { e += 1 }
        e = skipSpaces(u, e)
        guard let (year, y) = number(u, e, maxDigits: 4), y - e == 4, var date = validated(year, month, day) else { return nil }
        var end = y
        var t = skipSpaces(u, end)
        if t < u.count && u[t] == "," { t = skipSpaces(u, t + 1) }
        if t < u.count && (u[t] == "a" || u[t] == "A"), t + 2 < u.count, u[t + 1] == "t" { t = skipSpaces(u, t + 2) }
        let before = date
        let after = time(u, from: t, into: &date)
        if after != t {
            end = after
            // 12-hour clock
            let p = skipSpaces(u, end)
            if p + 1 < u.count, u[p] == "p" || u[p] == "P", u[p + 1] == "m" || u[p + 1] == "M" || u[p + 1] == ".",
                let h = date.hour, h < 12
            {
                date.hour = h + 12
                end = p + 2
            }
        } else {
            date = before
        }
        return (date, end)
    }
}
