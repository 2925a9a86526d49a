import ArgumentParser
import Foundation
import SluiceCore

/// Loads a manifest, turning its errors into exit code 2 with every issue listed.
func loadManifest(_ path: String, registry: PluginRegistry) throws -> Manifest {
    do {
        var loader = ManifestLoader(registry: registry)
        loader.requireExistingInputs = true
        return try loader.load(file: path)
    } catch {
        let count = error.issues.count
        throw CommandFailure(
            message: error.description + "\n\(count) error\(count == 1 ? "" : "s") in \(path); nothing was run",
            code: SluiceCommandLine.exitUsage)
    }
}

/// `sluice run MANIFEST`.
struct RunCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the pipelines of a manifest (YAML or JSON).")

    @Argument(help: ArgumentHelp("The manifest file.", valueName: "manifest"))
    var manifest: String

    @Option(name: .long, help: ArgumentHelp("Run only this pipeline.", valueName: "name"))
    var pipeline: String?

    @OptionGroup var incremental: IncrementalOptions

    @OptionGroup var storage: StorageOptions

    @OptionGroup var output: OutputOptions

    mutating func run(registry: PluginRegistry) async throws -> Int32 {
        let registry = registry.withManifestPlugins(manifest)
        let loaded = try loadManifest(manifest, registry: registry)
        var pipelines = loaded.pipelines
        if let pipeline {
            guard let p = loaded.pipeline(named: pipeline) else {
                let names = loaded.pipelines.map(\.name)
                let hint = Suggestion.closest(to: pipeline, in: names).map { " (did you mean '\($0)'?)" } ?? ""
                throw CommandFailure(
                    message: "error: \(manifest) has no pipeline named '\(pipeline)'\(hint); it has: \(names.joined(separator: ", "))",
                    code: SluiceCommandLine.exitUsage)
            }
            pipelines = [p]
        }
        if storage.postgres != nil {
            throw CommandFailure(message: "error: --postgres is for ingest; name a postgres sink in the manifest", code: SluiceCommandLine.exitUsage)
        }
        return try await storage.run(
            pipelines, registry: registry, output: output, incremental: incremental, defaultStatePath: loaded.statePath)
    }
}

/// `sluice validate MANIFEST`.
struct ValidateCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a manifest and list every error (exit 0 or 2).")

    @Argument(help: ArgumentHelp("The manifest file.", valueName: "manifest"))
    var manifest: String

    mutating func run(registry: PluginRegistry) async throws -> Int32 {
        let registry = registry.withManifestPlugins(manifest)
        let loaded = try loadManifest(manifest, registry: registry)
        // Create every plugin too, so that options only a plugin can judge are checked.
        _ = try PipelineSession.prepare(loaded.pipelines, with: PipelineRunner(registry: registry, logger: OutputOptions.logger(level: .error)))
        let names = loaded.pipelines.map(\.name).joined(separator: ", ")
        print("\(manifest): OK, \(loaded.pipelines.count) pipeline(s): \(names)")
        return SluiceCommandLine.exitSuccess
    }
}
