import SluiceTesting
import SluiceTestSupport
import Foundation
import GRDB
import Logging
import SluiceCore
import SluiceSQLiteSink
import Testing

@Suite("SQLite sink and search")
struct SQLiteSinkTests {
    func makeSink(_ path: String, options: [String: OptionValue] = [:]) throws -> SQLiteSink {
        var values = OptionValues.defaults(for: SQLiteSink.options, overrides: options)
        values.set("path", .string(path))
        return try SQLiteSink(PluginSetup(options: values, baseDirectory: "/", logger: StoreFixtures.logger))
    }

    func ingest(_ documents: [Document], into path: String, batchSize: Int = 2) async throws {
        let sink = try makeSink(path)
        try await sink.open(StoreFixtures.sinkContext("test"))
        var start = 0
        while start < documents.count {
            let part = Array(documents[start..<min(documents.count, start + batchSize)])
            try await sink.write(DocumentBatch(documents: part, inputs: part.map(\.source.path)))
            start += batchSize
        }
        try await sink.commit()
    }

    func counts(_ path: String) throws -> [String: Int] {
        let db = try DatabaseQueue(path: path)
        return try db.read { db in
            var out: [String: Int] = [:]
            for table in ["documents", "blocks", "groups", "group_members", "statements", "search_entries"] {
                out[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)")
            }
            return out
        }
    }

    func corpus() throws -> [Document] { try StoreFixtures.articles() + [StoreFixtures.minutes()] }

    @Test func storesEveryTableAndUsesWAL() async throws {
        let dir = try StoreFixtures.temporaryDirectory()
        let path = dir + "/nested/sluice.db"
        let docs = try corpus()
        try await ingest(docs, into: path)
        let c = try counts(path)
        #expect(c["documents"] == docs.count)
        #expect(c["blocks"] == docs.reduce(0) { $0 + $1.blocks.count })
        #expect(c["groups"] == 2)
        // 第一组: leader + 5 members + 1 recorder; 第二组: leader + 2 members + 1 recorder.
        #expect(c["group_members"] == 11)
        #expect(c["statements"] == 6)
        let db = try DatabaseQueue(path: path)
        let mode = try await db.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        // The stored JSON is the canonical record.
        let minutes = try StoreFixtures.minutes()
        let json = try await db.read { try String.fetchOne($0, sql: "SELECT json FROM documents WHERE id = ?", arguments: [minutes.id]) }
        #expect(json == String(decoding: try DocumentEncoder().encode(minutes), as: UTF8.self))
    }

    @Test func minutesAreQueryableInOneStatement() async throws {
        let path = try StoreFixtures.temporaryDirectory() + "/m.db"
        try await ingest(try corpus(), into: path)
        let db = try DatabaseQueue(path: path)
        try await db.read { db in
            let byLiFei = try Row.fetchAll(db, sql: "SELECT group_label, text FROM statements WHERE speaker = '李飞' ORDER BY ordinal")
            #expect(byLiFei.map { $0["group_label"] as String } == ["第一组", "第二组"])
            let aigc = try String.fetchAll(db, sql: "SELECT label FROM groups WHERE topic LIKE '%AIGC%'")
            #expect(aigc == ["第二组"])
            let leaders = try String.fetchAll(db, sql: "SELECT name FROM group_members WHERE role = 'leader' ORDER BY group_ordinal")
            #expect(leaders == ["李飞", "于莉"])
            let onLeave = try Row.fetchOne(db, sql: "SELECT name, employee_id FROM group_members WHERE note = '请假'")
            #expect(onLeave?["name"] == "蔡圣楠")
            #expect(onLeave?["employee_id"] == "10077")
            // A statement with only points gets them as text.
            let su = try String.fetchOne(db, sql: "SELECT text FROM statements WHERE speaker = '苏国红'")
            #expect(su?.contains("测试用例") == true)
            let number = try String.fetchOne(db, sql: "SELECT text FROM statements WHERE speaker IS NULL")
            #expect(number == "42")
        }
    }

