#if Postgres
import Logging
import PostgresNIO
import SluiceCore

/// The PostgreSQL schema: the same logical tables as the SQLite store, versioned in
/// `sluice_schema_version`. Migrations run under an advisory lock, so that workers starting at
/// once migrate exactly once.
enum PostgresSchema {
    struct Migration: Sendable {
        var version: Int
        var description: String
        var statements: [String]
        /// Work done in Swift after `statements` (filling a new column for existing rows).
        var backfill: (@Sendable (PostgresConnection, Logger) async throws -> Void)? = nil
        /// Statements run after the backfill (an index is built once, over the filled column).
        var finally: [String] = []
    }

    static let migrations: [Migration] = [
        Migration(version: 1, description: "documents, blocks, groups, statements, search entries, claims", statements: [
            """
            CREATE TABLE documents (
                id text PRIMARY KEY,
                kind text NOT NULL,
                title text,
                published text,
                source_path text NOT NULL,
                source_reader text NOT NULL,
                source_bytes bigint NOT NULL,
                source_sha256 text NOT NULL,
                source_encoding text,
                metadata jsonb NOT NULL DEFAULT '{}',
                text text NOT NULL,
                json jsonb NOT NULL,
                record_sha256 text NOT NULL DEFAULT '',
                ingested_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "CREATE INDEX documents_kind ON documents (kind)",
            "CREATE INDEX documents_source_path ON documents (source_path)",
            "CREATE INDEX documents_published ON documents (published)",
            """
            CREATE TABLE blocks (
                document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                type text NOT NULL,
                text text NOT NULL,
                level integer,
                src text,
                speaker text,
                attributes jsonb,
                PRIMARY KEY (document_id, ordinal)
            )
            """,
            """
            CREATE TABLE "groups" (
                document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                label text,
                number integer,
                leader text,
                topic text,
                members jsonb NOT NULL DEFAULT '[]',
                recorders jsonb NOT NULL DEFAULT '[]',
                headings jsonb NOT NULL DEFAULT '[]',
                PRIMARY KEY (document_id, ordinal)
            )
            """,
            """
            CREATE TABLE group_members (
                document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
                group_ordinal integer NOT NULL,
                ordinal integer NOT NULL,
                name text NOT NULL,
                role text NOT NULL,
                employee_id text,
                note text,
                PRIMARY KEY (document_id, group_ordinal, ordinal)
            )
            """,
            "CREATE INDEX group_members_name ON group_members (name)",
            """
            CREATE TABLE statements (
                document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
                ordinal integer NOT NULL,
                group_ordinal integer NOT NULL,
                group_label text,
                speaker text,
                speaker_raw text,
                role text,
                text text NOT NULL,
                points jsonb NOT NULL DEFAULT '[]',
                PRIMARY KEY (document_id, ordinal)
            )
            """,
            "CREATE INDEX statements_speaker ON statements (speaker)",
            """
            CREATE TABLE search_entries (
                entry_id bigserial PRIMARY KEY,
                document_id text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
                unit text NOT NULL,
                group_ordinal integer,
                statement_ordinal integer,
                group_label text,
                speaker text,
                title text NOT NULL,
                context text NOT NULL,
                body text NOT NULL
            )
            """,
            "CREATE INDEX search_entries_document ON search_entries (document_id)",
            """
            CREATE TABLE sluice_claims (
                run text NOT NULL,
                path text NOT NULL,
                state text NOT NULL DEFAULT 'pending',
                owner text,
                lease_until timestamptz,
                attempts integer NOT NULL DEFAULT 0,
                claimed_at timestamptz,
                finished_at timestamptz,
                PRIMARY KEY (run, path)
            )
            """,
            "CREATE INDEX sluice_claims_open ON sluice_claims (run, state, lease_until)",
        ]),
        // Search entries of one document kind become generic: its columns turn into the entry's
        // facets under the names the projection that now writes them uses (`facets` NULL when
        // empty). Tables v1 created stay as they are (a projection describing them reuses them).
        Migration(version: 2, description: "generic search entries with facets", statements: [
            "ALTER TABLE search_entries ADD COLUMN facets jsonb",
            """
            UPDATE search_entries
            SET facets = NULLIF(jsonb_strip_nulls(jsonb_build_object('group', group_label, 'speaker', speaker)), '{}'::jsonb)
            WHERE unit <> 'document'
            """,
            "ALTER TABLE search_entries DROP COLUMN group_ordinal, DROP COLUMN statement_ordinal, DROP COLUMN group_label, DROP COLUMN speaker",
        ]),
        // Each entry's CJK characters and bigrams (`PostgresSearchTerms`), computed in Swift for
        // the existing rows, under a GIN index: 1- and 2-character Chinese terms are served by it.
        Migration(
            version: 3, description: "CJK grams of search entries under a GIN index",
            statements: ["ALTER TABLE search_entries ADD COLUMN terms text[] NOT NULL DEFAULT '{}'"],
            backfill: { conn, logger in try await PostgresSearchTerms.backfill(on: conn, logger: logger) },
            finally: [termsIndex]),
    ]

    /// The GIN index over the entries' CJK grams (`terms @> ARRAY[…]`).
    static let termsIndex = "CREATE INDEX search_entries_terms ON search_entries USING gin (terms)"

    /// An entry's searchable text, as search matches it (`e` is `search_entries`).
    static let searchText = "(e.title || E'\\n' || e.context || E'\\n' || e.body)"
    /// The lower-cased ``searchText``: the expression the trigram index holds.
    static let searchHaystack = "lower\(searchText)"

    /// The trigram index, created when the `pg_trgm` extension is available. Search works without
    /// it (by scanning), only slower.
    static let trigramIndex = """
        CREATE INDEX IF NOT EXISTS search_entries_trgm ON search_entries
        USING gin ((lower(title || E'\\n' || context || E'\\n' || body)) gin_trgm_ops)
        """

    /// Brings the database up to the latest version and creates the projections' missing extra
    /// `tables`. Returns whether the `documents` table existed before (false: this call created
    /// it, the store holds nothing from earlier runs) and the writer for the tables found.
    static func migrate(
        _ session: PostgresSession, tables: [StoredTable] = [], logger: Logger
    ) async throws -> (hadDocuments: Bool, writer: PostgresDocumentWriter) {
        try await session.transaction("migrating the schema") { conn in
            // One worker at a time; the others wait here, then find nothing to do.
            try await conn.exec("SELECT pg_advisory_xact_lock(7318090351)", logger: logger)
            var hadDocuments = false
            for row in try await conn.run("SELECT to_regclass('documents') IS NOT NULL", logger: logger) {
                hadDocuments = try row.decode(Bool.self)
            }
            try await conn.exec("""
                CREATE TABLE IF NOT EXISTS sluice_schema_version (
                    version integer PRIMARY KEY,
                    description text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            var current = 0
            for row in try await conn.run("SELECT coalesce(max(version), 0)::int8 FROM sluice_schema_version", logger: logger) {
                current = try row.decode(Int.self)
            }
            for migration in migrations where migration.version > current {
                for statement in migration.statements { try await conn.exec(statement, logger: logger) }
                try await migration.backfill?(conn, logger)
                for statement in migration.finally { try await conn.exec(statement, logger: logger) }
                var binds = PostgresBindings()
                binds.append(migration.version)
                binds.append(migration.description)
                try await conn.exec("INSERT INTO sluice_schema_version (version, description) VALUES ($1, $2)", binds, logger: logger)
            }
            // pg_trgm is a trusted extension (a database owner may create it). Without it,
            // search still works, by scanning.
            try await conn.exec("SAVEPOINT trgm", logger: logger)
            do {
                try await conn.exec("CREATE EXTENSION IF NOT EXISTS pg_trgm", logger: logger)
                try await conn.exec(trigramIndex, logger: logger)
                try await conn.exec("RELEASE SAVEPOINT trgm", logger: logger)
            } catch let error as PSQLError where error.code == .server {
                // Only a server error (no such extension, no permission) means pg_trgm is not
                // available; a lost connection fails the whole migration, which is retried.
                try await conn.exec("ROLLBACK TO SAVEPOINT trgm", logger: logger)
                logger.warning("pg_trgm is not available (\(PostgresSession.describe(error))): search will scan instead of using a trigram index")
            }
            let writer = try await PostgresDocumentWriter.prepare(tables, on: conn, logger: logger)
            return (hadDocuments, writer)
        }
    }
}
#endif
