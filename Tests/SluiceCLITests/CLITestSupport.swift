import Foundation
import SluiceTesting
import SluiceTestSupport
import Testing

/// The repository root.
let repositoryRoot = SluiceCheckout.root

/// The `sluice` binary built next to the test bundle (or `SLUICE_BINARY`).
let sluiceBinary = SluiceCheckout.sluiceBinary

/// What a finished `sluice` process left.
typealias ProcessResult = SluiceProcessResult

/// Runs the real `sluice` binary and waits for it.
@discardableResult
func sluice(_ arguments: [String], in directory: String = repositoryRoot, environment: [String: String] = [:]) throws -> ProcessResult {
    try SluiceCheckout.runSluice(arguments, in: directory, environment: environment)
}

/// A fresh temporary folder, removed when released.
final class Scratch {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "sluice-cli-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let full = path + "/" + name
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return full
    }
    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }
    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + name).map { String(decoding: $0, as: UTF8.self) }
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Parses JSON Lines.
func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map {
        try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
    }
}
