import Foundation
import Logging
import SluiceCore
import SluiceTesting

/// Documents for testing sinks, made from the seed documents in `Samples/documents` and stamped
/// as the engine stamps them: whole-text articles (Chinese and English) and a minutes document
/// whose `data.groups` includes malformed entries a sink must survive
/// (``SluiceTesting/SinkFixtures/minutesGroups``).
public enum StoreFixtures {
    /// The folder of the seed documents (`Samples/documents` of the Sluice checkout).
    public static var seedsDirectory: String { SluiceCheckout.root + "/Samples/documents" }

    /// The text of one seed document.
    public static func text(_ name: String) throws -> String {
        try String(contentsOfFile: seedsDirectory + "/" + name, encoding: .utf8)
    }

    /// `doc` with the source and id the engine would give it.
    public static func stamp(_ doc: Document, path: String, reader: String, bytes: [UInt8]) -> Document {
        SinkFixtures.stamp(doc, path: path, reader: reader, bytes: bytes)
    }

    /// The plain article and three news pages as whole-text documents, and an English document.
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
        docs.append(SinkFixtures.english())
        return docs
    }

    /// A minutes document read from the real grouped minutes, with ``SluiceTesting/SinkFixtures/minutesGroups``.
    public static func minutes() throws -> Document {
        SinkFixtures.minutes(raw: try text("grouped-minutes.txt"))
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
