/// What the run has seen so far: exact hashes, LSH buckets and signatures. Its size grows with
/// the number of documents (a signature of `numPerm` words each), not with their text.
final class DedupIndex: @unchecked Sendable {
    struct Entry { let id: String; let signature: [UInt64] }
    struct Match: Sendable { let id: String; let similarity: Double }

    private let bands: Int
    private let rows: Int
    private var exact: [UInt64: String] = [:]
    private var buckets: [UInt64: [Int]] = [:]
    private var entries: [Entry] = []

    init(bands: Int, rows: Int) {
        self.bands = bands
        self.rows = rows
    }

    /// The earlier document this one duplicates (the most similar at or above `threshold`, the
    /// earliest on a tie), after which the document is added to the index. Call under a lock.
    func check(id: String, exactHash: UInt64, signature: [UInt64]?, threshold: Double) -> Match? {
        if let original = exact[exactHash] { return Match(id: original, similarity: 1) }
        exact[exactHash] = id
        guard let signature else { return nil }
        var keys: [UInt64] = []
        var candidates = Set<Int>()
        for b in 0..<bands {
            var h: UInt64 = UInt64(b) &* 0x9E37_79B9_7F4A_7C15
            for r in 0..<rows { h = MinHasher.mix(h ^ signature[b * rows + r]) }
            keys.append(h)
            for i in buckets[h] ?? [] { candidates.insert(i) }
        }
        var best: (index: Int, similarity: Double)?
        for i in candidates.sorted() {
            let s = MinHasher.similarity(signature, entries[i].signature)
            if s >= threshold && s > (best?.similarity ?? -1) { best = (i, s) }
        }
        if let best { return Match(id: entries[best.index].id, similarity: best.similarity) }
        let index = entries.count
        entries.append(Entry(id: id, signature: signature))
        for key in keys { buckets[key, default: []].append(index) }
        return nil
    }
}
