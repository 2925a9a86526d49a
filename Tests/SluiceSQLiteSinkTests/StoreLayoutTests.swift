import SluiceTesting
import SluiceTestSupport
import Foundation
import GRDB
import SluiceCore
@testable import SluiceSQLiteSink
import SluiceStorageSupport
import Testing

/// Store schema v2: each text stored once, the `sluice` tokenizer, migration of v1 stores, and a
/// finished run leaving one file.
@Suite("SQLite store layout")
struct StoreLayoutTests {
    func sink(_ path: String) throws -> SQLiteSink {
        var values = OptionValues.defaults(for: SQLiteSink.options)
        values.set("path", .string(path))
        return try SQLiteSink(PluginSetup(options: values, baseDirectory: "/", logger: StoreFixtures.logger))
    }

    func ingest(_ documents: [Document], into path: String) async throws {
        let sink = try sink(path)
        try await sink.open(StoreFixtures.sinkContext("test"))
        try await sink.write(DocumentBatch(documents: documents, inputs: documents.map(\.source.path)))
        try await sink.commit()
    }

    /// Checks the full-text index against what it indexes (`search_content`): fails when a
    /// delete told the index other values than it was given.
    func indexIsConsistent(_ path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in db.add(tokenizer: SQLiteTokenizer.self) }
        try DatabaseQueue(path: path, configuration: configuration).write { db in
            try db.execute(sql: "INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
        }
    }

    @Test func tokenizerSplitsChineseIntoCharactersAndLatinIntoLowerCasedWords() throws {
        let tokens = try DatabaseQueue().write { db -> [String] in
            db.add(tokenizer: SQLiteTokenizer.self)
            let tokenizer = try db.makeTokenizer(SQLiteTokenizer.tokenizerDescriptor())
            return try tokenizer.tokenize(document: "Alice Chen说：老蒋，Storage-42 Ünïcode　かな").map(\.token)
        }
        #expect(tokens == ["alice", "chen", "说", "老", "蒋", "storage", "42", "ünïcode", "か", "な"])
    }

    @Test func oneTwoAndLongerChineseQueriesAndPrefixesAreFound() async throws {
        let path = try StoreFixtures.temporaryDirectory() + "/q.db"
        let docs = try StoreFixtures.articles()
        try await ingest(docs, into: path)
        let store = try SQLiteSearchStore(path: path)
        defer { Task { await store.close() } }
        let laojiang = try await store.search(SearchQuery("老蒋"))
        #expect(laojiang.first?.path == "seeds/plain-article.txt")
        #expect(laojiang.first?.snippet.contains("«老蒋»") == true)
        #expect(try await store.search(SearchQuery("蒋")).contains { $0.path == "seeds/plain-article.txt" })
        #expect(try await store.search(SearchQuery("靖江")).contains { $0.path == "seeds/plain-article.txt" })
        // A Latin prefix, case-insensitive, next to a Chinese term.
        let mixed = try await store.search(SearchQuery("STOR postgres"))
        #expect(mixed.map(\.path) == ["notes/storage.md"])
        #expect(try await store.search(SearchQuery("不存在的词语")).isEmpty)
        #expect(try await store.search(SearchQuery("，")).isEmpty)
    }

    @Test func textIsStoredOnceAndTheOldViewsStillAnswer() async throws {
        let path = try StoreFixtures.temporaryDirectory() + "/v.db"
        let docs = try StoreFixtures.articles()
        try await ingest(docs, into: path)
        let db = try DatabaseQueue(path: path)
        try await db.read { db in
            let columns = try db.columns(in: "records").map(\.name)
            #expect(!columns.contains("text"))
            #expect(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'blocks'").isEmpty)
            // The views read the text and blocks out of the canonical JSON.
            let text = try String.fetchOne(db, sql: "SELECT text FROM documents WHERE source_path = 'seeds/plain-article.txt'")
            #expect(text == docs[0].text)
            let blocks = try Int.fetchOne(db, sql: "SELECT count(*) FROM blocks WHERE document_id = ?", arguments: [docs[0].id])
            #expect(blocks == docs[0].blocks.count)
            let firstBlock = try String.fetchOne(db, sql: "SELECT text FROM blocks WHERE document_id = ? AND ordinal = 0", arguments: [docs[0].id])
            #expect(firstBlock == docs[0].blocks.first?.text)
            // The whole-document entry does not copy the text.
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM search_entries WHERE unit = 'document' AND body IS NOT NULL") == 0)
        }
        // Replacing and removing keep the index in step with what it indexes.
        var changed = docs[0]
        changed.title = "改过的标题"
        try await ingest([changed, try StoreFixtures.minutes()], into: path)
        let sink = try sink(path)
        try await sink.open(StoreFixtures.sinkContext("test"))
        try await sink.removeDocuments(fromInputs: ["seeds/news-page-text-1.txt"])
        try await sink.commit()
        try indexIsConsistent(path)
        let store = try SQLiteSearchStore(path: path)
        #expect(try await store.search(SearchQuery("改过的标题")).first?.title == "改过的标题")
        #expect(try await store.search(SearchQuery("蒋", limit: 50)).allSatisfy { $0.path != "seeds/news-page-text-1.txt" })
        await store.close()
    }

