import Logging

/// A full-text search request against a store a sink wrote.
public struct SearchQuery: Sendable, Hashable {
    /// What to look for. White space separates terms; every term must occur (Chinese characters
    /// in sequence; Latin case-insensitive, as a word prefix in SQLite stores and a substring in
    /// PostgreSQL). Terms of any length work, including one or two Chinese characters.
    public var text: String
    /// Only documents of this kind (`news`, `minutes`, ...), when set.
    public var kind: String?
    /// The most hits returned.
    public var limit: Int
    /// The markers put around each match in a snippet.
    public var highlightOpen: String
    /// See ``highlightOpen``.
    public var highlightClose: String

    /// Creates a query.
    public init(_ text: String, kind: String? = nil, limit: Int = 10, highlightOpen: String = "«", highlightClose: String = "»") {
        self.text = text
        self.kind = kind
        self.limit = limit
        self.highlightOpen = highlightOpen
        self.highlightClose = highlightClose
    }

    /// The query's terms: split at white space, empty ones and repeats dropped. A term wrapped in
    /// double quotes keeps its spaces (`"machine learning"`).
    public var terms: [String] {
        var terms: [String] = []
        var current = ""
        var quoted = false
        func end() {
            let t = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !t.isEmpty, !terms.contains(t) { terms.append(t) }
            current = ""
        }
        for ch in text {
            if ch == "\"" {
                end()
                quoted.toggle()
            } else if !quoted, ch.isWhitespace {
                end()
            } else {
                current.append(ch)
            }
        }
        end()
        return terms
    }
}

/// One ranked search result.
public struct SearchHit: Codable, Sendable, Hashable {
    /// The document's id.
    public var id: String
    /// The document's kind.
    public var kind: String
    /// The document's title.
    public var title: String?
    /// The source path of the input the document came from.
    public var path: String
    /// The published date, when known.
    public var published: String?
    /// What matched: `document` (title or body), or the unit of an entry a reader's
    /// ``DocumentProjection`` added (``SearchEntry/unit``).
    public var unit: String
    /// A short extract around the first match, each match between the query's highlight markers.
    public var snippet: String
    /// The relevance; higher is better. Comparable only within one result list.
    public var score: Double
    /// The matched entry's facets (``SearchEntry/facets``); empty for whole-document hits.
    public var facets: [String: String]

    /// Creates a hit.
    public init(
        id: String, kind: String, title: String?, path: String, published: String? = nil, unit: String = "document",
        snippet: String, score: Double, facets: [String: String] = [:]
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.path = path
        self.published = published
        self.unit = unit
        self.snippet = snippet
        self.score = score
        self.facets = facets
    }
}

/// An open store that can be searched (a SQLite file, a PostgreSQL database).
public protocol SearchableStore: Sendable {
    /// The best hits for `query`, best first.
    func search(_ query: SearchQuery) async throws -> [SearchHit]
    /// Releases the store's connections.
    func close() async
    /// The document kinds the store holds, sorted (for `--kind` errors), or nil when the store
    /// cannot tell.
    func kinds() async throws -> [String]?
}

extension SearchableStore {
    public func close() async {}
    public func kinds() async throws -> [String]? { nil }
}

/// A kind of store `sluice search` can open, registered next to the sink that writes it.
public protocol SearchProvider: Sendable {
    /// The name, usually the sink's (`sqlite`, `postgres`).
    static var name: String { get }
    /// Whether `location` (a file path or a URL) looks like this provider's store.
    static func accepts(location: String) -> Bool
    /// Opens the store at `location` for searching. Errors never contain credentials.
    static func open(location: String, logger: Logger) async throws -> any SearchableStore
}

/// Builds highlighted snippets; shared by the stores so that every store shows matches alike.
public enum SearchSnippet {
    /// An extract of `text` of about `width` characters around the first occurrence of any of
    /// `terms` (compared case-insensitively), with every occurrence wrapped in `open` … `close`.
    /// Line breaks become spaces; `…` marks cut ends. Empty when `text` is empty.
    public static func make(_ text: String, terms: [String], open: String, close: String, width: Int = 80) -> String {
        let chars = Array(text.map { $0.isNewline ? " " : $0 })
        guard !chars.isEmpty else { return "" }
        let lowered = chars.map { Character($0.lowercased()) }
        let needles = terms.map { Array($0.lowercased()) }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        var matches: [Range<Int>] = []
        var i = 0
        while i < lowered.count {
            var matched: Int?
            for n in needles where i + n.count <= lowered.count && Array(lowered[i..<(i + n.count)]) == n {
                matched = n.count
                break
            }
            if let m = matched {
                matches.append(i..<(i + m))
                i += m
            } else {
                i += 1
            }
        }
        let first = matches.first?.lowerBound ?? 0
        var start = max(0, first - width / 3)
        let end = min(chars.count, start + width)
        start = max(0, min(start, end - width))
        var out = start > 0 ? "…" : ""
        var pos = start
        for m in matches where m.lowerBound >= start && m.upperBound <= end {
            out += String(chars[pos..<m.lowerBound]) + open + String(chars[m]) + close
            pos = m.upperBound
        }
        out += String(chars[pos..<end])
        if end < chars.count { out += "…" }
        return out
    }
}
