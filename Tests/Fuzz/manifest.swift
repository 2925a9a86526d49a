// libFuzzer target: the manifest loader (YAML parsing, interpolation and validation against the
// built-in plugins). The input is the manifest's text; any outcome but a thrown ManifestError
// with at least one issue or a manifest is a bug.
import SluiceBuiltins
import SluiceCore

private let loader = ManifestLoader(
    registry: PluginRegistry.builtins(),
    environment: ["HOME": "/home/fuzz", "OUT": "out", "EMPTY": "", "DEEP": "${OUT}/x"])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    do {
        let manifest = try loader.load(text: text, file: "fuzz.yaml", baseDirectory: "/nonexistent/fuzz")
        for pipeline in manifest.pipelines {
            fuzzRequire(!pipeline.name.isEmpty, "a pipeline without a name was accepted")
        }
    } catch {
        fuzzRequire(!error.issues.isEmpty, "a ManifestError without issues")
        for issue in error.issues {
            fuzzRequire(issue.location.line >= 1 && issue.location.column >= 1, "issue at \(issue.location)")
            fuzzRequire(!issue.message.isEmpty, "an issue without a message")
        }
    }
    return 0
}
