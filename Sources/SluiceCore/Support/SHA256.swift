import CSHA256

/// SHA-256 (FIPS 180-4), used for input hashes, document identifiers and record hashes. Whole
/// blocks go through the processor's SHA instructions where it has them (x86-64 SHA-NI, about
/// five times faster: a default run hashes every input, and every record's JSON, once), else
/// through the portable compression function below; both give the same digests
/// (`SHA256Tests` checks them against each other).
package enum SHA256 {
    /// Whether the processor's SHA instructions are used.
    package static let usesHardware = sluice_sha256_hardware() != 0
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// The 32-byte digest of `bytes`.
    package static func digest(of bytes: some Collection<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ digest(ofBuffer: $0, hardware: usesHardware) }) { return digest }
        return Array(bytes).withUnsafeBufferPointer { digest(ofBuffer: $0, hardware: usesHardware) }
    }

    /// The digest of `bytes` by the portable compression function alone, whatever the processor.
    package static func portableDigest(of bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { digest(ofBuffer: $0, hardware: false) }
    }

    /// The digest of contiguous bytes: the whole 64-byte blocks are hashed where they lie, and
    /// only the last one or two blocks, with the padding and the length, are copied.
    private static func digest(ofBuffer message: UnsafeBufferPointer<UInt8>, hardware: Bool) -> [UInt8] {
        var h: [UInt32] = initialState
        let whole = message.count / 64 * 64
        var tail = Array(message[whole...])
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bitLength = UInt64(message.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        h.withUnsafeMutableBufferPointer { state in
            k.withUnsafeBufferPointer { constants in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                    if whole > 0 {
                        compress(UnsafeBufferPointer(rebasing: message[0..<whole]), into: state, constants, w, hardware: hardware)
                    }
                    tail.withUnsafeBufferPointer { compress($0, into: state, constants, w, hardware: hardware) }
                }
            }
        }
        return bytesOf(h)
    }

    private static let initialState: [UInt32] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]

    /// The state words as the digest's bytes (big-endian).
    private static func bytesOf(_ h: [UInt32]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in h {
            out.append(contentsOf: [UInt8(word >> 24), UInt8(word >> 16 & 0xff), UInt8(word >> 8 & 0xff), UInt8(word & 0xff)])
        }
        return out
    }

    /// Runs the compression function over `blocks` (a multiple of 64 bytes), updating `h`: with
    /// the processor's instructions when `hardware`.
    @inline(__always)
    private static func compress(
        _ blocks: UnsafeBufferPointer<UInt8>, into h: UnsafeMutableBufferPointer<UInt32>,
        _ k: UnsafeBufferPointer<UInt32>, _ w: UnsafeMutableBufferPointer<UInt32>, hardware: Bool
    ) {
        guard let m = blocks.baseAddress else { return }
        if hardware {
            sluice_sha256_blocks(h.baseAddress!, m, blocks.count / 64, k.baseAddress!)
            return
        }
        portableCompress(m, count: blocks.count, into: h, k, w)
    }

    /// The compression function in Swift, for processors without SHA instructions.
    @inline(__always)
    private static func portableCompress(
        _ m: UnsafePointer<UInt8>, count: Int, into h: UnsafeMutableBufferPointer<UInt32>,
        _ k: UnsafeBufferPointer<UInt32>, _ w: UnsafeMutableBufferPointer<UInt32>
    ) {
        var offset = 0
        while offset < count {
            for i in 0..<16 {
                let j = offset + i * 4
                w[i] = UInt32(m[j]) << 24 | UInt32(m[j + 1]) << 16 | UInt32(m[j + 2]) << 8 | UInt32(m[j + 3])
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0..<64 {
                let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let ch = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
                let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let maj = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ maj
                hh = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e; h[5] &+= f; h[6] &+= g; h[7] &+= hh
            offset += 64
        }
    }

    /// The digest of `bytes` as 64 lowercase hex digits.
    package static func hexDigest(of bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var chars: [UInt8] = []
        chars.reserveCapacity(64)
        for byte in digest(of: bytes) {
            chars.append(digits[Int(byte >> 4)])
            chars.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: chars, as: UTF8.self)
    }

    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
