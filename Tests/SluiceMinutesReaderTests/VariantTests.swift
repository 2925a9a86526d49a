import Foundation
import Testing
import SluiceCore
import SluiceTesting
import SluiceTestSupport
@testable import SluiceMinutesReader

/// Minutes in the other layouts: one field or statement per line, the Chinese 会议纪要 layout,
/// English break-out reports; GB18030 and CRLF; text with no group structure.
@Suite struct VariantTests {
    func parse(_ name: String) throws -> (String, MinutesDocument) {
        let decoded = try MinutesDecoding.decode(try Fixtures.bytes(name))
        let doc = try MinutesParser().parse(decoded.text)
        #expect(Fixtures.invariantViolations(decoded.text, doc) == [], "\(name)")
        return (decoded.text, doc)
    }

    func speakers(_ g: MinutesGroup) -> [String?] { g.statements.map(\.speaker) }

    @Test func onePerLine() throws {
        let (_, doc) = try parse("one-per-line.txt")
        #expect(doc.groups.map(\.label) == ["第三组", "组4"])
        #expect(doc.groups.map(\.number) == [3, 4])
        let g = doc.groups[0]
        #expect(g.leader?.name == "王建国")
        #expect(g.members.map(\.name) == ["李晓明", "张伟", "陈静", "刘洋", "欧阳娜娜"])
        #expect(g.members[1].note == "请假")
        #expect(g.recorders.map(\.name) == ["陈静"])
        #expect(g.topic == "如何提升解决方案竞争力")
        #expect(speakers(g) == ["王建国", "李晓明", "欧阳娜娜", "赵刚", "王建国", "陈静", "刘洋"])
        #expect(g.statements.map(\.role) == ["leader", "member", "member", "guest", "leader", "recorder", "member"].map(Optional.some)
                || g.statements.map(\.role) == ["leader", "member", "member", "guest", "leader", "member", "member"].map(Optional.some))
        #expect(g.statements[4].speakerRaw == "王总")
        #expect(g.statements[4].text.contains("4.AIGC：要尽快在项目中试点。"))
        #expect(g.statements[4].text.contains("总结：本组共识是聚焦客户价值。"))
        #expect(g.statements[6].speakerRaw == "刘  洋")
        #expect(g.statements[0].points.map(\.marker) == ["1、", "2、"])
        #expect(g.statements[1].points.map(\.text) == ["梳理客户痛点；", "输出场景化方案。"])
        #expect(g.statements[2].points.map(\.marker) == ["①", "②"])
        let g4 = doc.groups[1]
        #expect(g4.recorders.isEmpty && g4.recorderPlaceholder == "XXX")
        #expect(g4.headings == ["发言小结"])
        #expect(speakers(g4) == [nil, "周杰", "吴敏"])
    }

    @Test func gb18030IsTheSameAsUTF8() throws {
        let bytes = try Fixtures.bytes("one-per-line.gb18030.txt")
        #expect(String(validating: bytes, as: UTF8.self) == nil, "the fixture really is GB18030")
        let (_, gb) = try parse("one-per-line.gb18030.txt")
        let (_, utf8) = try parse("one-per-line.txt")
        #expect(gb.groups == utf8.groups)
        let (docs, _) = try Fixtures.read(bytes)
        #expect(docs.first?.source.encoding == "GB18030")
    }

    @Test func decodingWarningsAreTheTextReaderOnes() throws {
        let decodingWarning = { (warning: String) in warning.contains("U+FFFD") || warning.contains("encoding was guessed") }
        // Clean UTF-8: nothing to say about decoding.
        let (_, clean) = try Fixtures.read(try Fixtures.bytes("one-per-line.txt"))
        #expect(!clean.contains(where: decodingWarning), "\(clean)")
        // A guessed legacy encoding is named.
        let (gbDocs, gb) = try Fixtures.read(try Fixtures.bytes("one-per-line.gb18030.txt"))
        #expect(gbDocs.first?.source.encoding == "GB18030")
        #expect(gb.contains { $0.contains("the encoding was guessed as GB18030") }, "\(gb)")
        // A declared encoding is not a guess.
        let (_, declared) = try Fixtures.read(try Fixtures.bytes("one-per-line.gb18030.txt"), extra: ["encoding": .string("gb18030")])
        #expect(!declared.contains(where: decodingWarning), "\(declared)")
        // Damaged UTF-8: how many bytes were replaced, and where the first was.
        var damaged = try Fixtures.bytes("one-per-line.txt")
        let at = try #require(damaged.firstIndex(of: 0x0A)) + 1
        damaged.insert(0xFF, at: at)
        let (docs, warnings) = try Fixtures.read(damaged)
        #expect(docs.first?.source.encoding == "UTF-8")
        #expect(warnings.contains { $0.contains("1 invalid byte sequence(s) replaced with U+FFFD while decoding as UTF-8 (the first at byte \(at))") },
                "\(warnings)")
    }

    @Test func huiyiJiyaoLayout() throws {
        let (_, doc) = try parse("huiyi-jiyao.txt")
        #expect(doc.groups.map(\.label) == ["第一小组", "第二小组"])
        #expect(doc.groups.map(\.number) == [1, 2])
        let g = doc.groups[0]
        #expect(g.title == "第一小组会议纪要")
        #expect(g.leader?.name == "张明华")
        #expect(g.members.map(\.name) == ["张明华", "李娜", "王强", "赵雪梅", "钱多多"])
        #expect(g.absent.map(\.name) == ["孙悦"] && g.absent.first?.note == "出差")
        #expect(g.recorders.map(\.name) == ["赵雪梅"])
        #expect(g.topic == "年度目标分解与落实")
        #expect(g.fields["time"] == "2024年3月15日 14:00-16:00")
        #expect(g.fields["place"] == "三楼第二会议室")
        #expect(g.headings == ["会议内容", "议题一：上半年工作回顾", "议题二：下半年重点工作"])
        #expect(speakers(g) == ["张明华", "李娜", "王强", "钱多多", "张明华"])
        #expect(g.statements[4].speakerRaw == "张总")
        #expect(g.statements[2].heading == "议题二：下半年重点工作")
        #expect(g.statements[2].points.map(\.marker) == ["1.", "2."])
        #expect(speakers(doc.groups[1]) == ["周海", "吴芳", "郑凯"])
        let (docs, _) = try Fixtures.read(try Fixtures.bytes("huiyi-jiyao.txt"), records: "group")
        #expect(docs.first?.published == "2024-03-15")
    }

    @Test func englishBreakoutReports() throws {
        for name in ["breakout-en.txt", "breakout-en.crlf.txt"] {
            let (_, doc) = try parse(name)
            #expect(doc.language == "en")
            #expect(doc.groups.map(\.label) == ["Breakout Group 3", "Breakout Group 4"], "\(name)")
            #expect(doc.groups.map(\.number) == [3, 4])
            let g = doc.groups[0]
            #expect(g.leader?.name == "Alice Chen")
            #expect(g.members.map(\.name) == ["Bob Li", "Carol Wang", "Dan Wu", "Erin Zhao"])
            #expect(g.recorders.map(\.name) == ["Dan Wu"])
            #expect(g.topic == "How do we hit this year's targets?")
            #expect(speakers(g) == ["Alice Chen", "Bob Li", "Carol Wang", "Maria Lopez", nil], "\(name)")
            #expect(g.statements.map(\.time) == ["10:05", "10:07", "10:12", "10:15", nil])
            #expect(g.statements[2].speakerRaw == "Carol")
            #expect(g.statements[3].role == "guest")
            #expect(g.statements[1].points.count == 2)
            #expect(g.headings == ["Key points", "Action items"])
            #expect(speakers(doc.groups[1]) == ["Frank Liu", "Henry Sun", nil])
        }
    }

    @Test func markdownAndLooserConventions() throws {
        let (_, doc) = try parse("mixed-styles.md")
        #expect(doc.groups.map(\.label) == ["组别：第五组", "A组"])
        #expect(doc.groups.map(\.number) == [5, nil])
        #expect(doc.groups[1].name == "A")
        let g = doc.groups[0]
        #expect(g.title == "第五组讨论纪要")
        #expect(g.leader?.name == "欧阳明")
        #expect(g.recorders.map(\.name) == ["宋佳"])
        #expect(g.headings == ["一、核心要点"])
        // `说：`, a speaker right after a full stop, `**name**：`, a compound-surname nickname.
        #expect(speakers(g) == ["林小雨", "何军", "马骏", "宋佳", "欧阳明"])
        #expect(g.statements[1].text == "同意。另外测试资源要提前准备。")
        #expect(g.statements[2].points.map(\.marker) == ["1）", "2）"])
        #expect(g.statements[4].speakerRaw == "欧阳总")
        #expect(speakers(doc.groups[1]) == ["孔明", "常胜"])
        #expect(doc.groups[1].statements[0].text.contains("要定期复盘"))
    }

    @Test func looserRosters() throws {
        let (_, doc) = try parse("looser-rosters.txt")
        #expect(doc.groups.map(\.label) == ["第 6 组", "第７组"])
        #expect(doc.groups.map(\.number) == [6, 7])
        let g = doc.groups[0]
        // `组员（4人）：` with names separated by spaces; the recorder is also a member.
        #expect(g.members.map(\.name) == ["高峰", "罗娟", "韦东", "蔡琳"])
        #expect(g.recorders.map(\.name) == ["罗娟"])
        #expect(g.topic == "如何提升交付质量")
        // `组长徐明：`, `高峰说：`, a speaker after a full stop, a note after the name.
        #expect(speakers(g) == ["徐明", "高峰", "罗娟", "韦东", "蔡琳"])
        #expect(g.statements[2].text == "同意高峰的意见。")
        #expect(g.statements[4].note == "新员工")
        let g7 = doc.groups[1]
        #expect(g7.leader?.name == "龚丽")
        #expect(speakers(g7) == ["龙飞", "伍洋", "车明", "Alice Wong", "龚丽"])
        #expect(g7.statements[4].speakerRaw == "组长" && g7.statements[4].match == "role")
        #expect(g7.statements[3].note == "guest" && g7.statements[3].role == "guest")
    }

    /// A document in the seed's style the reader was not tuned on: sub-labels that begin with a
    /// surname character (`高层：`, `方向：`, `周期：`, `安全：`, `金融：`, `石油：`), a nickname
    /// on the given name, a guest, numbered speakers, a speaker's name repeated in the text.
    @Test func heldOutSeedStyle() throws {
        let (_, doc) = try parse("held-out-seed-style.txt")
        #expect(doc.groups.map(\.label) == ["组8", "组：九"])
        #expect(doc.groups.map(\.number) == [8, 9])
        let g = doc.groups[0]
        #expect(speakers(g) == ["常宏伟", "石磊", "金晓燕", "路遥", "高远", "方圆", "全志强", "应晓光", "龙一鸣", "常宏伟", "钟伟"])
        #expect(g.statements.map(\.role) == ["leader", "member", "member", "member", "member", "member", "member", "member", "member", "leader", "guest"])
        #expect(g.statements[9].speakerRaw == "宏伟总")
        #expect(g.statements[0].text.hasPrefix("高层：要把交付质量作为第一目标。方向："))
        let g9 = doc.groups[1]
        #expect(g9.recorderPlaceholder == "XXX")
        #expect(speakers(g9) == [nil, "向阳", "江涛", "黎明", "安然", "毛建华"])
        #expect(g9.statements[3].points.map(\.marker) == ["（1）", "（2）"])
    }

    @Test func markdownTableRosterAndRoleNotes() throws {
        let (_, doc) = try parse("table-roster.md")
        #expect(doc.groups.count == 1)
        let g = doc.groups[0]
        // No label: the title stands in; roles come from the notes (`主持`, `记录`).
        #expect(g.label == "项目周例会会议纪要" && g.number == nil)
        #expect(g.fields["time"] == "2024年5月8日")
        #expect(g.members.map(\.name) == ["陶然", "程雪", "彭博", "韦娜"])
        #expect(g.leader?.name == "陶然")
        #expect(g.recorders.map(\.name) == ["韦娜"])
        // `发言人：NAME` on its own line, then the statement.
        #expect(speakers(g) == ["程雪", "彭博", "陶然"])
        #expect(g.statements[0].text == "本周完成了接口联调。")
        #expect(g.statements.map(\.role) == ["member", "member", "leader"])
    }

    @Test func textWithoutGroupStructureIsRejected() throws {
        let bytes = try Fixtures.bytes("no-groups.txt")
        #expect(throws: PluginError.self) { try MinutesParser().parse(String(decoding: bytes, as: UTF8.self)) }
        do {
            _ = try Fixtures.read(bytes, path: "no-groups.txt")
            Issue.record("expected an error")
        } catch let error as PluginError {
            #expect(error.kind == .invalidInput)
            #expect(error.reason.contains("no group structure"))
            #expect(error.file == "no-groups.txt" && error.plugin == "minutes")
        }
        // A roster-less meeting text where one line happens to hold 记录员： is still rejected.
        #expect(throws: PluginError.self) { try MinutesParser().parse("会议记录\n记录员：张三\n今天讨论了很多问题。\n") }
    }

    @Test func confidenceRoutesMinutesHereAndOtherTextAway() throws {
        let reader = try MinutesReader(PluginSetup(options: .defaults(for: MinutesReader.options), logger: .init(label: "t")))
        for name in ["seed-grouped-minutes.txt", "one-per-line.txt", "one-per-line.gb18030.txt", "huiyi-jiyao.txt", "breakout-en.txt"] {
            let bytes = try Fixtures.bytes(name)
            let sample = InputSample(path: name, head: Array(bytes.prefix(65_536)), size: bytes.count)
            #expect(reader.confidence(for: sample) == 0.8, "\(name)")
        }
        // A manifest is never claimed, even one that mentions a roster.
        let yaml = Array("version: 1\n# 组长：王五 组员：赵六、钱七\npipelines: {}\n".utf8)
        #expect(reader.confidence(for: InputSample(path: "m.yaml", head: yaml, size: yaml.count)) == 0)
        let plain = try Fixtures.bytes("no-groups.txt")
        #expect(reader.confidence(for: InputSample(path: "no-groups.txt", head: plain, size: plain.count)) < 0.5)
    }

    /// The shared seeds (`shared/seeds` beside the checkout, as in CI).
    static let sharedSeeds = SluiceCheckout.root + "/../shared/seeds/"
    static let hasSharedSeeds = FileManager.default.fileExists(atPath: sharedSeeds)

    @Test(.enabled(if: hasSharedSeeds, "skipped: no shared/seeds folder beside the checkout (../shared/seeds)"))
    func sharedNewsAndArticleSeedsAreNotClaimed() throws {
        let reader = try MinutesReader(PluginSetup(options: .defaults(for: MinutesReader.options), logger: .init(label: "t")))
        for seed in ["plain-article.txt", "news-page-text-1.txt", "news-page-text-2.txt", "news-article-3.txt"] {
            let path = Self.sharedSeeds + seed
            let data = try #require(FileManager.default.contents(atPath: path), "\(path) is missing")
            #expect(reader.confidence(for: InputSample(path: path, head: Array(data.prefix(65_536)), size: data.count)) < 0.5, "\(seed)")
        }
    }

    @Test func invariantHoldsOnEdgeInputs() throws {
        let inputs = [
            "组长：甲乙\n组员：丙丁、戊己\n",
            "  \n组2：组长：王五；组员：赵六、钱七 记录员：赵六\n赵六：好。钱七：",
            "第一组 组长：李四 组员：张三、王五 核心要点 张三 说了话 王五：也说了",
            "Group 1\nFacilitator: Ann Lee\nMembers: Bo Xu, Cy Li\nAnn Lee:\nBo Xu: ok\r\n",
        ]
        for text in inputs {
            let doc = try MinutesParser().parse(text)
            #expect(Fixtures.invariantViolations(text, doc) == [], "\(text)")
        }
        let doc = try MinutesParser().parse(inputs[2])
        #expect(doc.groups.first?.statements.map(\.speaker) == ["张三", "王五"])
    }
}
