import Foundation
import SluiceTestSupport

/// A run of the real `sluice` binary in a folder: its exit status and standard error.
struct CorpusRun {
    var status: Int32
    var stderr: String

    /// Runs `sluice ARGUMENTS` in `directory` and waits for it.
    static func sluice(_ arguments: [String], in directory: String) throws -> CorpusRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SluiceCheckout.sluiceBinary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let errFile = directory + "/.stderr-" + UUID().uuidString
        FileManager.default.createFile(atPath: errFile, contents: nil)
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errFile))
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try err.close()
        let text = String(decoding: FileManager.default.contents(atPath: errFile) ?? Data(), as: UTF8.self)
        try? FileManager.default.removeItem(atPath: errFile)
        return CorpusRun(status: process.terminationStatus, stderr: text)
    }
}

/// A temporary folder with files written into it, removed when released.
final class CorpusScratch {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "sluice-corpus-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) {
        let full = path + "/" + name
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(text.utf8))
    }

    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The inputs of the `pipeline` in a `--report` file, by path.
    func reportInputs(_ name: String, pipeline: String) throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path + "/" + name))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let found = (json?["pipelines"] as? [[String: Any]] ?? []).first { $0["pipeline"] as? String == pipeline } ?? [:]
        var inputs: [String: [String: Any]] = [:]
        for input in found["inputs"] as? [[String: Any]] ?? [] { inputs[input["path"] as? String ?? ""] = input }
        return inputs
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
