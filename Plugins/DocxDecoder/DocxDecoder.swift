import Foundation
import SluiceCore
import SluiceXML

/// The `docx` decoder: a Word file (`.docx`, Office Open XML) in, its text out, for whichever
/// reader the content calls for (`minutes` for grouped minutes, `text` or `news` for an
/// article). See `docs/formats.md`.
///
/// The archive is read in memory with ZIPFoundation under caps on entries and inflated bytes; the
/// XML parts are parsed with libxml2 with no network, no DTD and no entity substitution.
public struct DocxDecoder: FormatDecoder {
    public static let name = "docx"
    public static let summary = "Word files (.docx): paragraphs, headings, numbered lists, tables, notes and images into text for the readers; core properties into metadata."
    public static let fileExtensions = ["docx", "docm", "dotx"]

    static let maxEntries = OptionKey<Int>.integer(
        "max_entries", default: 2_000,
        doc: "The most entries the ZIP archive may list; more fails the input (a zip bomb of many entries).")
    static let maxUncompressed = OptionKey<Int>.integer(
        "max_uncompressed_bytes", default: 128 << 20,
        doc: "The most bytes the parts read (document, styles, numbering, notes, properties) may inflate to together; more fails the input (a zip bomb).")
    static let maxNodes = OptionKey<Int>.integer(
        "max_xml_nodes", default: 4_000_000,
        doc: "The most XML nodes one part may hold; more fails the input.")

    public static var options: [OptionSpec] { [maxEntries.spec, maxUncompressed.spec, maxNodes.spec] }

    public static let example: String? = """
        pipelines:
          reports:
            inputs: [reports/]
            decoders: [{name: docx, max_uncompressed_bytes: 33554432}]
            sinks: [{name: jsonl, path: out/reports.jsonl}]
        """

    let limits: ArchiveLimits

    public init(_ setup: PluginSetup) throws {
        limits = ArchiveLimits(
            maxEntries: setup.options[Self.maxEntries], maxUncompressedBytes: setup.options[Self.maxUncompressed],
            maxXMLNodes: setup.options[Self.maxNodes])
        guard limits.maxEntries >= 1, limits.maxUncompressedBytes >= 1, limits.maxXMLNodes >= 1 else {
            throw PluginError.configuration("max_entries, max_uncompressed_bytes and max_xml_nodes must be at least 1")
        }
    }

    public func decode(_ input: SourceInput, context: ReadContext) throws -> DecodedInput {
        do {
            return try decodeArchive(input.bytes, context: context)
        } catch let failure as DocxArchive.Failure {
            throw PluginError(failure.kind, failure.reason, plugin: Self.name, file: input.path)
        } catch let failure as XMLTree.Failure {
            throw PluginError(.invalidInput, failure.reason, plugin: Self.name, file: input.path)
        }
    }

    private func decodeArchive(_ bytes: [UInt8], context: ReadContext) throws -> DecodedInput {
        var archive = try DocxArchive(bytes, limits: limits)
        func part(_ path: String) throws -> XMLTreeNode? {
            guard let data = try archive.read(path) else { return nil }
            try context.checkTimeBudget()
            return try XMLTree.parse(data, part: path, maxNodes: limits.maxXMLNodes)
        }
        guard let document = try part("word/document.xml") else {
            throw DocxArchive.Failure(kind: .invalidInput, reason: "not a Word file: the archive has no word/document.xml")
        }
        var body = WordBody(
            styles: WordStyles(try part("word/styles.xml")), numbering: WordNumbering(try part("word/numbering.xml")),
            relationships: Self.relationships(try part("word/_rels/document.xml.rels")))
        body.footnoteBodies = Self.notes(try part("word/footnotes.xml"), element: "footnote")
        body.endnoteBodies = Self.notes(try part("word/endnotes.xml"), element: "endnote")
        body.read(document: document)
        try context.checkTimeBudget()
        var metadata = Self.coreProperties(try part("docProps/core.xml"))
        metadata["decoder"] = Self.name
        let blocks = body.blocks.filter { !($0.type == .paragraph && $0.text.isEmpty) }
        return DecodedInput(text: body.text, metadata: metadata, blocks: blocks)
    }

    /// `rId7` → `word/media/image1.png` (targets are relative to `word/`; external ones are kept
    /// as they are).
    static func relationships(_ root: XMLTreeNode?) -> [String: String] {
        var map: [String: String] = [:]
        for r in root?.children("Relationship") ?? [] {
            guard let id = r.attributes["Id"], let target = r.attributes["Target"] else { continue }
            map[id] = r.attributes["TargetMode"] == "External" || target.hasPrefix("/") ? target : "word/" + target
        }
        return map
    }

    /// The notes by id, leaving out the separators Word keeps among them.
    static func notes(_ root: XMLTreeNode?, element: String) -> [String: XMLTreeNode] {
        var map: [String: XMLTreeNode] = [:]
        for n in root?.children(element) ?? [] where n.attributes["type"] == nil || n.attributes["type"] == "normal" {
            if let id = n.attributes["id"] { map[id] = n }
        }
        return map
    }

    /// `docProps/core.xml`: title, creator, dates, subject, keywords, language.
    static func coreProperties(_ root: XMLTreeNode?) -> [String: String] {
        let keys = [
            "title": "title", "creator": "author", "created": "created", "modified": "modified",
            "subject": "subject", "keywords": "keywords", "language": "language", "lastModifiedBy": "last_modified_by",
        ]
        var metadata: [String: String] = [:]
        for c in root?.children ?? [] {
            guard let key = keys[c.name] else { continue }
            let value = c.allText.trimmingCharacters(in: .whitespacesAndNewlines)
            if !value.isEmpty { metadata[key] = value }
        }
        return metadata
    }
}
