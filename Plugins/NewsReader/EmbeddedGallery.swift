import SluiceHTML

extension HTMLExtractor {
    static let galleryWords = NeedleSet(["gallery", "Gallery", "GALLERY", "slideshow", "Slideshow", "SlideShow", "carousel", "Carousel"])
    /// Items (`<li>`, `<figure>`) from which an element named a gallery is a picture series.
    static let galleryItems = 6

    /// A picture series set in the page (`div.grid-mod-gallery` with fifty captioned slides): an
    /// element whose class or id names a gallery, slideshow or carousel and that holds at least
    /// `galleryItems` list items or figures. Its captions are not the article's text; a gallery
    /// wrapper around one or a few figures of the article is not one.
    func isEmbeddedGallery(_ i: Int) -> Bool {
        let node = doc.nodes[i]
        // The class and id are searched as they are (no lower-cased copy per element).
        guard node.attributes.contains(where: { ($0.name == "class" || $0.name == "id") && Self.galleryWords.occurs(in: $0.value) }) else { return false }
        var items = 0
        // The items come early in a gallery: a bounded look keeps nested galleries linear.
        for j in (i + 1)..<min(Int(node.end), i + 4000) where doc.nodes[j].kind == .element {
            let tag = doc.nodes[j].name
            if tag == "li" || tag == "figure" {
                items += 1
                if items >= Self.galleryItems { return true }
            }
        }
        return false
    }
}
