import SluiceCore

/// What inline Markdown becomes: the text with the markup removed, the URLs of its links and its
/// images.
struct InlineResult {
    var text = ""
    var links: [String] = []
    var images: [(alt: String, src: String)] = []
}

/// Renders inline Markdown to plain text: emphasis (`*`, `_`, `**`, `~~`) markers removed by the
/// CommonMark flanking rules (so `snake_case` stays), code spans verbatim, links reduced to their
/// text (URL recorded), images taken out (alt and URL recorded), backslash escapes and common
/// entities resolved, soft line breaks joined (with no space between two CJK characters).
struct InlineRenderer {
    /// Link reference definitions (`[label]: url`), by lowercased label.
    var references: [String: String]

    private enum Token {
        case text(String)
        case delimiter(Character, count: Int, canOpen: Bool, canClose: Bool)
    }

    func render(_ raw: String) -> InlineResult {
        var result = InlineResult()
        var tokens: [Token] = []
        let chars = Array(raw)
        var i = 0
        var pending = ""
        func flush() { if !pending.isEmpty { tokens.append(.text(pending)); pending = "" } }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\\" where i + 1 < chars.count && chars[i + 1].isASCII && (chars[i + 1].isPunctuation || chars[i + 1].isSymbol):
                pending.append(chars[i + 1]); i += 2
            case "\\" where i + 1 < chars.count && chars[i + 1] == "\n":
                pending += "\n"; i += 2
            case "`":
                var n = 0
                while i + n < chars.count && chars[i + n] == "`" { n += 1 }
                if let close = Self.findBackticks(chars, from: i + n, count: n) {
                    var code = String(chars[(i + n)..<close]).replacingNewlines
                    if code.count > 2, code.first == " ", code.last == " " { code = String(code.dropFirst().dropLast()) }
                    pending += code
                    i = close + n
                } else {
                    pending += String(repeating: "`", count: n); i += n
                }
            case "!" where i + 1 < chars.count && chars[i + 1] == "[":
                if let link = parseLink(chars, at: i + 1) {
                    result.images.append((render(link.label).text, link.url)); i = link.end
                } else {
                    pending.append(c); i += 1
                }
            case "[":
                if let link = parseLink(chars, at: i) {
                    let inner = render(link.label)
                    pending += inner.text
                    result.links.append(link.url); result.links += inner.links; result.images += inner.images
                    i = link.end
                } else {
                    pending.append(c); i += 1
                }
            case "<":
                if let close = chars[(i + 1)...].firstIndex(of: ">"), close - i < 2048 {
                    let inside = String(chars[(i + 1)..<close])
                    if Self.isAutolink(inside) {
                        pending += inside; result.links.append(inside); i = close + 1
                        continue
                    }
                }
                pending.append(c); i += 1
            case "&":
                if let (decoded, length) = Self.entity(chars, at: i) { pending += decoded; i += length } else { pending.append(c); i += 1 }
            case "*", "_", "~":
                var n = 0
                while i + n < chars.count && chars[i + n] == c { n += 1 }
                let before = i > 0 ? chars[i - 1] : " "
                let after = i + n < chars.count ? chars[i + n] : " "
                let (open, close) = Self.flanking(c, before: before, after: after)
                flush()
                tokens.append(.delimiter(c, count: n, canOpen: open && (c != "~" || n == 2), canClose: close && (c != "~" || n == 2)))
                i += n
            case "\n":
                let hard = pending.hasSuffix("  ")
                pending = pending.trimmingTrailingSpaces
                let prev = pending.unicodeScalars.last ?? Self.lastScalar(tokens)
                pending += hard ? "\n" : Self.softBreak(after: prev, before: i + 1 < chars.count ? chars[i + 1].unicodeScalars.first : nil)
                i += 1
            default:
                pending.append(c); i += 1
            }
        }
        flush()
        result.text = Self.resolveEmphasis(tokens).trimmingTrailingSpaces
        return result
    }

    /// A soft line break: nothing between two CJK characters, else a space.
    static func softBreak(after prev: Unicode.Scalar?, before next: Unicode.Scalar?) -> String {
        guard let prev, let next else { return " " }
        let cjk = { (s: Unicode.Scalar) in CJK.isCJK(s) || isCJKPunctuation(s) }
        return cjk(prev) && cjk(next) ? "" : " "
    }

    private static func lastScalar(_ tokens: [Token]) -> Unicode.Scalar? {
        for t in tokens.reversed() { if case .text(let s) = t, let last = s.unicodeScalars.last { return last } }
        return nil
    }

    /// CommonMark's left/right-flanking rules; `_` may not open or close inside a word.
    static func flanking(_ c: Character, before: Character, after: Character) -> (Bool, Bool) {
        let left = !after.isWhitespace && (!after.isPunctuation && !after.isSymbol || before.isWhitespace || before.isPunctuation || before.isSymbol)
        let right = !before.isWhitespace && (!before.isPunctuation && !before.isSymbol || after.isWhitespace || after.isPunctuation || after.isSymbol)
        if c == "_" {
            return (left && (!right || before.isPunctuation), right && (!left || after.isPunctuation))
        }
        return (left, right)
    }

    /// Matches delimiter runs (closers with the nearest earlier opener of the same character) and
    /// drops the matched markers; unmatched ones stay as text.
    private static func resolveEmphasis(_ tokens: [Token]) -> String {
        var items = tokens
        var remaining: [Int: Int] = [:]
        for (k, t) in items.enumerated() { if case .delimiter(_, let n, _, _) = t { remaining[k] = n } }
        for k in items.indices {
            guard case .delimiter(let c, _, _, let canClose) = items[k], canClose else { continue }
            var j = k - 1
            while j >= 0, (remaining[k] ?? 0) > 0 {
                if case .delimiter(let o, _, let canOpen, _) = items[j], o == c, canOpen, let have = remaining[j], have > 0 {
                    let use = c == "~" ? 2 : (have >= 2 && remaining[k]! >= 2 ? 2 : 1)
                    if c == "~" && (have < 2 || remaining[k]! < 2) { j -= 1; continue }
                    remaining[j] = have - use
                    remaining[k]! -= use
                    continue
                }
                j -= 1
            }
        }
        var out = ""
        for (k, t) in items.enumerated() {
            switch t {
            case .text(let s): out += s
            case .delimiter(let c, _, _, _): out += String(repeating: c, count: remaining[k] ?? 0)
            }
        }
        items.removeAll()
        return out
    }

    private struct Link { var label: String; var url: String; var end: Int }

    /// `[label](url "title")`, `[label][ref]`, `[label][]` or `[label]` with a definition.
    private func parseLink(_ chars: [Character], at open: Int) -> Link? {
        var depth = 0
        var k = open
        var close: Int?
        while k < chars.count {
            if chars[k] == "\\" { k += 2; continue }
            if chars[k] == "[" { depth += 1 }
            if chars[k] == "]" { depth -= 1; if depth == 0 { close = k; break } }
            k += 1
        }
        guard let close else { return nil }
        let label = String(chars[(open + 1)..<close])
        if close + 1 < chars.count, chars[close + 1] == "(" {
            guard let end = chars[(close + 2)...].firstIndex(of: ")") else { return nil }
            var inside = String(chars[(close + 2)..<end]).trimmingCharacters
            if inside.hasPrefix("<"), let gt = inside.firstIndex(of: ">") {
                inside = String(inside[inside.index(after: inside.startIndex)..<gt])
            } else if let space = inside.firstIndex(where: { $0 == " " || $0 == "\n" }) {
                inside = String(inside[..<space])
            }
            return Link(label: label, url: inside, end: end + 1)
        }
        if close + 1 < chars.count, chars[close + 1] == "[", let end = chars[(close + 2)...].firstIndex(of: "]") {
            let ref = String(chars[(close + 2)..<end])
            if let url = references[(ref.isEmpty ? label : ref).lowercased()] { return Link(label: label, url: url, end: end + 1) }
            return nil
        }
        if let url = references[label.lowercased()] { return Link(label: label, url: url, end: close + 1) }
        return nil
    }

    private static func findBackticks(_ chars: [Character], from start: Int, count n: Int) -> Int? {
        var k = start
        while k < chars.count {
            if chars[k] == "`" {
                var m = 0
                while k + m < chars.count && chars[k + m] == "`" { m += 1 }
                if m == n { return k }
                k += m
            } else {
                k += 1
            }
        }
        return nil
    }

    static func isAutolink(_ s: String) -> Bool {
        guard !s.contains(" "), !s.contains("<") else { return false }
        if let colon = s.firstIndex(of: ":"), s.distance(from: s.startIndex, to: colon) >= 2,
           s[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }) { return true }
        return s.contains("@") && s.contains(".")
    }

    private static let entities: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©", "mdash": "—", "ndash": "–", "hellip": "…"]

    /// `&amp;`, `&#169;`, `&#xA9;` → the character; nil when it is no entity.
    static func entity(_ chars: [Character], at i: Int) -> (String, Int)? {
        guard let semi = chars[i...].prefix(12).firstIndex(of: ";") else { return nil }
        let name = String(chars[(i + 1)..<semi])
        if let v = entities[name] { return (v, semi - i + 1) }
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            if let value, value > 0, let scalar = Unicode.Scalar(value) { return (String(Character(scalar)), semi - i + 1) }
        }
        return nil
    }

    static func isCJKPunctuation(_ s: Unicode.Scalar) -> Bool {
        (0x3000...0x303F).contains(s.value) || (0xFF00...0xFFEF).contains(s.value)
    }
}

extension String {
    /// Line breaks inside a code span count as spaces.
    var replacingNewlines: String { String(map { $0 == "\n" ? " " : $0 }) }

    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingCharacters: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
