#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceCore
import SluiceHTML

/// The `news` reader: the article out of a news page, as HTML (parsed with libxml2) or as a page
/// already flattened to text. One document of kind `news` per page: title, ISO 8601 publication
/// date, metadata (`author`, `editor`, `outlet`, `site`, `url`, `language`) and the body as
/// ordered blocks (headings, paragraphs, list items, quotes, images with captions).
public struct NewsReader: SourceReader {
    public static let name = "news"
    public static let summary = "Extracts the article (body, title, date, author, source) from news pages, in HTML or flattened to text"
    public static let fileExtensions = ["html", "htm", "xhtml", "shtml", "txt", "text"]

    static let minParagraphLength = OptionKey<Int>.integer(
        "min_paragraph_length", default: 60,
        doc: "Weighted length (a Chinese character counts 2, any other character 1) from which a low-link run of text counts as article text by itself; shorter runs are kept only between article paragraphs.")
    static let keepImages = OptionKey<Bool>.boolean(
        "keep_images", default: true, doc: "Keep images (with their captions) as image blocks.")
    static let contentSelector = OptionKey<[String]>.stringList(
        "content_selector", default: [],
        doc: "Per-site override: CSS selectors (subset: tag, #id, .class, [attr=value], descendant and `>`) tried in order; the first element matched is taken as the article container instead of the automatic choice.")
    static let removeSelector = OptionKey<[String]>.stringList(
        "remove_selector", default: [], doc: "Per-site override: CSS selectors of elements to drop before extraction.")
    static let textForm = OptionKey<String>.choice(
        "text_form", ["auto", "always", "never"], default: "auto",
        doc: "How to treat input that is not HTML: `auto` reads pages flattened to text line by line, `always` treats every input as flattened text, `never` refuses non-HTML input.")
    static let timezone = OptionKey<String>.string(
        "default_utc_offset", default: "auto",
        doc: "Offset appended to publication times that state none: `auto` uses +08:00 for Chinese pages and nothing otherwise; `none` never appends; or a literal such as `+01:00`.")
    static let maxDepth = OptionKey<Int>.integer(
        "max_depth", default: 1_000, doc: "Elements nested deeper than this are flattened into their ancestor (with a warning).")
    static let maxTextNodeBytes = OptionKey<Int>.integer(
        "max_text_node_bytes", default: 2 << 20, doc: "Text runs longer than this many bytes are cut (with a warning).")
    static let maxNodes = OptionKey<Int>.integer(
        "max_nodes", default: 400_000, doc: "After this many nodes the rest of a page is dropped (with a warning).")

    public static var options: [OptionSpec] {
        [minParagraphLength.spec, keepImages.spec, contentSelector.spec, removeSelector.spec, textForm.spec, timezone.spec,
         maxDepth.spec, maxTextNodeBytes.spec, maxNodes.spec]
    }

    public static var example: String? {
        """
        pipelines:
          news:
            inputs: [pages/]
            reader: {name: news, min_paragraph_length: 60, keep_images: true}
            sinks:
              - {name: jsonl, path: out/news.jsonl}
        """
    }

    /// The attributes extraction looks at (plus any a selector names).
    static let usedAttributes: Set<String> = [
        "class", "id", "style", "hidden", "aria-hidden", "src", "data-src", "data-original", "data-lazy-src", "data-actualsrc",
        "original", "alt", "width", "height", "href", "rel", "name", "property", "content", "itemprop", "http-equiv", "charset",
        "lang", "xml:lang", "datetime", "pubdate", "type",
    ]

    /// Attributes extraction reads on one kind of element only; elsewhere (the `href` of every
    /// link, the `src` of scripts) they are not converted at all.
    static let attributeElements: [String: Set<String>] = [
        "href": ["link"], "rel": ["link", "a"],
        "src": ["img"], "data-src": ["img"], "data-original": ["img"], "data-lazy-src": ["img"], "data-actualsrc": ["img"],
        "original": ["img"], "alt": ["img"], "width": ["img"], "height": ["img"],
        "name": ["meta"], "property": ["meta"], "http-equiv": ["meta"], "charset": ["meta"],
        "lang": ["html"], "xml:lang": ["html"], "type": ["script"],
    ]

