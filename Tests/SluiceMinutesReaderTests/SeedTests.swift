import Foundation
import Testing
import SluiceCore
@testable import SluiceMinutesReader

/// The real seed (a copy of shared/seeds/grouped-minutes.txt) against expectations written by
/// reading it (Fixtures/seed-expectations.tsv).
@Suite struct SeedTests {
    let text: String
    let expected: SeedExpectations
    let parsed: MinutesDocument

    init() throws {
        text = try Fixtures.text("seed-grouped-minutes.txt")
        expected = SeedExpectations(try Fixtures.text("seed-expectations.tsv"))
        parsed = try MinutesParser().parse(text)
    }

    @Test func everyGroupWithLabelNumberAndRoster() {
        #expect(expected.groups.count == 28)
        #expect(parsed.groups.count == expected.groups.count)
        for (e, g) in zip(expected.groups, parsed.groups) {
            #expect(g.label == e.label)
            #expect(g.number == e.number, "group \(e.label)")
            #expect(g.leader?.name == e.leader, "group \(e.label)")
            #expect(g.members.map(\.name) == e.members, "group \(e.label)")
            #expect(g.recorders.map(\.name) == e.recorders, "group \(e.label)")
            #expect(g.headings == e.headings, "group \(e.label)")
        }
    }

    @Test func everyStatementSpeakerRoleAndStart() {
        for (e, g) in zip(expected.groups, parsed.groups) {
            #expect(g.statements.count == e.statements.count, "group \(e.label)")
            for (k, (es, s)) in zip(e.statements, g.statements).enumerated() {
                #expect(s.speaker == es.speaker, "group \(e.label) statement \(k + 1)")
                #expect(s.speakerRaw == es.raw, "group \(e.label) statement \(k + 1)")
                #expect(s.role == es.role, "group \(e.label) statement \(k + 1)")
                #expect(s.text.withoutWhitespace.hasPrefix(es.start), "group \(e.label) statement \(k + 1): \(s.text.prefix(12)) vs \(es.start)")
            }
        }
    }

    /// Precision and recall of speaker attribution over all statements (a statement counts as
    /// attributed correctly when its speaker and its text start both match).
    @Test func speakerPrecisionAndRecall() {
        var truePositives = 0, predicted = 0, actual = 0
        for (e, g) in zip(expected.groups, parsed.groups) {
            let want = Set(e.statements.filter { $0.speaker != nil }.map { "\($0.speaker!)|\($0.start)" })
            let got = Set(g.statements.filter { $0.speaker != nil }.map { "\($0.speaker!)|\($0.text.withoutWhitespace.prefix(8))" })
            truePositives += want.intersection(got).count
            predicted += got.count
            actual += want.count
        }
        let precision = Double(truePositives) / Double(max(predicted, 1))
        let recall = Double(truePositives) / Double(max(actual, 1))
        print("minutes seed speaker attribution: precision \(precision) recall \(recall) (\(truePositives)/\(predicted) predicted, \(actual) expected)")
        #expect(precision == 1.0)
        #expect(recall == 1.0)
    }

    @Test func nothingDropped() {
        #expect(Fixtures.invariantViolations(text, parsed) == [])
    }

    @Test func ambiguousCasesAreResolvedAsDocumented() throws {
        let g1 = parsed.groups[0]
        // 飞总 is the leader 李飞, the raw marker kept.
        let nickname = try #require(g1.statements.first { $0.speakerRaw == "飞总" })
        #expect(nickname.speaker == "李飞" && nickname.role == "leader" && nickname.match == "nickname")
        // 崔晴慧 in group 13 is the roster's 崔晴雪; 徐亿豪 (14) is 徐艺豪; 陆麒伊 (22) is 陆麒尹.
        for (group, raw, name) in [(12, "崔晴慧", "崔晴雪"), (13, "徐亿豪", "徐艺豪"), (21, "陆麒伊", "陆麒尹")] {
            let s = try #require(parsed.groups[group].statements.first { $0.speakerRaw == raw })
            #expect(s.speaker == name && s.match == "variant" && s.role == "member")
        }
        // Speakers missing from the roster: 张润思 (group 5) and 陈英豪 (姓名6, group 27).
        #expect(parsed.groups[4].statements.last?.speaker == "张润思")
        #expect(parsed.groups[4].statements.last?.role == "guest")
        #expect(parsed.groups[26].statements[5].speaker == "陈英豪")
        #expect(parsed.groups[26].statements[5].note == "核心要点")
        // Group 25: employee ids as separate attributes.
        let g25 = parsed.groups[24]
        #expect(g25.leader?.employeeID == "11139")
        #expect(g25.members.first?.employeeID == "25134")
        #expect(g25.statements.first { $0.speaker == "向艳" }?.employeeID == "61953")
        // Notes kept out of names.
        #expect(parsed.groups[13].members.first { $0.name == "刘猛" }?.note == "请假")
        #expect(parsed.groups[14].members.first { $0.name == "孙富林" }?.note == "请假")
        #expect(parsed.groups[9].statements[12].note == "政府 | 水利")
        // Recorder placeholder and missing recorder; duplicated names kept once.
        #expect(parsed.groups[21].recorderPlaceholder == "XXX" && parsed.groups[21].recorders.isEmpty)
        #expect(parsed.groups[16].recorders.isEmpty && parsed.groups[16].statements.isEmpty)
        #expect(parsed.groups[6].duplicateMembers == ["曾志武"])
        #expect(parsed.groups[26].duplicateMembers == ["王秀徽"])
        // Two recorders.
        #expect(parsed.groups[22].recorders.map(\.name) == ["方旭", "朱灵慧"])
        // Never a speaker: 总结：, 4.AIGC-like phrases, sub-labels; the sub-group headings of group 4.
        let all = parsed.groups.flatMap(\.statements).compactMap(\.speaker)
        for word in ["总结", "核心要点", "方案", "要点", "组织", "问题", "个人思考", "A", "B", "C"] {
            #expect(!all.contains(word), "\(word) must not be a speaker")
        }
        #expect(parsed.groups[3].headings == ["运营商大网组", "运营商云业务组", "智慧矿山组", "数字媒体组"])
        // Topics.
        #expect(parsed.groups[0].topic == "围绕解决方案规划部的职责，如何更好落实年度一级部门和小部门的目标。")
        #expect(parsed.groups[1].topic == "围绕部门职责，如何更好落实年度一级部门和小部门的目标")
    }

