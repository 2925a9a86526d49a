#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A document's text as Unicode scalars (what chunk offsets count) together with its UTF-8
/// bytes and the byte offset of every scalar, so that a chunk's text is a copy of a byte range
/// rather than a string rebuilt scalar by scalar.
struct ScalarText {
    /// The text itself, whose UTF-8 slices become chunk texts.
    let string: String
    let scalars: [Unicode.Scalar]
    let utf8: [UInt8]
    /// `utf8Offsets[i]` is where scalar `i` starts; one more entry holds the end.
    let utf8Offsets: [Int]

    init(_ text: String) {
        let utf8 = Array(text.utf8)
        var count = 0
        var offsets: [Int] = []
        let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: utf8.count) { scalarBuffer, scalarCount in
            offsets = [Int](unsafeUninitializedCapacity: utf8.count + 1) { offsetBuffer, offsetCount in
                utf8.withUnsafeBufferPointer { bytes in
                    var i = 0
                    while i < bytes.count {
                        // A Swift string is valid UTF-8: the continuation bytes are there and
                        // every decoded value is a scalar.
                        let b = UInt32(bytes[i])
                        func next(_ k: Int) -> UInt32 { UInt32(bytes[i + k]) & 0x3F }
                        let v: UInt32, length: Int
                        if b < 0x80 {
                            (v, length) = (b, 1)
                        } else if b < 0xE0 {
                            (v, length) = ((b & 0x1F) << 6 | next(1), 2)
                        } else if b < 0xF0 {
                            (v, length) = ((b & 0x0F) << 12 | next(1) << 6 | next(2), 3)
                        } else {
                            (v, length) = ((b & 0x07) << 18 | next(1) << 12 | next(2) << 6 | next(3), 4)
                        }
                        offsetBuffer.initializeElement(at: count, to: i)
                        scalarBuffer.initializeElement(at: count, to: Unicode.Scalar(v) ?? "\u{FFFD}")
                        count += 1
                        i += length
                    }
                }
                offsetBuffer.initializeElement(at: count, to: utf8.count)
                offsetCount = count + 1
            }
            scalarCount = count
        }
        self.string = text
        self.utf8 = utf8
        self.scalars = scalars
        self.utf8Offsets = offsets
    }

    /// Where `needle` first occurs at or after scalar `from`, as a range of scalar indices: a
    /// byte comparison (equal UTF-8 is equal scalars, and a match starting with a lead byte starts
    /// at a scalar boundary).
    func find(_ needle: String, from: Int) -> Range<Int>? {
        var needle = needle
        return needle.withUTF8 { n -> Range<Int>? in
            guard let first = n.first, from < utf8Offsets.count else { return nil }
            return utf8.withUnsafeBufferPointer { bytes -> Range<Int>? in
                var o = utf8Offsets[from]
                while o + n.count <= bytes.count {
                    if bytes[o] == first && memcmp(bytes.baseAddress! + o, n.baseAddress!, n.count) == 0 {
                        // A scalar is at least one byte: the indices lie at most as many
                        // scalars on as there are bytes.
                        let last = utf8Offsets.count - 1
                        let lower = scalarIndex(atByte: o, in: from, min(last, from + o - utf8Offsets[from]))
                        return lower..<scalarIndex(atByte: o + n.count, in: lower, min(last, lower + n.count))
                    }
                    o += 1
                }
                return nil
            }
        }
    }

    /// The index of the scalar starting at byte `offset` (a scalar boundary), known to lie in
    /// `lo...hi`.
    private func scalarIndex(atByte offset: Int, in lo: Int, _ hi: Int) -> Int {
        var lo = lo, hi = hi
        while lo < hi {
            let mid = (lo + hi) / 2
            if utf8Offsets[mid] < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The text of scalars `start..<end`: a copy of the string's UTF-8 between two scalar
    /// boundaries, which is valid UTF-8 already (no decoding or repair pass).
    func text(_ start: Int, _ end: Int) -> String {
        let view = string.utf8
        let from = view.index(view.startIndex, offsetBy: utf8Offsets[start])
        let to = view.index(from, offsetBy: utf8Offsets[end] - utf8Offsets[start])
        return String(Substring(view[from..<to]))
    }
}
