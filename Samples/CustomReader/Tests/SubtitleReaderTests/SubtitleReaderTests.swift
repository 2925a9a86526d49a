import Foundation
import SluiceCore
import SluiceTesting
import SubtitleReader
import Testing

let example: [UInt8] = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return Array(FileManager.default.contents(atPath: url.path + "/examples/weekly-sync.srt")!)
}()

@Test func readsTheExample() throws {
    let outcome = try ReaderHarness(SubtitleReader.self).read(example, path: "weekly-sync.srt")
    #expect(outcome.error == nil)
    let d = try #require(outcome.documents.first)
    #expect(d.kind == "transcript")
    #expect(d.blocks.map(\.type) == [.paragraph, .statement, .statement, .paragraph])
    #expect(d.blocks[1].speaker == "李飞")
    #expect(d.blocks[1].text == "下半年的重点是往深走，做好技术布局。")
    #expect(d.blocks[2].speaker == "Dana")
    #expect(d.blocks[2].text == "The ingest job now reads Word files and Markdown notes as well.")
    #expect(d.blocks[2].attributes?["start"] == "00:00:09,300")
    #expect(d.blocks[3].attributes?["end"] == "00:00:16,500")
}

@Test func conformsToTheReaderContract() throws {
    let failures = try ReaderConformance.check(SubtitleReader.self, samples: [("weekly-sync.srt", example)])
    #expect(failures.isEmpty, "\(failures)")
}

@Test func claimsSubtitleFilesOnly() throws {
    let harness = try ReaderHarness(SubtitleReader.self)
    #expect(harness.confidence(example, path: "x.srt") > 0.5)
    #expect(harness.confidence(example, path: "x.txt") == 0)
}

@Test func refusesAFileWithoutCues() throws {
    let harness = try ReaderHarness(SubtitleReader.self)
    let outcome = harness.read(Array("\n\n".utf8), path: "empty.srt")
    #expect(outcome.documents.isEmpty)
    #expect((outcome.error as? PluginError)?.reason.contains("no subtitle cues") == true)
}
