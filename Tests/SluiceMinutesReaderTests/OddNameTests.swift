import Foundation
import Testing
import SluiceCore
@testable import SluiceMinutesReader

/// Roster names that look odd — paths, SQL, markup, format strings, bidi controls, device names
/// (`CON`, `NUL`, `LPT1`), 10 KB names — are data: stored verbatim, and every statement is
/// ingested with its speaker (`Fixtures/odd-names.txt`; `{LONG}` stands for the long name).
@Suite struct OddNameTests {
    /// A 10 KB name with no plain-name shape (`名/名/…`) and one of plain Han characters.
    static let longNames = [String(repeating: "名/", count: 2560), String(repeating: "甲乙", count: 1707)]

    static let groupOneMembers = ["Robert'); DROP TABLE groups;--", "<script>alert(1)</script>", "\u{202E}evil\u{202C}", "CON"]

    func parse(long: String) throws -> (String, MinutesDocument) {
        let text = try Fixtures.text("odd-names.txt").replacingOccurrences(of: "{LONG}", with: long)
        let doc = try MinutesParser().parse(text)
        #expect(Fixtures.invariantViolations(text, doc) == [])
        return (text, doc)
    }

    @Test(arguments: longNames) func namesAreKeptVerbatimAndEveryStatementHasItsSpeaker(_ long: String) throws {
        #expect(long.utf8.count >= 10_240)
        let (_, doc) = try parse(long: long)
        #expect(doc.groups.map(\.label) == ["第一组", "Breakout Group 2"])
        let g = doc.groups[0]
        #expect(g.leader?.name == "../../etc/passwd")
        #expect(g.members.map(\.name) == Self.groupOneMembers + [long, "张伟"])
        #expect(g.members.allSatisfy { $0.note == nil && $0.employeeID == nil })
        #expect(g.recorders.map(\.name) == ["CON"])
        let speakers = ["../../etc/passwd"] + Self.groupOneMembers + [long, "张伟"]
        #expect(g.statements.map(\.speaker) == speakers.map(Optional.some))
        #expect(g.statements.map(\.speakerRaw) == speakers.map(Optional.some))
        #expect(g.statements.allSatisfy { $0.match == "roster" && $0.heading == "核心要点" })
        #expect(g.statements.map(\.role) == ["leader", "member", "member", "member", "member", "member", "member"])
        #expect(g.statements[1].points.map(\.marker) == ["1、", "2、"])
        #expect(g.statements[5].text == "名字很长，也要完整保存。")
        let g2 = doc.groups[1]
        #expect(g2.leader?.name == "NUL")
        #expect(g2.members.map(\.name) == ["%s%n%x", "' OR '1'='1", "LPT1", "/dev/null"])
        #expect(g2.recorders.map(\.name) == ["LPT1"])
        #expect(g2.statements.map(\.speaker) == ["NUL", "%s%n%x", "' OR '1'='1", "/dev/null", "LPT1"])
        #expect(g2.statements.map(\.text) == [
            "Device names are just names here.", "Format strings are stored as written.", "So is SQL.", "And paths.", "Noted.",
        ])
    }

    /// Through the reader (records: statement): one record per statement, the names unchanged in
    /// the metadata and in `data`.
    @Test func theReaderIngestsEveryStatement() throws {
        let long = Self.longNames[0]
        let (text, _) = try parse(long: long)
        let (docs, warnings) = try Fixtures.read(Array(text.utf8), path: "odd-names.txt", records: "statement")
        #expect(warnings.isEmpty)
        #expect(docs.count == 12)
        let speakers = docs.map { $0.metadata["speaker"] }
        #expect(speakers.contains("' OR '1'='1") && speakers.contains(long))
        #expect(speakers.contains("\u{202E}evil\u{202C}") && speakers.contains("../../etc/passwd"))
    }

    /// A list where plain names come first and an odd one follows a separator keeps them all.
    @Test func anOddNameAfterPlainNames() throws {
        let text = "第二组\n组长：李雷\n组员：韩梅梅、~/tmp/x、Ann Lee\n李雷：开始。\n~/tmp/x：到。\n"
        let doc = try MinutesParser().parse(text)
        #expect(doc.groups.first?.members.map(\.name) == ["韩梅梅", "~/tmp/x", "Ann Lee"])
        #expect(doc.groups.first?.statements.map(\.speaker) == ["李雷", "~/tmp/x"])
    }
}
