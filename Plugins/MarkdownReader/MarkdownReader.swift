import SluiceCore
import SluiceTextDecoding

/// The `markdown` reader: Markdown (`.md`, `.markdown`) in, one document out, its body as typed
/// blocks: headings with levels, paragraphs, nested list items, quotes, code blocks (verbatim,
/// with their language), GFM tables and images; YAML front matter into metadata.
///
/// It parses a CommonMark subset itself (see `docs/formats.md` for why not Ink).
public struct MarkdownReader: SourceReader {
    public static let name = "markdown"
    public static let summary = "Markdown: front matter, headings, lists, quotes, code blocks, tables, links and images as typed blocks; markup removed from the text."
    public static let fileExtensions = ["md", "markdown"]

    static let kind = OptionKey<String>.string("kind", default: "article", doc: "The `kind` given to the documents.")
    static let encoding = OptionKey<String>.string(
        "encoding", default: "auto",
        doc: "The input encoding (`auto` detects it: BOM, valid UTF-8, else a charset detector), or a label such as `gb18030`.")

    public static var options: [OptionSpec] { [kind.spec, encoding.spec] }

    public static let example: String? = """
        pipelines:
          notes:
            inputs: ["notes/**/*.md"]
            reader: markdown
            sinks: [{name: jsonl, path: out/notes.jsonl}]
        """

    let documentKind: String
    let encodingLabel: String?

    public init(_ setup: PluginSetup) throws {
        documentKind = setup.options[Self.kind]
        let label = setup.options[Self.encoding]
        encodingLabel = label == "auto" ? nil : label
        if let encodingLabel, TextDecoding.decode([], as: encodingLabel) == nil {
            throw PluginError.configuration("unknown encoding '\(encodingLabel)'")
        }
    }

    /// 0.75 for `.md` and `.markdown`: above the plain `text` reader (0.5), below a reader that
    /// recognises the content itself (grouped minutes written in Markdown go to `minutes`).
    public func confidence(for sample: InputSample) -> Double {
        guard Self.fileExtensions.contains(sample.fileExtension), !sample.head.prefix(8192).contains(0) else { return 0 }
        return 0.75
    }

    public func read(_ input: SourceInput, context: ReadContext) throws -> [Document] {
        let decoded: DecodedText
        if let encodingLabel, let d = TextDecoding.decode(input.bytes, as: encodingLabel) {
            decoded = d
        } else {
            decoded = TextDecoding.decode(input.bytes)
        }
        if decoded.replacements > 0 {
            context.warn("\(decoded.replacements) invalid byte sequence(s) replaced with U+FFFD while decoding as \(decoded.encoding)")
        }
        if Self.looksBinary(decoded.text) {
            throw PluginError.invalidInput("this looks like a binary file, not text (control characters)")
        }
        var lines = MarkdownLines.split(decoded.text)
        let front = try FrontMatter.take(from: &lines)
        var parser = MarkdownBlockParser(lines: lines, context: context)
        let blocks = try parser.parseAll()
        guard !blocks.isEmpty || !front.metadata.isEmpty else {
            throw PluginError.invalidInput("the file has no text (only white space)")
        }
        var metadata = front.metadata
        let title = metadata["title"] ?? blocks.first { $0.type == .heading && $0.level == 1 }?.text
        let text = TextSupport.bodyText(of: blocks)
        if metadata["language"] == nil, let language = TextSupport.guessLanguage(text) { metadata["language"] = language }
        var document = Document(
            kind: documentKind, title: title, published: front.published, metadata: metadata, blocks: blocks, text: text)
        document.source.encoding = decoded.encoding
        return [document]
    }

    /// True when more than one character in twenty of the start is a C0 control other than tab,
    /// line feed, carriage return, form feed or escape.
    static func looksBinary(_ text: String) -> Bool {
        let head = text.unicodeScalars.prefix(8192)
        let controls = head.filter { $0.value < 0x20 && !["\t", "\n", "\r", "\u{0C}", "\u{1B}"].contains($0) }.count
        return head.contains("\u{0}") || controls * 20 > head.count
    }
}
