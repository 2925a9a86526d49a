import Foundation
import SluiceCore

/// A document flattened into the rows of Sluice's relational schema, shared by the SQLite and
/// PostgreSQL sinks so that both stores hold the same logical data.
///
/// Tables (see `docs/storage.md`): `documents`, `blocks`, `search_entries` (the units full-text
/// search ranks: the whole document, and the entries the document kind's
/// ``DocumentProjection`` adds, with their facets), and the extra tables projections describe
/// (``StoredTable``). Nothing here knows any document kind.
package struct RelationalDocument: Sendable {
    /// One row of `documents`.
    package struct DocumentRow: Sendable {
        package var id: String
        package var kind: String
        package var title: String?
        package var published: String?
        package var sourcePath: String
        package var sourceReader: String
        package var sourceBytes: Int
        package var sourceSHA256: String
        package var sourceEncoding: String?
        /// The metadata as a JSON object.
        package var metadata: String
        package var text: String
        /// The canonical JSON record (``DocumentEncoder``).
        package var json: String
        /// SHA-256 of ``json``: a stored document whose record has the same hash is unchanged and
        /// is not rewritten on a re-run.
        package var recordSHA256: String
    }

    /// One row of `blocks`.
    package struct BlockRow: Sendable {
        package var ordinal: Int
        package var type: String
        package var text: String
        package var level: Int?
        package var src: String?
        package var speaker: String?
        /// The attributes as a JSON object, when there are any.
        package var attributes: String?
    }

    /// One row of `search_entries`: a unit that search ranks.
    package struct SearchEntryRow: Sendable {
        /// `document` for the whole document, else the projection's unit.
        package var unit: String
        /// The facets as a JSON object with sorted keys, nil when there are none.
        package var facets: String?
        /// The document's title, for the `document` unit only (so a title match counts once).
        package var title: String
        /// Searchable context that is not body text (the author; a projection's labels and names).
        package var context: String
        package var body: String
    }

    package var document: DocumentRow
    package var blocks: [BlockRow]
    package var searchEntries: [SearchEntryRow]
    /// Rows of the projection's extra tables.
    package var tableRows: [TableRows]

    /// Flattens `document`; `projections` add the kind-specific entries and table rows.
    package init(_ document: Document, projections: DocumentProjections = DocumentProjections(), encoder: DocumentEncoder = DocumentEncoder()) throws {
        let jsonBytes = try encoder.encode(document)
        let json = String(decoding: jsonBytes, as: UTF8.self)
        self.document = DocumentRow(
            id: document.id, kind: document.kind, title: document.title, published: document.published,
            sourcePath: document.source.path, sourceReader: document.source.reader,
            sourceBytes: document.source.bytes, sourceSHA256: document.source.sha256,
            sourceEncoding: document.source.encoding, metadata: Self.jsonObject(document.metadata),
            text: document.text, json: json, recordSHA256: SHA256.hexDigest(of: Array(jsonBytes)))
        self.blocks = document.blocks.enumerated().map { i, block in
            BlockRow(
                ordinal: i, type: block.type.rawValue, text: block.text, level: block.level, src: block.src,
                speaker: block.speaker, attributes: block.attributes.flatMap { $0.isEmpty ? nil : Self.jsonObject($0) })
        }
        let projected = projections.project(document)
        var entries: [SearchEntryRow] = []
        if projected.keepsDocumentEntry {
            entries.append(SearchEntryRow(
                unit: "document", title: document.title ?? "", context: document.metadata["author"] ?? "", body: document.text))
        }
        for e in projected.entries {
            entries.append(SearchEntryRow(
                unit: e.unit, facets: e.facets.isEmpty ? nil : Self.jsonObject(e.facets), title: e.title,
                context: e.context, body: e.body))
        }
        self.searchEntries = entries
        self.tableRows = projected.rows.filter { !$0.rows.isEmpty }
    }

    // MARK: - JSON

    static func jsonObject(_ dictionary: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(dictionary)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
