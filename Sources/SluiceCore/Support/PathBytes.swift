/// A path compared, hashed and ordered by its UTF-8 bytes.
///
/// Swift's `String` equality is canonical equivalence: `café` spelled with a precomposed `é`
/// (NFC) and with `e` + U+0301 (NFD) are equal strings, yet on Linux they name two different
/// files. Every set, dictionary and sort of paths uses this key instead of the bare string, so
/// that no two files are ever merged into one input, record or claim.
public struct PathKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The path.
    public let path: String

    /// The key of `path`.
    public init(_ path: String) { self.path = path }

    public static func == (a: PathKey, b: PathKey) -> Bool { a.path.utf8.elementsEqual(b.path.utf8) }

    public func hash(into hasher: inout Hasher) {
        var copy = path
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(path.utf8.count)
    }

    /// Byte order of the UTF-8 form (the order `ls` gives in the C locale).
    public static func < (a: PathKey, b: PathKey) -> Bool { a.path.utf8.lexicographicallyPrecedes(b.path.utf8) }

    public var description: String { path }
}

extension Sequence where Element == String {
    /// The paths without repeats (compared by bytes), in byte order.
    public func uniquePathsInByteOrder() -> [String] {
        Set(map(PathKey.init)).sorted().map(\.path)
    }
}

/// How a file name's bytes become the path Sluice shows and stores (`source.path`, state keys),
/// and back.
///
/// A file name on Linux is any bytes but `/` and NUL; Sluice's paths are UTF-8 strings. Valid
/// UTF-8 is kept as it is. Every byte that is not part of a valid UTF-8 sequence (Latin-1 or GBK
/// names, `0xFF 0xFE`, overlong forms, surrogates) becomes `%XX` (two uppercase hex digits), and
/// a literal `%` that is followed by two hex digits becomes `%25`, so that the mapping is
/// injective and reversible: `%` followed by two hex digits always stands for one byte, any
/// other `%` for itself. A name with no invalid byte and no `%XX` is shown unchanged.
public enum PathEncoding {
    /// The stored form of a file name or path given as bytes.
    public static func escape<Bytes: Collection>(bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            let length = validSequenceLength(input, at: i)
            if length == 0 {
                appendEscaped(input[i], to: &out)
                i += 1
            } else if input[i] == UInt8(ascii: "%"), i + 2 < input.count, isHex(input[i + 1]), isHex(input[i + 2]) {
                appendEscaped(input[i], to: &out)
                i += 1
            } else {
                out.append(contentsOf: input[i..<(i + length)])
                i += length
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The stored form of a path given as a (valid) string: only `%XX` sequences change.
    public static func escape(_ path: String) -> String {
        path.contains("%") ? escape(bytes: path.utf8) : path
    }

    /// The file-system bytes of a stored path (the inverse of ``escape(bytes:)``).
    public static func bytes(of path: String) -> [UInt8] {
        let utf8 = Array(path.utf8)
        guard utf8.contains(UInt8(ascii: "%")) else { return utf8 }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%"), i + 2 < utf8.count, let hi = hexValue(utf8[i + 1]), let lo = hexValue(utf8[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(utf8[i])
                i += 1
            }
        }
        return out
    }

    /// The stored path as a NUL-terminated C string for `open`, `stat` and the like.
    public static func fileSystemPath(_ path: String) -> [CChar] {
        bytes(of: path).map { CChar(bitPattern: $0) } + [0]
    }

    /// The length of the valid UTF-8 sequence starting at `i`, or 0 when it is not one
    /// (stray continuation byte, overlong form, surrogate, above U+10FFFF, truncated).
    static func validSequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let lead = b[i]
        if lead < 0x80 { return 1 }
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        guard i + length <= b.count, (low...high).contains(b[i + 1]) else { return 0 }
        for k in 2..<length where !(0x80...0xBF).contains(b[i + k]) { return 0 }
        return length
    }

    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        let digits = Array("0123456789ABCDEF".utf8)
        out.append(UInt8(ascii: "%"))
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0xF)])
    }

    private static func isHex(_ c: UInt8) -> Bool { hexValue(c) != nil }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
