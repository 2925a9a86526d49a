/// A small CSS selector subset for per-site overrides: type, `#id`, `.class`, `[attr]`,
/// `[attr=value]`, `[attr*=value]`, combined with descendant (space) and child (`>`)
/// combinators, and `,` for alternatives. For example `div#content > .article-body p`.
package struct CSSSelector: Sendable, Hashable, CustomStringConvertible {
    struct Compound: Sendable, Hashable {
        var tag: String?
        var id: String?
        var classes: [String] = []
        var attributes: [(name: String, op: String, value: String)] = []

        static func == (a: Compound, b: Compound) -> Bool {
            a.tag == b.tag && a.id == b.id && a.classes == b.classes
                && a.attributes.map { "\($0.name)\($0.op)\($0.value)" } == b.attributes.map { "\($0.name)\($0.op)\($0.value)" }
        }
        func hash(into hasher: inout Hasher) {
            hasher.combine(tag)
            hasher.combine(id)
            hasher.combine(classes)
        }
    }

    /// Alternatives (`a, b`), each a chain of (combinator, compound) from left to right.
    let alternatives: [[(child: Bool, compound: Compound)]]
    /// The text the selector was parsed from.
    package let description: String

    package static func == (a: CSSSelector, b: CSSSelector) -> Bool { a.description == b.description }
    package func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// Parses `text`; nil when it is not in the supported subset.
    package init?(_ text: String) {
        description = text
        var alternatives: [[(child: Bool, compound: Compound)]] = []
        for part in text.split(separator: ",") {
            var chain: [(child: Bool, compound: Compound)] = []
            var nextIsChild = false
            let spaced = part.replacingGreaterThan()
            for token in spaced.split(separator: " ", omittingEmptySubsequences: true) {
                if token == ">" { nextIsChild = true; continue }
                guard let compound = CSSSelector.compound(String(token)) else { return nil }
                chain.append((nextIsChild, compound))
                nextIsChild = false
            }
            guard !chain.isEmpty else { return nil }
            alternatives.append(chain)
        }
        guard !alternatives.isEmpty else { return nil }
        self.alternatives = alternatives
    }

    static func compound(_ token: String) -> Compound? {
        var c = Compound()
        var i = token.startIndex
        func readName() -> String {
            var name = ""
            while i < token.endIndex, token[i].isLetter || token[i].isNumber || token[i] == "-" || token[i] == "_" {
                name.append(token[i])
                i = token.index(after: i)
            }
            return name
        }
        let tag = readName()
        if !tag.isEmpty { c.tag = tag.lowercased() }
        if i < token.endIndex, token[i] == "*" { i = token.index(after: i) }
        while i < token.endIndex {
            let ch = token[i]
            i = token.index(after: i)
            switch ch {
            case "#":
                let name = readName()
                guard !name.isEmpty else { return nil }
                c.id = name
            case ".":
                let name = readName()
                guard !name.isEmpty else { return nil }
                c.classes.append(name)
            case "[":
                guard let close = token[i...].firstIndex(of: "]") else { return nil }
                let inside = String(token[i..<close])
                i = token.index(after: close)
                if let r = inside.firstRange(of: "*=") {
                    c.attributes.append((String(inside[..<r.lowerBound]).lowercased(), "*=", unquote(String(inside[r.upperBound...]))))
                } else if let eq = inside.firstIndex(of: "=") {
                    c.attributes.append((String(inside[..<eq]).lowercased(), "=", unquote(String(inside[inside.index(after: eq)...]))))
                } else {
                    c.attributes.append((inside.lowercased(), "", ""))
                }
            default:
                return nil
            }
        }
        return c
    }

    static func unquote(_ s: String) -> String {
        var t = Substring(s)
        if let f = t.first, f == "\"" || f == "'" { t = t.dropFirst() }
        if let l = t.last, l == "\"" || l == "'" { t = t.dropLast() }
        return String(t)
    }

    /// The attribute names the selector tests (`id` and `class` included when used).
    package var attributeNames: Set<String> {
        var names: Set<String> = []
        for chain in alternatives {
            for (_, c) in chain {
                if c.id != nil { names.insert("id") }
                if !c.classes.isEmpty { names.insert("class") }
                for a in c.attributes { names.insert(a.name) }
            }
        }
        return names
    }

    /// Whether the element at `index` matches.
    package func matches(_ index: Int, in document: HTMLDocument) -> Bool {
        alternatives.contains { chain in matchChain(chain, chain.count - 1, index, document) }
    }

    private func matchChain(_ chain: [(child: Bool, compound: Compound)], _ position: Int, _ index: Int, _ document: HTMLDocument) -> Bool {
        guard matchCompound(chain[position].compound, document.nodes[index]) else { return false }
        if position == 0 { return true }
        var ancestor = Int(document.nodes[index].parent)
        while ancestor > 0 {
            if matchChain(chain, position - 1, ancestor, document) { return true }
            if chain[position].child { return false }
            ancestor = Int(document.nodes[ancestor].parent)
        }
        return false
    }

    private func matchCompound(_ c: Compound, _ node: HTMLNode) -> Bool {
        guard node.kind == .element else { return false }
        if let tag = c.tag, node.name != tag { return false }
        if let id = c.id, node.attribute("id") != id { return false }
        if !c.classes.isEmpty {
            let classes = (node.attribute("class") ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            for cls in c.classes where !classes.contains(Substring(cls)) { return false }
        }
        for a in c.attributes {
            guard let value = node.attribute(a.name) else { return false }
            if a.op == "=" && value != a.value { return false }
            if a.op == "*=" && !value.contains(a.value) { return false }
        }
        return true
    }
}

extension Substring {
    fileprivate func replacingGreaterThan() -> String {
        var out = ""
        for ch in self { if ch == ">" { out += " > " } else { out.append(ch) } }
        return out
    }
}
