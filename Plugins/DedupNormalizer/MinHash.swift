import Foundation
import SluiceCore

/// MinHash signatures over shingles: CJK text as runs of `shingle` characters, other text as runs
/// of `shingle` words, both after lowercasing and dropping punctuation and white space.
struct MinHasher: Sendable {
    let numPerm: Int
    let shingle: Int
    /// Permutation `p` maps a shingle's 32-bit hash `h` to `a[p] * h + b[p]` (mod 2^32, `a[p]`
    /// odd, so a bijection): one 32-bit multiply-add per permutation, which the compiler
    /// vectorizes four lanes at a time even on baseline x86-64.
    let a: [UInt32]
    let b: [UInt32]

    init(numPerm: Int, shingle: Int) {
        self.numPerm = numPerm
        self.shingle = shingle
        var state: UInt64 = 0x5EED_0F_D1CE
        func next() -> UInt64 {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            return Self.mix(state)
        }
        var a: [UInt32] = [], b: [UInt32] = []
        for _ in 0..<numPerm {
            a.append(UInt32(truncatingIfNeeded: next()) | 1)
            b.append(UInt32(truncatingIfNeeded: next()))
        }
        self.a = a
        self.b = b
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
        out.reserveCapacity(text.utf8.count / 3)
        var word: UInt64 = 0xCBF2_9CE4_8422_2325
        var inWord = false
        func flush() {
            if inWord { out.append(word) }
            word = 0xCBF2_9CE4_8422_2325
            inWord = false
        }
        UnitTable.shared.withUnsafeBufferPointer { table in
            for s in text.unicodeScalars {
                let entry = s.value < 0x1_0000 ? table[Int(s.value)] : UnitTable.entry(s)
                if entry == UnitTable.cjk {
                    flush()
                    out.append(mix(UInt64(s.value) | 0x1_0000_0000))
                } else if entry != UnitTable.other {
                    word = (word ^ UInt64(entry)) &* 0x100_0000_01B3
                    inWord = true
                } else {
                    flush()
                }
            }
        }
        flush()
        return out
    }

    /// The signature of a text, nil when it has no unit: per permutation, the least permuted
    /// shingle hash.
    func signature(_ units: [UInt64]) -> [UInt32]? {
        guard !units.isEmpty else { return nil }
        var sig = [UInt32](repeating: .max, count: numPerm)
        let n = max(units.count - shingle + 1, 1)
        sig.withUnsafeMutableBufferPointer { sig in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    for start in 0..<n {
                        var wide: UInt64 = 0
                        for u in units[start..<min(start + shingle, units.count)] { wide = Self.mix(wide ^ u) }
                        let h = UInt32(truncatingIfNeeded: wide ^ (wide >> 32))
                        for p in 0..<sig.count {
                            sig[p] = min(sig[p], a[p] &* h &+ b[p])
                        }
                    }
                }
            }
        }
        return sig
    }

    /// The estimated Jaccard similarity of two signatures.
    static func similarity(_ a: [UInt32], _ b: [UInt32]) -> Double {
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
