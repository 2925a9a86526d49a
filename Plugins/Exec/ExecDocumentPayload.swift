import SluiceCore

/// A document as a program sends it: the schema's fields a plugin may set. Unknown keys and wrong
/// types are refused (the program is not trusted); `source` is always the engine's.
struct ExecDocumentPayload: Decodable, Sendable {
    var kind: String
    var text: String
    var title: String?
    var published: String?
    var metadata: [String: String]?
    var blocks: [Block]?
    var data: [String: JSONValue]?
    var id: String?

    private enum Key: String, CodingKey, CaseIterable {
        case kind, text, title, published, metadata, blocks, data, id, schema, source
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let all = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = all.allKeys.first(where: { Key(rawValue: $0.stringValue) == nil }) {
            throw DecodingError.dataCorruptedError(
                forKey: unknown, in: all, debugDescription: "unknown field '\(unknown.stringValue)' (see docs/schema.md)")
        }
        let c = try decoder.container(keyedBy: Key.self)
        if let schema = try c.decodeIfPresent(Int.self, forKey: .schema), schema != Document.schemaVersion {
            throw DecodingError.dataCorruptedError(
                forKey: .schema, in: c, debugDescription: "schema \(schema) is not \(Document.schemaVersion)")
        }
        kind = try c.decode(String.self, forKey: .kind)
        text = try c.decode(String.self, forKey: .text)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        published = try c.decodeIfPresent(String.self, forKey: .published)
        metadata = try c.decodeIfPresent([String: String].self, forKey: .metadata)
        blocks = try c.decodeIfPresent([Block].self, forKey: .blocks)
        data = try c.decodeIfPresent([String: JSONValue].self, forKey: .data)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        if kind.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "an empty kind")
        }
        if let id, id.isEmpty || id.count > 128 {
            throw DecodingError.dataCorruptedError(forKey: .id, in: c, debugDescription: "an id must be 1 to 128 characters")
        }
    }

    /// The document, with `source` (and, when the program gave none, `id`) left to the caller.
    func document(source: DocumentSource = DocumentSource(), id fallback: String = "") -> Document {
        Document(
            kind: kind, title: title, published: published, metadata: metadata ?? [:], blocks: blocks ?? [],
            text: text, data: data, id: id ?? fallback, source: source)
    }
}
