import SluiceCore

/// The reader `subtitles`: SubRip subtitles (`.srt`) → one transcript document, one block per
/// cue with its start and end time; a cue opening with `Name:` becomes a statement by that
/// speaker. UTF-8 input only (a real reader would decode other encodings too).
public struct SubtitleReader: SourceReader {
    public static let name = "subtitles"
    public static let summary = "SubRip subtitles (.srt) → one transcript with a block per cue (times, speaker when named)."
    public static let fileExtensions = ["srt"]

    static let kind = OptionKey<String>.string("kind", default: "transcript", doc: "The `kind` given to the documents.")
    public static var options: [OptionSpec] { [kind.spec] }

    let documentKind: String

    public init(_ setup: PluginSetup) throws {
        documentKind = setup.options[Self.kind]
    }

    /// `.srt` files whose start looks like a cue (a number, then `00:00:01,000 --> ...`).
    public func confidence(for sample: InputSample) -> Double {
        guard Self.fileExtensions.contains(sample.fileExtension) else { return 0 }
        let head = String(decoding: sample.head.prefix(4096), as: UTF8.self)
        return head.contains("-->") ? 0.9 : 0.3
    }

    public func read(_ input: SourceInput, context: ReadContext) throws -> [Document] {
        guard var text = String(validating: input.bytes, as: UTF8.self) else {
            throw PluginError.invalidInput("the subtitle reader reads UTF-8 only")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var blocks: [Block] = []
        for (index, cue) in cues(in: text).enumerated() {
            guard let timing = cue.first, let arrow = timing.range(of: " --> ") else {
                context.warn("cue \(index + 1) has no timing line; skipped")
                continue
            }
            let start = String(timing[..<arrow.lowerBound]).trimmingSpaces
            let end = String(timing[arrow.upperBound...]).trimmingSpaces
            let words = cue.dropFirst().joined(separator: " ")
            guard !words.isEmpty else { continue }
            if let colon = words.firstIndex(where: { $0 == ":" || $0 == "：" }), words.distance(from: words.startIndex, to: colon) <= 24 {
                let speaker = String(words[..<colon]).trimmingSpaces
                let said = String(words[words.index(after: colon)...]).trimmingSpaces
                blocks.append(Block(.statement, text: said, speaker: speaker, attributes: ["start": start, "end": end]))
            } else {
                blocks.append(Block(.paragraph, text: words, attributes: ["start": start, "end": end]))
            }
        }
        guard !blocks.isEmpty else { throw PluginError.invalidInput("the file holds no subtitle cues") }
        var document = Document(kind: documentKind, blocks: blocks, text: TextSupport.bodyText(of: blocks))
        document.source.encoding = "UTF-8"
        if let language = TextSupport.guessLanguage(document.text) { document.metadata["language"] = language }
        return [document]
    }

    /// The cues: runs of non-blank lines, without the leading sequence number.
    private func cues(in text: String) -> [[String]] {
        var cues: [[String]] = []
        var current: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw).trimmingSpaces
            if line.isEmpty {
                if !current.isEmpty { cues.append(current); current = [] }
                continue
            }
            if current.isEmpty, line.allSatisfy(\.isNumber) { continue }
            current.append(line)
        }
        if !current.isEmpty { cues.append(current) }
        return cues
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\r" || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\r" || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
