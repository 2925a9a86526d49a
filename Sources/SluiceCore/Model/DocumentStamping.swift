extension Document {
    /// The documents a reader returned for one input, stamped the way the engine stamps them
    /// before normalizers and sinks see them: each document's source gets the input's `path`,
    /// the `reader`'s name, the input's `size` in bytes and the `sha256` of its bytes (lowercase
    /// hex), and a document without an id gets ``makeID(sourceSHA256:reader:ordinal:)`` of its
    /// position. The source's `encoding`, set by the reader, is kept.
    public static func stamped(_ documents: [Document], path: String, reader: String, size: Int, sha256: String) -> [Document] {
        var stamped = documents
        for i in stamped.indices {
            stamped[i].source.path = path
            stamped[i].source.reader = reader
            stamped[i].source.bytes = size
            stamped[i].source.sha256 = sha256
            if stamped[i].id.isEmpty {
                stamped[i].id = makeID(sourceSHA256: sha256, reader: reader, ordinal: i)
            }
        }
        return stamped
    }
}