    @Test func rerunsNeverDuplicate() async throws {
        let path = try StoreFixtures.temporaryDirectory() + "/r.db"
        let docs = try corpus()
        try await ingest(docs, into: path, batchSize: 3)
        let first = try counts(path)
        try await ingest(docs, into: path, batchSize: 2)
        try await ingest(docs + docs, into: path, batchSize: 5)
        #expect(try counts(path) == first)
        // Unchanged records are not rewritten: their search entries keep their row ids.
        let entryIDs = { () throws -> [Int] in
            try DatabaseQueue(path: path).read { try Int.fetchAll($0, sql: "SELECT entry_id FROM search_entries ORDER BY entry_id") }
        }
        let before = try entryIDs()
        try await ingest(docs, into: path)
        #expect(try entryIDs() == before)
        // The FTS index follows: a search finds each statement once.
        let store = try SQLiteSearchStore(path: path)
        let hits = try await store.search(SearchQuery("评审规范", limit: 50))
        #expect(hits.count == 1)
    }

    @Test func replacingADocumentReplacesItsRows() async throws {
        let path = try StoreFixtures.temporaryDirectory() + "/x.db"
        var minutes = try StoreFixtures.minutes()
        try await ingest([minutes], into: path)
        // Same id, fewer groups: the old group's rows must go.
        if case .array(let groups)? = minutes.data?["groups"] {
            minutes.data = ["groups": .array([groups[1]])]
        }
        minutes.title = "改过的标题"
        try await ingest([minutes], into: path)
        let c = try counts(path)
        #expect(c["documents"] == 1)
        #expect(c["groups"] == 1)
        #expect(c["statements"] == 4)
        let store = try SQLiteSearchStore(path: path)
        #expect(try await store.search(SearchQuery("技术布局")).filter { $0.unit == "statement" }.isEmpty)
        #expect(try await store.search(SearchQuery("改过的标题")).first?.title == "改过的标题")
    }

    @Test func aChangedFileReplacesItsOldDocuments() async throws {
        let path = try StoreFixtures.temporaryDirectory() + "/c.db"
        let v1 = "第一版 内容 云计算"
        let v2 = "第二版 内容"
        let d1 = StoreFixtures.stamp(Document(kind: "article", title: "a", text: v1), path: "a.txt", reader: "text", bytes: Array(v1.utf8))
        let d2 = StoreFixtures.stamp(Document(kind: "article", title: "a", text: v2), path: "a.txt", reader: "text", bytes: Array(v2.utf8))
        try await ingest([d1], into: path)
        try await ingest([d2], into: path)
        #expect(try counts(path)["documents"] == 1)
        let store = try SQLiteSearchStore(path: path)
        #expect(try await store.search(SearchQuery("云")).isEmpty)
    }

    @Test func chineseSearchIncludingOneAndTwoCharacters() async throws {
        let path = try StoreFixtures.temporaryDirectory() + "/s.db"
        try await ingest(try corpus(), into: path)
        let store = try SQLiteSearchStore(path: path)

        // Two characters: 老蒋 occurs only in the plain article, and in one statement of the minutes.
        let laojiang = try await store.search(SearchQuery("老蒋", limit: 20))
        #expect(Set(laojiang.map(\.path)) == ["seeds/plain-article.txt", "seeds/grouped-minutes.txt"])
        #expect(laojiang.first?.path == "seeds/plain-article.txt") // 31 occurrences
        let statementHit = try #require(laojiang.first { $0.unit == "statement" })
        #expect(statementHit.facets["speaker"] == "李飞")
        #expect(statementHit.facets["group"] == "第二组")
        #expect(statementHit.snippet.contains("«老蒋»"))

        // One character: 云 is in every seed.
        let yun = try await store.search(SearchQuery("云", limit: 50))
        #expect(Set(yun.map(\.path)).isSuperset(of: ["seeds/plain-article.txt", "seeds/news-page-text-1.txt", "seeds/news-page-text-2.txt", "seeds/news-article-3.txt"]))
        #expect(!yun.contains { $0.path == "notes/storage.md" })
        #expect(yun.allSatisfy { $0.snippet.contains("«云»") })

        // Three or more characters go through the trigram index.
        let plan = try await store.search(SearchQuery("规划部", kind: "minutes"))
        #expect(!plan.isEmpty)
        #expect(plan.allSatisfy { $0.kind == "minutes" })
        #expect(plan.contains { $0.facets["speaker"] == "康乐" })

        // A group's topic: groups whose topic mentions AIGC.
        let aigc = try await store.search(SearchQuery("AIGC", limit: 20))
        #expect(aigc.contains { $0.unit == "group" && $0.facets["group"] == "第二组" })
        #expect(aigc.contains { $0.unit == "statement" && $0.facets["speaker"] == "于莉" })
        // The whole-document hit gives way to the finer ones.
        #expect(!aigc.contains { $0.unit == "document" && $0.kind == "minutes" })

        // A long and a short term together: both must occur.
        let mixed = try await store.search(SearchQuery("AIGC 评审"))
        #expect(mixed.count == 1)
        #expect(mixed.first?.facets["speaker"] == "于莉")

        // A Chinese term that occurs nowhere.
        #expect(try await store.search(SearchQuery("不存在的词语")).isEmpty)
        #expect(try await store.search(SearchQuery("鑫")).isEmpty)
    }

