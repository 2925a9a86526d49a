import Foundation
import SluiceCore
import Testing

/// File names that differ only in bytes: every one is its own input, document, state record.
@Suite(.serialized) struct FileNameTests {
    /// The documents of a JSONL file: (source path, id, reader).
    private func documents(_ scratch: Scratch, _ name: String) throws -> [(path: String, id: String, reader: String)] {
        try jsonLines(scratch.read(name) ?? "").map {
            let source = $0["source"] as? [String: Any]
            return (source?["path"] as? String ?? "", $0["id"] as? String ?? "", source?["reader"] as? String ?? "")
        }
    }

    @Test func canonicallyEquivalentAndCaseDifferentNamesAreFourInputs() throws {
        let scratch = Scratch()
        let nfc = "caf\u{E9}.txt", nfd = "cafe\u{301}.txt"
        #expect(nfc == nfd && Array(nfc.utf8) != Array(nfd.utf8), "the two spellings are equal Swift strings, different bytes")
        let names = ["Case.txt", "case.txt", nfc, nfd]
        for (i, name) in names.enumerated() {
            scratch.write(rawName: Array(name.utf8), in: "in", Array("Title \(i)\n\nBody of file number \(i), written for this test.\n".utf8))
        }
        let first = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--report", "report.json"], in: scratch.path)
        #expect(first.status == 0, "\(first.stderr)")
        let reported = try reportedInputs(scratch.path + "/report.json", of: first)
        #expect(Set(reported.map { PathKey($0.path) }) == Set(names.map { PathKey("in/" + $0) }), "\(reported.map(\.path))")
        #expect(reported.allSatisfy { $0.status == "ingested" }, "\(reported.map { ($0.path, $0.status, $0.reason ?? "") })")
        let docs = try documents(scratch, "out.jsonl")
        #expect(docs.count == 4)
        #expect(Set(docs.map(\.id)).count == 4)
        #expect(Set(docs.map { PathKey($0.path) }).count == 4)

        // The state store keeps four records: nothing is missing or changed on the next run.
        let second = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--report", "report2.json"], in: scratch.path)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("missing") && !second.stderr.contains("disappeared"), "\(second.stderr)")
        let again = try reportedInputs(scratch.path + "/report2.json", of: second)
        #expect(again.count == 4)
        #expect(again.allSatisfy { $0.reason?.contains("unchanged") == true }, "\(again.map { ($0.path, $0.status, $0.reason ?? "") })")
        #expect(try documents(scratch, "out.jsonl").count == 4)

        // One of them changes: only its document is replaced, the others stay.
        scratch.write(rawName: Array(nfd.utf8), in: "in", Array("Title changed\n\nA different body for the NFD spelling.\n".utf8))
        let third = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--report", "report3.json"], in: scratch.path)
        #expect(third.status == 0, "\(third.stderr)")
        let after = try documents(scratch, "out.jsonl")
        #expect(after.count == 4 && Set(after.map { PathKey($0.path) }).count == 4, "\(after.map(\.path))")
        #expect(Set(after.map(\.id)).count == 4)
    }

    @Test func namesThatAreNotUTF8AreIngestedUnderDistinctReversiblePaths() throws {
        let scratch = Scratch()
        let raw: [[UInt8]] = [
            Array("caf".utf8) + [0xE9] + Array(".txt".utf8),            // Latin-1 é
            [0xD6, 0xD0, 0xCE, 0xC4] + Array(".txt".utf8),              // 中文 in GBK
            [0xFF, 0xFE] + Array(".txt".utf8),                          // a byte-order mark as a name
            Array("x".utf8) + [0xC0, 0xAF] + Array(".txt".utf8),        // an overlong '/'
            Array("caf%E9.txt".utf8),                                   // valid UTF-8 that looks escaped
            Array("caf%25E9.txt".utf8),
        ]
        for (i, name) in raw.enumerated() {
            scratch.write(rawName: name, in: "in", Array("Title \(i)\n\nBody \(i) of a file with an unusual name.\n".utf8))
        }
        let first = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--report", "report.json"], in: scratch.path)
        #expect(first.status == 0, "\(first.stderr)")
        let reported = try reportedInputs(scratch.path + "/report.json", of: first)
        #expect(reported.count == raw.count)
        #expect(reported.allSatisfy { $0.status == "ingested" }, "\(reported.map { ($0.path, $0.status, $0.reason ?? "") })")
        // Each stored path is valid UTF-8 (it is a String read from JSON) and maps back to its bytes.
        let stored = Set(reported.map { PathEncoding.bytes(of: $0.path) })
        #expect(stored == Set(raw.map { Array("in/".utf8) + $0 }), "\(reported.map(\.path))")
        #expect(reported.contains { $0.path == "in/caf%E9.txt" } && reported.contains { $0.path == "in/caf%25E9.txt" }
                && reported.contains { $0.path == "in/caf%2525E9.txt" }, "\(reported.map(\.path))")
        let docs = try documents(scratch, "out.jsonl")
        #expect(docs.count == raw.count && Set(docs.map(\.id)).count == raw.count)
        #expect(Set(docs.map(\.path)) == Set(reported.map(\.path)))

        // State keys are distinct too: a second run finds each unchanged, none missing.
        let second = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--report", "report2.json"], in: scratch.path)
        #expect(second.status == 0, "\(second.stderr)")
        let again = try reportedInputs(scratch.path + "/report2.json", of: second)
        #expect(again.count == raw.count)
        #expect(again.allSatisfy { $0.reason?.contains("unchanged") == true }, "\(again.map { ($0.path, $0.reason ?? "") })")

        // A shard run lists its files explicitly in the stored form: each still reaches its file.
        let shard = try runSluice(["ingest", "in", "--shard", "0/1", "--jsonl", "shard.jsonl", "--no-state", "--report", "shard.json"], in: scratch.path)
        #expect(shard.status == 0, "\(shard.stderr)")
        let sharded = try reportedInputs(scratch.path + "/shard.json", of: shard)
        #expect(Set(sharded.map(\.path)) == Set(reported.map(\.path)), "\(sharded.map { ($0.path, $0.status, $0.reason ?? "") })")
        #expect(sharded.allSatisfy { $0.status == "ingested" }, "\(sharded.map { ($0.path, $0.status, $0.reason ?? "") })")
        #expect(try documents(scratch, "shard.jsonl").count == raw.count)
    }

    @Test func aTrailingSpaceDoesNotHideTheExtension() throws {
        let scratch = Scratch()
        scratch.write("in/notes.txt ", "Meeting notes\n\nWe agreed to ship on Friday and to write the release note first.\n")
        let outcome = try runSluice(["ingest", "in", "--jsonl", "out.jsonl", "--no-store", "--report", "report.json"], in: scratch.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let reported = try reportedInputs(scratch.path + "/report.json", of: outcome)
        #expect(reported.count == 1 && reported.first?.status == "ingested", "\(reported.map { ($0.path, $0.status, $0.reason ?? "") })")
        let docs = try documents(scratch, "out.jsonl")
        #expect(docs.map(\.path) == ["in/notes.txt "] && docs.first?.reader == "text")
    }
}
