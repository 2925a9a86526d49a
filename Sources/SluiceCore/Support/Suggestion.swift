/// "Did you mean" suggestions for misspelt names.
package enum Suggestion {
    /// The candidate closest to `word` by edit distance, when it is close enough to be a likely typo.
    package static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(word.lowercased(), candidate.lowercased())
            if d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        guard let (candidate, d) = best else { return nil }
        let limit = max(1, min(word.count, candidate.count) / 3)
        return d <= limit || candidate.lowercased().hasPrefix(word.lowercased()) ? candidate : nil
    }

    /// Edit distance between two strings: insertions, deletions, substitutions and swaps of two
    /// neighbouring characters each cost 1.
    package static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
