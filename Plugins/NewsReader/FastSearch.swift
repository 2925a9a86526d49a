#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension StringProtocol {
    /// Whether the UTF-8 bytes of `needle` occur in the string: a byte search (memmem), much
    /// faster than Foundation's locale-aware `contains` on hot paths.
    @inline(__always)
    func has(_ needle: String) -> Bool { byteRange(of: needle) != nil }

    /// Whether the string starts with the UTF-8 bytes of `prefix` (no Unicode normalisation:
    /// fast, and exact for the literal labels it is used with).
    @inline(__always)
    func hasBytePrefix(_ prefix: String) -> Bool { utf8.starts(with: prefix.utf8) }

    /// The range of the first occurrence of `needle`, found by a byte search.
    func byteRange(of needle: String) -> Range<Index>? {
        var needle = needle
        return needle.withUTF8 { n -> Range<Index>? in
            guard n.count > 0 else { return nil }
            let found: Int? = self.utf8.withContiguousStorageIfAvailable { h -> Int? in
                guard h.count >= n.count, let hb = h.baseAddress, let nb = n.baseAddress else { return nil }
                let last = h.count - n.count
                let first = Int32(n[0])
                var i = 0
                while i <= last {
                    guard let p = memchr(hb + i, first, last - i + 1) else { return nil }
                    let j = hb.distance(to: p.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hb + j, nb, n.count) == 0 { return j }
                    i = j + 1
                }
                return nil
            } ?? slowOffset(of: Array(n))
            guard let found else { return nil }
            let lower = utf8.index(utf8.startIndex, offsetBy: found)
            let upper = utf8.index(lower, offsetBy: n.count)
            return lower..<upper
        }
    }

    private func slowOffset(of needle: [UInt8]) -> Int? {
        let bytes = Array(utf8)
        guard bytes.count >= needle.count else { return nil }
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] && Array(bytes[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}

/// A fixed set of literal needles searched for in one pass over a string's UTF-8 bytes: a
/// 64 K-bit table of first byte pairs rejects almost every position at once.
struct NeedleSet: Sendable {
    private var table = [UInt64](repeating: 0, count: 1024)
    private var buckets: [UInt16: [[UInt8]]] = [:]
    private var singleBytes: Set<UInt8> = []

    init(_ needles: [String]) {
        for needle in needles {
            let bytes = Array(needle.utf8)
            guard let first = bytes.first else { continue }
            if bytes.count == 1 {
                singleBytes.insert(first)
                continue
            }
            let key = UInt16(first) << 8 | UInt16(bytes[1])
            table[Int(key >> 6)] |= 1 << UInt64(key & 63)
            buckets[key, default: []].append(bytes)
        }
    }

    /// Whether any needle occurs in `text`.
    func occurs(in text: some StringProtocol) -> Bool {
        var text = String(text)
        return text.withUTF8 { bytes -> Bool in
            let n = bytes.count
            if n == 0 { return false }
            var i = 0
            while i < n {
                let b0 = bytes[i]
                if !singleBytes.isEmpty && singleBytes.contains(b0) { return true }
                if i + 1 < n {
                    let key = UInt16(b0) << 8 | UInt16(bytes[i + 1])
                    if table[Int(key >> 6)] & (1 << UInt64(key & 63)) != 0, let candidates = buckets[key] {
                        for c in candidates where i + c.count <= n {
                            var j = 2
                            while j < c.count && bytes[i + j] == c[j] { j += 1 }
                            if j == c.count { return true }
                        }
                    }
                }
                i += 1
            }
            return false
        }
    }

    /// Whether `text` starts with one of the needles.
    func isPrefix(of text: some StringProtocol) -> Bool {
        let u = text.utf8
        var it = u.makeIterator()
        guard let b0 = it.next() else { return false }
        if singleBytes.contains(b0) { return true }
        guard let b1 = it.next() else { return false }
        let key = UInt16(b0) << 8 | UInt16(b1)
        guard table[Int(key >> 6)] & (1 << UInt64(key & 63)) != 0, let candidates = buckets[key] else { return false }
        return candidates.contains { u.starts(with: $0) }
    }
}
