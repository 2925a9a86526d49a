/// A recursive-descent parser: or := and ('||' and)*; and := unary ('&&' unary)*;
/// unary := '!' unary | '(' or ')' | operand (comparison operand)?
struct FilterParser {
    let tokens: [FilterToken]
    let length: Int
    var index = 0

    var peek: FilterToken? { index < tokens.count ? tokens[index] : nil }

    private mutating func take(_ op: String) -> Bool {
        guard let t = peek, t.kind == .op, t.text == op else { return false }
        index += 1
        return true
    }

    mutating func parseOr() throws(FilterExpression.ParseError) -> FilterExpression {
        var e = try parseAnd()
        while take("||") { e = .or(e, try parseAnd()) }
        return e
    }

    mutating func parseAnd() throws(FilterExpression.ParseError) -> FilterExpression {
        var e = try parseUnary()
        while take("&&") { e = .and(e, try parseUnary()) }
        return e
    }

    mutating func parseUnary() throws(FilterExpression.ParseError) -> FilterExpression {
        if take("!") { return .not(try parseUnary()) }
        if let t = peek, t.kind == .open {
            index += 1
            let e = try parseOr()
            guard let c = peek, c.kind == .close else {
                throw .init(position: peek?.position ?? length + 1, reason: "expected ')' to close the '(' at \(t.position)")
            }
            index += 1
            return e
        }
        let left = try parseOperand()
        guard let t = peek, t.kind == .op, ["==", "!=", "<", "<=", ">", ">="].contains(t.text) else { return left }
        index += 1
        return .compare(t.text, left, try parseOperand())
    }

    mutating func parseOperand() throws(FilterExpression.ParseError) -> FilterExpression {
        guard let t = peek else { throw .init(position: length + 1, reason: "expression ends too early") }
        index += 1
        switch t.kind {
        case .key: return .key(t.text)
        case .string: return .string(t.text)
        case .number: return .number(Double(t.text)!)
        default: throw .init(position: t.position, reason: "expected a key, a string or a number, found '\(t.text)'")
        }
    }
}
