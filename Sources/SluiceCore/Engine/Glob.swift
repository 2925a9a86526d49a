/// Glob patterns over `/`-separated paths: `*` and `?` within one component, `[abc]`/`[a-z]`/`[!a]`
/// classes, and `**` for any number of components.
package struct Glob: Sendable, Hashable {
    /// The pattern as written.
    package let pattern: String
    private let components: [String]

    /// Compiles a pattern.
    package init(_ pattern: String) {
        self.pattern = pattern
        self.components = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// Whether `text` contains glob syntax.
    package static func isPattern(_ text: String) -> Bool { text.contains { "*?[".contains($0) } }

    /// Whether a relative path matches the whole pattern.
    package func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        return Self.match(components[...], parts[...])
    }

    /// Whether a path below the directory `directory` (relative, "" for the walk's root) could
    /// match: a walk need not enter a directory when this is false.
    package func couldMatch(below directory: String) -> Bool {
        var i = 0
        for part in directory.split(separator: "/", omittingEmptySubsequences: true) {
            guard i < components.count else { return false }
            if components[i] == "**" { return true }
            guard Self.matchComponent(Array(components[i].unicodeScalars)[...], Array(part.unicodeScalars)[...]) else { return false }
            i += 1
        }
        return i < components.count
    }

    /// Whether the pattern names hidden entries explicitly (a component starting with a dot).
    package var matchesHiddenNames: Bool { components.contains { $0.hasPrefix(".") } }

    private static func match(_ pattern: ArraySlice<String>, _ parts: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return parts.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            var p = parts
            while true {
                if match(rest, p) { return true }
                if p.isEmpty { return false }
                p = p.dropFirst()
            }
        }
        guard let part = parts.first, matchComponent(Array(first.unicodeScalars)[...], Array(part.unicodeScalars)[...]) else {
            return false
        }
        return match(pattern.dropFirst(), parts.dropFirst())
    }

    /// Matches one path component against one pattern component.
    static func matchComponent(_ p: ArraySlice<Unicode.Scalar>, _ s: ArraySlice<Unicode.Scalar>) -> Bool {
        var p = p, s = s
        var star: (ArraySlice<Unicode.Scalar>, ArraySlice<Unicode.Scalar>)?
        while true {
            if let c = p.first {
                if c == "*" {
                    p = p.dropFirst()
                    star = (p, s)
                    continue
                }
                if let ch = s.first {
                    if c == "?" {
                        p = p.dropFirst(); s = s.dropFirst(); continue
                    }
                    if c == "[", let (matched, rest) = matchClass(p, ch) {
                        if matched { p = rest; s = s.dropFirst(); continue }
                    } else if c == ch {
                        p = p.dropFirst(); s = s.dropFirst(); continue
                    }
                }
            } else if s.isEmpty {
                return true
            }
            // Mismatch: backtrack to the last star, letting it swallow one more character.
            guard let (sp, ss) = star, !ss.isEmpty else { return false }
            let advanced = ss.dropFirst()
            star = (sp, advanced)
            p = sp
            s = advanced
        }
    }

    /// Matches `ch` against the class at the start of `p`; returns whether it matched and the
    /// pattern after the class, or nil when the `[` does not start a valid class.
    private static func matchClass(_ p: ArraySlice<Unicode.Scalar>, _ ch: Unicode.Scalar) -> (Bool, ArraySlice<Unicode.Scalar>)? {
        var i = p.index(after: p.startIndex)
        var negate = false
        if i < p.endIndex, p[i] == "!" || p[i] == "^" { negate = true; i = p.index(after: i) }
        var matched = false
        var first = true
        while i < p.endIndex {
            let c = p[i]
            if c == "]", !first { return (matched != negate, p[p.index(after: i)...]) }
            first = false
            let next = p.index(after: i)
            if next < p.endIndex, p[next] == "-", p.index(after: next) < p.endIndex, p[p.index(after: next)] != "]" {
                let hi = p[p.index(after: next)]
                if c.value <= ch.value && ch.value <= hi.value { matched = true }
                i = p.index(after: p.index(after: next))
            } else {
                if c == ch { matched = true }
                i = next
            }
        }
        return nil
    }
}
