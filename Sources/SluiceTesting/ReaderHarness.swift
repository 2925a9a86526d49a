import Foundation
import Logging
import SluiceCore

/// Runs one reader on bytes in memory, the way the engine would (ids and source stamped), without
/// files or sinks.
public struct ReaderHarness<R: SourceReader> {
    /// The reader under test.
    public let reader: R

    /// A harness for a reader created with its default options (overridden by `options`).
    public init(_ type: R.Type = R.self, options: [String: OptionValue] = [:]) throws {
        let values = OptionValues.defaults(for: R.options, overrides: options)
        self.reader = try R(PluginSetup(options: values, logger: Self.silentLogger))
    }

    /// A harness for an existing reader.
    public init(reader: R) { self.reader = reader }

    /// What one read produced.
    public struct Outcome {
        /// The documents, stamped as the engine stamps them; empty when the read threw.
        public var documents: [Document]
        /// The warnings the reader recorded.
        public var warnings: [String]
        /// The error the reader threw, if it did.
        public var error: (any Error)?
    }

    /// Reads `bytes` as if they were the file at `path`.
    public func read(_ bytes: [UInt8], path: String = "input.txt") -> Outcome {
        let context = ReadContext(path: path, logger: Self.silentLogger)
        do {
            let read = try reader.read(SourceInput(path: path, bytes: bytes), context: context)
            let documents = Document.stamped(read, path: path, reader: R.name, size: bytes.count, sha256: SHA256.hexDigest(of: bytes))
            return Outcome(documents: documents, warnings: context.warnings, error: nil)
        } catch {
            return Outcome(documents: [], warnings: context.warnings, error: error)
        }
    }

    /// Reads the file at `path`.
    public func read(file path: String) throws -> Outcome {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PluginError.io("cannot read \(path)")
        }
        return read(Array(data), path: path)
    }

    /// The reader's confidence for `bytes` named `path`.
    public func confidence(_ bytes: [UInt8], path: String) -> Double {
        reader.confidence(for: InputSample(path: path, head: Array(bytes.prefix(65536)), size: bytes.count))
    }

    /// A logger that discards everything.
    public static var silentLogger: Logger { Logger(label: "sluice.testing") { _ in SwiftLogNoOpLogHandler() } }
}
