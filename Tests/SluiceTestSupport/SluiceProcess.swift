import Foundation

/// What a finished `sluice` process left.
public struct SluiceProcessResult {
    /// The exit code.
    public var status: Int32
    /// Everything written to standard output.
    public var stdout: String
    /// Everything written to standard error.
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// The lines of standard output that are JSON objects (JSON Lines records).
    public var jsonLines: [[String: Any]] {
        stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}

extension SluiceCheckout {
    /// Runs the real `sluice` binary in `directory` and waits for it. Standard input comes from
    /// `stdinFile` (empty when nil); both outputs go to temporary files, so a full pipe never
    /// blocks the process. The environment is this process's without `removing`, plus
    /// `environment`.
    public static func runSluice(
        _ arguments: [String], in directory: String = root, stdinFile: String? = nil,
        environment: [String: String] = [:], removing: [String] = []
    ) throws -> SluiceProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sluiceBinary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        for name in removing { env.removeValue(forKey: name) }
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let capture = NSTemporaryDirectory() + "sluice-process-" + UUID().uuidString
        let outFile = capture + ".stdout", errFile = capture + ".stderr"
        FileManager.default.createFile(atPath: outFile, contents: nil)
        FileManager.default.createFile(atPath: errFile, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outFile)
            try? FileManager.default.removeItem(atPath: errFile)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outFile))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errFile))
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardOutput = out
        process.standardError = err
        if let stdinFile {
            guard let input = FileHandle(forReadingAtPath: stdinFile) else { throw CocoaError(.fileNoSuchFile) }
            process.standardInput = input
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return SluiceProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: FileManager.default.contents(atPath: outFile) ?? Data(), as: UTF8.self),
            stderr: String(decoding: FileManager.default.contents(atPath: errFile) ?? Data(), as: UTF8.self))
    }
}
