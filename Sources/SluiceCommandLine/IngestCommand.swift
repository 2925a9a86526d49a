import ArgumentParser
import SluiceCore

/// `sluice ingest PATH...`: zero-config ingestion.
struct IngestCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest files, directories or globs with no manifest.",
        discussion: """
            Picks the best reader for each file (or the one named with --reader), applies the default
            normalizers (unicode, whitespace) and stores the documents: in the SQLite store (--sqlite,
            default sluice.db) when the sqlite sink is available, and as JSON Lines with --jsonl
            (`-` for standard output). With no store available and no --jsonl, JSON Lines go to
            standard output.
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

    @Option(name: .customLong("on-error"), help: ArgumentHelp("skip (record and go on) or fail (stop and roll back).", valueName: "policy"))
    var onError: String = "skip"

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
        let normalizers = try ["unicode", "whitespace"].filter { registry.descriptor(named: $0) != nil }.map { try use($0) }
        var sinks: [PluginUse] = []
        if registry.descriptor(named: "sqlite")?.kind == .sink, !noStore {
            sinks.append(try use("sqlite", ["path": .string(sqlite ?? "sluice.db")]))
        } else if sqlite != nil {
            throw CommandFailure(message: "error: --sqlite needs the sqlite sink, which this build does not have", code: SluiceCommandLine.exitUsage)
        }
        if let jsonl { sinks.append(try use("jsonl", ["path": .string(jsonl)])) }
        sinks += try storage.extraSinks(registry: registry, existing: sinks)
        if sinks.isEmpty { sinks.append(try use("jsonl", ["path": .string("-")])) }
        let spec = PipelineSpec(
            name: "ingest", inputs: paths, reader: readerUse, normalizers: normalizers, sinks: sinks, onError: policy,
            concurrency: concurrency ?? PipelineSpec.defaultConcurrency)
        return try await storage.run([spec], registry: registry, output: output)
    }
}
