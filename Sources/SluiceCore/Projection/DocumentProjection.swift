/// How documents of some kinds are stored beyond the generic layout: the searchable entries they
/// add (``SearchEntry``) and, optionally, rows of extra tables described as data
/// (``StoredTable``). A reader that produces kind-specific structure registers its projection
/// beside itself (``PluginRegistry/register(projection:forKinds:)``); database sinks apply it and
/// know nothing of the kind.
///
/// Only ``searchEntries(for:)`` is required. A projection must not throw on odd data: it reads
/// what it can and leaves the rest out (the document itself is stored whole either way).
public protocol DocumentProjection: Sendable {
    /// The entries search should rank for `document`, besides the store's whole-document entry.
    func searchEntries(for document: Document) -> [SearchEntry]

    /// The extra tables this projection fills (default: none). Sinks create them when they open.
    var tables: [StoredTable] { get }

    /// The rows `document` adds to ``tables`` (default: none).
    func tableRows(for document: Document) -> [TableRows]

    /// Whether the store also keeps its own whole-document entry (default: true). A projection
    /// whose entries already cover the document's text (a chunk is one entry) says false, so the
    /// text is not indexed twice.
    var keepsDocumentEntry: Bool { get }

    /// Entries and rows together; the default calls ``searchEntries(for:)`` and
    /// ``tableRows(for:)``. Implement it when both come from one costly parse.
    func project(_ document: Document) -> ProjectedDocument
}

extension DocumentProjection {
    public var tables: [StoredTable] { [] }
    public func tableRows(for document: Document) -> [TableRows] { [] }
    public var keepsDocumentEntry: Bool { true }
    public func project(_ document: Document) -> ProjectedDocument {
        ProjectedDocument(entries: searchEntries(for: document), rows: tableRows(for: document), keepsDocumentEntry: keepsDocumentEntry)
    }
}

/// What a ``DocumentProjection`` made of one document.
public struct ProjectedDocument: Sendable, Hashable {
    /// The extra search entries.
    public var entries: [SearchEntry]
    /// The extra tables' rows.
    public var rows: [TableRows]
    /// Whether the store keeps its whole-document entry too (``DocumentProjection/keepsDocumentEntry``).
    public var keepsDocumentEntry: Bool

    /// Creates a projection result.
    public init(entries: [SearchEntry] = [], rows: [TableRows] = [], keepsDocumentEntry: Bool = true) {
        self.entries = entries
        self.rows = rows
        self.keepsDocumentEntry = keepsDocumentEntry
    }
}
