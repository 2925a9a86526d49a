import Foundation
import SluiceCore

/// One search entry a store found, before the shared post-processing.
package struct SearchCandidate: Sendable {
    package var documentID: String
    package var kind: String
    package var documentTitle: String?
    package var path: String
    package var published: String?
    package var unit: String
    /// The entry's facets (empty for the whole-document entry).
    package var facets: [String: String]
    package var title: String
    package var context: String
    package var body: String
    /// Higher is better.
    package var score: Double

    package init(
        documentID: String, kind: String, documentTitle: String?, path: String, published: String?, unit: String,
        facets: [String: String], title: String, context: String, body: String, score: Double
    ) {
        self.documentID = documentID
        self.kind = kind
        self.documentTitle = documentTitle
        self.path = path
        self.published = published
        self.unit = unit
        self.facets = facets
        self.title = title
        self.context = context
        self.body = body
        self.score = score
    }

    /// Facets read back from the stored JSON object (nil or unreadable: none).
    package static func facets(json: String?) -> [String: String] {
        guard let json, !json.isEmpty else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
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

    /// At most this many matching entries are ranked per query, the newest (highest entry ids)
    /// first: a query then costs about the same however many entries contain its words. Below
    /// the bound every match is ranked (docs/storage.md, "Search").
    package static let defaultRankingBound = 3_000

    /// How many candidates a store should fetch for `query`: more than the limit, because whole-
    /// document hits are dropped where a finer entry of the same document matched.
    package static func candidateLimit(_ query: SearchQuery) -> Int { max(1, query.limit) * 5 + 20 }

    /// The final hits: an entry hides coarser hits of the same document (see ``hides(_:_:terms:)``),
    /// best first, hits with the same snippet and facets collapsed into the best one, at most
    /// `query.limit`, each with a highlighted snippet.
    package static func hits(_ candidates: [SearchCandidate], query: SearchQuery) -> [SearchHit] {
        let terms = query.terms
        var finer: [String: [[String: String]]] = [:]
        for c in candidates where c.unit != "document" { finer[c.documentID, default: []].append(c.facets) }
        let kept = candidates.filter { c in
            !(finer[c.documentID] ?? []).contains { hides($0, c, terms: terms) }
        }
        let sorted = kept.enumerated().sorted { a, b in
            a.element.score != b.element.score ? a.element.score > b.element.score : a.offset < b.offset
        }.map(\.element)
        var seen = Set<[String]>()
        var hits: [SearchHit] = []
        for c in sorted where hits.count < query.limit {
            let source: String
            if contains(c.body, terms) || (!c.body.isEmpty && c.facets.values.contains { contains($0, terms) }) {
                // What the entry says, also when only a facet (such as a person's name) matched.
                source = c.body
            } else if contains(c.context, terms) {
                source = c.context
            } else if contains(c.title, terms) {
                source = c.title
            } else {
                source = c.body
            }
            let snippet = SearchSnippet.make(source, terms: terms, open: query.highlightOpen, close: query.highlightClose)
            let key = [snippet] + c.facets.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
            guard seen.insert(key).inserted else { continue }
            hits.append(SearchHit(
                id: c.documentID, kind: c.kind, title: c.documentTitle, path: c.path, published: c.published,
                unit: c.unit, snippet: snippet, score: (c.score * 1000).rounded() / 1000, facets: c.facets))
        }
        return hits
    }

    /// Whether a matching entry with `facets` hides the candidate `c` of the same document: the
    /// whole-document entry unless its title matched (the title is in no finer entry); another
    /// entry whose facets are a strict subset of `facets` unless its own body matched (a section
    /// whose paragraph matched says nothing more, unless the section's own text matched).
    static func hides(_ facets: [String: String], _ c: SearchCandidate, terms: [String]) -> Bool {
        if c.unit == "document" { return !contains(c.title, terms) }
        guard facets.count > c.facets.count, c.facets.allSatisfy({ facets[$0.key] == $0.value }) else { return false }
        return !contains(c.body, terms)
    }

    static func contains(_ text: String, _ terms: [String]) -> Bool {
        let lowered = text.lowercased()
        return terms.contains { lowered.contains($0.lowercased()) }
    }
}
