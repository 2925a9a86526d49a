import SluiceCore
import SluiceTextDecoding

/// Bytes to text for the minutes reader, through the shared `SluiceTextDecoding` (BOM, valid
/// UTF-8, else charset detection: GB18030, Big5, ...), or a fixed encoding when one is configured.
enum MinutesDecoding {
    struct Decoded {
        var text: String
        var encoding: String
        var replacements: Int
    }

    /// Decodes `bytes`, detecting the encoding when `label` is nil.
    static func decode(_ bytes: [UInt8], label: String? = nil) throws -> Decoded {
        if let label {
            guard let d = TextDecoding.decode(bytes, as: label) else {
                throw PluginError.configuration("unknown encoding '\(label)'")
            }
            return Decoded(text: d.text, encoding: d.encoding, replacements: d.replacements)
        }
        let d = TextDecoding.decode(bytes)
        return Decoded(text: d.text, encoding: d.encoding, replacements: d.replacements)
    }

    /// Whether `label` names an encoding the decoder knows.
    static func knows(_ label: String) -> Bool { TextDecoding.canonicalName(forLabel: label) != nil }
}
