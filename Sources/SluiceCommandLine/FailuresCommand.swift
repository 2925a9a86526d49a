import ArgumentParser
import Foundation
import SluiceCore

/// `sluice failures [MANIFEST | FOLDER | STATE]`: the dead letters of earlier runs.
struct FailuresCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "failures",
        abstract: "List the inputs that failed in earlier runs, with stage, error kind and reason.",
        discussion: """
            Reads the state store of incremental runs: a manifest's (.sluice/state.db next to it, or its `state:`), the one in a folder (FOLDER/.sluice/state.db, where `sluice ingest` keeps it beside its output), or a state file. Retry them with `sluice run MANIFEST --retry-failed` or `sluice ingest ... --retry-failed`. Exit status, like grep: 1 when failures are listed, 0 when there are none, 2 when the state store cannot be read.
            """)

    @Argument(help: ArgumentHelp("A manifest, a folder or a state file.", valueName: "where"))
    var location: String = "."

    @Option(name: .long, help: ArgumentHelp("Only this pipeline's failures.", valueName: "name"))
    var pipeline: String?

    @Flag(name: .long, help: "Print the failures as JSON (an array), for programs.")
    var json = false

    mutating func run(registry: PluginRegistry) async throws -> Int32 {
        let path = try statePath(registry: registry)
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure(message: "error: no state store at \(path): no incremental run has been recorded there", code: SluiceCommandLine.exitUsage)
        }
        let store: any InputStateStore
        do {
            store = try registry.openStateStore(path, logger: OutputOptions.logger(level: .error))
        } catch {
            throw CommandFailure(message: "error: \((error as? PluginError)?.reason ?? "\(error)")", code: SluiceCommandLine.exitUsage)
        }
        let all: [(pipeline: String, record: InputRecord)]
        do {
            all = try await store.failures(pipeline: nil)
            await store.close()
        } catch {
            await store.close()
            throw CommandFailure(message: "error: \((error as? PluginError)?.reason ?? "\(error)")", code: SluiceCommandLine.exitSomeFailed)
        }
        // Records are kept per pipeline and output (`NAME@sinks`); show and filter by the name.
        let failures = all.map { (name: Self.pipelineName($0.pipeline), record: $0.record) }
            .filter { pipeline == nil || $0.name == pipeline }
        if json {
            struct Entry: Encodable {
                var pipeline, path, stage, errorKind, reason, recordedAt: String
            }
            let entries = failures.map {
                Entry(pipeline: $0.name, path: $0.record.sourcePath, stage: $0.record.stage ?? "", errorKind: $0.record.errorKind ?? "",
                      reason: $0.record.reason ?? "", recordedAt: $0.record.recordedAt)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(entries), as: UTF8.self))
            return failures.isEmpty ? SluiceCommandLine.exitSuccess : SluiceCommandLine.exitSomeFailed
        }
        if failures.isEmpty {
            print("no failed inputs recorded in \(path)")
            return SluiceCommandLine.exitSuccess
        }
        for f in failures {
            let r = f.record
            print("\(f.name)\t\(Summary.printable(r.sourcePath))\t[\(r.stage ?? "?")] \(r.errorKind ?? "error"): \(Summary.printable(r.reason ?? ""))\t\(r.recordedAt)")
        }
        FileHandle.standardError.write(Data("\(failures.count) failed input(s) in \(path); retry them with --retry-failed\n".utf8))
        // Like grep: 1 when something was found (failures listed), 0 when none.
        return SluiceCommandLine.exitSomeFailed
    }

    /// The state file `location` designates.
    func statePath(registry: PluginRegistry) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: location, isDirectory: &isDirectory) else {
            throw CommandFailure(message: "error: \(location): no such file or folder", code: SluiceCommandLine.exitUsage)
        }
        if isDirectory.boolValue { return Manifest.defaultStatePath(folder: location) }
        let ext = PathSupport.fileExtension(of: location)
        if ["yaml", "yml", "json"].contains(ext) {
            let manifest = try loadManifest(location, registry: registry)
            guard let path = manifest.statePath else {
                throw CommandFailure(message: "error: \(location) keeps no state (state: false)", code: SluiceCommandLine.exitUsage)
            }
            return path
        }
        return location
    }

    static func pipelineName(_ key: String) -> String {
        guard let at = key.lastIndex(of: "@") else { return key }
        return String(key[..<at])
    }
}
