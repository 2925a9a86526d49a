import SluiceCore
import SluiceTextDecoding

/// The plain-text reader `text`: any text file in any common encoding becomes one `article`
/// document with a title (a short first line), sub-headings (short lines without final
/// punctuation between paragraphs) and paragraphs.
public struct TextReader: SourceReader {
    public static let name = "text"
    public static let summary = "Plain text in any common encoding → one article with title, sub-headings and paragraphs."
    public static let fileExtensions = ["txt", "text", "md", "markdown", "rst", "log"]

    static let maxTitleLength = OptionKey<Int>.integer(
        "max_title_length", default: 80,
        doc: "The longest first line (in characters) taken as the title; 0 never takes a title.")
    static let maxHeadingLength = OptionKey<Int>.integer(
        "max_heading_length", default: 24,
        doc: "The longest line (in characters) taken as a sub-heading when it has no final punctuation; 0 finds none.")
    static let paragraphs = OptionKey<String>.choice(
        "paragraphs", ["auto", "line", "blank_line"], default: "auto",
        doc: "What separates paragraphs: every line break (`line`), blank lines (`blank_line`, for hard-wrapped text), or decide per file (`auto`).")
    static let encoding = OptionKey<String>.string(
        "encoding", default: "auto",
        doc: "The input encoding (`auto` detects it: BOM, valid UTF-8, else a charset detector), or a label such as `gb18030`, `big5`, `utf-16le`.")
    static let kind = OptionKey<String>.string("kind", default: "article", doc: "The `kind` given to the documents.")

    public static var options: [OptionSpec] {
        [maxTitleLength.spec, maxHeadingLength.spec, paragraphs.spec, encoding.spec, kind.spec]
    }

    public static let example: String? = """
        reader:
          name: text
          paragraphs: auto
          max_heading_length: 24
        """

    let maxTitle: Int
    let maxHeading: Int
    let paragraphMode: String
    let encodingLabel: String?
    let documentKind: String

    public init(_ setup: PluginSetup) throws {
        maxTitle = setup.options[Self.maxTitleLength]
        maxHeading = setup.options[Self.maxHeadingLength]
        paragraphMode = setup.options[Self.paragraphs]
        documentKind = setup.options[Self.kind]
        let label = setup.options[Self.encoding]
        if label == "auto" {
            encodingLabel = nil
        } else {
            guard TextDecoding.canonicalName(forLabel: label) != nil else {
                throw PluginError.configuration("unknown encoding '\(label)'")
            }
            encodingLabel = label
        }
    }

    public func confidence(for sample: InputSample) -> Double {
        if Self.fileExtensions.contains(sample.fileExtension) { return 0.5 }
        // A file with no extension is read when it looks like text; one with an unknown
        // extension (source code, data, configuration) is left to other readers, or skipped.
        return sample.fileExtension.isEmpty && TextSniffer.looksLikeText(sample.head) ? 0.2 : 0
    }

    public func read(_ input: SourceInput, context: ReadContext) throws -> [Document] {
        let decoded: DecodedText
        if let encodingLabel {
            guard let d = TextDecoding.decode(input.bytes, as: encodingLabel) else {
                throw PluginError.configuration("unknown encoding '\(encodingLabel)'")
            }
            decoded = d
        } else {
            decoded = TextDecoding.decode(input.bytes)
        }
        let wide = decoded.encoding.hasPrefix("UTF-16") || decoded.encoding.hasPrefix("UTF-32")
        if (!wide && TextSniffer.looksBinary(input.bytes)) || TextSniffer.hasControlCharacters(decoded.text) {
            throw PluginError.invalidInput("this looks like a binary file, not text (NUL bytes or control characters)")
        }
        if let warning = decoded.warning { context.warn(warning) }
        let structure = TextStructure(
            maxTitleLength: maxTitle, maxHeadingLength: maxHeading, paragraphMode: paragraphMode)
        var (title, blocks) = structure.parse(decoded.text)
        // A decoded container (a Word file) knows its structure: its typed blocks replace the
        // guessed ones, its title (or first top-level heading) the guessed title.
        if let hinted = input.decoded?.blocks, !hinted.isEmpty {
            blocks = hinted
            title = input.decoded?.metadata["title"] ?? hinted.first { $0.type == .heading && $0.level == 1 }?.text ?? title
        }
        guard !blocks.isEmpty || title != nil else {
            throw PluginError.invalidInput("the file has no text (only white space)")
        }
        var metadata: [String: String] = [:]
        if let language = TextSupport.guessLanguage(decoded.text) { metadata["language"] = language }
        var document = Document(
            kind: documentKind, title: title, metadata: metadata, blocks: blocks,
            text: TextSupport.bodyText(of: blocks))
        document.source.encoding = decoded.encoding
        return [document]
    }
}

/// Cheap checks on raw bytes.
enum TextSniffer {
    /// True when the bytes hold NULs or many C0 control characters and no UTF-16/32 BOM.
    static func looksBinary(_ bytes: some Collection<UInt8>) -> Bool {
        let head = Array(bytes.prefix(8192))
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0, 0, 0xFE, 0xFF]) {
            return false
        }
        var nul = 0, control = 0
        for b in head {
            if b == 0 { nul += 1 } else if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C && b != 0x1B { control += 1 }
        }
        // BOM-less UTF-16: NULs in every other byte of mostly-ASCII text.
        if nul > 0 && nul * 3 >= head.count && isAlternatingZeros(head) { return false }
        return nul > 0 || control * 20 > head.count
    }

    /// True when decoded text holds NULs or many C0 control characters.
    static func hasControlCharacters(_ text: String) -> Bool {
        var count = 0, control = 0
        for s in text.unicodeScalars.prefix(8192) {
            count += 1
            if s.value == 0 { return true }
            if s.value < 0x20 && s != "\t" && s != "\n" && s != "\r" && s != "\u{0C}" && s != "\u{1B}" { control += 1 }
        }
        return control * 20 > count
    }

    static func isAlternatingZeros(_ head: [UInt8]) -> Bool {
        var even = 0, odd = 0
        for (i, b) in head.enumerated() where b == 0 { if i % 2 == 0 { even += 1 } else { odd += 1 } }
        return max(even, odd) * 10 >= head.count * 4 && min(even, odd) * 10 < max(even, odd)
    }

    static func looksLikeText(_ head: [UInt8]) -> Bool { !head.isEmpty && !looksBinary(head) }
}
