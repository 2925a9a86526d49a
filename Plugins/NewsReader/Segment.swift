import SluiceCore

/// A candidate block: a paragraph-like run of text (or an image) with the measures the
/// extractor scores it by. For HTML the owner is the nearest block-level element; for text it is
/// the line number.
struct Segment: Sendable {
    enum Kind: Sendable, Equatable {
        case paragraph
        case heading(Int)
        case listItem(Int)
        case quote
        case preformatted
        case image
        case caption
    }

    var kind: Kind
    var text: String
    var owner: Int
    var stats: TextStats
    var linkChars = 0
    var boldChars = 0
    var negAnchor: Int32 = -1
    var src: String?
    var alt: String?
    /// A summary under a linked headline in a list of teasers (related news, sidebars).
    var teaser = false
    /// Whether the text is site chrome (computed once, when the segment is made).
    var chrome = false

    var linkDensity: Double { stats.chars == 0 ? 0 : Double(linkChars) / Double(stats.chars) }
    var nonLinkChars: Int { max(0, stats.chars - linkChars) }
}
