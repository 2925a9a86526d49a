import Foundation
import Logging
import SluiceCore

/// Documents for testing sinks, made from the seed documents in `Samples/documents` and stamped
/// as the engine stamps them: whole-text articles (Chinese and English) and a minutes document
/// whose `data.groups` includes malformed entries a sink must survive.
public enum StoreFixtures {
    /// The folder of the seed documents (`Samples/documents` of the Sluice checkout).
    public static var seedsDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples/documents").path
    }

    /// The text of one seed document.
    public static func text(_ name: String) throws -> String {
        try String(contentsOfFile: seedsDirectory + "/" + name, encoding: .utf8)
    }

    /// `doc` with the source and id the engine would give it.
    public static func stamp(_ doc: Document, path: String, reader: String, ordinal: Int = 0, bytes: [UInt8]) -> Document {
        var d = doc
        let sha = SHA256.hexDigest(of: bytes)
        d.source = DocumentSource(path: path, reader: reader, bytes: bytes.count, sha256: sha, encoding: "UTF-8")
        d.id = Document.makeID(sourceSHA256: sha, reader: reader, ordinal: ordinal)
        return d
    }

    /// The plain article and three news pages as whole-text documents.
    public static func articles() throws -> [Document] {
        var docs: [Document] = []
        for (name, kind) in [("plain-article.txt", "article"), ("news-page-text-1.txt", "news"),
                             ("news-page-text-2.txt", "news"), ("news-article-3.txt", "news")] {
            let body = try text(name)
            let lines = body.split(separator: "\n", omittingEmptySubsequences: true)
            let title = lines.first.map { String($0).trimmingCharacters(in: .whitespaces) }
            let blocks = lines.dropFirst().map { Block(.paragraph, text: String($0)) }
            let doc = Document(kind: kind, title: title, metadata: ["language": "zh"], blocks: Array(blocks), text: body)
            docs.append(stamp(doc, path: "seeds/" + name, reader: kind == "article" ? "text" : "news", bytes: Array(body.utf8)))
        }
        // An English document, so that English search has something to find.
        let english = """
            Sluice ingests documents into SQLite and PostgreSQL.
            Full-text search works for English and Chinese; trigram indexes find substrings.
            The quick brown fox jumps over the lazy dog.
            """
        docs.append(stamp(
            Document(kind: "article", title: "Storage notes", metadata: ["language": "en"],
                     blocks: [Block(.paragraph, text: english)], text: english),
            path: "notes/storage.md", reader: "text", bytes: Array(english.utf8)))
        return docs
    }

    /// A minutes document whose groups are taken from the real grouped minutes: the first group
    /// (leader 李飞) and a group whose topic mentions AIGC.
    public static func minutes() throws -> Document {
        let raw = try text("grouped-minutes.txt")
        let groups: [JSONValue] = [
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
        let doc = Document(
            kind: "minutes", title: "分组讨论书面汇报材料", blocks: [Block(.statement, text: "将个人工作对齐部门KPI", speaker: "康乐")],
            text: String(raw.prefix(4000)), data: ["groups": .array(groups)])
        return stamp(doc, path: "seeds/grouped-minutes.txt", reader: "minutes", bytes: Array(raw.utf8))
    }

    /// A logger for sink tests.
    public static let logger = Logger(label: "sluice.tests.storage")

    /// A new empty temporary folder.
    public static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "sluice-storage-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The output of the `sqlite3` command line tool for `sql` on `database` (trimmed): what a
    /// user sees, from a process of its own that shares nothing with the code under test.
    public static func sqlite3(_ database: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database, sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
