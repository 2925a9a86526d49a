#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Legacy decoding through the C library's iconv. Every call opens its own converters, so
/// concurrent calls share nothing.
enum IconvCodec {
    private static func open(_ name: String) -> iconv_t? {
        guard let cd = iconv_open("UTF-8", name), Int(bitPattern: cd) != -1 else { return nil }
        return cd
    }

    /// Whether glibc has a converter called `name`.
    static func isAvailable(_ name: String) -> Bool {
        guard let cd = open(name) else { return false }
        iconv_close(cd)
        return true
    }

    /// Decodes `input` from the iconv encoding `name` to a String. Each byte iconv rejects
    /// (EILSEQ, or EINVAL for a sequence cut off by the end) becomes U+FFFD and is counted,
    /// and decoding resumes at the next byte. Returns nil if the converter cannot be opened.
    ///
    /// Two repairs follow the WHATWG decoders: in GB18030 the single byte 0x80 is the euro
    /// sign (as in Windows code page 936), and in Big5 a pair that plain Big5 (CP950) rejects
    /// is retried as Big5-HKSCS.
    static func decode(_ input: UnsafeBufferPointer<UInt8>, from name: String) -> (text: String, replacements: Int)? {
        guard let cd = open(name) else { return nil }
        defer { iconv_close(cd) }
        guard let base = input.baseAddress, !input.isEmpty else { return ("", 0) }

        let isGB18030 = name == "GB18030"
        let isBig5 = name == "BIG5"
        var hkscs: iconv_t?
        defer { if let hkscs { iconv_close(hkscs) } }

        let n = input.count
        var out = UTF8Output(capacity: n + n / 2 + 64)
        defer { out.release() }
        var errors = 0
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: CChar.self)
        var inLeft = n

        while inLeft > 0 {
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.base + out.count).assumingMemoryBound(to: CChar.self)
            let room = out.capacity - out.count
            var outLeft = room
            let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            let failure = result == -1 ? errno : 0
            out.count += room - outLeft
            if result != -1 { break }
            if failure == E2BIG {
                out.grow(to: out.capacity + max(inLeft * 2, 64))
                continue
            }
            guard inLeft > 0, let at = inPtr else { break }
            let bytes = UnsafeRawPointer(at).assumingMemoryBound(to: UInt8.self)
            if isGB18030, bytes[0] == 0x80 {
                out.reserve(4)
                out.appendScalarUnchecked(0x20AC)
                inPtr = at + 1; inLeft -= 1
                continue
            }
            if isBig5, inLeft >= 2 {
                if hkscs == nil { hkscs = open("BIG5-HKSCS") }
                if let hkscs, convertPair(hkscs, at, into: &out) {
                    inPtr = at + 2; inLeft -= 2
                    continue
                }
            }
            out.appendReplacement()
            errors += 1
            inPtr = at + 1; inLeft -= 1
        }

        // Emit whatever a stateful converter still holds.
        while true {
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.base + out.count).assumingMemoryBound(to: CChar.self)
            let room = out.capacity - out.count
            var outLeft = room
            let result = iconv(cd, nil, nil, &outPtr, &outLeft)
            let failure = result == -1 ? errno : 0
            out.count += room - outLeft
            if result == -1, failure == E2BIG {
                out.grow(to: out.capacity + 64)
                continue
            }
            break
        }
        return (out.makeString(), errors)
    }

    /// Converts exactly the two bytes at `at` with `cd`; appends the result and returns true
    /// only if both bytes formed one complete character.
    private static func convertPair(_ cd: iconv_t, _ at: UnsafeMutablePointer<CChar>, into out: inout UTF8Output) -> Bool {
        // Only a real double-byte code: lead 0x87...0xFE, trail 0x40...0x7E or 0xA1...0xFE.
        let lead = UInt8(bitPattern: at[0]), trail = UInt8(bitPattern: at[1])
        guard lead >= 0x87, lead != 0xFF, (0x40...0x7E).contains(trail) || (0xA1...0xFE).contains(trail) else { return false }
        _ = iconv(cd, nil, nil, nil, nil)
        out.reserve(32)
        var inPtr: UnsafeMutablePointer<CChar>? = at
        var inLeft = 2
        var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.base + out.count).assumingMemoryBound(to: CChar.self)
        let room = out.capacity - out.count
        var outLeft = room
        let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
        guard result != -1, inLeft == 0 else { return false }
        _ = iconv(cd, nil, nil, &outPtr, &outLeft)
        out.count += room - outLeft
        return room != outLeft
    }
}
