import Foundation
import Logging
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

/// Records the messages logged at warning level or above, for assertions.
final class WarningRecorder: LogHandler, @unchecked Sendable {
    let messages = Locked<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        if level >= .warning { messages.withLock { $0.append("\(message)") } }
    }
    var logger: Logger { Logger(label: "test") { _ in self } }
}

@Suite struct JSONLAccumulateTests {
    static let quiet = ReaderHarness<InMemorySource>.silentLogger

    func makeSink(_ path: String, mode: String = "auto") throws -> JSONLSink {
        try JSONLSink(PluginSetup(options: OptionValues(["path": .string(path), "mode": .string(mode)]), logger: Self.quiet))
    }

    func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "sluice-jsonl-acc-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func doc(_ id: String, path: String, text: String = "body") -> Document {
        var d = Document(kind: "t", title: "标题 \(id)", text: text)
        d.id = id
        d.source = DocumentSource(path: path, reader: "text", bytes: text.utf8.count, sha256: "", encoding: "UTF-8")
        return d
    }

    func context(accumulate: Bool = true, logger: Logger = quiet) -> SinkContext {
        SinkContext(pipeline: "p", logger: logger, accumulate: accumulate)
    }

    /// One sink session: open, one batch per input, commit.
    @discardableResult
    func session(_ target: String, _ inputs: [(path: String, docs: [Document])], mode: String = "auto",
                 accumulate: Bool = true, remove: [String] = []) async throws -> JSONLSink {
        let sink = try makeSink(target, mode: mode)
        try await sink.open(context(accumulate: accumulate))
        if !remove.isEmpty { try await sink.removeDocuments(fromInputs: remove) }
        for input in inputs { try await sink.write(DocumentBatch(documents: input.docs, inputs: [input.path])) }
        try await sink.commit()
        return sink
    }

    func records(_ path: String) throws -> [(id: String, path: String, text: String)] {
        let data = try #require(FileManager.default.contents(atPath: path))
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let d = try JSONDecoder().decode(Document.self, from: Data(line.utf8))
            return (d.id, d.source.path, d.text)
        }
    }

    func line(_ d: Document) throws -> String { String(decoding: try DocumentEncoder().encode(d), as: UTF8.self) + "\n" }

    @Test func accumulatesAcrossSessionsSkipsIdenticalAndReplacesAChangedInput() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/out.jsonl"
        let first = try await session(target, [("a.txt", [doc("a1", path: "a.txt"), doc("a2", path: "a.txt")]),
                                               ("b.txt", [doc("b1", path: "b.txt")])])
        #expect(first.outputIsNew)
        let afterFirst = try #require(FileManager.default.contents(atPath: target))

        // Second session: a.txt unchanged (same records), b.txt changed (b1 gone, b2 new), c.txt new.
        let sink = try makeSink(target)
        try await sink.open(context())
        #expect(!sink.outputIsNew)
        #expect(sink.writesAreDurable)
        try await sink.write(DocumentBatch(documents: [doc("a1", path: "a.txt"), doc("a2", path: "a.txt")], inputs: ["a.txt"]))
        #expect(try #require(FileManager.default.contents(atPath: target)) == afterFirst, "identical records are not appended again")
        #expect(sink.writesAreDurable)
        try await sink.write(DocumentBatch(documents: [doc("c1", path: "c.txt")], inputs: ["c.txt"]))
        #expect(sink.writesAreDurable, "a new input only appends")
        #expect(try records(target).map(\.id) == ["a1", "a2", "b1", "c1"], "appended before commit")
        try await sink.write(DocumentBatch(documents: [doc("b2", path: "b.txt")], inputs: ["b.txt"]))
        #expect(!sink.writesAreDurable, "b1 waits to be dropped on commit")
        try await sink.commit()
        let ids = try records(target).map(\.id)
        #expect(ids == ["a1", "a2", "c1", "b2"])
        #expect(Set(ids).count == ids.count)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(leftovers == ["out.jsonl"])

        // A changed record under the same id replaces the old line.
        try await session(target, [("a.txt", [doc("a1", path: "a.txt", text: "edited"), doc("a2", path: "a.txt")])])
        let third = try records(target)
        #expect(third.map(\.id) == ["a2", "c1", "b2", "a1"])
        #expect(third.last?.text == "edited")
    }

    @Test func aFreshAccumulateRunWritesTheSameBytesAsReplace() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inputs: [(path: String, docs: [Document])] = [
            ("x/1.txt", [doc("1", path: "x/1.txt"), doc("2", path: "x/1.txt", text: "二")]),
            ("x/2.txt", [doc("3", path: "x/2.txt", text: "three")]),
        ]
        let replaced = try await session(dir + "/r.jsonl", inputs, accumulate: false)
        #expect(!replaced.writesAreDurable)
        try await session(dir + "/a.jsonl", inputs, mode: "accumulate", accumulate: false)
        let r = try #require(FileManager.default.contents(atPath: dir + "/r.jsonl"))
        #expect(r == FileManager.default.contents(atPath: dir + "/a.jsonl"))
        // Again with the same inputs: nothing changes.
        try await session(dir + "/a.jsonl", inputs)
        #expect(r == FileManager.default.contents(atPath: dir + "/a.jsonl"))
        // Explicit replace mode in an incremental run still replaces.
        try await session(dir + "/r.jsonl", [inputs[1]], mode: "replace")
        #expect(try records(dir + "/r.jsonl").map(\.id) == ["3"])
    }

    @Test func aTornTailIsCutOffWithAWarning() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/out.jsonl"
        let whole = try line(doc("1", path: "a")) + line(doc("2", path: "a"))
        let half = String(try line(doc("3", path: "b")).prefix(40))
        #expect(FileManager.default.createFile(atPath: target, contents: Data((whole + half).utf8)))
        let recorder = WarningRecorder()
        let sink = try makeSink(target)
        try await sink.open(context(logger: recorder.logger))
        #expect(!sink.outputIsNew)
        let cut = half.utf8.count
        #expect(recorder.messages.withLock { $0 }.contains { $0.contains(target) && $0.contains("\(cut) bytes") })
        #expect(String(decoding: FileManager.default.contents(atPath: target)!, as: UTF8.self) == whole)
        try await sink.write(DocumentBatch(documents: [doc("3", path: "b")], inputs: ["b"]))
        try await sink.commit()
        #expect(try records(target).map(\.id) == ["1", "2", "3"])

        // A last line that ends in a newline but is not a record counts as torn too.
        FileManager.default.appendText(target, "{\"id\":\"4\",\"sou\n")
        try await session(target, [])
        #expect(try records(target).map(\.id) == ["1", "2", "3"])
    }

    @Test func aFileHoldingOnlyATornLineCountsAsNew() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/out.jsonl"
        #expect(FileManager.default.createFile(atPath: target, contents: Data("{\"blocks\":[],\"id\":".utf8)))
        let sink = try await session(target, [("a", [doc("1", path: "a")])])
        #expect(sink.outputIsNew)
        #expect(try records(target).map(\.id) == ["1"])
    }

    @Test func duplicateIDsAreDedupedAtOpenKeepingTheLast() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/out.jsonl"
        // What a run killed after appending a new version of 1, before the rewrite, leaves.
        let text = try line(doc("1", path: "a", text: "old")) + line(doc("2", path: "a")) + line(doc("1", path: "a", text: "new"))
        #expect(FileManager.default.createFile(atPath: target, contents: Data(text.utf8)))
        let sink = try makeSink(target)
        try await sink.open(context())
        let atOpen = try records(target)
        #expect(atOpen.map(\.id) == ["2", "1"], "rewritten at open, before any write")
        #expect(atOpen.last?.text == "new")
        #expect(sink.writesAreDurable)
        try await sink.write(DocumentBatch(documents: [doc("3", path: "b")], inputs: ["b"]))
        await sink.abort()
        #expect(try records(target).map(\.id) == ["2", "1", "3"], "abort leaves the appended whole records")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.jsonl"])
    }

    @Test func garbageInTheMiddleFailsTheOpenNamingTheLine() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/out.jsonl"
        let text = try line(doc("1", path: "a")) + "not json at all\n" + line(doc("2", path: "a"))
        #expect(FileManager.default.createFile(atPath: target, contents: Data(text.utf8)))
        let sink = try makeSink(target)
        let error = await #expect(throws: PluginError.self) { try await sink.open(context()) }
        #expect(error?.line == 2)
        #expect(error?.reason.contains(target) == true)
        #expect(error?.reason.contains("line 2") == true)
        #expect(String(decoding: FileManager.default.contents(atPath: target)!, as: UTF8.self) == text, "the file is left alone")
        // The lock was released: after a fix, the file opens.
        #expect(FileManager.default.createFile(atPath: target, contents: Data(try line(doc("1", path: "a")).utf8)))
        try await session(target, [("b", [doc("2", path: "b")])])
        #expect(try records(target).map(\.id) == ["1", "2"])
    }

    @Test func aSecondConcurrentWriterIsRefused() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/out.jsonl"
        let first = try makeSink(target)
        try await first.open(context())
        let second = try makeSink(target)
        let error = await #expect(throws: PluginError.self) { try await second.open(context()) }
        #expect(error?.kind == .io)
        #expect(error?.reason.contains(target) == true)
        #expect(error?.reason.contains("locked") == true)
        // Replace mode does not take the lock.
        try await session(dir + "/other.jsonl", [], mode: "replace")
        try await first.write(DocumentBatch(documents: [doc("1", path: "a")], inputs: ["a"]))
        try await first.commit()
        // The lock is released on commit, and after a rewrite the new file is the one locked.
        try await second.open(context())
        try await second.removeDocuments(fromInputs: ["nothing"])
        try await second.commit()
        try await session(target, [("a", [doc("1", path: "a", text: "v2")])])
        let third = try makeSink(target)
        try await third.open(context())
        await #expect(throws: PluginError.self) { try await makeSink(target).open(context()) }
        await third.abort()
    }

    @Test func removeDocumentsDropsTheInputsLinesOnCommit() async throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/out.jsonl"
        try await session(target, [("a", [doc("a1", path: "a"), doc("a2", path: "a")]), ("b", [doc("b1", path: "b")]),
                                   ("c", [doc("c1", path: "c")])])
        let sink = try makeSink(target)
        try await sink.open(context())
        try await sink.removeDocuments(fromInputs: ["a", "missing"])
        #expect(!sink.writesAreDurable)
        // Removing after a write of the same run works too.
        try await sink.write(DocumentBatch(documents: [doc("d1", path: "d")], inputs: ["d"]))
        try await sink.removeDocuments(fromInputs: ["c"])
        #expect(try records(target).count == 5, "nothing is rewritten before commit")
        try await sink.commit()
        #expect(try records(target).map(\.id) == ["b1", "d1"])
        // An input removed, then stored again in the same run, is kept.
        try await session(target, [("b", [doc("b1", path: "b")])], remove: ["b"])
        #expect(try records(target).map(\.id) == ["d1", "b1"])
    }
}

