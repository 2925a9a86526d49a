import Foundation
import Logging
import SluiceCore
@testable import SluiceMinutesReader

/// Test helpers: fixture files located next to this source file, and a reader run on them.
enum Fixtures {
    static let directory: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// Runs the `minutes` reader on `bytes` with the given `records` mode.
    static func read(_ bytes: [UInt8], path: String = "input.txt", records: String = "document",
                     extra: [String: OptionValue] = [:]) throws -> (documents: [Document], warnings: [String]) {
        var overrides: [String: OptionValue] = ["records": .string(records)]
        for (k, v) in extra { overrides[k] = v }
        let setup = PluginSetup(
            options: .defaults(for: MinutesReader.options, overrides: overrides),
            logger: Logger(label: "test"))
        let reader = try MinutesReader(setup)
        let context = ReadContext(path: path, logger: Logger(label: "test"))
        let docs = try reader.read(SourceInput(path: path, bytes: bytes), context: context)
        return (docs, context.warnings)
    }

    /// Asserts the nothing-dropped invariant: the segments tile the text exactly, every statement
    /// and heading text occurs inside its segment, and the segments' kinds are consistent.
    static func invariantViolations(_ text: String, _ doc: MinutesDocument) -> [String] {
        var problems: [String] = []
        if doc.segments.map(\.raw).joined() != text { problems.append("segments do not reassemble the text") }
        var offset = 0
        for seg in doc.segments {
            if seg.offset != offset { problems.append("segment at \(seg.offset) expected at \(offset)") }
            offset += seg.raw.unicodeScalars.count
            if seg.raw.isEmpty { problems.append("empty segment at \(seg.offset)") }
        }
        if offset != text.unicodeScalars.count { problems.append("segments cover \(offset) of \(text.unicodeScalars.count) scalars") }
        // Each statement's text lies inside its own statement segment, in order.
        for (g, group) in doc.groups.enumerated() {
            let statementSegments = doc.segments.filter { $0.kind == .statement && $0.group == g }
            if statementSegments.count != group.statements.count {
                problems.append("group \(g + 1): \(group.statements.count) statements, \(statementSegments.count) statement segments")
                continue
            }
            for (seg, statement) in zip(statementSegments, group.statements)
            where !statement.text.isEmpty && !seg.raw.contains(statement.text) {
                problems.append("group \(g + 1): statement text not inside its segment at \(seg.offset)")
            }
            let headingSegments = doc.segments.filter { $0.kind == .heading && $0.group == g }
            if headingSegments.count != group.headings.count {
                problems.append("group \(g + 1): \(group.headings.count) headings, \(headingSegments.count) heading segments")
            }
        }
        return problems
    }
}

/// The hand-written expectations for the seed (`Fixtures/seed-expectations.tsv`).
struct SeedExpectations {
    struct Statement {
        var speaker: String?
        var raw: String?
        var role: String?
        var start: String
    }

    struct Group {
        var label: String
        var number: Int?
        var leader: String
        var members: [String]
        var recorders: [String]
        var headings: [String] = []
        var statements: [Statement] = []
    }

    var groups: [Group] = []

    init(_ tsv: String) {
        for line in tsv.split(separator: "\n") where !line.hasPrefix("#") {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func opt(_ s: String) -> String? { s == "-" ? nil : s }
            func list(_ s: String) -> [String] { s.isEmpty ? [] : s.split(separator: "、").map(String.init) }
            switch cells[0] {
            case "group":
                groups.append(Group(label: cells[1], number: Int(cells[2]), leader: cells[3], members: list(cells[4]), recorders: list(cells[5])))
            case "heading":
                groups[groups.count - 1].headings.append(cells[1])
            default:
                groups[groups.count - 1].statements.append(
                    Statement(speaker: opt(cells[1]), raw: opt(cells[2]), role: opt(cells[3]), start: cells[4]))
            }
        }
    }
}

extension String {
    /// The string without any whitespace.
    var withoutWhitespace: String { String(unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "\u{00A0}" }.map(Character.init)) }
}
