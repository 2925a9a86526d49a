/// A parsed `where:` expression over a document's metadata: comparisons (`==`, `!=`, `<`, `<=`,
/// `>`, `>=`) of metadata keys, 'string' or "string" literals and numbers, combined with `&&`,
/// `||`, `!` and parentheses. Two values compare as numbers when both read as numbers, else as
/// strings; a comparison with a missing key is false (`!=` too). A bare key is true when the
/// document has it with a value other than "", "0" or "false".
indirect enum FilterExpression: Sendable, Equatable {
    case key(String)
    case string(String)
    case number(Double)
    case not(FilterExpression)
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)
    case compare(String, FilterExpression, FilterExpression)

    /// An error in an expression, at a 1-based character position in it.
    struct ParseError: Error, Equatable {
        let position: Int
        let reason: String
    }

    static func parse(_ source: String) throws(ParseError) -> FilterExpression {
        var parser = FilterParser(tokens: try FilterLexer.tokens(of: source), length: source.count)
        let e = try parser.parseOr()
        if let t = parser.peek { throw ParseError(position: t.position, reason: "unexpected '\(t.text)'") }
        return e
    }

    func evaluate(_ fields: [String: String]) -> Bool {
        switch self {
        case .key(let k):
            guard let v = fields[k] else { return false }
            return !v.isEmpty && v != "0" && v != "false"
        case .string(let s): return !s.isEmpty
        case .number(let n): return n != 0
        case .not(let e): return !e.evaluate(fields)
        case .and(let a, let b): return a.evaluate(fields) && b.evaluate(fields)
        case .or(let a, let b): return a.evaluate(fields) || b.evaluate(fields)
        case .compare(let op, let a, let b):
            guard let l = a.value(fields), let r = b.value(fields) else { return false }
            if let x = Double(l), let y = Double(r) { return Self.holds(op, x, y) }
            return Self.holds(op, l, r)
        }
    }

    private func value(_ fields: [String: String]) -> String? {
        switch self {
        case .key(let k): return fields[k]
        case .string(let s): return s
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        default: return evaluate(fields) ? "true" : "false"
        }
    }

    private static func holds<T: Comparable>(_ op: String, _ a: T, _ b: T) -> Bool {
        switch op {
        case "==": a == b
        case "!=": a != b
        case "<": a < b
        case "<=": a <= b
        case ">": a > b
        default: a >= b
        }
    }
}

/// One token of an expression, with its 1-based position.
struct FilterToken: Equatable {
    enum Kind: Equatable { case key, string, number, op, open, close }
    let kind: Kind
    let text: String
    let position: Int
}

enum FilterLexer {
    static let operators = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!"]

    static func tokens(of source: String) throws(FilterExpression.ParseError) -> [FilterToken] {
        let chars = Array(source)
        var out: [FilterToken] = []
        var i = 0
        while i < chars.count {
            let c = chars[i], pos = i + 1
            if c.isWhitespace { i += 1; continue }
            if c == "(" || c == ")" {
                out.append(FilterToken(kind: c == "(" ? .open : .close, text: String(c), position: pos))
                i += 1
            } else if c == "'" || c == "\"" {
                guard let end = chars[(i + 1)...].firstIndex(of: c) else {
                    throw .init(position: pos, reason: "unterminated string")
                }
                out.append(FilterToken(kind: .string, text: String(chars[(i + 1)..<end]), position: pos))
                i = end + 1
            } else if c.isNumber || (c == "-" && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i + 1
                while j < chars.count, chars[j].isNumber || chars[j] == "." { j += 1 }
                let text = String(chars[i..<j])
                guard Double(text) != nil else { throw .init(position: pos, reason: "bad number '\(text)'") }
                out.append(FilterToken(kind: .number, text: text, position: pos))
                i = j
            } else if c.isLetter || c == "_" {
                var j = i + 1
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == "." { j += 1 }
                out.append(FilterToken(kind: .key, text: String(chars[i..<j]), position: pos))
                i = j
            } else if let op = operators.first(where: { chars[i...].starts(with: $0) }) {
                out.append(FilterToken(kind: .op, text: op, position: pos))
                i += op.count
            } else {
                throw .init(position: pos, reason: "unexpected character '\(c)'")
            }
        }
        return out
    }
}