    @Test func englishSearch() async throws {
        let path = try StoreFixtures.temporaryDirectory() + "/e.db"
        try await ingest(try corpus(), into: path)
        let store = try SQLiteSearchStore(path: path)
        let hits = try await store.search(SearchQuery("trigram"))
        #expect(hits.count == 1)
        #expect(hits.first?.title == "Storage notes")
        #expect(hits.first?.snippet.contains("«trigram»") == true)
        // Case-insensitive, several terms, a quoted phrase.
        #expect(try await store.search(SearchQuery("QUICK brown")).first?.path == "notes/storage.md")
        #expect(try await store.search(SearchQuery("\"lazy dog\"")).count == 1)
        #expect(try await store.search(SearchQuery("\"dog lazy\"")).isEmpty)
        // Two letters: the short path, case-insensitive.
        let ox = try await store.search(SearchQuery("Fo"))
        #expect(ox.contains { $0.path == "notes/storage.md" })
        // Title matches outrank body matches.
        let title = try await store.search(SearchQuery("Storage notes"))
        #expect(title.first?.unit == "document")
        #expect(try await store.search(SearchQuery("KPI", kind: "news")).isEmpty)
    }

    @Test func limitAndProviderRouting() async throws {
        let path = try StoreFixtures.temporaryDirectory() + "/l.db"
        try await ingest(try corpus(), into: path)
        #expect(SQLiteSearchProvider.accepts(location: path))
        #expect(!SQLiteSearchProvider.accepts(location: "postgres://u:p@h/db"))
        var registry = PluginRegistry()
        registry.register(searchProvider: SQLiteSearchProvider.self)
        let store = try await registry.openSearchStore(path, logger: StoreFixtures.logger)
        let hits = try await store.search(SearchQuery("的", limit: 3))
        #expect(hits.count == 3)
        #expect(hits[0].score >= hits[1].score && hits[1].score >= hits[2].score)
        await #expect(throws: PluginError.self) { try await registry.openSearchStore("/nonexistent/x.db", logger: StoreFixtures.logger) }
    }

    @Test func incrementalContract() async throws {
        let dir = try StoreFixtures.temporaryDirectory()
        let path = dir + "/i.db"
        let failures = try await IncrementalStoreCheck.run(makeSink: { try makeSink(path) }, count: { table, condition in
            try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table) WHERE \(condition)") ?? -1 }
        }, projections: StoreFixtures.projections)
        #expect(failures.isEmpty, "\(failures)")
        let store = try SQLiteSearchStore(path: path)
        #expect(try await store.search(SearchQuery("评审规范")).count == 1, "the minutes stored again are searchable")
        #expect(try await store.search(SearchQuery("trigram")).isEmpty, "the removed document's search entries went too")

        // A database file without a documents table counts as new.
        let other = dir + "/other.db"
        try await DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE unrelated (x)") }
        let sink = try makeSink(other)
        try await sink.open(StoreFixtures.sinkContext("test", accumulate: true))
        #expect(sink.outputIsNew)
        await sink.abort()
    }

    @Test func snippetsHighlightEveryOccurrence() {
        let s = SearchSnippet.make("老蒋说，老蒋是对的。", terms: ["老蒋"], open: "[", close: "]")
        #expect(s == "[老蒋]说，[老蒋]是对的。")
        let long = String(repeating: "前", count: 100) + "目标" + String(repeating: "后", count: 100)
        let cut = SearchSnippet.make(long, terms: ["目标"], open: "<", close: ">", width: 20)
        #expect(cut.hasPrefix("…") && cut.hasSuffix("…") && cut.contains("<目标>"))
        #expect(SearchQuery("  a  \"b c\"  a ").terms == ["a", "b c"])
        #expect(Redaction.redact("postgres://user:secret@db:5432/x?sslmode=disable") == "postgres://user:***@db:5432/x?sslmode=disable")
        #expect(!Redaction.redact("host=db password=secret user=u").contains("secret"))
    }
}
