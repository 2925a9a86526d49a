import Foundation
import Testing
@testable import SluiceCore

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hexDigest(of: Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hexDigest(of: Array(two.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hexDigest(of: [UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the block and padding boundaries (digests from Python's hashlib), from
    /// an array and from a collection that is not contiguous.
    @Test(arguments: [
        (55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"),
        (56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"),
        (63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"),
        (64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"),
        (65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"),
        (119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"),
        (120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"),
        (127, "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07"),
        (128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6"),
        (129, "307f8fc2c1622b92762e818d39a185d4d667ad49a4b07ceae1f4afa008a93ec4"),
    ])
    func blockBoundaries(length: Int, expected: String) {
        let bytes = (0..<length).map { UInt8(($0 * 7 + 3) % 256) }
        #expect(SHA256.hexDigest(of: bytes) == expected)
        #expect(SHA256.hexDigest(of: (0..<length).lazy.map { UInt8(($0 * 7 + 3) % 256) }) == expected)
        #expect(SHA256.hexDigest(of: bytes[0...]) == expected)
    }

    /// The digest used (the processor's SHA instructions where it has them) and the portable
    /// compression function agree on 2,000 random messages of every length up to 1,100 bytes and
    /// a few long ones; both give the known digest of "abc".
    @Test func processorInstructionsAndPortableCodeAgree() {
        #expect(SHA256.portableDigest(of: Array("abc".utf8)) == SHA256.digest(of: Array("abc".utf8)))
        #expect(SHA256.hexDigest(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var generator = SystemRandomNumberGenerator()
        var lengths = (0..<2000).map { $0 % 1100 }
        lengths += [4096, 65_536 + 17, 1_000_003]
        for length in lengths {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let fast = SHA256.digest(of: message)
            let portable = SHA256.portableDigest(of: message)
            #expect(fast == portable, "length \(length), processor instructions: \(SHA256.usesHardware)")
            if fast != portable { break }
        }
    }

    @Test func documentIDsAreStableAndDistinct() {
        let a = Document.makeID(sourceSHA256: "ab", reader: "text", ordinal: 0)
        #expect(a == Document.makeID(sourceSHA256: "ab", reader: "text", ordinal: 0))
        #expect(a != Document.makeID(sourceSHA256: "ab", reader: "text", ordinal: 1))
        #expect(a != Document.makeID(sourceSHA256: "ab", reader: "news", ordinal: 0))
        #expect(a.count == 32)
    }
}

@Suite struct GlobTests {
    @Test(arguments: [
        ("*.txt", "a.txt", true), ("*.txt", "dir/a.txt", false), ("**/*.txt", "dir/sub/a.txt", true),
        ("**/*.txt", "a.txt", true), ("a?c", "abc", true), ("a?c", "ac", false), ("[ab]*.md", "b1.md", true),
        ("[!ab]*.md", "b1.md", false), ("[a-c]x", "bx", true), ("docs/**", "docs/x/y", true), ("*新闻*", "今日新闻.html", true),
        ("*.txt", "a.txt.bak", false), ("*a*b", "xaYaZb", true),
    ])
    func matching(pattern: String, path: String, expected: Bool) {
        #expect(Glob(pattern).matches(path) == expected, "\(pattern) vs \(path)")
    }
}

@Suite struct InterpolationTests {
    @Test func expandsVariablesAndDefaults() throws {
        let env = ["HOME_DIR": "/home/x", "EMPTY": ""]
        #expect(try Interpolation.expand("${HOME_DIR}/out", environment: env) == "/home/x/out")
        #expect(try Interpolation.expand("${MISSING:-fallback}", environment: env) == "fallback")
        #expect(try Interpolation.expand("${EMPTY:-fallback}", environment: env) == "fallback")
        #expect(try Interpolation.expand("cost $$5", environment: env) == "cost $5")
        #expect(throws: Interpolation.Failure.self) { try Interpolation.expand("${MISSING}", environment: env) }
        #expect(throws: Interpolation.Failure.self) { try Interpolation.expand("${oops", environment: env) }
    }

    @Test func suggestions() {
        #expect(Suggestion.closest(to: "sinkz", in: ["inputs", "sinks", "reader"]) == "sinks")
        #expect(Suggestion.closest(to: "pth", in: ["path", "fsync"]) == "path")
        #expect(Suggestion.closest(to: "zzzzzz", in: ["path", "fsync"]) == nil)
    }

    @Test func pathNormalization() {
        #expect(InputDiscovery.normalize("Samples/manifests/../documents/a.txt") == "Samples/documents/a.txt")
        #expect(InputDiscovery.normalize("./a//b/./c") == "a/b/c")
        #expect(InputDiscovery.normalize("../x") == "../x")
        #expect(InputDiscovery.normalize("/a/../../b") == "/b")
    }
}

@Suite struct DocumentEncodingTests {
    @Test func canonicalJSONIsSortedAndStable() throws {
        var d = Document(
            kind: "article", title: "标题", published: "2020-07-20", metadata: ["z": "1", "a": "2"],
            blocks: [Block(.heading, text: "初次接触", level: 2), Block(.image, text: "", src: "a/b.jpg")],
            text: "正文", data: ["groups": [["label": "第一组", "number": 1]]])
        d.id = "x"
        let encoder = DocumentEncoder()
        let first = try encoder.encode(d)
        let json = String(decoding: first, as: UTF8.self)
        #expect(json.hasPrefix(#"{"blocks":[{"level":2,"text":"初次接触","type":"heading"}"#))
        #expect(json.contains(#""src":"a/b.jpg""#))
        #expect(json.contains(#""metadata":{"a":"2","z":"1"}"#))
        #expect(json.contains(#""schema":1"#))
        let decoded = try JSONDecoder().decode(Document.self, from: first)
        #expect(decoded == d)
        #expect(try encoder.encode(decoded) == first)
    }
}

@Suite struct UTCTimestampTests {
    /// The same text as `ISO8601DateFormatter` for moments across leap days, centuries and the
    /// end of days and years, and for a spread of moments from 1970 to 2200.
    @Test func agreesWithTheFoundationFormatter() {
        let formatter = ISO8601DateFormatter()
        var moments = [0, 59, 86_399, 86_400, 951_782_400, 951_868_799, 1_798_761_599, 4_107_542_400, 4_102_444_799]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 { moments.append(Int.random(in: 0..<7_258_118_400, using: &rng)) }
        for s in moments {
            #expect(UTCTimestamp.string(secondsSince1970: s) == formatter.string(from: Date(timeIntervalSince1970: Double(s))), "\(s)")
        }
        #expect(UTCTimestamp.string(secondsSince1970: 951_782_400) == "2000-02-29T00:00:00Z")
    }
}
