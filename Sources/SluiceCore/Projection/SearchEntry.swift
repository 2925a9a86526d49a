/// One unit full-text search ranks, besides the whole document: a part of a document that a
/// reader's ``DocumentProjection`` wants found on its own (a statement in minutes, a cue in a
/// subtitle file, a chunk).
///
/// Stores keep the entry's ``facets`` beside the indexed text and give them back on every hit
/// (``SearchHit/facets``). An entry hides a coarser hit of the same document: the whole-document
/// hit (unless its title matched), and any other entry whose facets are a strict subset of this
/// entry's (unless that entry's own body matched). So a reader that gives a section the facets
/// `{section: A}` and each paragraph in it `{section: A, paragraph: 3}` gets the paragraph back,
/// not the section.
public struct SearchEntry: Sendable, Hashable, Codable {
    /// What the entry is, such as `statement`, `cue` or `chunk` (`document` is the store's own
    /// whole-document entry).
    public var unit: String
    /// Names and values shown with a hit and kept queryable in the store (a JSON object column),
    /// such as `{"speaker": "…"}`. Keys are plain lower-case names.
    public var facets: [String: String]
    /// Text weighted most when ranking (usually empty: the document's title has its own entry).
    public var title: String
    /// Searchable text that is not body text (a label, a name), weighted over the body.
    public var context: String
    /// The entry's text.
    public var body: String

    /// Creates an entry.
    public init(unit: String, facets: [String: String] = [:], title: String = "", context: String = "", body: String) {
        self.unit = unit
        self.facets = facets
        self.title = title
        self.context = context
        self.body = body
    }
}
