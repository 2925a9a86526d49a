import Foundation

/// Encodes documents in the canonical JSON form: keys sorted, slashes unescaped, no insignificant
/// white space. The same document always gives the same bytes.
public struct DocumentEncoder: Sendable {
    public init() {}

    /// The canonical JSON bytes of `document`, without a trailing newline.
    public func encode(_ document: Document) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    /// The canonical JSON Lines form of `documents`: one line each, each ending in a newline.
    public func encodeLines(_ documents: [Document]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data()
        for document in documents {
            out.append(try encoder.encode(document))
            out.append(0x0A)
        }
        return out
    }
}
