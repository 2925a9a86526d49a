/// One ingested record: what a reader makes of (part of) an input, what normalizers refine and
/// what sinks store.
///
/// The JSON form is the versioned schema documented in `docs/schema.md` and
/// `docs/document.schema.json`. Encode it with ``DocumentEncoder`` to get the canonical,
/// byte-stable form.
public struct Document: Codable, Sendable, Hashable {
    /// The version of the JSON schema this type writes.
    public static let schemaVersion = 1

    /// The schema version the record was written with.
    public var schema: Int
    /// A stable identifier derived from the input's content, the reader and the record's position
    /// in that input (see ``Document/makeID(sourceSHA256:reader:ordinal:)``). Readers may leave it
    /// empty: the engine fills it in.
    public var id: String
    /// What the record is, such as `article`, `news`, `minutes`, `minutes.group`, `minutes.statement`.
    public var kind: String
    /// Where the record came from.
    public var source: DocumentSource
    /// The title, when the input has one.
    public var title: String?
    /// The publication date or date-time in ISO 8601 (`2020-07-20` or `2020-07-20T14:05:00+08:00`).
    public var published: String?
    /// Free-form string metadata: `author`, `outlet`, `editor`, `site`, `url`, `language`, ...
    public var metadata: [String: String]
    /// The body as ordered, typed blocks.
    public var blocks: [Block]
    /// The clean body text.
    public var text: String
    /// Kind-specific structured data (for example the groups of a minutes document), documented per
    /// kind in the schema.
    public var data: [String: JSONValue]?

    /// Creates a document. The engine fills in `id` and the source's path, reader, size and hash.
    public init(
        kind: String, title: String? = nil, published: String? = nil,
        metadata: [String: String] = [:], blocks: [Block] = [], text: String,
        data: [String: JSONValue]? = nil, id: String = "", source: DocumentSource = DocumentSource()
    ) {
        self.schema = Document.schemaVersion
        self.id = id
        self.kind = kind
        self.source = source
        self.title = title
        self.published = published
        self.metadata = metadata
        self.blocks = blocks
        self.text = text
        self.data = data
    }

    /// The identifier of the `ordinal`-th record a reader made of an input: the first 32 hex
    /// digits of SHA-256 over the input's hash, the reader's name and the ordinal. The same bytes
    /// read by the same reader always give the same ids, wherever the file lives.
    public static func makeID(sourceSHA256: String, reader: String, ordinal: Int) -> String {
        let key = "sluice-document-v1\u{0}\(sourceSHA256)\u{0}\(reader)\u{0}\(ordinal)"
        return String(SHA256.hexDigest(of: Array(key.utf8)).prefix(32))
    }

    /// The identifier of the `part`-th record a normalizer derives from this one.
    public func derivedID(part: Int) -> String {
        let key = "sluice-derived-v1\u{0}\(id)\u{0}\(part)"
        return String(SHA256.hexDigest(of: Array(key.utf8)).prefix(32))
    }

    /// Applies `transform` to every piece of human-readable text in the record: the title, each
    /// block's text, the body text, the metadata values and the prose a reader keeps in ``data``
    /// (every string under a key named `text`, at any depth: see ``JSONValue/proseKey``), so a
    /// normalizer treats a statement in the reader's own structure like the same text in the
    /// blocks. Other strings in `data` (names, labels, ids) stay as the reader wrote them.
    public func mappingText(_ transform: (String) -> String) -> Document {
        var copy = self
        copy.title = title.map(transform)
        copy.blocks = blocks.map { block in
            var b = block
            b.text = transform(block.text)
            return b
        }
        copy.text = transform(text)
        copy.metadata = metadata.mapValues(transform)
        copy.data = data.map { JSONValue.object($0).mappingProse(transform).objectValue ?? $0 }
        return copy
    }
}

/// Where a document came from.
public struct DocumentSource: Codable, Sendable, Hashable {
    /// The input's path as it was discovered (relative when the input was given relative).
    public var path: String
    /// The name of the reader that read it.
    public var reader: String
    /// The input's size in bytes.
    public var bytes: Int
    /// SHA-256 of the input's raw bytes, lowercase hex.
    public var sha256: String
    /// The character encoding the reader decided on, when it decoded text.
    public var encoding: String?

    /// Creates source information; the engine fills in everything but `encoding`.
    public init(path: String = "", reader: String = "", bytes: Int = 0, sha256: String = "", encoding: String? = nil) {
        self.path = path
        self.reader = reader
        self.bytes = bytes
        self.sha256 = sha256
        self.encoding = encoding
    }
}

/// One typed piece of a document's body, in reading order.
public struct Block: Codable, Sendable, Hashable {
    /// What the block is.
    public var type: BlockType
    /// The block's text. For an image this is its caption (possibly empty).
    public var text: String
    /// The heading level (1 is the top) for headings, the nesting depth for list items.
    public var level: Int?
    /// The image's file name or URL, for images.
    public var src: String?
    /// The speaker's name, for statements.
    public var speaker: String?
    /// Anything else a reader knows about the block (`group`, `role`, `marker`, ...).
    public var attributes: [String: String]?

    /// Creates a block.
    public init(
        _ type: BlockType, text: String, level: Int? = nil, src: String? = nil,
        speaker: String? = nil, attributes: [String: String]? = nil
    ) {
        self.type = type
        self.text = text
        self.level = level
        self.src = src
        self.speaker = speaker
        self.attributes = attributes
    }
}

/// The type of a ``Block``. An open set: the built-in values are listed as static members, and a
/// third-party reader may add its own.
public struct BlockType: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }

    /// A section heading.
    public static let heading: BlockType = "heading"
    /// A paragraph of body text.
    public static let paragraph: BlockType = "paragraph"
    /// One item of a list.
    public static let listItem: BlockType = "list_item"
    /// An image; the block's text is its caption.
    public static let image: BlockType = "image"
    /// A quotation.
    public static let quote: BlockType = "quote"
    /// What one speaker said (minutes, transcripts).
    public static let statement: BlockType = "statement"
    /// A table, flattened to text (cells separated by tabs, rows by newlines).
    public static let table: BlockType = "table"
    /// Preformatted text or code.
    public static let preformatted: BlockType = "preformatted"
}
