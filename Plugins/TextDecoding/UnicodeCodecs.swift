#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable, malloc-backed UTF-8 output buffer. Not copyable in spirit: call `release()` once.
struct UTF8Output {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0

    init(capacity requested: Int) {
        capacity = max(requested, 64)
        guard let raw = malloc(capacity) else { fatalError("SluiceTextDecoding: out of memory") }
        base = raw.assumingMemoryBound(to: UInt8.self)
    }

    /// Makes room for at least `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    mutating func grow(to minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        guard let raw = realloc(base, newCapacity) else { fatalError("SluiceTextDecoding: out of memory") }
        base = raw.assumingMemoryBound(to: UInt8.self)
        capacity = newCapacity
    }

    /// Appends U+FFFD (reserves its own space).
    mutating func appendReplacement() {
        reserve(3)
        base[count] = 0xEF; base[count + 1] = 0xBF; base[count + 2] = 0xBD
        count += 3
    }

    /// Appends `scalar` as UTF-8; the caller must have reserved 4 bytes.
    @inline(__always)
    mutating func appendScalarUnchecked(_ scalar: UInt32) {
        let p = base + count
        if scalar < 0x80 {
            p[0] = UInt8(truncatingIfNeeded: scalar)
            count += 1
        } else if scalar < 0x800 {
            p[0] = UInt8(truncatingIfNeeded: 0xC0 | (scalar >> 6))
            p[1] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F))
            count += 2
        } else if scalar < 0x10000 {
            p[0] = UInt8(truncatingIfNeeded: 0xE0 | (scalar >> 12))
            p[1] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F))
            p[2] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F))
            count += 3
        } else {
            p[0] = UInt8(truncatingIfNeeded: 0xF0 | (scalar >> 18))
            p[1] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 12) & 0x3F))
            p[2] = UInt8(truncatingIfNeeded: 0x80 | ((scalar >> 6) & 0x3F))
            p[3] = UInt8(truncatingIfNeeded: 0x80 | (scalar & 0x3F))
            count += 4
        }
    }

    /// The bytes written so far as a String (they are valid UTF-8 by construction).
    func makeString() -> String {
        String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    }

    func release() { free(base) }
}

/// What a UTF-8 scan found.
struct UTF8Report {
    /// Ill-formed sequences, counted as `String(decoding:as:UTF8.self)` replaces them
    /// (one per maximal subpart).
    var errors = 0
    /// Well-formed sequences of 2 to 4 bytes.
    var multibyte = 0
    /// True when the last error is a sequence cut off by the end of the input.
    var truncatedTail = false
    /// Index of the first byte >= 0x80, or nil for pure ASCII.
    var firstNonASCII: Int?
}

