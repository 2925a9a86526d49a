import SluiceCore

/// One search entry a store found, before the shared post-processing.
package struct SearchCandidate: Sendable {
    package var documentID: String
    package var kind: String
    package var documentTitle: String?
    package var path: String
    package var published: String?
    package var unit: String
    package var groupLabel: String?
    package var speaker: String?
    package var title: String
    package var context: String
    package var body: String
    /// Higher is better.
    package var score: Double

    package init(
        documentID: String, kind: String, documentTitle: String?, path: String, published: String?, unit: String,
        groupLabel: String?, speaker: String?, title: String, context: String, body: String, score: Double
    ) {
        self.documentID = documentID
        self.kind = kind
        self.documentTitle = documentTitle
        self.path = path
        self.published = published
        self.unit = unit
        self.groupLabel = groupLabel
        self.speaker = speaker
        self.title = title
        self.context = context
        self.body = body
        self.score = score
    }
}

/// How the stores split a query and turn candidates into hits, so that SQLite and PostgreSQL
/// answer alike.
package enum SearchRanking {
    /// Terms shorter than this many characters cannot use a trigram index: the stores match them
    /// by scanning (`instr` / `strpos`) instead.
    package static let trigramLength = 3

    /// The query's terms split into those an index of trigrams can find and the short ones.
    package static func split(_ query: SearchQuery) -> (long: [String], short: [String]) {
        let terms = query.terms
        return (terms.filter { $0.count >= trigramLength }, terms.filter { $0.count < trigramLength })
    }

    /// How many candidates a store should fetch for `query`: more than the limit, because whole-
    /// document hits are dropped where a finer hit (a group or statement) of the same document
    /// matched.
    package static func candidateLimit(_ query: SearchQuery) -> Int { max(1, query.limit) * 5 + 20 }

    /// The final hits: finer units replace coarser ones of the same document (a statement its
    /// group's entry and the whole document, a group the whole document) unless the coarser one
    /// matched in text of its own (the title; a group's topic), best first, hits with the same
    /// snippet, group and speaker collapsed into the best one, at most `query.limit`, each with a
    /// highlighted snippet.
    package static func hits(_ candidates: [SearchCandidate], query: SearchQuery) -> [SearchHit] {
        let terms = query.terms
        var finer = Set<String>()
        var statementGroups = Set<String>()
        for c in candidates where c.unit != "document" {
            finer.insert(c.documentID)
            if c.unit == "statement" { statementGroups.insert(c.documentID + "\u{0}" + (c.groupLabel ?? "")) }
        }
        let kept = candidates.filter { c in
            switch c.unit {
            case "document" where finer.contains(c.documentID):
                // Keep a document hit whose title matches: the title is not in any finer unit.
                return contains(c.title, terms)
            case "group" where statementGroups.contains(c.documentID + "\u{0}" + (c.groupLabel ?? "")):
                // A roster line that only names the person whose statements matched says nothing more.
                return contains(c.body, terms)
            default:
                return true
            }
        }
        let sorted = kept.enumerated().sorted { a, b in
            a.element.score != b.element.score ? a.element.score > b.element.score : a.offset < b.offset
        }.map(\.element)
        var seen = Set<[String]>()
        var hits: [SearchHit] = []
        for c in sorted where hits.count < query.limit {
            let source: String
            if contains(c.body, terms) || (!c.body.isEmpty && contains(c.speaker ?? "", terms)) {
                // What the person said, also when only the speaker's name matched.
                source = c.body
            } else if contains(c.context, terms) {
                source = c.context
            } else if contains(c.title, terms) {
                source = c.title
            } else {
                source = c.body
            }
            let snippet = SearchSnippet.make(source, terms: terms, open: query.highlightOpen, close: query.highlightClose)
            guard seen.insert([snippet, c.groupLabel ?? "", c.speaker ?? ""]).inserted else { continue }
            hits.append(SearchHit(
                id: c.documentID, kind: c.kind, title: c.documentTitle, path: c.path, published: c.published,
                unit: c.unit, snippet: snippet, score: (c.score * 1000).rounded() / 1000, group: c.groupLabel,
                speaker: c.speaker))
        }
        return hits
    }

    static func contains(_ text: String, _ terms: [String]) -> Bool {
        let lowered = text.lowercased()
        return terms.contains { lowered.contains($0.lowercased()) }
    }
}
