/// Small path helpers that work on strings, the way the engine reports paths.
package enum PathSupport {
    /// `a/b`, without doubling the slash and without a leading `./`.
    package static func join(_ base: String, _ component: String) -> String {
        if base.isEmpty || base == "." { return component }
        return base.hasSuffix("/") ? base + component : base + "/" + component
    }

    /// The lowercase extension after the last dot of the last component, or "". Trailing white
    /// space is not part of it (`notes.txt ` has the extension `txt`), and text after the dot
    /// that holds white space is no extension (`v1. final draft` has none).
    package static func fileExtension(of path: String) -> String {
        var name = Substring(lastComponent(path))
        while let last = name.last, last.isWhitespace { name = name.dropLast() }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        let ext = name[name.index(after: dot)...]
        return ext.contains(where: \.isWhitespace) ? "" : ext.lowercased()
    }

    /// The last path component.
    package static func lastComponent(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        if let slash = trimmed.lastIndex(of: "/") { return String(trimmed[trimmed.index(after: slash)...]) }
        return trimmed
    }

    /// Everything before the last component ("." when there is none).
    package static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }
}
