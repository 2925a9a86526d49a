import SluiceCore

/// What each scalar of the Basic Multilingual Plane is for dedup's units, computed once from the
/// Unicode properties so that the per-character loop is a table look-up: ``cjk``, ``other``
/// (punctuation, white space: ends a word), or else the lowercased scalar value of a letter or
/// digit (part of a word).
enum UnitTable {
    static let cjk: UInt32 = 0xFFFF_FFFF
    static let other: UInt32 = 0xFFFF_FFFE

    static let shared: [UInt32] = (0..<0x1_0000).map { v in
        Unicode.Scalar(UInt32(v)).map(entry) ?? other
    }

    /// The entry of any scalar (the table holds those below U+10000).
    static func entry(_ s: Unicode.Scalar) -> UInt32 {
        if CJK.isCJK(s) { return cjk }
        guard s.properties.isAlphabetic || s.properties.numericType != nil else { return other }
        return (s.properties.lowercaseMapping.unicodeScalars.first ?? s).value
    }
}
