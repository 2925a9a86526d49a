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
