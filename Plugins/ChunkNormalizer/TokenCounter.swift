import SluiceCore

/// The token count the `chunk` normalizer uses: every CJK character (ideograph, kana, Hangul,
/// bopomofo) is one token, every run of other letters and digits (a Latin word, a number) is one
/// token, and every other visible character (punctuation, symbols) is one token. White space is
/// free. This is an approximation of LLM tokenizers that never undercounts Chinese (where they
/// give about one token per character) and counts an English word as one (they give about 1.3).
package enum TokenCounter {
    /// The class of one scalar for counting.
    enum Class: UInt8 { case space, cjk, word, symbol }

    /// The class of every scalar of the Basic Multilingual Plane (bits 0–1), whether it is
    /// white space (bit 2) and whether a sentence may end at it (bit 3, ``mayEndBit``: see
    /// ``SentenceBoundary/mayEnd(_:)``), computed once so that the hot loops do a table look-up
    /// instead of a property query per character.
    static let table: [UInt8] = (0..<0x1_0000).map { v -> UInt8 in
        guard let s = Unicode.Scalar(UInt32(v)) else { return Class.symbol.rawValue }
        return classifyByProperties(s).rawValue | (isSpaceByProperties(s) ? 4 : 0) | (SentenceBoundary.mayEnd(s) ? mayEndBit : 0)
    }

    /// The bit of ``table`` set for the marks a sentence may end at.
    static let mayEndBit: UInt8 = 8

    /// The ``table`` entry of `s` (computed from the properties outside the Basic Multilingual
    /// Plane, where no sentence mark is).
    @inline(__always)
    static func bits(_ s: Unicode.Scalar, _ table: UnsafeBufferPointer<UInt8>) -> UInt8 {
        s.value < 0x1_0000 ? table[Int(s.value)] : classifyByProperties(s).rawValue | (isSpaceByProperties(s) ? 4 : 0)
    }

    @inline(__always)
    static func classify(_ s: Unicode.Scalar) -> Class {
        s.value < 0x1_0000 ? Class(rawValue: table[Int(s.value)] & 3)! : classifyByProperties(s)
    }

    /// ``classify(_:)`` with the table in hand (hot loops fetch it once, not per scalar).
    @inline(__always)
    static func classify(_ s: Unicode.Scalar, _ table: UnsafeBufferPointer<UInt8>) -> Class {
        s.value < 0x1_0000 ? Class(rawValue: table[Int(s.value)] & 3)! : classifyByProperties(s)
    }

    /// White space, from the table for the Basic Multilingual Plane.
    @inline(__always)
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x1_0000 ? table[Int(s.value)] & 4 != 0 : s.properties.isWhitespace
    }

    static func classifyByProperties(_ s: Unicode.Scalar) -> Class {
        let v = s.value
        if v < 0x80 {
            switch v {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F: return .word
            case 0x09...0x0D, 0x20: return .space
            default: return .symbol
            }
        }
        if CJK.isCJK(s) { return .cjk }
        if (0x3001...0x303F).contains(v) || (0x2010...0x2027).contains(v) { return .symbol }
        if (0xFF01...0xFF0F).contains(v) || (0xFF1A...0xFF20).contains(v) { return .symbol }
        let p = s.properties
        if p.isWhitespace { return .space }
        if p.isAlphabetic || p.numericType != nil || s == "_" { return .word }
        return .symbol
    }

    /// White space, with a fast path for ASCII.
    static func isSpaceByProperties(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 ? (s.value == 0x20 || (0x09...0x0D).contains(s.value)) : s.properties.isWhitespace
    }

    /// The number of tokens in `scalars[range]`.
    package static func count(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> Int {
        precondition(range.lowerBound >= 0 && range.upperBound <= scalars.count, "range out of bounds")
        return scalars.withUnsafeBufferPointer { s in table.withUnsafeBufferPointer { count(s, range, $0) } }
    }

    /// ``count(_:_:)`` over buffers the caller holds (`range` within `s`).
    @inline(__always)
    static func count(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ range: Range<Int>, _ table: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        var inWord = false
        var i = range.lowerBound
        while i < range.upperBound {
            step(s[i], table, &n, &inWord)
            i &+= 1
        }
        return n
    }

    /// Counts scalar `scalar` into `n`: a token starts at every scalar that is not white space,
    /// except a word character right after another (`inWord`).
    @inline(__always)
    static func step(_ scalar: Unicode.Scalar, _ table: UnsafeBufferPointer<UInt8>, _ n: inout Int, _ inWord: inout Bool) {
        step(bits: bits(scalar, table), &n, &inWord)
    }

    /// ``step(_:_:_:_:)`` with the scalar's ``table`` entry in hand.
    @inline(__always)
    static func step(bits: UInt8, _ n: inout Int, _ inWord: inout Bool) {
        let c = bits & 3
        let isWord = c == Class.word.rawValue
        n &+= c != Class.space.rawValue && !(isWord && inWord) ? 1 : 0
        inWord = isWord
    }

    /// Where to cut `scalars[range]` so that the first part holds at most `limit` tokens: the
    /// largest end index at a token boundary (a word is never split unless it alone is longer than
    /// `limit` tokens, which cannot happen since a word is one token).
    static func cut(_ scalars: [Unicode.Scalar], _ range: Range<Int>, limit: Int) -> Int {
        cutAndCount(scalars, range, limit: limit).end
    }

    /// ``cut(_:_:limit:)`` and the number of tokens before the cut, in one pass.
    static func cutAndCount(_ scalars: [Unicode.Scalar], _ range: Range<Int>, limit: Int) -> (end: Int, tokens: Int) {
        table.withUnsafeBufferPointer { table in
            var n = 0
            var inWord = false
            for i in range {
                let c = classify(scalars[i], table)
                let starts = c == .cjk || c == .symbol || (c == .word && !inWord)
                if starts {
                    if n == limit { return (i, n) }
                    n += 1
                }
                inWord = c == .word
            }
            return (range.upperBound, n)
        }
    }
}