    @Test func numberedPointsAreListed() throws {
        // 熊晓萌 (group 2): two points, 1、 and 2、.
        let s = try #require(parsed.groups[1].statements.first { $0.speaker == "熊晓萌" })
        #expect(s.points.map(\.marker) == ["1、", "2、"])
        #expect(s.points[0].text.hasPrefix("如何落实行业场景化应用"))
        // 廉洁: （1）（2）
        let l = try #require(parsed.groups[1].statements.first { $0.speaker == "廉洁" })
        #expect(l.points.map(\.marker) == ["（1）", "（2）"])
        // 汤伟 (group 24): ①…④
        let t = try #require(parsed.groups[23].statements.first { $0.speaker == "汤伟" })
        #expect(t.points.map(\.marker) == ["①", "②", "③", "④"])
        // 王典 (group 3): A： B： C： among the numbers.
        let w = try #require(parsed.groups[2].statements.first { $0.speaker == "王典" })
        #expect(w.points.contains { $0.marker == "A：" } && w.points.contains { $0.marker == "C：" })
        // 1.3亿 is not a point (李博, group 28).
        let b = try #require(parsed.groups[27].statements.first)
        #expect(b.points.isEmpty)
    }

    @Test func crlfVariantGivesTheSameStructure() throws {
        let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
        let doc = try MinutesParser().parse(crlf)
        #expect(Fixtures.invariantViolations(crlf, doc) == [])
        #expect(doc.groups.map(\.label) == parsed.groups.map(\.label))
        #expect(doc.groups.map { $0.statements.map(\.speaker) } == parsed.groups.map { $0.statements.map(\.speaker) })
    }

    @Test func readerRecordsCarryGroupSpeakerAndRole() throws {
        let bytes = try Fixtures.bytes("seed-grouped-minutes.txt")
        let (docs, warnings) = try Fixtures.read(bytes)
        #expect(docs.count == 1)
        let doc = try #require(docs.first)
        #expect(doc.kind == "minutes")
        #expect(doc.source.encoding == "UTF-8")
        #expect(doc.metadata["group_count"] == "28")
        #expect(warnings.contains { $0.contains("组17") })
        let groups = try #require(doc.data?["groups"]?.arrayValue)
        #expect(groups.count == 28)
        let g1 = try #require(groups.first?.objectValue)
        #expect(g1["label"] == "第一组" && g1["number"] == 1 && g1["leader"] == "李飞")
        #expect(g1["members"]?.arrayValue?.first?["name"] == "康乐")
        let st = try #require(g1["statements"]?.arrayValue?[4].objectValue)
        #expect(st["speaker"] == "李飞" && st["speaker_raw"] == "飞总" && st["role"] == "leader")
        #expect(groups[1]["number"] == 2 && groups[3]["number"] == JSONValue.null)
        let statementBlocks = doc.blocks.filter { $0.type == .statement }
        #expect(statementBlocks.count == expected.groups.reduce(0) { $0 + $1.statements.count })
        #expect(statementBlocks.first?.speaker == "康乐")
        #expect(statementBlocks.first?.attributes?["group"] == "第一组")
        #expect(statementBlocks.first?.attributes?["role"] == "member")

        let (byGroup, _) = try Fixtures.read(bytes, records: "group")
        #expect(byGroup.count == 28)
        #expect(byGroup.allSatisfy { $0.kind == "minutes.group" })
        #expect(byGroup[17].metadata["group"] == "组：十八组" && byGroup[17].metadata["group_number"] == "18")

        let (byStatement, _) = try Fixtures.read(bytes, records: "statement")
        #expect(byStatement.count == expected.groups.reduce(0) { $0 + $1.statements.count })
        let first = try #require(byStatement.first)
        #expect(first.kind == "minutes.statement")
        #expect(first.metadata["speaker"] == "康乐" && first.metadata["role"] == "member")
        #expect(first.metadata["group"] == "第一组" && first.metadata["group_number"] == "1")
        #expect(first.metadata["topic"] != nil)
        let (named, _) = try Fixtures.read(bytes, records: "statement", extra: ["unattributed_statements": .boolean(false)])
        #expect(named.allSatisfy { $0.metadata["speaker"] != nil })
        #expect(named.count == byStatement.count - 4)
    }
}
