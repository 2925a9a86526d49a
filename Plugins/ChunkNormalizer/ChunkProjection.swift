import Foundation
import SluiceCore

/// How database sinks store the chunks the `chunk` normalizer emits (documents of kind `chunk`):
/// each chunk is one search entry (unit `chunk`, facets `parent_id`, `ordinal`, `start`, `end`,
/// and `heading_path` when it has one) in place of a whole-document entry, so the chunk's text is
/// indexed once, in the same index as every document; and the table `chunks` holds one row per
/// chunk for SQL (`SELECT ordinal, start_offset, end_offset FROM chunks WHERE parent_id = ?
/// ORDER BY ordinal`). Offsets count Unicode scalars of the parent's text.
public struct ChunkProjection: DocumentProjection {
    /// Creates the projection.
    public init() {}

    /// The kinds it applies to.
    public static let kinds = [ChunkNormalizer.chunkKind]

    public var keepsDocumentEntry: Bool { false }

    public var tables: [StoredTable] {
        [
            StoredTable(
                name: "chunks",
                columns: [
                    StoredColumn("parent_id", .text, required: true), StoredColumn("parent_kind", .text),
                    StoredColumn("ordinal", .integer, required: true), StoredColumn("start_offset", .integer, required: true),
                    StoredColumn("end_offset", .integer, required: true), StoredColumn("tokens", .integer),
                    StoredColumn("heading_path", .json, required: true), StoredColumn("speaker", .text),
                ],
                indexed: ["parent_id"])
        ]
    }

    /// The chunk's fields from `data["chunk"]`; nil when they are missing (the document is then
    /// stored with a plain whole-document entry's text under unit `chunk`).
    struct Fields {
        var parentID: String
        var parentKind: String?
        var ordinal: Int
        var start: Int
        var end: Int
        var tokens: Int?
        var headingPath: [String]
        var speaker: String?

        init?(_ document: Document) {
            guard let chunk = document.data?["chunk"]?.objectValue, let parent = chunk["parent_id"]?.stringValue,
                  let ordinal = chunk["ordinal"]?.intValue, let start = chunk["start"]?.intValue, let end = chunk["end"]?.intValue
            else { return nil }
            parentID = parent
            self.ordinal = ordinal
            self.start = start
            self.end = end
            parentKind = chunk["parent_kind"]?.stringValue
            tokens = chunk["tokens"]?.intValue
            headingPath = (chunk["heading_path"]?.arrayValue ?? []).compactMap(\.stringValue)
            speaker = chunk["speaker"]?.stringValue
        }
    }

    public func searchEntries(for document: Document) -> [SearchEntry] {
        var facets: [String: String] = [:]
        if let f = Fields(document) {
            facets = ["parent_id": f.parentID, "ordinal": String(f.ordinal), "start": String(f.start), "end": String(f.end)]
            if !f.headingPath.isEmpty { facets["heading_path"] = f.headingPath.joined(separator: " > ") }
        }
        return [SearchEntry(unit: "chunk", facets: facets, title: document.title ?? "", body: document.text)]
    }

    public func tableRows(for document: Document) -> [TableRows] {
        guard let f = Fields(document) else { return [] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let path = (try? encoder.encode(f.headingPath)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return [TableRows(table: "chunks", rows: [[
            .text(f.parentID), .text(f.parentKind), .integer(f.ordinal), .integer(f.start), .integer(f.end), .integer(f.tokens),
            .text(path), .text(f.speaker),
        ]])]
    }
}
