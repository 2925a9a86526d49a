import ArgumentParser
import SluiceCore

/// `sluice ingest PATH...`: zero-config ingestion.
struct IngestCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest files, directories or globs with no manifest.",
        discussion: """
            Picks the best reader for each file (or the one named with --reader), applies the default normalizers (built-ins: unicode, whitespace) and stores the documents in the default store (built-ins: the SQLite file sluice.db, or --sqlite FILE; --no-store for none) and, with --jsonl FILE, as JSON Lines too (`-` for standard output). With no store and no --jsonl, JSON Lines go to standard output.

            Runs are incremental: the state kept in .sluice/state.db beside the first output file lets a re-run skip unchanged inputs (--full processes all, --retry-failed only the failed ones, --no-state keeps no state).
            """)

    @Argument(help: ArgumentHelp("Files, directories or glob patterns to ingest.", valueName: "path"))
    var paths: [String]

    @Option(name: .long, help: ArgumentHelp("The reader for every input (default: auto, per file).", valueName: "name"))
    var reader: String = "auto"

    @Option(name: .long, help: ArgumentHelp("Write JSON Lines to this file (`-` for standard output).", valueName: "file"))
    var jsonl: String?

    @Option(name: .long, help: ArgumentHelp("The SQLite store to write (default: sluice.db).", valueName: "file"))
    var sqlite: String?

    @Flag(name: .long, help: "Do not write the SQLite store.")
    var noStore = false

    @Option(name: .long, help: ArgumentHelp("Inputs processed at once (default: the number of cores).", valueName: "n"))
    var concurrency: Int?

    @Option(name: .customLong("batch-size"), help: ArgumentHelp("Documents per sink batch, one transaction each (default: 1024).", valueName: "n"))
    var batchSize: Int?

    @Option(name: .customLong("on-error"), help: ArgumentHelp("skip (record and go on) or fail (stop and roll back).", valueName: "policy"))
    var onError: String = "skip"

    @Flag(name: .customLong("remove-missing"), help: "Remove from the outputs the documents of inputs that have disappeared since the last run.")
    var removeMissing = false

    @OptionGroup var incremental: IncrementalOptions

    @OptionGroup var storage: StorageOptions

    @OptionGroup var output: OutputOptions

    mutating func run(registry: PluginRegistry) async throws -> Int32 {
        func use(_ name: String, _ overrides: [String: OptionValue] = [:]) throws -> PluginUse {
            guard let descriptor = registry.descriptor(named: name) else {
                throw CommandFailure(message: "error: no plugin named '\(name)' is registered", code: SluiceCommandLine.exitUsage)
            }
            return PluginUse(name: name, options: .defaults(for: descriptor.options, overrides: overrides))
        }
        var readerUse: PluginUse?
        if reader != "auto" {
            guard registry.descriptor(named: reader)?.kind == .reader else {
                let names = registry.names(of: .reader)
                let hint = Suggestion.closest(to: reader, in: names).map { " (did you mean '\($0)'?)" } ?? ""
                throw CommandFailure(
                    message: "error: unknown reader '\(reader)'\(hint); available: auto, \(names.joined(separator: ", "))",
                    code: SluiceCommandLine.exitUsage)
            }
            readerUse = try use(reader)
        }
        guard let policy = ErrorPolicy(rawValue: onError) else {
            throw CommandFailure(message: "error: --on-error takes 'skip' or 'fail', not '\(onError)'", code: SluiceCommandLine.exitUsage)
        }
        if let concurrency, concurrency < 1 {
            throw CommandFailure(message: "error: --concurrency must be at least 1", code: SluiceCommandLine.exitUsage)
        }
        if let batchSize, batchSize < 1 {
            throw CommandFailure(message: "error: --batch-size must be at least 1", code: SluiceCommandLine.exitUsage)
        }
        let defaults = registry.ingestDefaults
        let normalizers = try defaults.normalizers.map { try use($0) }
        var sinks: [PluginUse] = []
        if let store = defaults.store, !noStore {
            sinks.append(try use(store, ["path": .string(sqlite ?? defaults.storePath)]))
        } else if sqlite != nil {
            throw CommandFailure(message: "error: --sqlite needs a store, which this build does not have", code: SluiceCommandLine.exitUsage)
        }
        if let jsonl {
            guard let lines = defaults.jsonlSink else {
                throw CommandFailure(message: "error: --jsonl needs a JSON Lines sink, which this build does not have", code: SluiceCommandLine.exitUsage)
            }
            sinks.append(try use(lines, ["path": .string(jsonl)]))
        }
        sinks += try storage.extraSinks(registry: registry, existing: sinks)
        if sinks.isEmpty {
            guard let lines = defaults.jsonlSink else {
                throw CommandFailure(message: "error: nothing to write to: this build declares no default store", code: SluiceCommandLine.exitUsage)
            }
            sinks.append(try use(lines, ["path": .string("-")]))
        }
        let spec = PipelineSpec(
            name: "ingest", inputs: paths, reader: readerUse, normalizers: normalizers, sinks: sinks, onError: policy,
            concurrency: concurrency ?? PipelineSpec.defaultConcurrency, batchSize: batchSize ?? PipelineSpec.defaultBatchSize,
            removeMissing: removeMissing)
        // The state is kept beside the first file output: the SQLite store, else the JSONL file.
        let fileOutput = sinks.compactMap { use -> String? in
            guard case .string(let path)? = use.options.values["path"], path != "-", !path.hasPrefix("/dev/") else { return nil }
            return path
        }.first
        return try await storage.run(
            [spec], registry: registry, output: output, incremental: incremental,
            defaultStatePath: fileOutput.map(IncrementalOptions.defaultPath(besides:)))
    }
}
