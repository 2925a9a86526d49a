import SluiceCore

/// The normalizer `language`: the language and script of each document (and of each block of at
/// least `block_min_chars` characters) from its text alone — the page's declared language is kept
/// as `declared_language` when it differs — plus cheap quality signals in metadata.
public struct LanguageNormalizer: Normalizer {
    public static let name = "language"
    public static let summary = "Detects language and script from the text (zh-Hans, zh-Hant, ja, ko, en, other) and adds quality signals to metadata."

    static let blockMinChars = OptionKey<Int>.integer(
        "block_min_chars", default: 20,
        doc: "Blocks with at least this many visible characters get a `language` attribute too; 0 turns per-block detection off.")

    public static var options: [OptionSpec] { [blockMinChars.spec] }
    public static let example: String? = """
        normalizers:
          - language
          - {name: filter, where: "language == 'zh-Hans' && chars >= 200"}
        """

    let minChars: Int

    public init(_ setup: PluginSetup) throws {
        minChars = setup.options[Self.blockMinChars]
        guard minChars >= 0 else {
            throw PluginError(.configuration, "block_min_chars must not be negative (got \(minChars))", plugin: Self.name)
        }
    }

    public func normalize(_ document: Document, context: NormalizeContext) throws -> [Document] {
        var d = document
        let profile = ScriptProfile(document.text)
        let detected = profile.language
        if let declared = d.metadata["language"], declared != detected { d.metadata["declared_language"] = declared }
        d.metadata["language"] = detected
        d.metadata["script"] = profile.script
        for (key, value) in QualitySignals.measure(document.text, profile) { d.metadata[key] = value }
        if minChars > 0 {
            for i in d.blocks.indices where d.blocks[i].type != .image {
                let p = ScriptProfile(d.blocks[i].text)
                guard p.visible >= minChars else { continue }
                d.blocks[i].attributes = (d.blocks[i].attributes ?? [:]).merging(["language": p.language]) { $1 }
            }
        }
        return [d]
    }
}

/// Quality signals in the spirit of web-corpus filters, written with three decimals so that the
/// output is byte-stable: `chars` (visible characters), `cjk_ratio`, `symbol_ratio`,
/// `digit_ratio`, `boilerplate_lines` (fraction of non-empty lines that look like page chrome)
/// and `avg_sentence_chars`.
enum QualitySignals {
    static let chromeWords = [
        "版权", "copyright", "all rights reserved", "责任编辑", "責任編輯", "点击", "點擊", "登录", "登錄", "注册",
        "订阅", "subscribe", "分享", "share", "上一篇", "下一篇", "返回顶部", "cookie", "privacy", "advertisement", "广告",
    ]

    static func measure(_ text: String, _ p: ScriptProfile) -> [String: String] {
        let visible = max(p.visible, 1)
        let lines = Self.lines(text).map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
        let chrome = lines.filter(looksLikeChrome).count
        return [
            "chars": String(p.visible),
            "cjk_ratio": fixed(Double(p.han + p.kana + p.hangul) / Double(visible)),
            "symbol_ratio": fixed(Double(p.symbols) / Double(visible)),
            "digit_ratio": fixed(Double(p.digits) / Double(visible)),
            "boilerplate_lines": fixed(lines.isEmpty ? 0 : Double(chrome) / Double(lines.count)),
            "avg_sentence_chars": fixed(Double(p.visible) / Double(max(p.sentences, 1))),
        ]
    }

    /// A short line without sentence punctuation that holds a chrome word, or a line of at most
    /// four characters that is mostly not letters.
    static func looksLikeChrome(_ line: String) -> Bool {
        let length = line.unicodeScalars.count
        guard length <= 80 else { return false }
        if line.unicodeScalars.contains("©") { return true }
        let lower = Array(line.lowercased().utf8)
        if contains(lower, "all rights reserved") { return true }
        let short = length <= 30 && !line.unicodeScalars.contains(where: { "。！？.!?".unicodeScalars.contains($0) })
        if short && chromeWords.contains(where: { contains(lower, $0) }) { return true }
        return line.count <= 4 && line.filter(\.isLetter).count * 2 < line.count
    }

    /// The non-empty lines of `text`, split at newline scalars: the same lines as splitting at
    /// newline characters (a newline is always a character of its own, and the two halves of
    /// \r\n leave nothing between them), without walking the text character by character.
    static func lines(_ text: String) -> [Substring] {
        var out: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            if isNewline(scalars[i]) {
                if start < i { out.append(text[start..<i]) }
                start = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        if start < scalars.endIndex { out.append(text[start...]) }
        return out
    }

    /// The newline characters (Character.isNewline) as scalars.
    static func isNewline(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Whether the UTF-8 bytes `text` hold `word`'s (a literal match: the chrome words have no
    /// other canonically equivalent spelling worth matching).
    static func contains(_ text: [UInt8], _ word: String) -> Bool {
        let w = Array(word.utf8)
        guard !w.isEmpty, w.count <= text.count else { return w.isEmpty }
        for i in 0...(text.count - w.count) where text[i] == w[0] {
            if text[i..<(i + w.count)].elementsEqual(w) { return true }
        }
        return false
    }

    /// `x` with exactly three decimals.
    static func fixed(_ x: Double) -> String {
        let m = Int((x * 1000).rounded())
        let frac = String(m % 1000)
        return "\(m / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}

extension Substring {
    /// The line without leading and trailing white-space characters.
    func trimmingCharacters() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
