/// What dedup has seen so far: exact hashes, LSH buckets and signatures of the originals (and,
/// with a store, of earlier runs). Its size grows with the number of documents (a signature of
/// `numPerm` words, an id and a path each), not with their text.
final class DedupIndex: @unchecked Sendable {
    /// A document kept as an original: others may duplicate it.
    struct Original: Sendable {
        let id: String
        let path: String
        let exactHash: UInt64
        let signature: [UInt32]?
    }

    struct Match: Sendable {
        let id: String
        let path: String
        let similarity: Double
    }

    private let bands: Int
    private let rows: Int
    private var originals: [Original] = []
    /// False for an original of an earlier run whose input was read again.
    private var live: [Bool] = []
    private var exact: [UInt64: [Int]] = [:]
    private var buckets: [UInt64: [Int]] = [:]
    /// Originals of earlier runs by input path, until the input is read again in this run.
    private var earlierByPath: [String: [Int]] = [:]

    init(bands: Int, rows: Int) {
        self.bands = bands
        self.rows = rows
    }

    /// Adds the originals of earlier runs (from a ``DedupStore``), before this run's documents.
    func addEarlier(_ stored: [Original]) {
        for original in stored {
            earlierByPath[original.path, default: []].append(originals.count)
            add(original)
        }
    }

    /// Forgets the earlier runs' originals of `path`, which is being read again: its documents
    /// now are what counts (a changed article is not a copy of its own old version). Returns
    /// whether there were any.
    func forgetEarlier(path: String) -> Bool {
        guard let stale = earlierByPath.removeValue(forKey: path) else { return false }
        for i in stale { live[i] = false }
        return true
    }

    /// The original this document duplicates (same normalized text, else the most similar at or
    /// above `threshold`, the earliest on a tie), or nil, in which case the document is recorded
    /// as an original. Call under a lock.
    func check(_ document: Original, threshold: Double) -> Match? {
        if let match = find(document, threshold: threshold) { return match }
        add(document)
        return nil
    }

    /// The original `document` duplicates, without recording anything.
    func find(_ document: Original, threshold: Double) -> Match? {
        for i in exact[document.exactHash] ?? [] where live[i] {
            return Match(id: originals[i].id, path: originals[i].path, similarity: 1)
        }
        guard let signature = document.signature else { return nil }
        var candidates = Set<Int>()
        for key in bandKeys(signature) {
            for i in buckets[key] ?? [] where live[i] { candidates.insert(i) }
        }
        var best: (index: Int, similarity: Double)?
        for i in candidates.sorted() {
            guard let other = originals[i].signature else { continue }
            let s = MinHasher.similarity(signature, other)
            if s >= threshold && s > (best?.similarity ?? -1) { best = (i, s) }
        }
        return best.map { Match(id: originals[$0.index].id, path: originals[$0.index].path, similarity: $0.similarity) }
    }

    /// Records an original.
    func add(_ document: Original) {
        let index = originals.count
        originals.append(document)
        live.append(true)
        exact[document.exactHash, default: []].append(index)
        if let signature = document.signature {
            for key in bandKeys(signature) { buckets[key, default: []].append(index) }
        }
    }

    private func bandKeys(_ signature: [UInt32]) -> [UInt64] {
        (0..<bands).map { b in
            var h: UInt64 = UInt64(b) &* 0x9E37_79B9_7F4A_7C15
            for r in 0..<rows { h = MinHasher.mix(h ^ UInt64(signature[b * rows + r])) }
            return h
        }
    }
}
