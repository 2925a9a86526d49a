import SluiceCore
import SluiceTextDecoding

/// Bytes to text for the minutes reader, through the shared `SluiceTextDecoding` (BOM, valid
/// UTF-8, else charset detection: GB18030, Big5, ...), or a fixed encoding when one is configured.
enum MinutesDecoding {
    /// Decodes `bytes`, detecting the encoding when `label` is nil. The result's `warning` is
    /// what the text reader tells the user too (replaced bytes, a guessed legacy encoding).
    static func decode(_ bytes: [UInt8], label: String? = nil) throws -> DecodedText {
        guard let label else { return TextDecoding.decode(bytes) }
        guard let d = TextDecoding.decode(bytes, as: label) else {
            throw PluginError.configuration("unknown encoding '\(label)'")
        }
        return d
    }

    /// Whether `label` names an encoding the decoder knows.
    static func knows(_ label: String) -> Bool { TextDecoding.canonicalName(forLabel: label) != nil }
}
