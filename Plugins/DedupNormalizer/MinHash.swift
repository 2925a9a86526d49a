import Foundation
import SluiceCore

/// MinHash signatures over shingles: CJK text as runs of `shingle` characters, other text as runs
/// of `shingle` words, both after lowercasing and dropping punctuation and white space.
struct MinHasher: Sendable {
    let numPerm: Int
    let shingle: Int
    let seeds: [UInt64]

    init(numPerm: Int, shingle: Int) {
        self.numPerm = numPerm
        self.shingle = shingle
        var state: UInt64 = 0x5EED_0F_D1CE
        seeds = (0..<numPerm).map { _ in
            state = state &+ 0x9E37_79B9_7F4A_7C15
            return Self.mix(state)
        }
    }

    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The text's units: each CJK character alone, each other word lowercased; punctuation and
    /// white space are dropped. Returned as 64-bit hashes.
    static func units(_ text: String) -> [UInt64] {
        var out: [UInt64] = []
        var word: UInt64 = 0xCBF2_9CE4_8422_2325
        var inWord = false
        func flush() {
            if inWord { out.append(word) }
            word = 0xCBF2_9CE4_8422_2325
            inWord = false
        }
        for s in text.unicodeScalars {
            if TextSupport.isCJK(s) {
                flush()
                out.append(mix(UInt64(s.value) | 0x1_0000_0000))
            } else if s.properties.isAlphabetic || s.properties.numericType != nil {
                let lower = s.properties.lowercaseMapping.unicodeScalars.first ?? s
                word = (word ^ UInt64(lower.value)) &* 0x100_0000_01B3
                inWord = true
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    /// The signature of a text, nil when it has no unit.
    func signature(_ units: [UInt64]) -> [UInt64]? {
        guard !units.isEmpty else { return nil }
        var sig = [UInt64](repeating: .max, count: numPerm)
        let n = max(units.count - shingle + 1, 1)
        for start in 0..<n {
            var h: UInt64 = 0
            for u in units[start..<min(start + shingle, units.count)] { h = Self.mix(h ^ u) }
            for p in 0..<numPerm {
                let v = Self.mix(h ^ seeds[p])
                if v < sig[p] { sig[p] = v }
            }
        }
        return sig
    }

    /// The estimated Jaccard similarity of two signatures.
    static func similarity(_ a: [UInt64], _ b: [UInt64]) -> Double {
        var same = 0
        for i in a.indices where a[i] == b[i] { same += 1 }
        return Double(same) / Double(a.count)
    }

    /// Bands × rows = numPerm whose S-curve threshold (1/b)^(1/r) is closest to `threshold`.
    static func bands(numPerm: Int, threshold: Double) -> (bands: Int, rows: Int) {
        var best = (bands: numPerm, rows: 1), bestGap = Double.infinity
        for rows in 1...numPerm where numPerm % rows == 0 {
            let b = numPerm / rows
            let gap = abs(pow(1 / Double(b), 1 / Double(rows)) - threshold)
            if gap < bestGap { best = (b, rows); bestGap = gap }
        }
        return best
    }
}
