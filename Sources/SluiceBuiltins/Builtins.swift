import SluiceChunkNormalizer
import SluiceCore
import SluiceDedupNormalizer
import SluiceDocxDecoder
import SluiceExecPlugins
import SluiceFilterNormalizer
import SluiceJSONLSink
import SluiceLanguageNormalizer
import SluiceMarkdownReader
import SluiceMinutesReader
import SluiceNewsReader
#if Postgres
import SluicePostgresSink
#endif
import SluiceSQLiteSink
import SluiceTextReader
import SluiceUnicodeNormalizer
import SluiceWhitespaceNormalizer

extension PluginRegistry {
    /// A registry holding every built-in plugin: decoder `docx`; readers `text`, `news`, `minutes`
    /// and `markdown`;
    /// normalizers `unicode` and `whitespace`; sinks `jsonl`, `sqlite` (and `postgres` when built
    /// with it). Add a third party's plugins to the returned value with `register(_:)`.
    public static func builtins() -> PluginRegistry {
        var registry = PluginRegistry()
        registry.registerBuiltins()
        return registry
    }

    /// Registers every built-in plugin into this registry.
    public mutating func registerBuiltins() {
        register(TextReader.self)
        register(NewsReader.self)
        register(MinutesReader.self)
        register(projection: MinutesProjection(), forKinds: MinutesReader.projectedKinds)
        register(MarkdownReader.self)
        register(DocxDecoder.self)
        register(UnicodeNormalizer.self)
        register(WhitespaceNormalizer.self)
        register(JSONLSink.self)
        register(SQLiteSink.self)
        register(searchProvider: SQLiteSearchProvider.self)
        register(stateStoreProvider: SQLiteStateStoreProvider.self)
        register(ExecReader.self)
        register(ExecNormalizer.self)
        setFolderPluginLoader { folders, registry in ExecPluginFolder.register(folders, into: &registry) }
        #if Postgres
        register(PostgresSink.self)
        register(searchProvider: PostgresSearchProvider.self)
        register(claimerProvider: PostgresClaimerProvider.self)
        #endif
        register(ChunkNormalizer.self)
        register(projection: ChunkProjection(), forKinds: ChunkProjection.kinds)
        register(LanguageNormalizer.self)
        register(FilterNormalizer.self)
        register(DedupNormalizer.self)
        ingestDefaults = IngestDefaults(
            normalizers: [UnicodeNormalizer.name, WhitespaceNormalizer.name],
            store: SQLiteSink.name, storePath: "sluice.db", jsonlSink: JSONLSink.name)
    }
}
