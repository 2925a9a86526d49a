extension String {
    /// The string without leading and trailing characters that occur in `set` (named apart from
    /// Foundation's `trimmingCharacters(in:)`, which takes a `CharacterSet`).
    func trimmingEdges(of set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

extension Substring {
    var trimmingPrefixSpaces: Substring {
        var s = self
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        return s
    }

    /// The substring without leading and trailing characters that occur in `set`.
    func trimmingEdges(of set: String) -> Substring {
        var s = self
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return s
    }
}

extension Character {
    /// Whether the character is one of `scalars` — each a character of its own that nothing else
    /// is canonically equivalent to — which is what `"…".contains(character)` answers, without
    /// walking a string literal character by character.
    @inline(__always)
    func isOne(of scalars: [Unicode.Scalar]) -> Bool {
        let u = unicodeScalars
        guard let first = u.first, u.index(after: u.startIndex) == u.endIndex else { return false }
        return scalars.contains(first)
    }
}

extension String {
    /// `hasSuffix(suffix)`, answered from the bytes when they say no (the common case), so the
    /// Unicode-aware comparison runs only on a byte match. Only for suffixes that no other text
    /// is canonically equivalent to (checked for the literals it is used with: 前 版 摄 ）)).
    @inline(__always)
    func hasSuffixFast(_ suffix: String) -> Bool {
        utf8EndsWith(suffix) && hasSuffix(suffix)
    }

    /// Whether the UTF-8 bytes end with those of `suffix`.
    func utf8EndsWith(_ suffix: String) -> Bool {
        let a = utf8
        let b = suffix.utf8
        var i = a.endIndex
        var j = b.endIndex
        while j > b.startIndex {
            guard i > a.startIndex else { return false }
            i = a.index(before: i)
            j = b.index(before: j)
            if a[i] != b[j] { return false }
        }
        return true
    }
}

extension String {
    /// The string with HTML character references decoded (`&#39;`, `&#x2019;`, `&amp;`, `&quot;`,
    /// …): JSON-LD values are often HTML-escaped a second time by the page's template.
    var decodingCharacterReferences: String {
        guard utf8.contains(0x26) else { return self }
        let named: [Substring: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
        var out = ""
        var rest = self[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semi = after.prefix(10).firstIndex(of: ";") else { out.append("&"); rest = after; continue }
            let name = after[..<semi]
            var decoded: String?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if name.hasPrefix("#") {
                decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                decoded = named[name]
            }
            if let decoded { out += decoded; rest = after[after.index(after: semi)...] } else { out.append("&"); rest = after }
        }
        out += rest
        return out
    }
}
