import SluiceCore

/// The normalizer `chunk`: splits each document into retrieval-sized chunks, each its own
/// document of kind `chunk` whose text is exactly `parent.text[start..<end]` (offsets in Unicode
/// scalars), with the parent's id, the chunk's ordinal, token count and heading path.
public struct ChunkNormalizer: Normalizer {
    public static let name = "chunk"
    public static let summary = "Splits documents into chunks of at most max_tokens tokens at paragraph and sentence boundaries (CJK-aware), with heading paths and offsets."

    static let maxTokensKey = OptionKey<Int>.integer(
        "max_tokens", default: 512,
        doc: "The largest chunk in tokens: one per CJK character, one per Latin word or number, one per punctuation mark.")
    static let overlapKey = OptionKey<Int>.integer(
        "overlap_tokens", default: 64,
        doc: "Up to this many tokens of whole sentences from the end of a chunk are repeated at the start of the next one (same section only).")
    static let emitKey = OptionKey<String>.choice(
        "emit", ["chunks", "both"], default: "chunks",
        doc: "`chunks`: the chunks replace the document; `both`: the document is kept, followed by its chunks.")
    static let mergeSpeakersKey = OptionKey<Bool>.boolean(
        "merge_speakers", default: false,
        doc: "Let one chunk hold statements of several speakers; by default each statement starts a new chunk.")

    public static var options: [OptionSpec] { [maxTokensKey.spec, overlapKey.spec, emitKey.spec, mergeSpeakersKey.spec] }
    public static let example: String? = """
        normalizers:
          - whitespace
          - {name: chunk, max_tokens: 400, overlap_tokens: 50}
        """

    /// The document kind of a chunk.
    public static let chunkKind = "chunk"

    let maxTokens: Int
    let overlapTokens: Int
    let keepParent: Bool
    let mergeSpeakers: Bool

    public init(_ setup: PluginSetup) throws {
        maxTokens = setup.options[Self.maxTokensKey]
        overlapTokens = setup.options[Self.overlapKey]
        keepParent = setup.options[Self.emitKey] == "both"
        mergeSpeakers = setup.options[Self.mergeSpeakersKey]
        guard maxTokens >= 8 else {
            throw PluginError(.configuration, "max_tokens must be at least 8 (got \(maxTokens))", plugin: Self.name)
        }
        guard overlapTokens >= 0, overlapTokens < maxTokens / 2 else {
            throw PluginError(.configuration, "overlap_tokens must be between 0 and half of max_tokens (got \(overlapTokens))", plugin: Self.name)
        }
    }

    /// A document with no text is passed on unchanged (there is nothing to chunk).
    public func normalize(_ document: Document, context: NormalizeContext) throws -> [Document] {
        let text = ScalarText(document.text)
        let spans = chunks(of: document, text: text)
        if spans.isEmpty { return [document] }
        let chunkDocs = spans.enumerated().map {
            makeChunk(document, text: text, ordinal: $0.offset, span: $0.element, of: spans.count)
        }
        return keepParent ? [document] + chunkDocs : chunkDocs
    }

    /// The chunks of a document, as scalar ranges of its text.
    func chunks(of document: Document, text: ScalarText) -> [ChunkSpan] {
        let segmenter = TextSegmenter(scalars: text.scalars, maxTokens: maxTokens, speakerBreaks: !mergeSpeakers, text: text)
        let segments = segmenter.segments(blocks: document.blocks)
        return ChunkPacker(maxTokens: maxTokens, overlapTokens: overlapTokens).pack(segments)
    }

    func makeChunk(_ parent: Document, text whole: ScalarText, ordinal: Int, span: ChunkSpan, of count: Int) -> Document {
        let text = whole.text(span.start, span.end)
        var metadata = parent.metadata
        metadata.reserveCapacity(parent.metadata.count + 8)
        metadata["parent_id"] = parent.id
        metadata["chunk_ordinal"] = String(ordinal)
        metadata["chunk_count"] = String(count)
        metadata["chunk_start"] = String(span.start)
        metadata["chunk_end"] = String(span.end)
        metadata["chunk_tokens"] = String(span.tokens)
        if !span.headingPath.isEmpty { metadata["heading_path"] = span.headingPath.joined(separator: " > ") }
        if let speaker = span.speaker { metadata["speaker"] = speaker }
        var chunkData: [String: JSONValue] = [
            "parent_id": .string(parent.id), "parent_kind": .string(parent.kind), "ordinal": .int(ordinal),
            "start": .int(span.start), "end": .int(span.end), "offset_unit": .string("unicode_scalar"),
            "tokens": .int(span.tokens), "heading_path": .array(span.headingPath.map { .string($0) }),
        ]
        if let speaker = span.speaker { chunkData["speaker"] = .string(speaker) }
        return Document(
            kind: Self.chunkKind, title: parent.title, published: parent.published, metadata: metadata,
            blocks: [Block(.paragraph, text: text)], text: text, data: ["chunk": .object(chunkData)],
            id: parent.derivedID(part: ordinal), source: parent.source)
    }
}
