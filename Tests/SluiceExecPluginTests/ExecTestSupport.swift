import Foundation
import SluiceTesting
import SluiceTestSupport

/// What a finished `sluice` process left.
struct Finished {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The standard output's JSON Lines.
    var lines: [[String: Any]] {
        stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}

/// Runs the real `sluice` binary in `directory`, with standard input read from `stdinFile`.
func runSluice(_ arguments: [String], in directory: String, stdinFile: String? = nil, environment: [String: String] = [:]) throws -> Finished {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: SluiceCheckout.sluiceBinary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "SLUICE_PLUGIN_PATH")
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let outFile = directory + "/.stdout-\(UUID().uuidString)", errFile = directory + "/.stderr-\(UUID().uuidString)"
    FileManager.default.createFile(atPath: outFile, contents: nil)
    FileManager.default.createFile(atPath: errFile, contents: nil)
    defer {
        try? FileManager.default.removeItem(atPath: outFile)
        try? FileManager.default.removeItem(atPath: errFile)
    }
    process.standardOutput = FileHandle(forWritingAtPath: outFile)
    process.standardError = FileHandle(forWritingAtPath: errFile)
    process.standardInput = stdinFile.flatMap { FileHandle(forReadingAtPath: $0) } ?? FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return Finished(
        status: process.terminationStatus,
        stdout: String(decoding: FileManager.default.contents(atPath: outFile) ?? Data(), as: UTF8.self),
        stderr: String(decoding: FileManager.default.contents(atPath: errFile) ?? Data(), as: UTF8.self))
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
        Finished(status: 0, stdout: read(name), stderr: "").lines
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
