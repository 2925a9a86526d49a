import ArgumentParser
import Foundation
import SluiceCore

/// Options for storing in PostgreSQL and for sharing one corpus among several `sluice` processes:
/// a static split (`--shard K/N`) or dynamic claims in PostgreSQL (`--claims URL`).
struct StorageOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Also store in PostgreSQL at this URL (usually \"$DATABASE_URL\"; the password is never printed).", valueName: "url"))
    var postgres: String?

    @Option(name: .long, help: ArgumentHelp(
        "Process only shard K of N (K from 0 to N-1), chosen by a stable hash of each input's path: for a scheduler that starts N copies with an index (Kubernetes indexed jobs, Slurm arrays).",
        valueName: "K/N"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp(
        "Share the inputs with every other sluice process given the same PostgreSQL URL: each input is claimed by one worker at a time (FOR UPDATE SKIP LOCKED) under a lease, and a dead worker's inputs go to the others.",
        valueName: "url"))
    var claims: String?

    @Option(name: .customLong("claims-run"), help: ArgumentHelp(
        "The name workers share a run under (default: derived from the pipeline and its inputs). An input finished under a name is not processed again under it.",
        valueName: "name"))
    var claimsRun: String?

    @Option(name: .long, help: ArgumentHelp("Seconds a claim lasts unless renewed (renewed every third of it).", valueName: "seconds"))
    var lease: Double = 60

    @Option(name: .customLong("claim-batch"), help: ArgumentHelp("Inputs claimed at a time.", valueName: "n"))
    var claimBatch: Int = 8

    func validate() throws {
        if let shard {
            do { _ = try InputShard(parsing: shard) } catch { throw ValidationError(error.reason) }
        }
        if lease <= 0 { throw ValidationError("--lease must be positive") }
        if claimBatch < 1 { throw ValidationError("--claim-batch must be at least 1") }
    }

    /// The sinks these options add (`--postgres`), after checking they fit with `sinks`.
    func extraSinks(registry: PluginRegistry, existing sinks: [PluginUse]) throws -> [PluginUse] {
        if claims != nil, sinks.contains(where: { $0.name == "jsonl" }) {
            throw CommandFailure(
                message: "error: --jsonl cannot be combined with --claims (each claimed chunk would replace the file); use --shard K/N for file outputs",
                code: SluiceCommandLine.exitUsage)
        }
        guard let postgres else { return [] }
        guard let descriptor = registry.descriptor(named: "postgres"), descriptor.kind == .sink else {
            throw CommandFailure(
                message: "error: --postgres needs the postgres sink, which this build does not have (build with the Postgres trait)",
                code: SluiceCommandLine.exitUsage)
        }
        return [PluginUse(name: "postgres", options: .defaults(for: descriptor.options, overrides: ["url": .string(postgres)]))]
    }

    /// Runs `pipelines`: as usual, restricted to a shard, or as one worker of a shared run.
    func run(
        _ pipelines: [PipelineSpec], registry: PluginRegistry, output: OutputOptions,
        incremental: IncrementalOptions, defaultStatePath: String?
    ) async throws -> Int32 {
        var specs = pipelines
        var split: InputShard?
        if let shard {
            do { split = try InputShard(parsing: shard) } catch { throw CommandFailure(message: "error: \(error.reason)", code: SluiceCommandLine.exitUsage) }
        }
        guard let claims else {
            if let split { specs = specs.map { split.restrict($0) } }
            var state = try incremental.open(defaultPath: defaultStatePath, registry: registry)
            state?.scope = split.map { "shard \($0.index)/\($0.count)" }
            return try await PipelineSession(registry: registry, output: output).run(specs, state: state)
        }
        if incremental.full || incremental.retryFailed || incremental.state != nil {
            throw CommandFailure(
                message: "error: --claims keeps its state in PostgreSQL: --full, --retry-failed and --state do not apply (use --claims-run NAME for a fresh run)",
                code: SluiceCommandLine.exitUsage)
        }
        let logger = output.makeLogger()
        let runner = PipelineRunner(registry: registry, logger: logger)
        _ = try PipelineSession.prepare(specs, with: runner)  // a bad option stops before anything is claimed
        let stop = StopSignal()
        let interruption = Interruption(stop: stop)
        defer { interruption.cancel() }
        var reports: [RunReport] = []
        var code = SluiceCommandLine.exitSuccess
        for spec in specs where !stop.isRequested {
            var name = claimsRun
            if name == nil {
                var keyed = spec
                if let split { keyed = split.restrict(keyed) }
                name = ClaimSettings.defaultRunName(pipeline: spec.name, inputs: InputShard.explicitPaths(keyed))
            }
            let settings = ClaimSettings(run: name!, leaseSeconds: lease, chunkSize: claimBatch)
            let claimer: any InputClaimer
            do {
                claimer = try await registry.makeInputClaimer(claims, settings: settings, logger: logger)
            } catch {
                let e = (error as? PluginError)?.description ?? "\(error)"
                throw CommandFailure(message: "error: \(Redaction.redact(e))", code: SluiceCommandLine.exitUsage)
            }
            let report: RunReport
            do {
                report = try await ClaimedRun(runner: runner, claimer: claimer, settings: settings, shard: split).run(spec, stop: stop)
            } catch let error as PipelineError {
                await claimer.close()
                throw CommandFailure(message: "error: \(Redaction.redact(error.description))", code: SluiceCommandLine.exitSomeFailed)
            } catch {
                await claimer.close()
                let e = (error as? PluginError)?.description ?? "\(error)"
                throw CommandFailure(message: "error: shared run stopped: \(Redaction.redact(e))", code: SluiceCommandLine.exitSomeFailed)
            }
            await claimer.close()
            reports.append(report)
            if !output.quiet { Summary.print(report) }
            if !report.succeeded { code = SluiceCommandLine.exitSomeFailed }
        }
        if let path = output.report { try PipelineSession.writeReport(reports, to: path) }
        return stop.isRequested ? SluiceCommandLine.exitInterrupted : code
    }
}
