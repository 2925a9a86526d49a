import Foundation
import Logging
import SluiceCore
import SluiceNewsReader

/// Paths and helpers shared by the news reader tests.
enum Fixture {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repository = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) -> String { testsDirectory.appendingPathComponent("Fixtures/\(name)").path }
    static func sample(_ name: String) -> String { repository.appendingPathComponent("Samples/news/\(name)").path }
    /// The seed documents, as the repository keeps them.
    static func document(_ name: String) -> String { repository.appendingPathComponent("Samples/documents/\(name)").path }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func reader(_ overrides: [String: OptionValue] = [:]) throws -> NewsReader {
        try NewsReader(PluginSetup(options: OptionValues.defaults(for: NewsReader.options, overrides: overrides), logger: logger))
    }

    /// Reads `path` with the news reader: the one document and the warnings.
    static func read(_ path: String, reader: NewsReader? = nil) throws -> (Document, [String]) {
        let r = try reader ?? Self.reader()
        let context = ReadContext(path: path, logger: logger)
        let docs = try r.read(SourceInput(path: path, bytes: bytes(path)), context: context)
        guard docs.count == 1 else { throw PluginError.invalidInput("expected one document, got \(docs.count)") }
        return (docs[0], context.warnings)
    }

    static func read(bytes: [UInt8], path: String, reader: NewsReader? = nil) throws -> (Document, [String]) {
        let r = try reader ?? Self.reader()
        let context = ReadContext(path: path, logger: logger)
        let docs = try r.read(SourceInput(path: path, bytes: bytes), context: context)
        return (docs[0], context.warnings)
    }

    static func sample(for path: String, bytes: [UInt8]) -> InputSample {
        InputSample(path: path, head: Array(bytes.prefix(65_536)), size: bytes.count)
    }
}
