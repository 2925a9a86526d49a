import SluiceTesting
import SluiceTestSupport
import Foundation
import Testing

/// Chunks from the `chunk` normalizer stored through its projection and found with
/// `sluice search --chunks`, with the real binary.
extension SearchCommandTests {
    @Test func chunksAreStoredOnceAndSearchableWithTheirOffsets() throws {
        let dir = try StoreFixtures.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.root + "/Samples/documents/plain-article.txt", toPath: dir + "/in/plain-article.txt")
        let english = (1...12).map { "# Part \($0)\n\nThe storage layer keeps each text once. Chunk \($0) talks about retrieval indexes and offsets." }
        try english.joined(separator: "\n\n").write(toFile: dir + "/in/notes.txt", atomically: true, encoding: .utf8)
        try """
            version: 1
            pipelines:
              rag:
                inputs: [in/]
                reader: text
                normalizers: [unicode, whitespace, {name: chunk, max_tokens: 60, overlap_tokens: 0, emit: both}]
                sinks:
                  - {name: sqlite, path: out.db}
                  - {name: jsonl, path: out.jsonl}
            """.write(toFile: dir + "/m.yaml", atomically: true, encoding: .utf8)
        #expect(try sluice(["run", "m.yaml", "--no-state", "--quiet"], in: dir).0 == 0)

        var records: [String: [String: Any]] = [:]
        for line in try String(contentsOfFile: dir + "/out.jsonl", encoding: .utf8).split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            records[object["id"] as! String] = object
        }
        let chunkCount = records.values.filter { $0["kind"] as? String == "chunk" }.count
        #expect(chunkCount > 10)
        #expect(try StoreFixtures.sqlite3(dir + "/out.db", "SELECT count(*) FROM chunks") == "\(chunkCount)")
        // Each chunk's text is indexed once: its entry replaces the whole-document entry and reads the record's text.
        #expect(try StoreFixtures.sqlite3(dir + "/out.db", "SELECT count(*) || ' ' || count(body) FROM search_entries WHERE unit = 'chunk'") == "\(chunkCount) 0")

        for (query, parentFile) in [("老蒋", "in/plain-article.txt"), ("retrieval", "in/notes.txt")] {
            let (code, output) = try sluice(["search", "out.db", query, "--chunks", "--json", "--limit", "50"], in: dir)
            #expect(code == 0)
            let hits = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
            #expect(!hits.isEmpty, "\(query)")
            for hit in hits {
                #expect(hit["kind"] as? String == "chunk" && hit["unit"] as? String == "chunk")
                #expect(hit["path"] as? String == parentFile)
                let facets = try #require(hit["facets"] as? [String: String])
                let parent = try #require(records[facets["parent_id"] ?? ""])
                let chunk = try #require(records[hit["id"] as! String])
                let scalars = Array((parent["text"] as! String).unicodeScalars)
                let start = try #require(Int(facets["start"] ?? "")), end = try #require(Int(facets["end"] ?? ""))
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[start..<end])
                #expect(String(view) == chunk["text"] as? String, "the offsets give the chunk's text exactly")
                #expect((chunk["text"] as! String).lowercased().contains(query))
            }
        }
        // Without --chunks the parent document is found too; --chunks with another kind is refused.
        let all = try sluice(["search", "out.db", "老蒋", "--json", "--limit", "50"], in: dir).1
        #expect(all.contains("\"kind\" : \"article\"") && all.contains("\"kind\" : \"chunk\""))
        #expect(try sluice(["search", "out.db", "老蒋", "--chunks", "--kind", "article"], in: dir).0 != 0)
    }
}
