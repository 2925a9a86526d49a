import Foundation
import SluiceCore

/// The normalizer `unicode`: one Unicode normalization form for all text (NFC by default), with
/// invisible control and zero-width characters removed. NFKC can keep CJK full-width punctuation
/// (，。：) instead of folding it to ASCII.
public struct UnicodeNormalizer: Normalizer {
    public static let name = "unicode"
    public static let summary = "Unicode normalization (NFC by default, or NFKC keeping CJK punctuation) and removal of invisible characters."

    static let form = OptionKey<String>.choice(
        "form", ["nfc", "nfkc", "nfd", "nfkd"], default: "nfc",
        doc: "The normalization form. NFKC also folds full-width letters and digits (Ａ１ → A1).")
    static let keepFullwidthPunctuation = OptionKey<Bool>.boolean(
        "keep_fullwidth_punctuation", default: true,
        doc: "With NFKC/NFKD: keep CJK full-width punctuation (，。！？：；（）) as it is instead of folding it to ASCII.")
    static let removeInvisible = OptionKey<Bool>.boolean(
        "remove_invisible", default: true,
        doc: "Remove control characters (but tab and newline), zero-width spaces, word joiners, soft hyphens, stray byte-order marks, bidirectional marks, overrides and isolates, and other invisible format characters (zero-width joiners and non-joiners stay between two non-ASCII characters: scripts and emoji need them).")

    public static var options: [OptionSpec] { [form.spec, keepFullwidthPunctuation.spec, removeInvisible.spec] }
    public static let example: String? = """
        normalizers:
          - name: unicode
            form: nfkc
            keep_fullwidth_punctuation: true
        """

    let formName: String
    let keepPunctuation: Bool
    let invisible: Bool

    public init(_ setup: PluginSetup) throws {
        formName = setup.options[Self.form]
        keepPunctuation = setup.options[Self.keepFullwidthPunctuation]
        invisible = setup.options[Self.removeInvisible]
    }

    public func normalize(_ document: Document, context: NormalizeContext) throws -> [Document] {
        [document.mappingText(normalize)]
    }

    /// Normalizes one string.
    public func normalize(_ text: String) -> String {
        var s = invisible ? Self.removingInvisible(text) : text
        switch formName {
        case "nfd": s = s.decomposedStringWithCanonicalMapping
        case "nfkc": s = compatibility(s, compose: true)
        case "nfkd": s = compatibility(s, compose: false)
        default: s = s.precomposedStringWithCanonicalMapping
        }
        return s
    }

    private func compatibility(_ s: String, compose: Bool) -> String {
        func fold(_ t: String) -> String {
            compose ? t.precomposedStringWithCompatibilityMapping : t.decomposedStringWithCompatibilityMapping
        }
        guard keepPunctuation, s.unicodeScalars.contains(where: Self.isProtected) else { return fold(s) }
        // Fold the runs between protected punctuation, keep the punctuation as written.
        var out = ""
        var run = ""
        for scalar in s.unicodeScalars {
            if Self.isProtected(scalar) {
                out += fold(run)
                run = ""
                out.unicodeScalars.append(scalar)
            } else {
                run.unicodeScalars.append(scalar)
            }
        }
        return out + fold(run)
    }

    /// Full-width and CJK punctuation that NFKC would fold to ASCII.
    static func isProtected(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65: true
        case 0x3000...0x303F: true
        default: false
        }
    }

    static func removingInvisible(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains(where: { isInvisible($0) || isJoiner($0) || isTag($0) }) else { return text }
        var out = String.UnicodeScalarView()
        out.reserveCapacity(scalars.count)
        var inTagSequence = false
        for (i, scalar) in scalars.enumerated() {
            if isTag(scalar) {
                // Tag characters only spell the subdivision flags (🏴 + tags + U+E007F); anywhere
                // else they hide text.
                if inTagSequence { out.append(scalar) }
                if scalar.value == 0xE007F { inTagSequence = false }
                continue
            }
            inTagSequence = scalar.value == 0x1F3F4
            if isInvisible(scalar) { continue }
            if isJoiner(scalar) {
                // Joiners stay between two visible non-ASCII characters (emoji sequences, Indic
                // and Arabic scripts); a joiner beside ASCII, white space or an edge is stray.
                let before = i > 0 ? scalars[i - 1] : nil, after = i + 1 < scalars.count ? scalars[i + 1] : nil
                guard let before, let after, joinable(before), joinable(after) else { continue }
            }
            out.append(scalar)
        }
        return String(out)
    }

    /// Control characters (but tab and newline), zero-width spaces, word joiners, soft hyphens,
    /// stray byte-order marks, and the other invisible format characters: bidirectional marks,
    /// embeddings, overrides and isolates (U+200E/F, U+202A–202E, U+2066–2069, U+061C), invisible
    /// math operators, deprecated format controls and interlinear annotation marks.
    static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200B, 0x2060, 0xFEFF, 0x00AD: true
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: true
        case 0x2061...0x2064, 0x206A...0x206F, 0xFFF9...0xFFFB, 0x180E: true
        default: false
        }
    }

    /// Zero-width joiner and non-joiner.
    static func isJoiner(_ s: Unicode.Scalar) -> Bool { s.value == 0x200D || s.value == 0x200C }

    /// Tag characters (U+E0000–E007F).
    static func isTag(_ s: Unicode.Scalar) -> Bool { (0xE0000...0xE007F).contains(s.value) }

    private static func joinable(_ s: Unicode.Scalar) -> Bool {
        s.value > 0x7F && !s.properties.isWhitespace && !isInvisible(s) && !isJoiner(s)
    }
}
