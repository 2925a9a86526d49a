import SluiceCore

/// How subtitle transcripts are stored in a database sink (`sqlite`, `postgres`), registered next
/// to the reader:
///
/// ```swift
/// registry.register(SubtitleReader.self)
/// registry.register(projection: SubtitleProjection(), forKinds: ["transcript"])
/// ```
///
/// Each cue becomes a search entry of its own (unit `cue`, facets `start`, `end` and, when named,
/// `speaker`), so `sluice search` returns the cue that matched with its time, and the table
/// `subtitle_cues` holds the cues for SQL: every line 李飞 said is one query,
/// `SELECT start, text FROM subtitle_cues WHERE speaker = '李飞' ORDER BY document_id, ordinal`.
/// The sinks know nothing of subtitles: they store what this projection describes.
public struct SubtitleProjection: DocumentProjection {
    /// Creates the projection.
    public init() {}

    public var tables: [StoredTable] {
        [
            StoredTable(
                name: "subtitle_cues",
                columns: [
                    StoredColumn("ordinal", .integer, required: true), StoredColumn("start", .text), StoredColumn("end_time", .text),
                    StoredColumn("speaker", .text), StoredColumn("text", .text, required: true),
                ],
                key: ["ordinal"], indexed: ["speaker"])
        ]
    }

    public func searchEntries(for document: Document) -> [SearchEntry] {
        document.blocks.map { block in
            var facets: [String: String] = [:]
            facets["start"] = block.attributes?["start"]
            facets["end"] = block.attributes?["end"]
            facets["speaker"] = block.speaker
            return SearchEntry(unit: "cue", facets: facets, context: block.speaker ?? "", body: block.text)
        }
    }

    public func tableRows(for document: Document) -> [TableRows] {
        let rows: [[StoredValue]] = document.blocks.enumerated().map { i, block in
            [.integer(i), .text(block.attributes?["start"]), .text(block.attributes?["end"]), .text(block.speaker), .text(block.text)]
        }
        return [TableRows(table: "subtitle_cues", rows: rows)]
    }
}
