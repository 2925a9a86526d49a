import Foundation
import Logging
import SluiceBuiltins
import SluiceCore
import SluiceTesting
import SluiceTextDecoding
import Testing

/// Every built-in reader, created with its default options through the registry.
func builtinReaders() throws -> [(name: String, reader: any SourceReader)] {
    let registry = PluginRegistry.builtins()
    return try registry.names(of: .reader).map { name in
        let descriptor = try #require(registry.descriptor(named: name))
        let reader = try registry.makeReader(name, PluginSetup(options: .defaults(for: descriptor.options), logger: silentLogger))
        return (name, reader)
    }
}

/// The content cases small enough to run through every reader under several names in process
/// (the big ones go through the command line once, in HostileContentTests).
let smallContentCases = contentCases.filter { $0.bytes.count <= 70_000 }

/// Hostile content straight into each reader and the decoder, in process: each read returns
/// documents that encode, or throws a `PluginError`; confidences stay within 0...1.
@Suite struct HostileReaderTests {
    @Test(arguments: smallContentCases) func eachReaderCopes(_ file: HostileFile) throws {
        for (name, reader) in try builtinReaders() {
            for path in ["in/" + file.name, file.name.hasSuffix(".html") ? "noext" : "page.html"] {
                let sample = InputSample(path: path, head: Array(file.bytes.prefix(65536)), size: file.bytes.count)
                let confidence = reader.confidence(for: sample)
                #expect(confidence >= 0 && confidence <= 1, "\(name) on \(file.name): confidence \(confidence)")
                let context = ReadContext(path: path, logger: silentLogger)
                do {
                    let documents = try reader.read(SourceInput(path: path, bytes: file.bytes), context: context)
                    for document in documents { _ = try DocumentEncoder().encode(document) }
                } catch let error as PluginError {
                    #expect(!"\(error)".isEmpty)
                } catch {
                    Issue.record("\(name) on \(file.name) threw an untyped error: \(error)")
                }
                for warning in context.warnings { #expect(warning.utf8.count < 2000, "\(name): a \(warning.utf8.count)-byte warning") }
            }
        }
    }

    @Test(arguments: smallContentCases) func decoderCopes(_ file: HostileFile) {
        let decoded = TextDecoding.decode(file.bytes)
        #expect(decoded.replacements >= 0)
        #expect(TextDecoding.canonicalName(forLabel: decoded.encoding) == decoded.encoding)
        for label in ["utf-8", "utf-16", "gb18030", "big5", "iso-2022-jp", "bogus"] {
            _ = TextDecoding.decode(file.bytes, declared: label)
            _ = TextDecoding.decode(file.bytes, as: label)
        }
    }
}

/// A logger that discards everything.
let silentLogger = Logger(label: "sluice.hostile") { _ in SwiftLogNoOpLogHandler() }
