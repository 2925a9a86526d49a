import SluiceHTML

extension HTMLExtractor {
    static let galleryWords = NeedleSet(["gallery", "slideshow", "carousel"])
    /// Items (`<li>`, `<figure>`) from which an element named a gallery is a picture series.
    static let galleryItems = 6

    /// A picture series set in the page (`div.grid-mod-gallery` with fifty captioned slides): an
    /// element whose class or id names a gallery, slideshow or carousel and that holds at least
    /// `galleryItems` list items or figures. Its captions are not the article's text; a gallery
    /// wrapper around one or a few figures of the article is not one.
    func isEmbeddedGallery(_ i: Int) -> Bool {
        let node = doc.nodes[i]
        guard let key = Self.hintKey(node), Self.galleryWords.occurs(in: key.lowercased()) else { return false }
        var items = 0
        for j in (i + 1)..<Int(node.end) where doc.nodes[j].kind == .element {
            let tag = doc.nodes[j].name
            if tag == "li" || tag == "figure" {
                items += 1
                if items >= Self.galleryItems { return true }
            }
        }
        return false
    }
}
