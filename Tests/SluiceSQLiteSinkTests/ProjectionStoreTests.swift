import SluiceTesting
import SluiceTestSupport
import Foundation
import GRDB
import SluiceCore
@testable import SluiceSQLiteSink
import SluiceStorageSupport
import Testing

/// Store schema v3: search entries and extra tables come from the document kinds' projections
/// (the sink knows no kind), and a v2 store carries over.
@Suite("SQLite store projections")
struct ProjectionStoreTests {
    /// A projection of a made-up kind `note`: one entry per line starting with `#` (facet `tag`),
    /// and a table `note_tags` with one row per tag.
    struct NoteProjection: DocumentProjection {
        var tables: [StoredTable] {
            [StoredTable(name: "note_tags", columns: [StoredColumn("tag", .text, required: true), StoredColumn("line", .integer)], indexed: ["tag"])]
        }
        func tags(_ document: Document) -> [(Int, String)] {
            document.text.split(separator: "\n").enumerated().compactMap { i, line in
                line.hasPrefix("#") ? (i, String(line.dropFirst())) : nil
            }
        }
        func searchEntries(for document: Document) -> [SearchEntry] {
            tags(document).map { SearchEntry(unit: "tag", facets: ["tag": $0.1], body: "tagged " + $0.1) }
        }
        func tableRows(for document: Document) -> [TableRows] {
            [TableRows(table: "note_tags", rows: tags(document).map { [.text($0.1), .integer($0.0)] })]
        }
    }

    func makeSink(_ path: String) throws -> SQLiteSink {
        var values = OptionValues.defaults(for: SQLiteSink.options)
        values.set("path", .string(path))
        return try SQLiteSink(PluginSetup(options: values, baseDirectory: "/", logger: StoreFixtures.logger))
    }

    func note(_ text: String, path: String) -> Document {
        StoreFixtures.stamp(Document(kind: "note", title: "笔记", text: text), path: path, reader: "note", bytes: Array(text.utf8))
    }

    func scalar(_ path: String, _ sql: String) throws -> String? {
        try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: sql) }
    }

    @Test func aProjectionOfAnyKindAddsEntriesAndATable() async throws {
        let path = try StoreFixtures.temporaryDirectory() + "/notes.db"
        var projections = DocumentProjections()
        projections.add(NoteProjection(), forKinds: ["note"])
        let context = SinkContext(pipeline: "test", logger: StoreFixtures.logger, projections: projections)
        let first = note("第一行\n#靖江\n#storage", path: "n/a.txt")
        let sink = try makeSink(path)
        try await sink.open(context)
        try await sink.write(DocumentBatch(documents: [first, note("无标签", path: "n/b.txt")], inputs: ["n/a.txt", "n/b.txt"]))
        try await sink.commit()
        #expect(try scalar(path, "SELECT group_concat(tag || ':' || line, ',') FROM (SELECT * FROM note_tags ORDER BY line)") == "靖江:1,storage:2")
        #expect(try scalar(path, "SELECT count(*) FROM search_entries WHERE facets ->> '$.tag' = '靖江'") == "1")

        let store = try SQLiteSearchStore(path: path)
        let hits = try await store.search(SearchQuery("靖江"))
        #expect(hits.map(\.unit) == ["tag"], "the tag entry hides the whole-document hit")
        #expect(hits.first?.facets == ["tag": "靖江"])
        await store.close()

        // Stored again with other tags: the old rows and entries go; removed: all go.
        let again = try makeSink(path)
        try await again.open(context)
        try await again.write(DocumentBatch(documents: [note("第一行\n#改过", path: "n/a.txt")], inputs: ["n/a.txt"]))
        #expect(try scalar(path, "SELECT group_concat(tag) FROM note_tags") == "改过")
        try await again.removeDocuments(fromInputs: ["n/a.txt"])
        try await again.commit()
        #expect(try scalar(path, "SELECT count(*) FROM note_tags") == "0")
        #expect(try scalar(path, "SELECT count(*) FROM search_entries WHERE unit = 'tag'") == "0")
    }

    @Test func aVersion2StoreGetsFacetsAndKeepsItsTables() async throws {
        let path = try StoreFixtures.temporaryDirectory() + "/v2.db"
        let minutes = try StoreFixtures.minutes()
        let row = try RelationalDocument(minutes).document
        var configuration = Configuration()
        configuration.prepareDatabase { db in db.add(tokenizer: SQLiteTokenizer.self) }
        let old = try DatabaseQueue(path: path, configuration: configuration)
        try SQLiteSchema.migrator.migrate(old, upTo: "v2: one copy of the text, the sluice tokenizer")
        try await old.write { db in
            try db.execute(sql: """
                INSERT INTO records (id, kind, title, source_path, source_reader, source_bytes, source_sha256,
                    metadata, json, record_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [row.id, row.kind, row.title, row.sourcePath, row.sourceReader, row.sourceBytes,
                                 row.sourceSHA256, row.metadata, row.json, "an older record"])
            try db.execute(sql: """
                INSERT INTO search_entries (document_id, unit, group_ordinal, statement_ordinal, group_label, speaker, title, context, body)
                VALUES (?, 'document', NULL, NULL, NULL, NULL, ?, '', NULL),
                       (?, 'statement', 1, 0, '第二组', '李飞', '', '第二组 李飞', '老蒋说过，工具只是手段。'),
                       (?, 'statement', 1, 1, '第二组', NULL, '', '第二组', '无人署名的小结')
                """, arguments: [row.id, row.title ?? "", row.id, row.id])
            try db.execute(sql: """
                INSERT INTO statements (document_id, ordinal, group_ordinal, group_label, speaker, text)
                VALUES (?, 0, 1, '第二组', '李飞', '老蒋说过，工具只是手段。')
                """, arguments: [row.id])
            try db.execute(sql: "INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        }
        try old.close()
        #expect {
            try SQLiteSearchStore(path: path)
        } throws: { error in
            "\(error)".contains("store schema v2") && "\(error)".contains("migrates")
        }

        let sink = try makeSink(path)
        try await sink.open(StoreFixtures.sinkContext())
        try await sink.commit()
        #expect(try scalar(path, "SELECT group_concat(coalesce(facets, '-'), ' | ') FROM search_entries") ==
            "- | {\"group\":\"第二组\",\"speaker\":\"李飞\"} | {\"group\":\"第二组\"}")
        // The documented query carries over.
        #expect(try scalar(path, "SELECT group_label || ' ' || text FROM statements WHERE speaker = '李飞'") == "第二组 老蒋说过，工具只是手段。")
        let store = try SQLiteSearchStore(path: path)
        let hit = try await store.search(SearchQuery("老蒋")).first
        #expect(hit?.unit == "statement" && hit?.facets == ["group": "第二组", "speaker": "李飞"])
        await store.close()

        // Storing the minutes again (its record changed) replaces the migrated rows through the projection.
        let again = try makeSink(path)
        try await again.open(StoreFixtures.sinkContext())
        try await again.write(DocumentBatch(documents: [minutes], inputs: [minutes.source.path]))
        try await again.commit()
        #expect(try scalar(path, "SELECT count(*) FROM statements WHERE speaker = '李飞'") == "2")
        #expect(try scalar(path, "SELECT count(*) FROM search_entries WHERE facets ->> '$.speaker' = '李飞'") == "2")
        var check = Configuration()
        check.prepareDatabase { db in db.add(tokenizer: SQLiteTokenizer.self) }
        try await DatabaseQueue(path: path, configuration: check).write { db in
            try db.execute(sql: "INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
        }
    }
}