    let settings: ExtractionSettings
    let contentSelectors: [CSSSelector]
    let removeSelectors: [CSSSelector]
    let textFormMode: String
    let offsetSetting: String
    let parseOptions: HTMLParseOptions

    public init(_ setup: PluginSetup) throws {
        var settings = ExtractionSettings()
        settings.minParagraphWeight = max(1, setup.options[Self.minParagraphLength])
        settings.keepImages = setup.options[Self.keepImages]
        self.settings = settings
        var content: [CSSSelector] = []
        for text in setup.options[Self.contentSelector] {
            guard let s = CSSSelector(text) else { throw PluginError.configuration("content_selector '\(text)' is not a supported selector") }
            content.append(s)
        }
        var remove: [CSSSelector] = []
        for text in setup.options[Self.removeSelector] {
            guard let s = CSSSelector(text) else { throw PluginError.configuration("remove_selector '\(text)' is not a supported selector") }
            remove.append(s)
        }
        contentSelectors = content
        removeSelectors = remove
        textFormMode = setup.options[Self.textForm]
        offsetSetting = setup.options[Self.timezone]
        var limits = HTMLParseLimits()
        limits.maxDepth = max(16, setup.options[Self.maxDepth])
        limits.maxTextNodeBytes = max(1024, setup.options[Self.maxTextNodeBytes])
        limits.maxNodes = max(1000, setup.options[Self.maxNodes])
        var keep = Self.usedAttributes
        var only = Self.attributeElements
        for selector in content + remove {
            keep.formUnion(selector.attributeNames)
            // Attributes a selector names are needed on every element.
            for name in selector.attributeNames { only[name] = nil }
        }
        parseOptions = HTMLParseOptions(limits: limits, keepAttributes: keep, attributeElements: only)
    }

    // MARK: Routing

    public func confidence(for sample: InputSample) -> Double {
        if PageSniffing.looksLikeHTML(sample.head) { return 0.95 }
        if ["html", "htm", "xhtml", "shtml"].contains(sample.fileExtension) {
            return PageSniffing.looksBinary(sample.head) ? 0.6 : 0.9
        }
        if PageSniffing.looksBinary(sample.head) { return 0 }
        return PageSniffing.newsTextConfidence(sample.head)
    }

    // MARK: Reading

    public func read(_ input: SourceInput, context: ReadContext) throws -> [Document] {
        let bytes = input.bytes
        if bytes.isEmpty { throw PluginError.invalidInput("the page is empty") }
        let isHTML = PageSniffing.looksLikeHTML(bytes.prefix(65_536))
        if PageSniffing.looksBinary(bytes.prefix(65_536)) {
            throw PluginError.invalidInput("the input is binary, not an HTML page or text (\(bytes.count) bytes)")
        }
        if textFormMode == "always" || (!isHTML && textFormMode == "auto" && !["html", "htm", "xhtml", "shtml"].contains(input.fileExtension)) {
            return [try readText(bytes, context: context)]
        }
        if !isHTML && textFormMode == "never" {
            throw PluginError.invalidInput("the input is not HTML (no <html>, <head> or <body> found) and text_form is 'never'")
        }
        return [try readHTML(bytes, context: context)]
    }

    func readHTML(_ bytes: [UInt8], context: ReadContext) throws -> Document {
        let (extractor, encoding) = try preparedExtractor(bytes, context: context)
        var document = HTMLArticle.build(extractor, offsetSetting: offsetSetting, warn: { context.warn($0) })
        document.source.encoding = encoding
        if document.blocks.isEmpty {
            context.warn("no article text found on the page")
        }
        return document
    }

