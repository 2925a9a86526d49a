#if Postgres
import SluiceTesting
import SluiceTestSupport
import Foundation
import SluiceCore
@testable import SluicePostgresSink
import SluiceStorageSupport
import Testing

/// A PostgreSQL store written before search entries became generic (schema v1) migrates to v3:
/// its entries get facets and their CJK grams, its minutes tables and their documented queries
/// carry over.
@Suite("PostgreSQL schema migration")
struct PostgresMigrationTests {
    let server = PostgresServer.shared

    @Test func aVersion1StoreGetsFacetsAndKeepsItsTables() async throws {
        let (db, url) = try server.createDatabase("m")
        let row = try RelationalDocument(try StoreFixtures.minutes()).document
        let v1 = PostgresSchema.migrations.first { $0.version == 1 }!.statements.joined(separator: ";\n")
        _ = try server.psql("""
            CREATE TABLE sluice_schema_version (version integer PRIMARY KEY, description text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now());
            \(v1);
            INSERT INTO sluice_schema_version (version, description) VALUES (1, 'v1');
            INSERT INTO documents (id, kind, source_path, source_reader, source_bytes, source_sha256, text, json)
                VALUES ('\(row.id)', 'minutes', '\(row.sourcePath)', 'minutes', 1, 'x', '老蒋', '{}');
            INSERT INTO search_entries (document_id, unit, group_ordinal, statement_ordinal, group_label, speaker, title, context, body)
                VALUES ('\(row.id)', 'document', NULL, NULL, NULL, NULL, '', '', '老蒋'),
                       ('\(row.id)', 'statement', 1, 0, '第二组', '李飞', '', '第二组 李飞', '老蒋说过，工具只是手段。');
            INSERT INTO statements (document_id, ordinal, group_ordinal, group_label, speaker, text)
                VALUES ('\(row.id)', 0, 1, '第二组', '李飞', '老蒋说过，工具只是手段。');
            """, database: db)

        let values = OptionValues.defaults(for: PostgresSink.options, overrides: ["url": .string(url)])
        let sink = try PostgresSink(PluginSetup(options: values, logger: StoreFixtures.logger))
        try await sink.open(StoreFixtures.sinkContext())
        try await sink.commit()
        func scalar(_ sql: String) throws -> String { try server.psql(sql, database: db).trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(try scalar("SELECT max(version) FROM sluice_schema_version") == "3")
        // v3: the entries' CJK grams, filled in for the rows v1 stored, under their GIN index.
        #expect(try scalar("SELECT terms @> ARRAY['老蒋', '手段', '，'] FROM search_entries WHERE unit = 'statement'") == "f")
        #expect(try scalar("SELECT terms @> ARRAY['老蒋', '手段', '老'] FROM search_entries WHERE unit = 'statement'") == "t")
        #expect(try scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'search_entries_terms'") == "1")
        #expect(try scalar("SELECT facets->>'group' || ' ' || (facets->>'speaker') FROM search_entries WHERE unit = 'statement'") == "第二组 李飞")
        #expect(try scalar("SELECT count(*) FROM search_entries WHERE facets IS NULL") == "1")
        #expect(try scalar("SELECT group_label || ' ' || text FROM statements WHERE speaker = '李飞'") == "第二组 老蒋说过，工具只是手段。")

        var registry = PluginRegistry()
        registry.register(searchProvider: PostgresSearchProvider.self)
        let store = try await registry.openSearchStore(url, logger: StoreFixtures.logger)
        let hit = try await store.search(SearchQuery("老蒋")).first
        await store.close()
        #expect(hit?.unit == "statement" && hit?.facets == ["group": "第二组", "speaker": "李飞"])
    }
}
#endif
