/// A format decoder: the first of the two steps an input in a container format (a Word file,
/// later PDF or e-mail) goes through. It decodes the container once into the structured text the
/// readers already consume; the engine then hands that text to a reader, chosen by content in
/// `auto` mode or named by the pipeline. So a `.docx` of minutes is read by `minutes` and a
/// `.docx` article by `text` or `news`, with no Word copy of each reader.
///
/// Only ``decode(_:context:)`` (besides `name` and `init`) is required. Declare
/// ``fileExtensions`` and, when it helps, override ``confidence(for:)``: the engine runs the
/// decoder with the highest confidence, or none when every decoder says 0.
public protocol FormatDecoder: SluicePlugin {
    /// Lowercase file extensions (without the dot) of the containers this decoder opens.
    static var fileExtensions: [String] { get }

    /// How sure the decoder is that the input is its format, from 0 (not at all: it will not run)
    /// to 1. An input matching no decoder goes to the readers as it is.
    func confidence(for sample: InputSample) -> Double

    /// Decodes one input. Throw a ``PluginError`` when the container cannot be decoded (not the
    /// format, damaged, over a cap): that input then fails with the reason.
    func decode(_ input: SourceInput, context: ReadContext) throws -> DecodedInput
}

extension FormatDecoder {
    public static var fileExtensions: [String] { [] }

    /// By default: 0.9 when the file's extension is one of ``fileExtensions``, else 0. A file
    /// named like the format but not in it should fail with the decoder's reason, not be read as
    /// something else.
    public func confidence(for sample: InputSample) -> Double {
        Self.fileExtensions.contains(sample.fileExtension) ? 0.9 : 0
    }
}

/// What a ``FormatDecoder`` makes of a container: UTF-8 text with its line structure (one
/// paragraph per line, blank lines between blocks), so that any text reader can read it, plus what
/// the container says about itself and, for readers that want it, the typed blocks the text came
/// from.
public struct DecodedInput: Sendable, Hashable {
    /// The text, one paragraph, heading or list item per line, a blank line between blocks.
    public var text: String
    /// The extension the text is presented to readers under (`txt` by default): readers judge
    /// the decoded text as a file of that kind.
    public var contentExtension: String
    /// What the container says about the document (`title`, `author`, `created`, `modified`,
    /// ...). The engine adds each entry to the metadata of every document read from the input,
    /// unless the reader set that key itself.
    public var metadata: [String: String]
    /// The typed blocks the text was made from (headings with levels, list items, tables,
    /// footnotes, images), in order, when the decoder knows them. Optional hints: plain
    /// ``text`` must be enough to read the input.
    public var blocks: [Block]?

    /// Creates a decoded input.
    public init(text: String, contentExtension: String = "txt", metadata: [String: String] = [:], blocks: [Block]? = nil) {
        self.text = text
        self.contentExtension = contentExtension
        self.metadata = metadata
        self.blocks = blocks
    }
}
