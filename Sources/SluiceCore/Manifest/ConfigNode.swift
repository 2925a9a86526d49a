import Foundation
import Yams

/// A position in a manifest file.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The manifest file.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }
}

/// A node of a parsed manifest, with its position: a scalar, a sequence or a mapping.
/// Mappings keep their keys in order (the parser has already refused duplicate keys).
package struct ConfigNode: Sendable {
    /// The node's content.
    package enum Value: Sendable {
        /// A scalar as written; `quoted` when it was quoted (and so is always a string).
        case scalar(String, quoted: Bool)
        /// A sequence.
        case sequence([ConfigNode])
        /// A mapping, in order.
        case mapping([(key: ConfigNode, value: ConfigNode)])
        /// An empty value (`~`, `null` or nothing).
        case null
    }

    /// The content.
    package var value: Value
    /// Where it starts.
    package var location: SourceLocation

    /// A human word for the node's type, for messages.
    package var typeName: String {
        switch value {
        case .scalar: "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .null: "nothing"
        }
    }

    /// The scalar's text, when this is a scalar.
    package var scalar: String? {
        if case .scalar(let s, _) = value { return s }
        return nil
    }

    /// The value of `key`, when this is a mapping that has it (the first one).
    package subscript(key: String) -> ConfigNode? {
        guard case .mapping(let pairs) = value else { return nil }
        return pairs.first { $0.key.scalar == key }?.value
    }
}

/// Parses YAML (or JSON) text into ``ConfigNode``s.
enum ConfigParser {
    /// The most nodes a manifest may expand to (aliases included), against alias bombs.
    static let maxNodes = 100_000
    /// The largest manifest accepted, in bytes.
    static let maxBytes = 4 * 1024 * 1024

    struct ParseError: Error {
        var message: String
        var line: Int
        var column: Int
        /// For a duplicate key found where it is written: the key (so that the rest of the
        /// manifest can still be checked with that occurrence renamed).
        var duplicateKey: String?
    }

    /// The tags a manifest may carry: YAML's own (`!!str`, `!!int`, ...), written or implied.
    static let knownTags: Set<String> = ["str", "int", "float", "bool", "null", "seq", "map", "timestamp", "merge"]
        .reduce(into: ["?", "!"]) { $0.insert("tag:yaml.org,2002:" + $1) }

    static func parse(_ text: String, file: String) throws(ParseError) -> ConfigNode? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw describe(error, text: text)
        } catch {
            throw ParseError(message: "\(error)", line: 1, column: 1)
        }
        guard let root else { return nil }
        var budget = maxNodes
        return try convert(root, file: file, budget: &budget)
    }

    private static func describe(_ error: YamlError, text: String) -> ParseError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // Point at what was left open (the `[` or `{`, the quote), not where the parser noticed.
            guard let context else { return ParseError(message: "YAML syntax error: \(problem)", line: mark.line, column: mark.column) }
            let noticed = (context.mark.line, context.mark.column) == (mark.line, mark.column) ? "" : " (noticed at \(mark.line):\(mark.column))"
            return ParseError(
                message: "YAML syntax error: \(problem) \(context.text), which starts here\(noticed)",
                line: context.mark.line, column: context.mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            let (line, column, found) = secondOccurrence(of: duplicates.sorted(), in: text, from: context.mark)
            return ParseError(
                message: "duplicate key \(keys) (a pipeline name or key may appear once in its mapping; the first is at \(context.mark.line):\(context.mark.column) or below)",
                line: line, column: column, duplicateKey: found)
        case .reader(let problem, _, _, _):
            return ParseError(message: "cannot read the manifest: \(problem)", line: 1, column: 1)
        default:
            return ParseError(message: "YAML error: \(error)", line: 1, column: 1)
        }
    }

    /// Where a duplicated block-mapping key appears the second time, or the mapping's start.
    private static func secondOccurrence(of keys: [String], in text: String, from mark: Mark) -> (Int, Int, String?) {
        // Lines as YAML counts them (CR, LF, CRLF, NEL, LS, PS), so that `mark.line` indexes them;
        // a mark past the last line (it should not happen) falls back to the mark itself.
        let lines = text.split(omittingEmptySubsequences: false) {
            $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}"
        }
        guard mark.line >= 1, mark.line <= lines.count else { return (max(1, mark.line), max(1, mark.column), nil) }
        for key in keys {
            var seen = 0
            for index in (mark.line - 1)..<lines.count {
                let line = lines[index]
                let indent = line.prefix(while: { $0 == " " }).count
                guard indent + 1 == mark.column else { continue }
                let rest = line.dropFirst(indent)
                if rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                    seen += 1
                    if seen == 2 { return (index + 1, indent + 1, key) }
                }
            }
        }
        return (mark.line, mark.column, nil)
    }

    /// `text` with the key written at `line`:`column` renamed to a name no manifest uses, so
    /// that the rest can be parsed and checked after a duplicate key.
    static func renamingKey(_ key: String, at line: Int, column: Int, in text: String) -> String? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard line >= 1, line <= lines.count else { return nil }
        let target = lines[line - 1]
        let prefix = String(target.prefix(column - 1))
        let rest = target.dropFirst(column - 1)
        for written in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(written + ":") {
            lines[line - 1] = prefix + "\(key)~duplicate@\(line)" + rest.dropFirst(written.count)
            return lines.joined(separator: "\n")
        }
        return nil
    }

    private static func convert(_ node: Node, file: String, budget: inout Int) throws(ParseError) -> ConfigNode {
        budget -= 1
        let mark = node.mark
        let location = SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
        if budget < 0 {
            throw ParseError(
                message: "the manifest expands to more than \(maxNodes) values (an alias bomb?); refusing it",
                line: location.line, column: location.column)
        }
        let tag = node.tag.rawValue
        if !knownTags.contains(tag) {
            throw ParseError(
                message: "unknown YAML tag '\(tag)': Sluice defines no tags (write the value without it)",
                line: location.line, column: location.column)
        }
        switch node {
        case .scalar(let scalar):
            let plain = scalar.style == .plain
            if plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return ConfigNode(value: .null, location: location)
            }
            return ConfigNode(value: .scalar(scalar.string, quoted: !plain), location: location)
        case .sequence(let sequence):
            var items: [ConfigNode] = []
            for item in sequence { items.append(try convert(item, file: file, budget: &budget)) }
            return ConfigNode(value: .sequence(items), location: location)
        case .mapping(let mapping):
            var pairs: [(key: ConfigNode, value: ConfigNode)] = []
            for (k, v) in mapping {
                pairs.append((try convert(k, file: file, budget: &budget), try convert(v, file: file, budget: &budget)))
            }
            return ConfigNode(value: .mapping(pairs), location: location)
        case .alias:
            throw ParseError(message: "unresolved YAML alias", line: location.line, column: location.column)
        }
    }
}
