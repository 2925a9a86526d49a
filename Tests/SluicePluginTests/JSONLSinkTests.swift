import Foundation
import Testing
import SluiceCore
import SluiceTesting
@testable import SluiceJSONLSink

@Suite struct JSONLSinkTests {
    func makeSink(_ path: String) throws -> JSONLSink {
        try JSONLSink(PluginSetup(options: OptionValues(["path": .string(path)]), logger: ReaderHarness<InMemorySource>.silentLogger))
    }

    func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "sluice-jsonl-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writesAtomicallyOnCommit() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/sub/out.jsonl"
        let sink = try makeSink(target)
        try await sink.open(SinkContext(pipeline: "p", logger: ReaderHarness<InMemorySource>.silentLogger))
        var d = Document(kind: "t", title: "一", text: "x")
        d.id = "1"
        try await sink.write(DocumentBatch(documents: [d]))
        #expect(!FileManager.default.fileExists(atPath: target), "nothing at the target before commit")
        d.id = "2"
        try await sink.write(DocumentBatch(documents: [d]))
        try await sink.commit()
        let lines = String(decoding: FileManager.default.contents(atPath: target)!, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("{\"blocks\":[],\"id\":\"1\""))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir + "/sub")
        #expect(leftovers == ["out.jsonl"])
    }

    @Test func abortLeavesTheOldFileAndNoTemporary() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/out.jsonl"
        FileManager.default.createFile(atPath: target, contents: Data("old\n".utf8))
        let sink = try makeSink(target)
        try await sink.open(SinkContext(pipeline: "p", logger: ReaderHarness<InMemorySource>.silentLogger))
        try await sink.write(DocumentBatch(documents: [Document(kind: "t", text: "new")]))
        await sink.abort()
        #expect(String(decoding: FileManager.default.contents(atPath: target)!, as: UTF8.self) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.jsonl"])
    }

    @Test func unwritableFolderFailsToOpen() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/file", contents: Data())
        let sink = try makeSink(dir + "/file/out.jsonl")
        await #expect(throws: PluginError.self) {
            try await sink.open(SinkContext(pipeline: "p", logger: ReaderHarness<InMemorySource>.silentLogger))
        }
    }
}
