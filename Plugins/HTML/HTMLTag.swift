/// A compact code for an element's tag name, so that hot loops compare integers instead of
/// strings. Names outside ``HTMLTag/knownNames`` get ``HTMLTag/other``; the node's `name` always
/// has the full name.
public struct HTMLTag: RawRepresentable, Hashable, Sendable {
    public let rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The code for a lowercase tag name.
    public init(name: String) { self.rawValue = HTMLTag.codes[name] ?? 0 }

    /// The names that have their own code, in code order (code 0 is "other").
    public static let knownNames: [String] = [
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
    public var name: String? { rawValue == 0 || Int(rawValue) >= HTMLTag.knownNames.count ? nil : HTMLTag.knownNames[Int(rawValue)] }

    /// A lookup table over all codes: `table[Int(tag.rawValue)]` says whether the tag is in `names`.
    public static func table(_ names: Set<String>) -> [Bool] {
        knownNames.map { names.contains($0) }
    }

    public static let other = HTMLTag(rawValue: 0)
    public static let document = HTMLTag(name: "#document")
    public static let a = HTMLTag(name: "a")
    public static let strong = HTMLTag(name: "strong")
    public static let b = HTMLTag(name: "b")
    public static let img = HTMLTag(name: "img")
    public static let br = HTMLTag(name: "br")
    public static let h1 = HTMLTag(name: "h1")
    public static let h6 = HTMLTag(name: "h6")
    public static let li = HTMLTag(name: "li")
    public static let ul = HTMLTag(name: "ul")
    public static let ol = HTMLTag(name: "ol")
    public static let blockquote = HTMLTag(name: "blockquote")
    public static let pre = HTMLTag(name: "pre")
    public static let figcaption = HTMLTag(name: "figcaption")
    public static let nav = HTMLTag(name: "nav")
    public static let aside = HTMLTag(name: "aside")
    public static let footer = HTMLTag(name: "footer")
    public static let script = HTMLTag(name: "script")
    public static let html = HTMLTag(name: "html")
    public static let title = HTMLTag(name: "title")
    public static let meta = HTMLTag(name: "meta")
    public static let link = HTMLTag(name: "link")
    public static let time = HTMLTag(name: "time")

    /// The heading level for `h1`…`h6`, else nil.
    public var headingLevel: Int? {
        rawValue >= HTMLTag.h1.rawValue && rawValue <= HTMLTag.h6.rawValue ? Int(rawValue - HTMLTag.h1.rawValue) + 1 : nil
    }
}
