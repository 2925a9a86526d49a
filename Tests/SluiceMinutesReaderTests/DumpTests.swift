import Foundation
import Testing
@testable import SluiceMinutesReader

@Suite struct DumpTests {
    /// Writes a readable dump of the parse of $MINUTES_DUMP_INPUT to $MINUTES_DUMP_OUTPUT (debug aid).
    @Test func dump() throws {
        guard let input = ProcessInfo.processInfo.environment["MINUTES_DUMP_INPUT"],
              let output = ProcessInfo.processInfo.environment["MINUTES_DUMP_OUTPUT"] else { return }
        let text = try String(contentsOfFile: input, encoding: .utf8)
        let doc = try MinutesParser().parse(text)
        var out = ""
        for (k, g) in doc.groups.enumerated() {
            out += "== \(k + 1) label=\(g.label) number=\(g.number.map(String.init) ?? "-") name=\(g.name ?? "-") title=\(g.title ?? "-")\n"
            out += "   leader=\(g.leader?.name ?? "-") \(g.leader?.employeeID ?? "")\n"
            out += "   members=\(g.members.map { $0.name + ($0.employeeID.map { "#" + $0 } ?? "") + ($0.note.map { "(" + $0 + ")" } ?? "") }.joined(separator: ","))\n"
            out += "   dups=\(g.duplicateMembers) recorders=\(g.recorders.map(\.name)) placeholder=\(g.recorderPlaceholder ?? "-")\n"
            out += "   topic=\(g.topic ?? "-")\n   fields=\(g.fields)\n   headings=\(g.headings)\n"
            for s in g.statements {
                out += "   S [\(s.speaker ?? "∅")|\(s.speakerRaw ?? "")|\(s.role ?? "")|\(s.match ?? "")|\(s.ordinal ?? "")|\(s.note ?? "")|\(s.heading ?? "")] \(s.text.prefix(24).replacingOccurrences(of: "\n", with: "⏎")) pts=\(s.points.count)\n"
            }
        }
        out += "SEGMENTS \(doc.segments.count) tiling=\(doc.segments.map(\.raw).joined() == text)\n"
        for seg in doc.segments where seg.kind == .header {
            out += "  H g=\(seg.group.map(String.init) ?? "-") \(seg.field ?? "") «\(seg.raw.prefix(50).replacingOccurrences(of: "\n", with: "⏎"))»\n"
        }
        try out.write(toFile: output, atomically: true, encoding: .utf8)
    }
}
