import SluiceCore
import Yams

/// YAML front matter: a first line `---`, YAML, a line `---` (or `...`). Scalars become metadata
/// strings, lists of scalars are joined with `, `; nested mappings are left out. A `date` in ISO
/// 8601 form becomes the document's publication date.
struct FrontMatter {
    var metadata: [String: String] = [:]
    var published: String?

    /// Removes the front matter from `lines` and returns it (empty when there is none).
    static func take(from lines: inout [String]) throws -> FrontMatter {
        guard lines.first?.trimmingTrailingSpaces == "---",
              let end = lines.indices.dropFirst().first(where: { ["---", "..."].contains(lines[$0].trimmingTrailingSpaces) })
        else { return FrontMatter() }
        let yaml = lines[1..<end].joined(separator: "\n")
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            throw PluginError(.invalidInput, "the front matter is not valid YAML", line: 2)
        }
        // Not a mapping: a thematic break and a setext heading, not front matter.
        guard let mapping = node?.mapping else { return FrontMatter() }
        lines.removeSubrange(0...end)
        var front = FrontMatter()
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            if let scalar = value.scalar {
                front.metadata[name] = scalar.string
            } else if let items = value.sequence {
                let strings = items.compactMap { $0.scalar?.string }
                if !strings.isEmpty { front.metadata[name] = strings.joined(separator: ", ") }
            }
        }
        if let date = front.metadata["date"], isISODate(date) { front.published = date }
        return front
    }

    /// `2024-05-01` or `2024-05-01T10:00:00+08:00`.
    static func isISODate(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 10 else { return false }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { u[$0] >= 0x30 && u[$0] <= 0x39 }
        return digits && u[4] == 0x2D && u[7] == 0x2D && (u.count == 10 || u[10] == 0x54)
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
