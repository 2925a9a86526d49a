import Foundation
import SluiceBuiltins
import SluiceCore
import SluiceTextDecoding
import Testing

/// The folder of inputs that once crashed a fuzz target (Tests/Fuzz/Regressions/TARGET/).
let regressionsFolder = repositoryRoot + "/Tests/Fuzz/Regressions"

/// The files under Regressions/`target`.
func regressionInputs(_ target: String) -> [(name: String, bytes: [UInt8])] {
    let folder = regressionsFolder + "/" + target
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    return names.compactMap { name in
        FileManager.default.contents(atPath: folder + "/" + name).map { (name, Array($0)) }
    }
}

/// Crashes the fuzzers found, each kept as a test (and its input replayed from
/// Tests/Fuzz/Regressions/ through the code the fuzz target drives).
@Suite struct FuzzRegressionTests {
    let loader = ManifestLoader(registry: PluginRegistry.builtins(), environment: [:])

    /// manifest target, first minutes of fuzzing: a duplicate key in a mapping that starts after
    /// lines ended by bare CRs trapped in ConfigParser.secondOccurrence (Yams counts CR as a line
    /// break, the locator split on LF only, and built the range 2..<1).
    @Test func duplicateKeyAfterCarriageReturnLines() {
        for text in ["\r\rt:\rt:", "a: 1\r\r\rb:\r  k: 1\r  k: 2\r", "\u{2028}\u{2028}k: 1\u{2028}k: 2", "x: 1\r\n\r\ny:\r\n  d: 1\r\n  d: 2\r\n"] {
            do {
                _ = try loader.load(text: text, file: "dup.yaml", baseDirectory: "/tmp")
                Issue.record("a duplicate key was accepted in \(text.debugDescription)")
            } catch {
                #expect(error.description.contains("duplicate key"), "\(error)")
                for issue in error.issues { #expect(issue.location.line >= 1 && issue.location.column >= 1) }
            }
        }
    }

    @Test func manifestInputsReplay() {
        for (name, bytes) in regressionInputs("manifest") {
            do {
                _ = try loader.load(text: String(decoding: bytes, as: UTF8.self), file: name, baseDirectory: "/tmp")
            } catch {
                #expect(!error.issues.isEmpty, "\(name)")
            }
        }
    }

    @Test func decoderInputsReplay() {
        for (_, bytes) in regressionInputs("decoder") {
            for label in [nil, "utf-8", "utf-16", "gb18030", "big5", "iso-2022-jp"] as [String?] {
                let decoded = TextDecoding.decode(bytes, declared: label)
                #expect(decoded.replacements >= 0)
                if let label { _ = TextDecoding.decode(bytes, as: label) }
            }
        }
    }

    /// Inputs that crashed a reader target, read by that reader under the paths the fuzz
    /// harness uses (the first byte picked the harness's variant; here every variant's path is
    /// tried with default options).
    @Test(arguments: ["text", "minutes", "news"]) func readerInputsReplay(_ reader: String) throws {
        let inputs = regressionInputs(reader)
        guard !inputs.isEmpty, PluginRegistry.builtins().descriptor(named: reader) != nil else { return }
        let readers = try builtinReaders().filter { $0.name == reader }
        for (name, bytes) in inputs {
            let body = Array(bytes.dropFirst())
            for (_, r) in readers {
                for path in ["input.txt", "page.html", "notes.md", "README"] {
                    let context = ReadContext(path: path, logger: silentLogger)
                    do {
                        _ = try r.read(SourceInput(path: path, bytes: body), context: context)
                    } catch is PluginError {
                    } catch {
                        Issue.record("\(reader) on \(name): untyped error \(error)")
                    }
                }
            }
        }
    }
}
