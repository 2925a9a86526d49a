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
    /// Bit `key` is set when some needle of two or more bytes starts with the byte pair `key`.
    private var table = [UInt64](repeating: 0, count: 1024)
    /// Needles of two or more bytes, grouped by first byte pair: `slots[slotIndex[h]]` where
    /// `h` is the pair's place in a small open-addressing table (`pairKeys`, 0 = empty).
    private var pairKeys: [UInt32] = []
    private var slotIndex: [Int32] = []
    private var slots: [[[UInt8]]] = []
    private var mask = 0
    /// Bit `b` is set when the one-byte needle `b` is in the set (four 64-bit words).
    private var single: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var hasSingle = false

    init(_ needles: [String]) {
        var pairs: Set<UInt16> = []
        for needle in needles where needle.utf8.count >= 2 {
            let u = Array(needle.utf8)
            pairs.insert(UInt16(u[0]) << 8 | UInt16(u[1]))
        }
        var capacity = 8
        while capacity < pairs.count * 2 { capacity *= 2 }
        pairKeys = Array(repeating: 0, count: capacity)
        slotIndex = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        for needle in needles {
            let bytes = Array(needle.utf8)
            guard let first = bytes.first else { continue }
            if bytes.count == 1 {
                hasSingle = true
                switch first >> 6 {
                case 0: single.0 |= 1 << UInt64(first & 63)
                case 1: single.1 |= 1 << UInt64(first & 63)
                case 2: single.2 |= 1 << UInt64(first & 63)
                default: single.3 |= 1 << UInt64(first & 63)
                }
                continue
            }
            let key = UInt16(first) << 8 | UInt16(bytes[1])
            table[Int(key >> 6)] |= 1 << UInt64(key & 63)
            var h = Self.hash(key, mask)
            while pairKeys[h] != 0 && pairKeys[h] != UInt32(key) + 1 { h = (h + 1) & mask }
            if pairKeys[h] == 0 {
                pairKeys[h] = UInt32(key) + 1
                slotIndex[h] = Int32(slots.count)
                slots.append([bytes])
            } else {
                slots[Int(slotIndex[h])].append(bytes)
            }
        }
    }

    @inline(__always)
    private static func hash(_ key: UInt16, _ mask: Int) -> Int { Int(truncatingIfNeeded: (UInt32(key) &* 0x9E37_79B1) >> 16) & mask }

    /// The slot of the needles starting with byte pair `key`, if any.
    @inline(__always)
    private func slot(_ key: UInt16) -> Int? {
        var h = Self.hash(key, mask)
        let wanted = UInt32(key) + 1
        while true {
            let k = pairKeys[h]
            if k == wanted { return Int(slotIndex[h]) }
            if k == 0 { return nil }
            h = (h + 1) & mask
        }
    }

    @inline(__always)
    private func isSingle(_ b: UInt8) -> Bool {
        let bit: UInt64 = 1 << UInt64(b & 63)
        switch b >> 6 {
        case 0: return single.0 & bit != 0
        case 1: return single.1 & bit != 0
        case 2: return single.2 & bit != 0
        default: return single.3 & bit != 0
        }
    }

    /// Whether any needle occurs in `text`.
    func occurs(in text: some StringProtocol) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ occurs(inBytes: $0) }) { return found }
        var copy = String(text)
        return copy.withUTF8 { occurs(inBytes: $0) }
    }

    /// Whether any needle occurs in `bytes`.
    func occurs(inBytes bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        if n == 0 { return false }
        return table.withUnsafeBufferPointer { table -> Bool in
            var i = 0
            let hasSingle = hasSingle
            while i < n {
                let b0 = bytes[i]
                // No needle starts on a UTF-8 continuation byte (needles are whole characters).
                if b0 & 0xC0 == 0x80 {
                    i += 1
                    continue
                }
                if hasSingle && isSingle(b0) { return true }
                if i + 1 < n {
                    let key = UInt16(b0) << 8 | UInt16(bytes[i + 1])
                    if table[Int(key >> 6)] & (1 << UInt64(key & 63)) != 0, let slot = slot(key) {
                        for c in slots[slot] where i + c.count <= n {
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
        if hasSingle && isSingle(b0) { return true }
        guard let b1 = it.next() else { return false }
        let key = UInt16(b0) << 8 | UInt16(b1)
        guard table[Int(key >> 6)] & (1 << UInt64(key & 63)) != 0, let slot = slot(key) else { return false }
        return slots[slot].contains { u.starts(with: $0) }
    }
}
