/// How segments count as article text and what they add to the score of their container.
enum Scoring {
    /// Whether a segment reads like article text by itself.
    static func isGood(_ s: Segment, settings: ExtractionSettings) -> Bool {
        guard s.kind != .image, s.linkDensity < 0.4 else { return false }
        let weight = Double(s.stats.weighted) * (1 - s.linkDensity)
        if weight >= Double(settings.minParagraphWeight) { return true }
        return weight >= Double(settings.minParagraphWeight) / 2 && s.stats.punctuation >= 2 && s.stats.endsWithSentencePunctuation
    }

    /// What a segment adds to the score of the element (or line range) that contains it.
    static func contribution(_ s: Segment, settings: ExtractionSettings, useHints: Bool = true) -> Double {
        if s.kind == .image || s.kind == .caption { return 0 }
        let total = Double(s.stats.chars)
        let link = Double(s.linkChars)
        let plain = Double(s.nonLinkChars)
        if s.chrome { return -total - 5 }
        if useHints && s.negAnchor >= 0 {
            return -0.3 * plain - link
        }
        if s.teaser { return -0.25 * plain - link - 1 }
        if isGood(s, settings: settings) { return plain - link }
        return -0.25 * plain - link - 1
    }
}
