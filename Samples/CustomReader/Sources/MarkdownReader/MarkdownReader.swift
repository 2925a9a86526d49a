import SluiceCore

/// The reader `markdown`: ATX headings (`#`), paragraphs, list items, block quotes, fenced code
/// and images (`![caption](src)`) become typed blocks; the first level-1 heading is the title.
/// UTF-8 input only (a real reader would decode other encodings too).
public struct MarkdownReader: SourceReader {
    public static let name = "markdown"
    public static let summary = "Markdown files → one document with headings, paragraphs, lists, quotes, code and images."
    public static let fileExtensions = ["md", "markdown"]

    static let kind = OptionKey<String>.string("kind", default: "note", doc: "The `kind` given to the documents.")
    public static var options: [OptionSpec] { [kind.spec] }

    let documentKind: String

    public init(_ setup: PluginSetup) throws {
        documentKind = setup.options[Self.kind]
    }

    /// Markdown files are this reader's: more sure than the plain-text reader's 0.5.
    public func confidence(for sample: InputSample) -> Double {
        Self.fileExtensions.contains(sample.fileExtension) ? 0.8 : 0
    }

    public func read(_ input: SourceInput, context: ReadContext) throws -> [Document] {
        guard let text = String(validating: input.bytes, as: UTF8.self) else {
            throw PluginError.invalidInput("the Markdown reader reads UTF-8 only")
        }
        var title: String?
        var blocks: [Block] = []
        var paragraph: [String] = []
        var code: [String]?

        func flush() {
            if !paragraph.isEmpty { blocks.append(Block(.paragraph, text: paragraph.joined(separator: " "))) }
            paragraph = []
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingSuffix(while: { $0 == "\r" || $0 == " " })
            if line.hasPrefix("```") {
                if let lines = code {
                    blocks.append(Block(.preformatted, text: lines.joined(separator: "\n")))
                    code = nil
                } else {
                    flush()
                    code = []
                }
                continue
            }
            if code != nil { code!.append(String(line)); continue }
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.isEmpty { flush(); continue }
            if let level = headingLevel(trimmed) {
                flush()
                let heading = String(trimmed.dropFirst(level).drop(while: { $0 == " " }))
                if level == 1, title == nil { title = heading } else { blocks.append(Block(.heading, text: heading, level: level)) }
            } else if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") {
                flush()
                blocks.append(Block(.listItem, text: String(trimmed.dropFirst(2)), level: 1))
            } else if trimmed.hasPrefix(">") {
                flush()
                blocks.append(Block(.quote, text: String(trimmed.dropFirst().drop(while: { $0 == " " }))))
            } else if let image = image(trimmed) {
                flush()
                blocks.append(image)
            } else {
                paragraph.append(String(trimmed))
            }
        }
        flush()
        if let lines = code { blocks.append(Block(.preformatted, text: lines.joined(separator: "\n"))) }
        guard title != nil || !blocks.isEmpty else { throw PluginError.invalidInput("the file has no Markdown content") }
        var document = Document(kind: documentKind, title: title, blocks: blocks, text: TextSupport.bodyText(of: blocks))
        document.source.encoding = "UTF-8"
        if let language = TextSupport.guessLanguage(text) { document.metadata["language"] = language }
        return [document]
    }

    private func headingLevel(_ line: Substring) -> Int? {
        let hashes = line.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    private func image(_ line: Substring) -> Block? {
        guard line.hasPrefix("!["), let close = line.firstIndex(of: "]"),
            line[line.index(after: close)...].hasPrefix("("), line.hasSuffix(")")
        else { return nil }
        let caption = line[line.index(line.startIndex, offsetBy: 2)..<close]
        let src = line[line.index(close, offsetBy: 2)..<line.index(before: line.endIndex)]
        return Block(.image, text: String(caption), src: String(src))
    }
}

extension Substring {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var s = self
        while let last = s.last, predicate(last) { s = s.dropLast() }
        return s
    }
}
