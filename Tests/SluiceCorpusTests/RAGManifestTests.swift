import Foundation
import GRDB
import Testing
import SluiceTesting
import SluiceTestSupport

/// The sample manifest `Samples/manifests/rag.yaml` through the real `sluice` binary.
@Suite struct RAGManifestTests {
    func run(into dir: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SluiceCheckout.sluiceBinary)
        process.arguments = ["run", "Samples/manifests/rag.yaml"]
        process.currentDirectoryURL = URL(fileURLWithPath: SluiceCheckout.root)
        process.environment = ProcessInfo.processInfo.environment.merging(["SLUICE_OUT": dir]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func ragManifestWritesChunksToSQLiteAndJSONLByteStably() throws {
        let a = NSTemporaryDirectory() + "sluice-rag-" + UUID().uuidString
        let b = NSTemporaryDirectory() + "sluice-rag-" + UUID().uuidString
        defer { for d in [a, b] { try? FileManager.default.removeItem(atPath: d) } }
        #expect(try run(into: a) == 0)
        #expect(try run(into: b) == 0)
        #expect(FileManager.default.fileExists(atPath: a + "/rag.db"))
        for name in ["rag-news.jsonl", "rag-minutes.jsonl"] {
            let first = try #require(FileManager.default.contents(atPath: a + "/" + name))
            #expect(first == FileManager.default.contents(atPath: b + "/" + name), "\(name) differs between runs")
            let lines = String(decoding: first, as: UTF8.self).split(separator: "\n")
            #expect(lines.count >= 10)
            for line in lines {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                #expect(object["kind"] as? String == "chunk")
                let metadata = try #require(object["metadata"] as? [String: String])
                #expect(Int(metadata["chunk_tokens"] ?? "") ?? 999 <= 300)
                #expect(metadata["parent_id"] != nil && metadata["language"] != nil)
            }
        }
        // An incremental re-run skips the unchanged inputs and keeps their chunks.
        let before = try chunkIDs(a + "/rag.db")
        #expect(before.count >= 20)
        let jsonl = FileManager.default.contents(atPath: a + "/rag-news.jsonl")
        #expect(try run(into: a) == 0)
        #expect(try chunkIDs(a + "/rag.db") == before)
        #expect(FileManager.default.contents(atPath: a + "/rag-news.jsonl") == jsonl)
    }

    func chunkIDs(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT id FROM documents WHERE kind = 'chunk' ORDER BY id")
        }
    }
}
