import Foundation
import SluiceCore
import SluiceTesting
import SluiceTestSupport
import Testing

/// The repository root.
let repositoryRoot = SluiceCheckout.root

/// What one run of the real `sluice` binary left: exit status, the records it wrote and its run
/// report.
struct SluiceRun {
    var status: Int32
    var records: [Document]
    var report: RunReport
    /// What it printed (standard output and error).
    var output: String

    /// The report's line for the input whose path ends with `suffix`.
    func input(_ suffix: String) -> RunReport.InputOutcome? { report.inputs.first { $0.path.hasSuffix(suffix) } }
    /// The records read from the input whose path ends with `suffix`.
    func records(from suffix: String) -> [Document] { records.filter { $0.source.path.hasSuffix(suffix) } }
}

/// A fresh temporary folder, removed when released.
final class Scratch {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "sluice-formats-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        let full = path + "/" + name
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
    }
}

/// Runs `sluice ARGUMENTS --jsonl out --report report --no-store` in `directory` and
/// reads back what it wrote. `arguments` starts with the command (`ingest PATH` or `run FILE`).
/// For `run`, the manifest's sink must write `records` (a path relative to `directory`).
func runSluice(_ arguments: [String], in directory: String, scratch: Scratch, records: String? = nil) throws -> SluiceRun {
    let out = records.map { directory + "/" + $0 } ?? scratch.path + "/out-\(UUID().uuidString).jsonl"
    let report = scratch.path + "/report-\(UUID().uuidString).json"
    let errors = scratch.path + "/stderr-\(UUID().uuidString).txt"
    FileManager.default.createFile(atPath: errors, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: SluiceCheckout.sluiceBinary)
    let outputs = arguments.first == "ingest" ? ["--jsonl", out, "--no-store"] : []
    process.arguments = arguments + outputs + ["--report", report]
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    // The summary (one line per failed input, naming it) and the errors, together.
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    process.waitUntilExit()
    let lines = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    let decoder = JSONDecoder()
    let records = try lines.split(separator: "\n").map { try decoder.decode(Document.self, from: Data($0.utf8)) }
    let reportData = try Data(contentsOf: URL(fileURLWithPath: report))
    let reportDecoder = JSONDecoder()
    reportDecoder.keyDecodingStrategy = .convertFromSnakeCase
    let reports = try reportDecoder.decode(ReportFile.self, from: reportData).pipelines
    return SluiceRun(
        status: process.terminationStatus, records: records, report: try #require(reports.first),
        output: (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "")
}

/// The report file: one run report per pipeline.
private struct ReportFile: Decodable {
    var pipelines: [RunReport]
}

/// The bytes of a file in the repository.
func repositoryFile(_ relative: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/" + relative)))
}
