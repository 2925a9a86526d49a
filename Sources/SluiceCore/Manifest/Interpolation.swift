/// `${VAR}` and `${VAR:-default}` interpolation of manifest values. `$$` is a literal `$`.
enum Interpolation {
    enum Failure: Error {
        case unset(String)
        case malformed(String)
    }

    static func expand(_ text: String, environment: [String: String]) throws(Failure) -> String {
        guard text.contains("$") else { return text }
        var out = ""
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            if c == "$", next < text.endIndex, text[next] == "$" {
                out.append("$")
                i = text.index(after: next)
            } else if c == "$", next < text.endIndex, text[next] == "{" {
                guard let close = text[next...].firstIndex(of: "}") else {
                    throw .malformed("'${' without a closing '}'")
                }
                let body = String(text[text.index(after: next)..<close])
                let name: String
                let fallback: String?
                if let sep = body.range(of: ":-") {
                    name = String(body[..<sep.lowerBound])
                    fallback = String(body[sep.upperBound...])
                } else {
                    name = body
                    fallback = nil
                }
                guard !name.isEmpty, name.allSatisfy({ $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                    throw .malformed("'${\(body)}' is not a variable reference (expected ${NAME} or ${NAME:-default})")
                }
                if let value = environment[name], !(value.isEmpty && fallback != nil) {
                    out += value
                } else if let fallback {
                    out += fallback
                } else {
                    throw .unset(name)
                }
                i = text.index(after: close)
            } else {
                out.append(c)
                i = next
            }
        }
        return out
    }
}
