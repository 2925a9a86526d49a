import Foundation
import MarkdownReader
import SluiceCore
import SluiceTesting
import Testing

let example: [UInt8] = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return Array(FileManager.default.contents(atPath: url.path + "/examples/release-notes.md")!)
}()

@Test func readsTheExample() throws {
    let outcome = try ReaderHarness(MarkdownReader.self).read(example, path: "release-notes.md")
    let d = try #require(outcome.documents.first)
    #expect(d.title == "发布说明 Release notes")
    #expect(d.blocks.map(\.type) == [.paragraph, .heading, .listItem, .listItem, .quote, .image, .preformatted])
    #expect(d.blocks[5].src == "images/architecture.png")
    #expect(d.blocks[5].text == "架构图 Architecture")
    #expect(d.blocks[6].text == "sluice ingest Samples/")
}

@Test func conformsToTheReaderContract() throws {
    let failures = try ReaderConformance.check(MarkdownReader.self, samples: [("release-notes.md", example)])
    #expect(failures.isEmpty, "\(failures)")
}

@Test func winsOverPlainTextForMarkdownFiles() throws {
    let harness = try ReaderHarness(MarkdownReader.self)
    #expect(harness.confidence(example, path: "x.md") > 0.5)
    #expect(harness.confidence(example, path: "x.txt") == 0)
}
