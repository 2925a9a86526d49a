/// The tunable thresholds, from the reader's options.
struct ExtractionSettings: Sendable {
    /// Weighted length (ideographs count 2) from which a low-link run of text counts as article
    /// text on its own.
    var minParagraphWeight = 60
    var keepImages = true
    var keepCaptions = true
}