    @Test func aVersion1StoreIsRefusedBySearchAndMigratedByTheSink() async throws {
        let path = try StoreFixtures.temporaryDirectory() + "/old.db"
        let doc = try StoreFixtures.articles()[0]
        let row = try RelationalDocument(doc).document
        let old = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(old, upTo: "v1: documents, blocks, groups, statements, search")
        try await old.write { db in
            try db.execute(sql: """
                INSERT INTO documents (id, kind, title, source_path, source_reader, source_bytes, source_sha256,
                    metadata, text, json, record_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [row.id, row.kind, row.title, row.sourcePath, row.sourceReader, row.sourceBytes,
                                 row.sourceSHA256, row.metadata, row.text, row.json, row.recordSHA256])
            try db.execute(sql: "INSERT INTO blocks (document_id, ordinal, type, text) VALUES (?, 0, 'paragraph', ?)",
                           arguments: [row.id, row.text])
            try db.execute(sql: """
                INSERT INTO search_entries (document_id, unit, title, context, body) VALUES (?, 'document', ?, '', ?)
                """, arguments: [row.id, row.title ?? "", row.text])
        }
        try old.close()

        #expect {
            try SQLiteSearchStore(path: path)
        } throws: { error in
            "\(error)".contains("older Sluice") && "\(error)".contains("migrates")
        }

        let sink = try sink(path)
        try await sink.open(StoreFixtures.sinkContext("test"))
        #expect(!sink.outputIsNew)
        try await sink.commit()
        try indexIsConsistent(path)
        let store = try SQLiteSearchStore(path: path)
        #expect(try await store.search(SearchQuery("老蒋")).first?.id == doc.id)
        await store.close()
        let text = try await DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "SELECT text FROM documents") }
        #expect(text == doc.text)
        // v4: the index keeps a batch's entries in memory (one segment per batch).
        let memory = try await DatabaseQueue(path: path).read {
            try Int.fetchOne($0, sql: "SELECT v FROM search_fts_config WHERE k = 'hashsize'")
        }
        #expect(memory == SQLiteSchema.indexMemory)
    }

    @Test func aNameFindsWhatThePersonSaidOnce() async throws {
        let path = try StoreFixtures.temporaryDirectory() + "/m.db"
        try await ingest([try StoreFixtures.minutes()], into: path)
        let said = try await DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT text FROM statements WHERE speaker = '李飞' ORDER BY ordinal")
        }
        #expect(!said.isEmpty)
        let store = try SQLiteSearchStore(path: path)
        let hits = try await store.search(SearchQuery("李飞", limit: 50))
        await store.close()
        let statements = hits.filter { $0.unit == "statement" && $0.facets["speaker"] == "李飞" }
        #expect(statements.count == said.count)
        #expect(hits.first?.unit == "statement")
        // The statement's own text, not the group label and name it was found by.
        #expect(statements.allSatisfy { hit in said.contains { $0.hasPrefix(hit.snippet.prefix(10)) } })
        // No roster line of a group whose statements by 李飞 are listed; no snippet twice.
        let spokenIn = Set(statements.compactMap { $0.facets["group"] })
        #expect(!hits.contains { $0.unit == "group" && spokenIn.contains($0.facets["group"] ?? "") })
        #expect(Set(hits.map { [$0.snippet, $0.facets["group"] ?? "", $0.facets["speaker"] ?? ""] }).count == hits.count)
    }

    @Test func aFinishedRunLeavesOneFile() throws {
        let dir = try StoreFixtures.temporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SluiceCheckout.sluiceBinary)
        process.arguments = ["ingest", SluiceCheckout.root + "/Samples/documents", "--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("sluice.db") }
        #expect(files == ["sluice.db"])
        let state = try FileManager.default.contentsOfDirectory(atPath: dir + "/.sluice")
        for name in state where name.hasSuffix("-wal") || name.hasSuffix("-shm") {
            let size = (try FileManager.default.attributesOfItem(atPath: dir + "/.sluice/" + name)[.size] as? Int) ?? 0
            #expect(size == 0, "\(name) is left with \(size) bytes")
        }
        // Searching it (read-only) leaves it one file too.
        let search = Process()
        search.executableURL = URL(fileURLWithPath: SluiceCheckout.sluiceBinary)
        search.arguments = ["search", "sluice.db", "老蒋"]
        search.currentDirectoryURL = URL(fileURLWithPath: dir)
        search.standardOutput = FileHandle.nullDevice
        try search.run()
        search.waitUntilExit()
        #expect(search.terminationStatus == 0)
        let after = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("sluice.db") }
        #expect(after == ["sluice.db"])
    }
}
