import Foundation

/// How `auto` mode picks the reader of one input, and why: the rule `sluice plugins --routing`
/// and `--verbose` runs explain.
///
/// Every reader is asked for its ``SourceReader/confidence(for:)``; the highest above 0 wins. On a
/// tie the reader registered **later** wins: the built-ins are registered first, so a third-party
/// reader that declares an extension and keeps the default confidence (0.5) takes those files
/// from the built-in `text` reader, which also answers 0.5 for `.txt`, `.md`, `.rst` and `.log`.
package struct ReaderChoice: Sendable {
    /// One reader's answer.
    package struct Candidate: Sendable {
        package var name: String
        package var confidence: Double
    }

    /// Every reader's answer, in registration order.
    package var candidates: [Candidate]
    /// The index (in ``candidates``) of the reader chosen, or nil when none accepts the input.
    package var chosen: Int?

    /// Asks each reader (in registration order) and applies the rule.
    package init(readers: [(String, any SourceReader)], sample: InputSample) {
        candidates = readers.map { Candidate(name: $0.0, confidence: $0.1.confidence(for: sample)) }
        chosen = nil
        for (i, c) in candidates.enumerated() where c.confidence > 0 {
            if let best = chosen, c.confidence < candidates[best].confidence { continue }
            chosen = i
        }
    }

    /// The chosen reader's name.
    package var readerName: String? { chosen.map { candidates[$0].name } }

    /// Why: `news (0.95; also minutes 0.80, text 0.50)`, or what happened on a tie.
    package var explanation: String {
        func score(_ c: Candidate) -> String { String(format: "%.2f", c.confidence) }
        guard let chosen else {
            return "no reader accepts it (" + candidates.map { "\($0.name) \(score($0))" }.joined(separator: ", ") + ")"
        }
        let winner = candidates[chosen]
        let others = candidates.enumerated().filter { $0.offset != chosen && $0.element.confidence > 0 }.map(\.element)
        let tied = others.filter { $0.confidence == winner.confidence }
        var text = "\(winner.name) (confidence \(score(winner))"
        if !tied.isEmpty {
            text += "; tied with \(tied.map(\.name).joined(separator: ", ")): the reader registered later wins ties"
        }
        let below = others.filter { $0.confidence < winner.confidence }
        if !below.isEmpty { text += "; also " + below.map { "\($0.name) \(score($0))" }.joined(separator: ", ") }
        return text + ")"
    }
}
