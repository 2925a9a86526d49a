/// A compact code for an element's tag name, so that hot loops compare integers instead of
/// strings. Names outside ``HTMLTag/knownNames`` get ``HTMLTag/other``; the node's `name` always
/// has the full name.
package struct HTMLTag: RawRepresentable, Hashable, Sendable {
    package let rawValue: UInt16

    @inlinable package init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The code for a lowercase tag name.
    package init(name: String) { self.rawValue = HTMLTag.codes[name] ?? 0 }

    /// The names that have their own code, in code order (code 0 is "other"). The named codes
    /// below (`a`, `h1`, …) are these indices written out, so hot loops need no lazy global.
    package static let knownNames: [String] = [
        "#other", "#document", "html", "head", "body", "title", "meta", "link", "script", "style", "noscript", "template",
        "iframe", "object", "embed", "svg", "canvas", "button", "select", "option", "textarea", "input", "map", "audio",
        "video", "dialog", "math", "a", "strong", "b", "img", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "p", "div",
        "li", "ul", "ol", "blockquote", "pre", "figcaption", "figure", "td", "th", "tr", "table", "tbody", "thead", "tfoot",
        "caption", "section", "article", "main", "header", "footer", "nav", "aside", "address", "center", "dd", "dl", "dt",
        "details", "summary", "fieldset", "form", "hgroup", "menu", "span", "em", "i", "font", "time",
    ]

    static let codes: [String: UInt16] = {
        var map: [String: UInt16] = [:]
        for (i, name) in knownNames.enumerated() where i > 0 { map[name] = UInt16(i) }
        return map
    }()

    /// The tag's name when it has its own code.
    package var name: String? { rawValue == 0 || Int(rawValue) >= HTMLTag.knownNames.count ? nil : HTMLTag.knownNames[Int(rawValue)] }

    /// A lookup table over all codes: `table[Int(tag.rawValue)]` says whether the tag is in `names`.
    package static func table(_ names: Set<String>) -> [Bool] {
        knownNames.map { names.contains($0) }
    }

    @inlinable package static var other: HTMLTag { HTMLTag(rawValue: 0) }
    @inlinable package static var document: HTMLTag { HTMLTag(rawValue: 1) }  // "#document"
    @inlinable package static var a: HTMLTag { HTMLTag(rawValue: 27) }  // "a"
    @inlinable package static var strong: HTMLTag { HTMLTag(rawValue: 28) }  // "strong"
    @inlinable package static var b: HTMLTag { HTMLTag(rawValue: 29) }  // "b"
    @inlinable package static var img: HTMLTag { HTMLTag(rawValue: 30) }  // "img"
    @inlinable package static var br: HTMLTag { HTMLTag(rawValue: 31) }  // "br"
    @inlinable package static var h1: HTMLTag { HTMLTag(rawValue: 33) }  // "h1"
    @inlinable package static var h6: HTMLTag { HTMLTag(rawValue: 38) }  // "h6"
    @inlinable package static var li: HTMLTag { HTMLTag(rawValue: 41) }  // "li"
    @inlinable package static var ul: HTMLTag { HTMLTag(rawValue: 42) }  // "ul"
    @inlinable package static var ol: HTMLTag { HTMLTag(rawValue: 43) }  // "ol"
    @inlinable package static var blockquote: HTMLTag { HTMLTag(rawValue: 44) }  // "blockquote"
    @inlinable package static var pre: HTMLTag { HTMLTag(rawValue: 45) }  // "pre"
    @inlinable package static var figcaption: HTMLTag { HTMLTag(rawValue: 46) }  // "figcaption"
    @inlinable package static var nav: HTMLTag { HTMLTag(rawValue: 61) }  // "nav"
    @inlinable package static var aside: HTMLTag { HTMLTag(rawValue: 62) }  // "aside"
    @inlinable package static var footer: HTMLTag { HTMLTag(rawValue: 60) }  // "footer"
    @inlinable package static var script: HTMLTag { HTMLTag(rawValue: 8) }  // "script"
    @inlinable package static var html: HTMLTag { HTMLTag(rawValue: 2) }  // "html"
    @inlinable package static var title: HTMLTag { HTMLTag(rawValue: 5) }  // "title"
    @inlinable package static var meta: HTMLTag { HTMLTag(rawValue: 6) }  // "meta"
    @inlinable package static var link: HTMLTag { HTMLTag(rawValue: 7) }  // "link"
    @inlinable package static var time: HTMLTag { HTMLTag(rawValue: 78) }  // "time"

    /// The heading level for `h1`…`h6`, else nil.
    @inlinable package var headingLevel: Int? {
        rawValue >= HTMLTag.h1.rawValue && rawValue <= HTMLTag.h6.rawValue ? Int(rawValue - HTMLTag.h1.rawValue) + 1 : nil
    }
}
