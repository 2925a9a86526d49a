import SluiceCore

/// Documents for testing sinks, stamped as the engine stamps them: short articles in Chinese and
/// English, and a minutes document whose `data.groups` includes malformed entries a sink must
/// survive (a statement with no speaker and a number for text, a group member that is not an
/// object).
public enum SinkFixtures {
    /// `doc` with the source and id the engine would give a reader's first document of `bytes`
    /// read from `path`, its text decoded as UTF-8.
    public static func stamp(_ doc: Document, path: String, reader: String, bytes: [UInt8]) -> Document {
        var d = doc
        d.id = ""
        d.source.encoding = "UTF-8"
        return Document.stamped([d], path: path, reader: reader, size: bytes.count, sha256: SHA256.hexDigest(of: bytes))[0]
    }

    /// Two short articles (Chinese) and ``english``.
    public static func articles() -> [Document] {
        let texts = [
            ("articles/plan.txt", "规划部年度目标\n围绕部门职责，落实年度一级部门和小部门的目标。\n技术布局要走在各个开发部前。"),
            ("articles/tools.txt", "研发效率\n工具只是手段，关键在于团队协作与持续改进。"),
        ]
        var docs = texts.map { path, body in
            let lines = body.split(separator: "\n")
            let doc = Document(
                kind: "article", title: String(lines[0]), metadata: ["language": "zh"],
                blocks: lines.dropFirst().map { Block(.paragraph, text: String($0)) }, text: body)
            return stamp(doc, path: path, reader: "text", bytes: Array(body.utf8))
        }
        docs.append(english())
        return docs
    }

    /// An English document, so that English search has something to find.
    public static func english() -> Document {
        let english = """
            Sluice ingests documents into SQLite and PostgreSQL.
            Full-text search works for English and Chinese; trigram indexes find substrings.
            The quick brown fox jumps over the lazy dog.
            """
        return stamp(
            Document(kind: "article", title: "Storage notes", metadata: ["language": "en"],
                     blocks: [Block(.paragraph, text: english)], text: english),
            path: "notes/storage.md", reader: "text", bytes: Array(english.utf8))
    }

    /// A minutes document with ``minutesGroups``; `raw` stands for the input it was read from,
    /// its first 4,000 characters the document's text.
    public static func minutes(raw: String = "分组讨论书面汇报材料\n第一组\n组长：李飞\n第二组\n组长：于莉", path: String = "seeds/grouped-minutes.txt") -> Document {
        let doc = Document(
            kind: "minutes", title: "分组讨论书面汇报材料", blocks: [Block(.statement, text: "将个人工作对齐部门KPI", speaker: "康乐")],
            text: String(raw.prefix(4000)), data: ["groups": .array(minutesGroups)])
        return stamp(doc, path: path, reader: "minutes", bytes: Array(raw.utf8))
    }

    /// Groups taken from real grouped minutes: the first group (leader 李飞) and a group whose
    /// topic mentions AIGC, with members, recorders and statements written in the ways the
    /// minutes reader writes them, and two malformed statements.
    public static let minutesGroups: [JSONValue] = [
        [
            "label": "第一组", "number": 1, "leader": "李飞",
            "members": [["name": "康乐"], ["name": "郑敏"], ["name": "代莉", "note": "纪要"], ["name": "扆立仁"], ["name": "任阳楠"]],
            "recorders": ["代莉"],
            "topic": "围绕解决方案规划部的职责，如何更好落实年度一级部门和小部门的目标。",
            "headings": ["核心要点"],
            "statements": [
                ["speaker": "康乐", "speaker_raw": "康乐 ", "role": "member",
                 "text": "将个人工作对齐部门KPI，目前存在的重点问题及后续改进的思路：规划部的技术布局要走在各个开发部前。",
                 "points": ["对比一级部门KPI", "技术布局"]],
                ["speaker": "李飞", "speaker_raw": "飞总：", "role": "leader",
                 "text": "规划部要把云平台的技术深度做起来，下半年重点投入时间管理。", "points": []],
            ],
        ],
        [
            "label": "第二组", "number": 2, "leader": ["name": "于莉", "employee_id": "10023"],
            "members": ["苏国红", ["name": "蔡圣楠", "employee_id": "10077", "note": "请假"]],
            "recorders": [["name": "李启帆"]],
            "topic": "AIGC 工具如何提升研发效率",
            "headings": [],
            "statements": [
                ["speaker": "于莉", "speaker_raw": "于莉：", "role": "leader", "text": "AIGC 写代码已经能用，要建立评审规范。"],
                ["speaker": "苏国红", "speaker_raw": "姓名1：苏国红", "text": "", "points": ["用 AIGC 生成测试用例", "注意数据安全"]],
                ["speaker": "李飞", "speaker_raw": "李  飞：", "text": "老蒋说过，工具只是手段。"],
                // A statement the other reader may write oddly: no speaker, a number as text.
                ["text": 42],
                "not an object",
            ],
        ],
    ]
}
