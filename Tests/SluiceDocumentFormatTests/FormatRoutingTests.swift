import Foundation
import SluiceCore
import SluiceTesting
import SluiceTestSupport
import Testing

/// Format and content are two steps: the `docx` decoder turns a Word file into text once, and
/// the reader is chosen by what the text holds. Through the real `sluice` binary.
@Suite struct FormatRoutingTests {
    /// The .docx sample of the grouped minutes (the seed's first lines, written by
    /// `Fixtures/make_docx.py`) gives the same groups and statement speakers as the same lines as
    /// plain text.
    @Test func docxMinutesMatchTheirText() throws {
        let scratch = Scratch()
        let seed = try String(contentsOfFile: repositoryRoot + "/Samples/documents/grouped-minutes.txt", encoding: .utf8)
        let part = seed.split(separator: "\n", omittingEmptySubsequences: false).prefix(16).joined(separator: "\n") + "\n"
        try scratch.write("in/part.txt", Array(part.utf8))
        try scratch.write("in/part.docx", try repositoryFile("Samples/documents/grouped-minutes-part.docx"))
        let run = try runSluice(["ingest", "in"], in: scratch.path, scratch: scratch)
        #expect(run.input("part.docx")?.reader == "minutes")
        #expect(run.input("part.txt")?.reader == "minutes")
        let fromWord = try #require(run.records(from: "part.docx").first)
        let fromText = try #require(run.records(from: "part.txt").first)
        func labels(_ d: Document) -> [String] {
            guard case .array(let groups)? = d.data?["groups"] else { return [] }
            return groups.compactMap { if case .object(let g) = $0, case .string(let label)? = g["label"] { return label } else { return nil } }
        }
        func speakers(_ d: Document) -> [String] {
            d.blocks.filter { $0.type == .statement }.map { "\($0.attributes?["group"] ?? "")/\($0.speaker ?? "-")" }
        }
        #expect(labels(fromWord).count >= 2)
        #expect(labels(fromWord) == labels(fromText))
        #expect(speakers(fromWord).count >= 4)
        #expect(speakers(fromWord) == speakers(fromText))
        // The container's properties join the reader's metadata.
        #expect(fromWord.metadata["decoder"] == "docx")
        #expect(fromWord.metadata["author"] == "Sluice samples")
        #expect(fromText.metadata["decoder"] == nil)
    }

    /// The plain article as .docx goes where its text goes, with the Word file's structure.
    @Test func docxArticleIsReadByContent() throws {
        let scratch = Scratch()
        try scratch.write("in/article.txt", try repositoryFile("Samples/documents/plain-article.txt"))
        try scratch.write("in/article.docx", try repositoryFile("Samples/documents/plain-article.docx"))
        let run = try runSluice(["ingest", "in"], in: scratch.path, scratch: scratch)
        let reader = try #require(run.input("article.docx")?.reader)
        #expect(reader == run.input("article.txt")?.reader)
        #expect(reader != "minutes")
        let d = try #require(run.records(from: "article.docx").first)
        #expect(d.title == "蒋红扬获“骏马奖”工作嘉奖")
        if reader == "text" {
            #expect(d.blocks.contains { $0.type == .heading && $0.level == 2 && $0.text == "初次接触" })
        }
        #expect(d.text.contains("骏马奖"))
    }

    /// A named reader still gets the decoded text; the text reader takes the typed blocks.
    @Test func namedReaderReadsTheDecodedText() throws {
        let scratch = Scratch()
        try scratch.write("features.docx", try repositoryFile("Tests/SluiceDocumentFormatTests/Fixtures/features.docx"))
        let run = try runSluice(["ingest", "features.docx", "--reader", "text"], in: scratch.path, scratch: scratch)
        let d = try #require(run.records.first)
        #expect(d.source.reader == "text")
        #expect(d.title == "功能样例")
        #expect(d.blocks.filter { $0.type == .table }.count == 1)
        #expect(d.blocks.contains { $0.type == .listItem && $0.text == "（1）明确目标" })
        #expect(d.metadata["author"] == "测试作者")
    }

    /// The README's main job: the .docx and .md samples go to the right readers.
    @Test func samplesGoToTheRightReaders() throws {
        let scratch = Scratch()
        let run = try runSluice(["ingest", "Samples/"], in: repositoryRoot, scratch: scratch)
        #expect(run.input("documents/grouped-minutes-part.docx")?.reader == "minutes")
        #expect(run.input("documents/plain-article.docx")?.status == .ingested)
        #expect(run.input("documents/release-notes.md")?.reader == "markdown")
        #expect(run.report.totals.failed == 0, "\(run.report.inputs.filter { $0.status == .failed }.map { "\($0.path): \($0.reason ?? "")" })")
    }

    /// `sluice plugins` lists the decoders as the first step.
    @Test func pluginsListShowsTheDecoderStep() throws {
        let scratch = Scratch()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SluiceCheckout.sluiceBinary)
        process.arguments = ["plugins"]
        let out = scratch.path + "/plugins.txt"
        FileManager.default.createFile(atPath: out, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.hasPrefix("decoders:\n  docx"))
        #expect(text.contains("readers:"))
        #expect(text.contains("  markdown"))
    }
}
