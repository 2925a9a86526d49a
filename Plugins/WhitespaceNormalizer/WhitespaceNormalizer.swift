import SluiceCore

/// The normalizer `whitespace`: runs of white space collapsed, NBSP and ideographic spaces trimmed
/// at block edges, empty blocks removed. A space between two CJK characters is the author's (a
/// Chinese headline uses one as a separator) and stays unless `drop_cjk_spaces` is set; spaces
/// that come from line breaks in an HTML source are the readers' business (CSS's segment-break
/// rule), not this normalizer's.
public struct WhitespaceNormalizer: Normalizer {
    public static let name = "whitespace"
    public static let summary = "Collapses white space and trims block edges; optionally drops spaces between CJK characters."

    static let dropCJKSpaces = OptionKey<Bool>.boolean(
        "drop_cjk_spaces", default: false,
        doc: "Also remove spaces between two CJK characters or CJK punctuation (李  渊 → 李渊), for text whose spaces there are padding or conversion debris; spaces next to Latin letters or digits stay. Off by default: Chinese titles and text use a typed space as a separator (暴雨致多地停课 气象台发布红色预警).")
    static let keepNewlines = OptionKey<Bool>.boolean(
        "keep_newlines", default: true,
        doc: "Keep line breaks inside a block (at most one blank line in a row); false turns them into spaces.")

    public static var options: [OptionSpec] { [dropCJKSpaces.spec, keepNewlines.spec] }
    public static let example: String? = """
        normalizers:
          - whitespace
        """

    let dropCJK: Bool
    let newlines: Bool

    public init(_ setup: PluginSetup) throws {
        dropCJK = setup.options[Self.dropCJKSpaces]
        newlines = setup.options[Self.keepNewlines]
    }

    public func normalize(_ document: Document, context: NormalizeContext) throws -> [Document] {
        var d = document.mappingText(normalize)
        d.blocks.removeAll { $0.text.isEmpty && $0.type != .image }
        return [d]
    }

    /// Normalizes one string, in one linear pass.
    public func normalize(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var lastScalar: Unicode.Scalar?  // the last scalar written on the current line
        var pendingSpace = false
        var pendingBreaks = 0  // line breaks seen since the last scalar written
        var foldedBreak = false  // the pending space holds a folded line break
        var previousCR = false
        for scalar in text.unicodeScalars {
            let isCR = scalar == "\r"
            defer { previousCR = isCR }
            if scalar == "\n" && previousCR { continue }
            if isCR || scalar == "\n" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                if newlines {
                    if !out.isEmpty { pendingBreaks += 1 }
                    pendingSpace = false
                    lastScalar = nil
                } else {
                    pendingSpace = lastScalar != nil
                    foldedBreak = true
                }
                continue
            }
            if Self.isSpace(scalar) {
                pendingSpace = lastScalar != nil
                continue
            }
            if pendingBreaks > 0 {
                // Keep at most one blank line in a row.
                out.append(0x0A)
                if pendingBreaks > 1 { out.append(0x0A) }
                pendingBreaks = 0
            } else if pendingSpace, let last = lastScalar,
                // A line break between CJK characters renders as nothing (CSS's segment-break
                // rule); a typed space there goes only with `drop_cjk_spaces`.
                !(dropCJK && Self.isCJKLike(last) && Self.isCJKLike(scalar))
                    && !(foldedBreak && Self.isWide(last) && Self.isWide(scalar))
            {
                out.append(0x20)
            }
            pendingSpace = false
            foldedBreak = false
            out.append(contentsOf: scalar.utf8)
            lastScalar = scalar
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\u{A0}" || s == "\u{3000}" || s == "\u{0B}" || s == "\u{0C}"
            || (0x2000...0x200A).contains(s.value) || s == "\u{202F}" || s == "\u{205F}"
    }

    /// CJK characters a line break between which renders as nothing (Hangul is written with
    /// spaces between words, so a break there is a space).
    static func isWide(_ s: Unicode.Scalar) -> Bool { isCJKLike(s) && !CJK.isHangul(s) }

    static func isCJKLike(_ s: Unicode.Scalar) -> Bool { CJK.isCJK(s) || CJK.isFullwidthPunctuation(s) }
}
