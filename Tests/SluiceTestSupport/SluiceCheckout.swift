import Foundation

/// Where things are in the Sluice checkout, for tests that run the real `sluice` binary on the
/// real samples.
public enum SluiceCheckout {
    /// The repository root (the folder holding `Package.swift` and `Samples/`).
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The `sluice` binary built next to the running test bundle, or `SLUICE_BINARY` when set.
    public static let sluiceBinary: String = {
        if let path = ProcessInfo.processInfo.environment["SLUICE_BINARY"] { return path }
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir.appendingPathComponent("sluice").path, dir.deletingLastPathComponent().appendingPathComponent("sluice").path]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return root + "/.build/debug/sluice"
    }()
}