extension JSONLAccumulateTests {
    @Test func devicesAreWrittenDirectlyAndMissingFoldersCreatedInAccumulateMode() async throws {
        let null = try makeSink("/dev/null", mode: "accumulate")
        try await null.open(context())
        #expect(null.outputIsNew)
        #expect(!null.writesAreDurable)
        try await null.write(DocumentBatch(documents: [doc("1", path: "a")], inputs: ["a"]))
        try await null.commit()
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR, "/dev/null is still a device")

        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/new/folder/out.jsonl"
        let sink = try await session(target, [("a", [doc("1", path: "a")])])
        #expect(sink.outputIsNew)
        #expect(try records(target).map(\.id) == ["1"])
    }

    @Test func theInMemorySinkRemovesDocumentsOfInputs() async throws {
        let collector = DocumentCollector()
        let sink = InMemorySink(collector)
        // Durable only at commit: an abort drops what was written.
        #expect(!sink.writesAreDurable)
        #expect(sink.canRemoveDocuments)
        try await sink.open(context())
        try await sink.write(DocumentBatch(documents: [doc("1", path: "a"), doc("2", path: "b")], inputs: ["a", "b"]))
        try await sink.commit()
        try await sink.open(context())
        try await sink.write(DocumentBatch(documents: [doc("3", path: "a"), doc("4", path: "c")], inputs: ["a", "c"]))
        try await sink.removeDocuments(fromInputs: ["a"])
        try await sink.commit()
        #expect(collector.documents.map(\.id) == ["2", "4"])
    }
}

extension FileManager {
    func appendText(_ path: String, _ text: String) {
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try? handle.close()
    }
}
