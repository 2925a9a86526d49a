import Foundation
import SluiceCore

/// A conformance check any reader, built-in or third-party, can run in its own tests:
///
/// ```swift
/// @Test func conforms() throws {
///     let failures = try ReaderConformance.check(MarkdownReader.self, samples: [("a.md", Array("# Hi\n\nText".utf8))])
///     #expect(failures.isEmpty, "\(failures)")
/// }
/// ```
///
/// It checks the declaration (name, options), that hostile bytes never crash the reader (it
/// returns documents or throws a ``PluginError``), that reading is deterministic, and that every
/// document is well-formed and survives a JSON round trip. `samples` are inputs the reader
/// should accept: each must give at least one document.
public enum ReaderConformance {
    /// One failed expectation.
    public struct Failure: CustomStringConvertible, Sendable {
        /// Which check failed.
        public var check: String
        /// What was seen.
        public var detail: String
        public var description: String { "\(check): \(detail)" }
    }

    /// Runs every check; an empty result means the reader conforms.
    public static func check<R: SourceReader>(_ readerType: R.Type, samples: [(path: String, bytes: [UInt8])]) throws -> [Failure] {
        var failures: [Failure] = []
        func fail(_ check: String, _ detail: String) { failures.append(Failure(check: check, detail: detail)) }

        // Declaration.
        if R.name.isEmpty || R.name != R.name.lowercased() || R.name.contains(" ") {
            fail("name", "'\(R.name)' must be a non-empty lowercase word")
        }
        if R.summary.isEmpty { fail("summary", "the reader declares no summary") }
        var optionNames = Set<String>()
        for option in R.options {
            if !optionNames.insert(option.name).inserted { fail("options", "option '\(option.name)' is declared twice") }
            if option.doc.isEmpty { fail("options", "option '\(option.name)' has no documentation") }
            if option.name == "name" { fail("options", "'name' is reserved for the plugin's name") }
        }
        for ext in R.fileExtensions where ext != ext.lowercased() || ext.hasPrefix(".") {
            fail("fileExtensions", "'\(ext)' must be lowercase and without a dot")
        }
        let harness = try ReaderHarness(R.self)

        // Hostile inputs: documents or a PluginError, never a crash; confidence within 0...1.
        let hostile: [(String, [UInt8])] = [
            ("empty.txt", []),
            ("nul.txt", [UInt8](repeating: 0, count: 4096)),
            ("random.bin", (0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }),
            ("invalid-utf8.txt", [0x41, 0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0x42]),
            ("long-line.txt", [UInt8](repeating: 0x61, count: 1 << 20)),
            ("whitespace.txt", Array(" \n\t\r\n\u{3000}\n".utf8)),
            ("utf16.txt", [0xFF, 0xFE] + Array("h\0i\0".utf8)),
        ]
        for (path, bytes) in hostile {
            let c = harness.confidence(bytes, path: path)
            if !(0...1).contains(c) { fail("confidence", "\(path): \(c) is outside 0...1") }
            let outcome = harness.read(bytes, path: path)
            if let error = outcome.error, !(error is PluginError) {
                fail("errors", "\(path): threw \(type(of: error)), expected a PluginError")
            }
            failures += wellFormed(outcome.documents, path: path)
        }

        // Samples: accepted, deterministic, well-formed.
        let encoder = DocumentEncoder()
        for (path, bytes) in samples {
            let first = harness.read(bytes, path: path)
            if let error = first.error { fail("samples", "\(path): threw \(error)"); continue }
            if first.documents.isEmpty { fail("samples", "\(path): no documents") }
            let second = harness.read(bytes, path: path)
            let a = try first.documents.map { try encoder.encode($0) }
            let b = try second.documents.map { try encoder.encode($0) }
            if a != b { fail("determinism", "\(path): two reads gave different documents") }
            failures += wellFormed(first.documents, path: path)
            for data in a {
                let decoded = try JSONDecoder().decode(Document.self, from: data)
                if try encoder.encode(decoded) != data { fail("round trip", "\(path): JSON does not survive decoding and encoding") }
            }
            if harness.confidence(bytes, path: path) <= 0 {
                fail("confidence", "\(path): a sample the reader accepts gets confidence 0, so auto mode never picks it")
            }
        }
        return failures
    }

    private static func wellFormed(_ documents: [Document], path: String) -> [Failure] {
        var failures: [Failure] = []
        var ids = Set<String>()
        for d in documents {
            if d.kind.isEmpty { failures.append(Failure(check: "document", detail: "\(path): empty kind")) }
            if d.schema != Document.schemaVersion { failures.append(Failure(check: "document", detail: "\(path): schema \(d.schema)")) }
            if !ids.insert(d.id).inserted { failures.append(Failure(check: "document", detail: "\(path): duplicate id \(d.id)")) }
            if let p = d.published, !isISO8601(p) {
                failures.append(Failure(check: "document", detail: "\(path): published '\(p)' is not ISO 8601"))
            }
            for b in d.blocks where b.text.isEmpty && b.type != .image {
                failures.append(Failure(check: "document", detail: "\(path): an empty \(b.type) block"))
            }
        }
        return failures
    }

    /// Whether `s` is an ISO 8601 date (`2020-07-20`), or date-time with optional seconds and offset.
    static func isISO8601(_ s: String) -> Bool {
        let pattern = #"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$"#
        return s.range(of: pattern, options: .regularExpression) != nil
    }
}
