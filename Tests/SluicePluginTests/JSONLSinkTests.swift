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

    @Test func symlinkTargetIsFollowedAndDevicesAreWrittenDirectly() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/real.jsonl", contents: Data("old\n".utf8))
        symlink(dir + "/real.jsonl", dir + "/link.jsonl")
        let sink = try makeSink(dir + "/link.jsonl")
        try await sink.open(SinkContext(pipeline: "p", logger: ReaderHarness<InMemorySource>.silentLogger))
        try await sink.write(DocumentBatch(documents: [Document(kind: "t", text: "new")]))
        try await sink.commit()
        var st = stat()
        #expect(lstat(dir + "/link.jsonl", &st) == 0 && st.st_mode & S_IFMT == S_IFLNK, "the link stays a link")
        #expect(String(decoding: FileManager.default.contents(atPath: dir + "/real.jsonl")!, as: UTF8.self).contains("\"text\":\"new\""))

        let null = try makeSink("/dev/null")
        try await null.open(SinkContext(pipeline: "p", logger: ReaderHarness<InMemorySource>.silentLogger))
        try await null.write(DocumentBatch(documents: [Document(kind: "t", text: "x")]))
        try await null.commit()
        #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR, "/dev/null is still a device")
    }

    @Test func staleTemporariesOfDeadRunsAreRemoved() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // PID 2^22+1 is above Linux's pid_max default and cannot be alive.
        FileManager.default.createFile(atPath: dir + "/.out.jsonl.4194305.12345.tmp", contents: Data("torn".utf8))
        FileManager.default.createFile(atPath: dir + "/.other.jsonl.4194305.1.tmp", contents: Data())
        let sink = try makeSink(dir + "/out.jsonl")
        try await sink.open(SinkContext(pipeline: "p", logger: ReaderHarness<InMemorySource>.silentLogger))
        try await sink.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == [".other.jsonl.4194305.1.tmp", "out.jsonl"])
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
