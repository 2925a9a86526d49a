/// What `sluice ingest` uses when it is given no manifest, declared by whoever assembles the
/// registry (the built-ins declare `unicode` + `whitespace`, a `sqlite` store at `sluice.db`, and
/// `jsonl` for `--jsonl`), so the command line names no plugin itself.
public struct IngestDefaults: Sendable, Hashable {
    /// Normalizers applied in order.
    public var normalizers: [String]
    /// The sink written by default (it must have a `path` option), or nil for none.
    public var store: String?
    /// The default `path` of the store.
    public var storePath: String
    /// The JSONL sink: the sink behind `--jsonl FILE` (it must have a `path` option), or nil when
    /// there is none.
    public var jsonlSink: String?

    /// Declares defaults.
    public init(normalizers: [String] = [], store: String? = nil, storePath: String = "", jsonlSink: String? = nil) {
        self.normalizers = normalizers
        self.store = store
        self.storePath = storePath
        self.jsonlSink = jsonlSink
    }
}
