#if Postgres
import SluiceTesting
import SluiceTestSupport
import Foundation
import Logging
import SluiceCore
import SluicePostgresSink
import SluiceStorageSupport
import Testing

/// Tests against a real PostgreSQL server started for the test run (never a mock).
@Suite("PostgreSQL sink, search and claims")
struct PostgresSinkTests {
    let server = PostgresServer.shared

    func makeSink(_ url: String, retries: Int = 8) throws -> PostgresSink {
        let values = OptionValues.defaults(for: PostgresSink.options, overrides: ["url": .string(url), "retries": .integer(retries)])
        return try PostgresSink(PluginSetup(options: values, logger: StoreFixtures.logger))
    }

    func ingest(_ documents: [Document], into url: String, batchSize: Int = 2) async throws {
        let sink = try makeSink(url)
        try await sink.open(StoreFixtures.sinkContext("test"))
        var start = 0
        while start < documents.count {
            let part = Array(documents[start..<min(documents.count, start + batchSize)])
            try await sink.write(DocumentBatch(documents: part, inputs: part.map(\.source.path)))
            start += batchSize
        }
        try await sink.commit()
    }

    func count(_ table: String, _ database: String, where condition: String = "true") throws -> Int {
        Int(try server.psql("SELECT count(*) FROM \(table) WHERE \(condition)", database: database).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    func corpus() throws -> [Document] { try StoreFixtures.articles() + [StoreFixtures.minutes()] }

    @Test func storesTheSameLogicalSchemaAndRerunsNeverDuplicate() async throws {
        let (db, url) = try server.createDatabase()
        let docs = try corpus()
        try await ingest(docs, into: url, batchSize: 3)
        let tables = ["documents", "blocks", "\"groups\"", "group_members", "statements", "search_entries"]
        let first = try tables.map { try count($0, db) }
        #expect(first[0] == docs.count)
        #expect(first[2] == 2)
        #expect(first[3] == 11)
        #expect(first[4] == 6)
        try await ingest(docs, into: url, batchSize: 2)
        try await ingest(docs + docs, into: url, batchSize: 7)
        #expect(try tables.map { try count($0, db) } == first)
        #expect(try server.psql("SELECT max(version) FROM sluice_schema_version", database: db).contains("3"))
        // Search entries are generic: the minutes projection's statements carry facets.
        let facets = try server.psql("SELECT count(*) FROM search_entries WHERE facets ->> 'speaker' = '李飞'", database: db)
        #expect(facets.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        // One SQL query each: every statement by 李飞, groups whose topic mentions AIGC.
        let liFei = try server.psql("SELECT string_agg(group_label, ',' ORDER BY ordinal) FROM statements WHERE speaker = '李飞'", database: db)
        #expect(liFei.trimmingCharacters(in: .whitespacesAndNewlines) == "第一组,第二组")
        let aigc = try server.psql("SELECT label FROM \"groups\" WHERE topic ILIKE '%aigc%'", database: db)
        #expect(aigc.trimmingCharacters(in: .whitespacesAndNewlines) == "第二组")
        // The record is stored as JSON and queryable.
        let minutes = try StoreFixtures.minutes()
        let kind = try server.psql("SELECT json->>'kind' FROM documents WHERE id = '\(minutes.id)'", database: db)
        #expect(kind.trimmingCharacters(in: .whitespacesAndNewlines) == "minutes")
        #expect(try server.psql("SELECT count(*) FROM pg_indexes WHERE indexname = 'search_entries_trgm'", database: db).contains("1"))
    }

    @Test func concurrentWritersOfTheSameDocumentsNeverDuplicate() async throws {
        let (db, url) = try server.createDatabase()
        let docs = try corpus()
        // Six writers store the same documents at once (as workers do when a lease expired under a
        // slow worker, or when two inputs have the same bytes).
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<6 {
                group.addTask {
                    var variant = docs
                    // Half of them write a changed record, so the rows really are replaced.
                    if i % 2 == 1 { variant = variant.map { var d = $0; d.metadata["writer"] = String(i); return d } }
                    try await ingest(variant, into: url, batchSize: 7)
                }
            }
            try await group.waitForAll()
        }
        #expect(try count("documents", db) == docs.count)
        #expect(try count("statements", db) == 6)
        #expect(try count("search_entries", db) == docs.count + 2 + 6)
        #expect(try count("blocks", db) == docs.reduce(0) { $0 + $1.blocks.count })
    }

    @Test func incrementalContract() async throws {
        let (db, url) = try server.createDatabase()
        let failures = try await IncrementalStoreCheck.run(
            makeSink: { try makeSink(url) }, count: { try count($0, db, where: $1) }, groupsTable: "\"groups\"",
            projections: StoreFixtures.projections)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func replacingADocumentReplacesItsRows() async throws {
        let (db, url) = try server.createDatabase()
        var minutes = try StoreFixtures.minutes()
        try await ingest([minutes], into: url)
        if case .array(let groups)? = minutes.data?["groups"] { minutes.data = ["groups": .array([groups[1]])] }
        try await ingest([minutes], into: url)
        #expect(try count("\"groups\"", db) == 1)
        #expect(try count("statements", db) == 4)
        #expect(try count("search_entries", db) == 1 + 1 + 4)
    }

    @Test func chineseAndEnglishSearch() async throws {
        let (_, url) = try server.createDatabase()
        try await ingest(try corpus(), into: url)
        var registry = PluginRegistry()
        registry.register(searchProvider: PostgresSearchProvider.self)
        let store = try await registry.openSearchStore(url, logger: StoreFixtures.logger)
        defer { Task { await store.close() } }

        let laojiang = try await store.search(SearchQuery("老蒋", limit: 20))
        #expect(Set(laojiang.map(\.path)) == ["seeds/plain-article.txt", "seeds/grouped-minutes.txt"])
        #expect(laojiang.first?.path == "seeds/plain-article.txt")
        let statement = try #require(laojiang.first { $0.unit == "statement" })
        #expect(statement.facets["speaker"] == "李飞" && statement.facets["group"] == "第二组")
        #expect(statement.snippet.contains("«老蒋»"))

        let yun = try await store.search(SearchQuery("云", limit: 50))
        #expect(Set(yun.map(\.path)).isSuperset(of: ["seeds/plain-article.txt", "seeds/news-page-text-1.txt", "seeds/news-page-text-2.txt", "seeds/news-article-3.txt"]))
        #expect(!yun.contains { $0.path == "notes/storage.md" })

        let aigc = try await store.search(SearchQuery("AIGC", limit: 20))
        #expect(aigc.contains { $0.unit == "group" && $0.facets["group"] == "第二组" })
        #expect(!aigc.contains { $0.unit == "document" && $0.kind == "minutes" })
        #expect(try await store.search(SearchQuery("AIGC 评审")).map { $0.facets["speaker"] } == ["于莉"])
        #expect(try await store.search(SearchQuery("规划部", kind: "news")).isEmpty)

        let english = try await store.search(SearchQuery("TRIGRAM"))
        #expect(english.map(\.title) == ["Storage notes"])
        #expect(english.first?.snippet.contains("«trigram»") == true)
        #expect(try await store.search(SearchQuery("\"lazy dog\"")).count == 1)
        #expect(try await store.search(SearchQuery("50%_")).isEmpty)
    }

    @Test func passwordsNeverAppearInErrors() async throws {
        let secret = "S3cret-Pa55"
        let url = server.url(database: "no_such_database", password: secret)
        let sink = try makeSink(url, retries: 0)
        do {
            try await sink.open(StoreFixtures.sinkContext("test"))
            Issue.record("opening a missing database should fail")
        } catch let error as PluginError {
            #expect(!error.description.contains(secret))
            #expect(error.description.contains("***"))
            #expect(error.kind == .storage) // 3D000 is permanent: no retries
            #expect(error.description.contains("3D000"))
        }
        // Connection refused is transient, retried, then reported without the password.
        let closed = try PostgresServer.freePort()
        let refused = try makeSink("postgres://postgres:\(secret)@127.0.0.1:\(closed)/x?sslmode=disable", retries: 2)
        await #expect(throws: PluginError.self) { try await refused.open(StoreFixtures.sinkContext("t")) }
        do {
            try await refused.open(StoreFixtures.sinkContext("t"))
        } catch let error as PluginError {
            #expect(error.kind == .transient)
            #expect(!error.description.contains(secret))
        }
    }

    @Test func aPermanentErrorFailsTheBatchWithItsReason() async throws {
        let (db, url) = try server.createDatabase()
        let sink = try makeSink(url)
        try await sink.open(StoreFixtures.sinkContext("t"))
        // Make the table refuse: a constraint the documents break.
        try server.psql("ALTER TABLE documents ADD CONSTRAINT no_news CHECK (kind <> 'news')", database: db)
        let docs = try StoreFixtures.articles()
        do {
            try await sink.write(DocumentBatch(documents: docs))
            Issue.record("the batch should fail")
        } catch let error as PluginError {
            #expect(error.kind == .storage)
            #expect(error.reason.contains("23514"))
        }
        // Nothing of the failed batch was kept (one transaction).
        #expect(try count("documents", db) == 0)
        try await sink.write(DocumentBatch(documents: docs.filter { $0.kind != "news" }))
        #expect(try count("documents", db) == 2)
        try await sink.commit()
    }

    @Test func aServerRestartMidRunRecovers() async throws {
        let own = try PostgresServer()
        defer { own.stop() }
        let url = own.url
        let sink = try makeSink(url, retries: 10)
        try await sink.open(StoreFixtures.sinkContext("t"))
        let base = try StoreFixtures.articles()
        var written = 0
        for i in 0..<30 {
            if i == 10 {
                try own.halt()
                // Start again a little later, while the sink is retrying.
                Task.detached {
                    try await Task.sleep(for: .milliseconds(1500))
                    try own.start()
                }
            }
            let docs = base.enumerated().map { j, d in
                var copy = d
                copy.id = "restart-\(i)-\(j)"
                copy.source.path = "batch-\(i)/\(j)"
                return copy
            }
            try await sink.write(DocumentBatch(documents: docs))
            written += docs.count
        }
        try await sink.commit()
        #expect(Int(try own.psql("SELECT count(*) FROM documents", database: "postgres").trimmingCharacters(in: .whitespacesAndNewlines)) == written)
    }
}
#endif
