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
    /// False for an original replaced by a later version of the same document.
    private var live: [Bool] = []
    private var exact: [UInt64: [Int]] = [:]
    private var buckets: [UInt64: [Int]] = [:]
    private var byID: [String: Int] = [:]

    init(bands: Int, rows: Int) {
        self.bands = bands
        self.rows = rows
    }

    /// The number of originals held.
    var count: Int { byID.count }

    /// The original this document duplicates (same normalized text, else the most similar at or
    /// above `threshold`, the earliest on a tie), or nil, in which case the document is recorded
    /// as an original (replacing an earlier version with the same id). A document never
    /// duplicates itself: a re-read of a stored document is not a copy. Call under a lock.
    func check(_ document: Original, threshold: Double) -> Match? {
        if let match = find(document, threshold: threshold) { return match }
        add(document)
        return nil
    }

    /// The original `document` duplicates, without recording anything.
    func find(_ document: Original, threshold: Double) -> Match? {
        for i in exact[document.exactHash] ?? [] where live[i] && originals[i].id != document.id {
            return Match(id: originals[i].id, path: originals[i].path, similarity: 1)
        }
        guard let signature = document.signature else { return nil }
        var candidates = Set<Int>()
        for key in bandKeys(signature) {
            for i in buckets[key] ?? [] where live[i] && originals[i].id != document.id { candidates.insert(i) }
        }
        var best: (index: Int, similarity: Double)?
        for i in candidates.sorted() {
            guard let other = originals[i].signature else { continue }
            let s = MinHasher.similarity(signature, other)
            if s >= threshold && s > (best?.similarity ?? -1) { best = (i, s) }
        }
        return best.map { Match(id: originals[$0.index].id, path: originals[$0.index].path, similarity: $0.similarity) }
    }

    /// Records an original (replacing an earlier one with the same id).
    func add(_ document: Original) {
        if let old = byID[document.id] { live[old] = false }
        let index = originals.count
        originals.append(document)
        live.append(true)
        byID[document.id] = index
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
