// Shared by the reader fuzz targets (text, minutes, news): runs one reader on fuzzed bytes the
// way the engine would and checks what every reader promises.
import Logging
import SluiceCore

/// A logger that drops everything (fuzzing must not spend its time printing).
let fuzzLogger = Logger(label: "sluice.fuzz") { _ in SwiftLogNoOpLogHandler() }

/// One reader configuration to fuzz: the options it is created with and the path it reads.
struct ReaderVariant<R: SourceReader>: Sendable {
    let reader: R
    let path: String

    init(_ type: R.Type, path: String, options: [String: OptionValue] = [:]) {
        let values = OptionValues.defaults(for: R.options, overrides: options)
        do {
            reader = try R(PluginSetup(options: values, logger: fuzzLogger))
        } catch {
            fatalError("fuzz setup: \(R.name) refused options \(options): \(error)")
        }
        self.path = path
    }
}

/// Reads the input with the variant the first byte picks. A reader may refuse an input, but only
/// with a `PluginError`; it must not trap, hang or claim a confidence outside 0...1, and what it
/// returns must encode as JSON.
func fuzzRead<R: SourceReader>(_ data: UnsafePointer<UInt8>?, _ size: Int, variants: [ReaderVariant<R>]) -> CInt {
    guard let data, size > 0 else { return 0 }
    let variant = variants[Int(data[0]) % variants.count]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let confidence = variant.reader.confidence(for: InputSample(path: variant.path, head: Array(bytes.prefix(65536)), size: bytes.count))
    fuzzRequire(confidence.isFinite && confidence >= 0 && confidence <= 1, "\(R.name) answered confidence \(confidence)")
    let context = ReadContext(path: variant.path, logger: fuzzLogger)
    do {
        let documents = try variant.reader.read(SourceInput(path: variant.path, bytes: bytes), context: context)
        let encoder = DocumentEncoder()
        for document in documents {
            do {
                _ = try encoder.encode(document)
            } catch {
                fuzzRequire(false, "\(R.name) produced a document that does not encode: \(error)")
            }
        }
    } catch let error as PluginError {
        _ = error.localizedDescription
    } catch {
        fuzzRequire(false, "\(R.name) threw an untyped error: \(type(of: error)) \(error)")
    }
    return 0
}
