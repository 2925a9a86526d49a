import Foundation
import SluiceTesting
import SluiceTestSupport

/// Runs the real `sluice` binary in `directory`, with standard input read from `stdinFile`, and
/// without the caller's `SLUICE_PLUGIN_PATH`.
func runSluice(_ arguments: [String], in directory: String, stdinFile: String? = nil, environment: [String: String] = [:]) throws -> SluiceProcessResult {
    try SluiceCheckout.runSluice(arguments, in: directory, stdinFile: stdinFile, environment: environment, removing: ["SLUICE_PLUGIN_PATH"])
}

/// A fresh temporary folder holding a copy of `Samples/exec` and the test programs, removed when
/// released.
final class ExecScratch {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "sluice-exec-" + UUID().uuidString
        let fm = FileManager.default
        try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        for item in ["plugins", "data", "manifest.yaml", "manifest-folder.yaml"] {
            try fm.copyItem(atPath: SluiceCheckout.root + "/Samples/exec/" + item, toPath: path + "/" + item)
        }
        try fm.copyItem(atPath: SluiceCheckout.root + "/Tests/SluiceExecPluginTests/Fixtures", toPath: path + "/programs")
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let full = path + "/" + name
        try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(text.utf8))
        return full
    }

    func read(_ name: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path + "/" + name) ?? Data(), as: UTF8.self)
    }

    /// The JSON Lines of a file in the scratch folder.
    func jsonLines(_ name: String) -> [[String: Any]] {
        SluiceProcessResult(status: 0, stdout: read(name), stderr: "").jsonLines
    }

    /// The inputs of a run report written with `--report`.
    func reportInputs(_ name: String) -> [String: [String: Any]] {
        guard let report = try? JSONSerialization.jsonObject(with: Data(read(name).utf8)) as? [String: Any],
              let pipelines = report["pipelines"] as? [[String: Any]] else { return [:] }
        let inputs = pipelines.flatMap { $0["inputs"] as? [[String: Any]] ?? [] }
        var byName: [String: [String: Any]] = [:]
        for input in inputs { byName[((input["path"] as? String) ?? "").split(separator: "/").last.map(String.init) ?? ""] = input }
        return byName
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