    /// The page decoded, parsed and flagged, ready for extraction (`inspect` explains from it
    /// too), and the encoding it was read in.
    func preparedExtractor(_ bytes: [UInt8], context: ReadContext) throws -> (HTMLExtractor, String) {
        let declared = PageSniffing.declaredCharset(bytes.prefix(16_384))
        // Plain UTF-8 pages (most of them) need no decoding: the bytes go to libxml2 as they
        // are, and the text is only made if something below needs it.
        let plainUTF8 = PageDecoding.isPlainUTF8(bytes, declared: declared)
        let decoded = plainUTF8
            ? DecodedPage(text: "", encoding: "UTF-8", replacements: 0) : PageDecoding.decode(bytes, declared: declared)
        if let declared, let canonical = PageDecoding.canonical(declared), canonical != decoded.encoding,
            !(canonical == "ISO-8859-1" && decoded.encoding == "windows-1252"), !(canonical.hasPrefix("UTF-16") && decoded.encoding.hasPrefix("UTF-16"))
        {
            // The declared charset was overruled: say so, and what was replaced (the text
            // reader's "guessed" note would wrongly say no charset was declared).
            context.warn("the page declares charset '\(declared)' but is \(decoded.encoding); decoded as \(decoded.encoding)")
            if let replaced = decoded.replacementWarning { context.warn(replaced) }
        } else if let warning = decoded.warning {
            context.warn(warning)
        }
        // nil: the text is exactly the bytes (plain UTF-8).
        var text: String? = plainUTF8 ? nil : decoded.text
        if !plainUTF8, !decoded.encoding.hasPrefix("UTF-16"), !decoded.encoding.hasPrefix("UTF-32"),
            bytes.withUnsafeBufferPointer({ memchr($0.baseAddress!, 0, $0.count) != nil })
        {
            // Stray NUL bytes would end libxml2's reading of the page early.
            text = String(decoding: decoded.text.utf8.filter { $0 != 0 }, as: UTF8.self)
            context.warn("the page contains NUL bytes; they were removed")
        }
        if PageSniffing.declaresEntities(bytes.prefix(65_536)) {
            context.warn("the page declares DTD entities; they were neither loaded nor expanded")
            text = PageSniffing.strippingInternalSubset(text ?? PageDecoding.decode(bytes, declared: declared).text)
        }
        if PageSniffing.looksTruncated(bytes) {
            context.warn("the page seems truncated (no closing </body> or </html>); reading what is there")
        }
        let result: HTMLParseResult
        do {
            // Valid UTF-8 without a BOM goes to libxml2 as it is (no copy).
            let utf8: [UInt8]
            if let text {
                utf8 = decoded.encoding == "UTF-8" && !decoded.hadBOM && text.utf8.count == bytes.count ? bytes : Array(text.utf8)
            } else {
                utf8 = bytes
            }
            result = try HTMLParser.parse(utf8: utf8, options: parseOptions)
        } catch {
            switch error {
            case .tooLarge: throw PluginError.limitExceeded(error.description)
            case .parserFailed: throw PluginError.invalidInput(error.description)
            }
        }
        for warning in result.warnings { context.warn(warning) }
        try context.checkTimeBudget()
        var extractor = HTMLExtractor(doc: result.document, settings: settings, contentSelectors: contentSelectors, removeSelectors: removeSelectors)
        extractor.prepare()
        try context.checkTimeBudget()
        return (extractor, decoded.encoding)
    }

    func readText(_ bytes: [UInt8], context: ReadContext) throws -> Document {
        let decoded = PageDecoding.decode(bytes, declared: nil)
        if let warning = decoded.warning { context.warn(warning) }
        var document = TextFormExtractor(settings: settings, offsetSetting: offsetSetting).extract(decoded.text)
        document.source.encoding = decoded.encoding
        if document.blocks.isEmpty { context.warn("no article text found in the page text") }
        return document
    }
}
