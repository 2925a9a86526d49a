import Foundation
import GRDB
import SluiceCore

/// The FTS5 tokenizer `sluice` of the SQLite store: every Han, kana or Hangul character is a token
/// of its own, and a run of other letters and digits is one lower-cased word.
///
/// A query term is tokenized the same way, so that `老蒋` becomes the phrase of the tokens `老`
/// and `蒋` (adjacent positions) and `Alice Chen` the phrase `alice chen`: 1-, 2- and n-character
/// Chinese queries and mixed queries are all answered from the index by phrase matching, and BM25
/// ranks them. Character bigrams were measured too (`Benchmarks/storage/README.md`): they make
/// the index three times larger for no gain in what can be found.
///
/// Registered on every connection of the sink and of the search store
/// (`Configuration.prepareDatabase`); a store written with it cannot be searched without it.
final class SQLiteTokenizer: FTS5CustomTokenizer {
    static let name = "sluice"
    /// SQLite's `SQLITE_OK`.
    static let ok: CInt = 0

    init(db: Database, arguments: [String]) throws {}

    func tokenize(
        context: UnsafeMutableRawPointer?, tokenization: FTS5Tokenization, pText: UnsafePointer<CChar>?,
        nText: CInt, tokenCallback: @escaping FTS5TokenCallback
    ) -> CInt {
        guard let pText, nText > 0 else { return Self.ok }
        let bytes = UnsafeRawPointer(pText).assumingMemoryBound(to: UInt8.self)
        let count = Int(nText)
        var word: [UInt8] = []
        word.reserveCapacity(64)
        var wordStart = -1
        var wordIsASCII = true

        func emit(_ token: UnsafePointer<UInt8>, _ length: Int, _ start: Int, _ end: Int) -> CInt {
            token.withMemoryRebound(to: CChar.self, capacity: length) { pointer in
                tokenCallback(context, 0, pointer, CInt(length), CInt(start), CInt(end))
            }
        }
        func endWord(at end: Int) -> CInt {
            guard wordStart >= 0 else { return Self.ok }
            defer {
                word.removeAll(keepingCapacity: true)
                wordStart = -1
                wordIsASCII = true
            }
            if !wordIsASCII {
                // Rare (accented Latin, Cyrillic, Greek ...): let Swift lower-case it.
                word = Array(String(decoding: word, as: UTF8.self).lowercased().utf8)
            }
            return word.withUnsafeBufferPointer { emit($0.baseAddress!, $0.count, wordStart, end) }
        }

        var i = 0
        while i < count {
            let (scalar, length) = Self.decode(bytes, i, count)
            let kind = Self.classify(scalar)
            if kind == .word {
                if wordStart < 0 { wordStart = i }
                if length == 1 {
                    let b = bytes[i]
                    word.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
                } else {
                    wordIsASCII = false
                    word.append(contentsOf: UnsafeBufferPointer(start: bytes + i, count: length))
                }
            } else {
                let rc = endWord(at: i)
                if rc != Self.ok { return rc }
                if kind == .ideograph {
                    let rc = emit(bytes + i, length, i, i + length)
                    if rc != Self.ok { return rc }
                }
            }
            i += length
        }
        return endWord(at: count)
    }

    enum Kind { case word, ideograph, separator }

    /// Han ideographs (with extensions and compatibility forms), kana, Hangul and Bopomofo are
    /// ideographs (one token per character); other letters, digits and combining marks make words.
    static func classify(_ v: UInt32) -> Kind {
        if v < 0x80 {
            let lower = v | 0x20  // A-Z to a-z; digits and `_` unchanged or out of the letter range
            if lower >= 0x61 && lower <= 0x7A { return .word }
            if v >= 0x30 && v <= 0x39 { return .word }
            return v == 0x5F ? .word : .separator
        }
        // The common Han block, most of Chinese text, without looking further.
        if v >= 0x4E00 && v <= 0x9FFF { return .ideograph }
        if isPunctuation(v) { return .separator }
        return classifyByProperties(v)
    }

    /// ``classify(_:)`` for a scalar beyond ASCII, by its Unicode properties.
    static func classifyByProperties(_ v: UInt32) -> Kind {
        if isIdeograph(v) { return .ideograph }
        guard let scalar = Unicode.Scalar(v) else { return .separator }
        let p = scalar.properties
        if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark
            || p.generalCategory == .spacingMark {
            return .word
        }
        return .separator
    }

    /// What ``classify(_:)`` indexes character by character besides ``CJK/isCJK(_:)`` (Han, kana,
    /// Hangul syllables, Bopomofo): radicals, iteration marks, Hangzhou numerals, Hangul jamo,
    /// extended Bopomofo and strokes, and the rest of the supplementary ideographic planes.
    static let otherIdeographRanges: [ClosedRange<UInt32>] = [
        0x2E80...0x2FDF, 0x3005...0x3006, 0x3021...0x3029, 0x3131...0x318F, 0x31A0...0x31EF, 0xA960...0xA97F,
        0xD7B0...0xD7FF, 0x323B0...0x3FFFF,
    ]

    /// Punctuation and spaces that Chinese text is full of (general punctuation, the CJK symbols
    /// and punctuation but the iteration marks and 〇, fullwidth ASCII punctuation): separators,
    /// found without looking up Unicode properties, which cost more than the rest of the
    /// tokenizer (`SQLiteTokenizerTests` checks them against ``classifyByProperties(_:)``).
    @inline(__always) static func isPunctuation(_ v: UInt32) -> Bool {
        (v >= 0x2000 && v <= 0x206F) || (v >= 0x3000 && v <= 0x3020 && !(v >= 0x3005 && v <= 0x3007))
            || (v >= 0xFF01 && v <= 0xFF0F) || (v >= 0xFF1A && v <= 0xFF20)
    }

    static func isIdeograph(_ v: UInt32) -> Bool {
        if v < 0x2E80 { return false }
        if let s = Unicode.Scalar(v), CJK.isCJK(s) { return true }
        return otherIdeographRanges.contains { $0.contains(v) }
    }

    /// The scalar at `i` and its length in bytes; a malformed sequence is one separator byte.
    static func decode(_ bytes: UnsafePointer<UInt8>, _ i: Int, _ count: Int) -> (UInt32, Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (b0, 1) }
        let length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1
        guard length > 1, i + length <= count else { return (0xFFFD, 1) }
        var v = b0 & (0xFF >> UInt32(length + 1))
        for k in 1..<length {
            let b = UInt32(bytes[i + k])
            guard b & 0xC0 == 0x80 else { return (0xFFFD, 1) }
            v = (v << 6) | (b & 0x3F)
        }
        return (v, length)
    }
}