/// Plain-Swift decoders for UTF-8/16/32, ISO-8859-1 and windows-1252.
enum UnicodeCodecs {
    /// Scans UTF-8 and counts errors exactly like the standard library's repairing decoder.
    /// With `giveUpWhenMostlyInvalid`, stops once 256 errors are seen and errors are more than
    /// 2% of the well-formed multi-byte sequences so far (the input is clearly not UTF-8).
    static func scanUTF8(_ input: UnsafeBufferPointer<UInt8>, stopAtFirstError: Bool = false,
                         giveUpWhenMostlyInvalid: Bool = false) -> UTF8Report {
        var report = UTF8Report()
        guard let p = input.baseAddress else { return report }
        let n = input.count
        var i = 0
        while i < n {
            let b0 = p[i]
            if b0 < 0x80 {
                i += 1
                while i &+ 8 <= n {
                    let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 != 0 { break }
                    i &+= 8
                }
                continue
            }
            if report.firstNonASCII == nil { report.firstNonASCII = i }
            var need = 0
            var lo: UInt8 = 0x80
            var hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default:
                report.errors += 1; report.truncatedTail = false
                if stopAtFirstError { return report }
                if giveUpWhenMostlyInvalid, report.errors >= 256, report.errors * 50 > report.multibyte { return report }
                i += 1
                continue
            }
            // Maximal subpart: the lead byte plus every following byte that could still
            // continue a valid sequence.
            var j = 1
            var failed = false
            while j <= need {
                if i + j >= n {
                    report.errors += 1; report.truncatedTail = true
                    i = n; failed = true
                    break
                }
                let b = p[i + j]
                let ok = j == 1 ? (b >= lo && b <= hi) : (b & 0xC0 == 0x80)
                if !ok {
                    report.errors += 1; report.truncatedTail = false
                    i += j; failed = true
                    break
                }
                j += 1
            }
            if failed {
                if stopAtFirstError { return report }
                if giveUpWhenMostlyInvalid, report.errors >= 256, report.errors * 50 > report.multibyte { return report }
                continue
            }
            report.multibyte += 1
            i += need + 1
        }
        return report
    }

    /// The byte offset of the first ill-formed UTF-8 sequence, or nil when there is none.
    static func firstUTF8Error(_ input: UnsafeBufferPointer<UInt8>) -> Int? {
        var iterator = input.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// Decodes UTF-8, replacing ill-formed sequences. Returns the text and the replacement count.
    static func decodeUTF8(_ input: UnsafeBufferPointer<UInt8>) -> (String, Int) {
        if let text = String(validating: input, as: UTF8.self) { return (text, 0) }
        let report = scanUTF8(input)
        return (String(decoding: input, as: UTF8.self), report.errors)
    }

    /// Decodes UTF-16 (no BOM handling). A lone surrogate or a trailing odd byte is one replacement each.
    static func decodeUTF16(_ input: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> (String, Int) {
        guard let p = input.baseAddress else { return ("", 0) }
        let units = input.count / 2
        var out = UTF8Output(capacity: units * 3 + 4)
        defer { out.release() }
        var errors = 0
        @inline(__always) func unit(_ k: Int) -> UInt32 {
            let a = UInt32(p[2 * k]), b = UInt32(p[2 * k + 1])
            return bigEndian ? (a << 8 | b) : (b << 8 | a)
        }
        var k = 0
        while k < units {
            let u = unit(k)
            if u & 0xF800 != 0xD800 {
                out.appendScalarUnchecked(u)
                k += 1
            } else if u < 0xDC00, k + 1 < units, case let v = unit(k + 1), v & 0xFC00 == 0xDC00 {
                out.appendScalarUnchecked(0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00))
                k += 2
            } else {
                out.appendReplacement()
                errors += 1
                k += 1
            }
        }
        if input.count % 2 != 0 {
            out.appendReplacement()
            errors += 1
        }
        return (out.makeString(), errors)
    }

    /// Decodes UTF-32 (no BOM handling). Surrogates, values above U+10FFFF and a trailing
    /// partial unit are one replacement each.
    static func decodeUTF32(_ input: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> (String, Int) {
        guard let p = input.baseAddress else { return ("", 0) }
        let units = input.count / 4
        var out = UTF8Output(capacity: units * 4 + 4)
        defer { out.release() }
        var errors = 0
        for k in 0..<units {
            let q = p + 4 * k
            let v: UInt32 = bigEndian
                ? (UInt32(q[0]) << 24 | UInt32(q[1]) << 16 | UInt32(q[2]) << 8 | UInt32(q[3]))
                : (UInt32(q[3]) << 24 | UInt32(q[2]) << 16 | UInt32(q[1]) << 8 | UInt32(q[0]))
            if v > 0x10FFFF || (v & 0xFFFF_F800) == 0xD800 {
                out.appendReplacement()
                errors += 1
            } else {
                out.appendScalarUnchecked(v)
            }
        }
        if input.count % 4 != 0 {
            out.appendReplacement()
            errors += 1
        }
        return (out.makeString(), errors)
    }

    /// windows-1252 bytes 0x80...0x9F (WHATWG mapping: unassigned bytes map to C1 controls).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Decodes ISO-8859-1 or windows-1252; never has replacements.
    static func decodeSingleByte(_ input: UnsafeBufferPointer<UInt8>, windows1252: Bool) -> String {
        guard let p = input.baseAddress else { return "" }
        let n = input.count
        var out = UTF8Output(capacity: n + n / 2 + 16)
        defer { out.release() }
        let table = windows1252High
        var i = 0
        while i < n {
            // Copy runs of ASCII quickly.
            var j = i
            while j < n, p[j] < 0x80 { j += 1 }
            if j > i {
                out.reserve(j - i)
                (out.base + out.count).update(from: p + i, count: j - i)
                out.count += j - i
                i = j
                if i == n { break }
            }
            let b = p[i]
            out.reserve(4)
            if windows1252, b < 0xA0 {
                out.appendScalarUnchecked(table[Int(b) - 0x80])
            } else {
                out.appendScalarUnchecked(UInt32(b))
            }
            i += 1
        }
        return out.makeString()
    }

    /// Keeps ASCII bytes and replaces every other byte with U+FFFD (counted).
    static func decodeASCII(_ input: UnsafeBufferPointer<UInt8>) -> (String, Int) {
        var out = UTF8Output(capacity: input.count + 16)
        defer { out.release() }
        var errors = 0
        for b in input {
            if b < 0x80 {
                out.reserve(1)
                out.base[out.count] = b
                out.count += 1
            } else {
                out.appendReplacement()
                errors += 1
            }
        }
        return (out.makeString(), errors)
    }
}
