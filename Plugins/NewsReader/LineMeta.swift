/// Metadata gathered from lines, with the first (most trusted) value of each kind kept.
struct LineMeta: Sendable {
    var date: FoundDate?
    var datelineDate: FoundDate?
    var source: String?
    var author: String?
    var editor: String?
    /// A by-line found only after the article's end: trusted less than the page's declared author.
    var trailingAuthor: String?

    mutating func absorb(_ f: MetaFields) {
        if date == nil, let d = f.date { date = d }
        if datelineDate == nil, let d = f.datelineDate { datelineDate = d }
        if source == nil, let s = f.source, s.count <= 40 { source = s }
        if author == nil, let a = f.author, a.count <= 40 { author = a }
        if editor == nil, let e = f.editor, e.count <= 40 { editor = e }
    }
}
