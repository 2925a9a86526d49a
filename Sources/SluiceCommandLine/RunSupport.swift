import Foundation
import SluiceCore

/// Runs pipelines for the commands: progress on a terminal, a summary, the report file, the exit code.
struct PipelineSession {
    let registry: PluginRegistry
    let output: OutputOptions

    /// Prepares every pipeline (so that a bad option stops the run before anything is written),
    /// then runs them in order. A pipeline that cannot start does not stop the others; the report
    /// covers every pipeline that ran.
    func run(_ pipelines: [PipelineSpec], state: StateTracking? = nil) async throws -> Int32 {
        let runner = PipelineRunner(registry: registry, logger: output.makeLogger())
        let prepared: [PreparedPipeline]
        do {
            prepared = try Self.prepare(pipelines, with: runner)
        } catch {
            await state?.store.close()
            throw error
        }
        let stop = StopSignal()
        let interruption = Interruption(stop: stop)
        defer { interruption.cancel() }
        var reports: [RunReport] = []
        var failures: [String] = []
        for pipeline in prepared where !stop.isRequested {
            let progress = ProgressDisplay.make(enabled: !output.quiet, pipeline: pipeline.spec.name)
            var callback: (@Sendable (RunProgress) -> Void)?
            if let progress { callback = { (p: RunProgress) in progress.update(p) } }
            do {
                let report = try await runner.run(pipeline, progress: callback, stop: stop, state: state)
                progress?.clear()
                reports.append(report)
                if !output.quiet { Summary.print(report) }
                if !report.succeeded { failures.append(pipeline.spec.name) }
            } catch {
                progress?.clear()
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                failures.append(pipeline.spec.name)
            }
        }
        await state?.store.close()
        if let path = output.report { try Self.writeReport(reports, to: path) }
        if stop.isRequested { return SluiceCommandLine.exitInterrupted }
        return failures.isEmpty ? SluiceCommandLine.exitSuccess : SluiceCommandLine.exitSomeFailed
    }

    /// Creates every pipeline's plugins; a configuration error is a usage error (exit 2).
    static func prepare(_ pipelines: [PipelineSpec], with runner: PipelineRunner) throws -> [PreparedPipeline] {
        var prepared: [PreparedPipeline] = []
        var errors: [String] = []
        for spec in pipelines {
            do {
                prepared.append(try runner.prepare(spec))
            } catch {
                errors.append("\(error)")
            }
        }
        guard errors.isEmpty else {
            throw CommandFailure(message: errors.joined(separator: "\n") + "\nnothing was run", code: SluiceCommandLine.exitUsage)
        }
        return prepared
    }

    /// Writes the reports of a run as the JSON `--report` file.
    static func writeReport(_ reports: [RunReport], to path: String) throws {
        struct File: Encodable {
            var sluice: String
            var pipelines: [RunReport]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = try encoder.encode(File(sluice: SluiceVersion.current, pipelines: reports))
        do {
            try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandFailure(message: "error: cannot write the report to \(path): \(error.localizedDescription)", code: SluiceCommandLine.exitSomeFailed)
        }
    }
}

/// SIGINT and SIGTERM during a run: the first asks the run to stop (in-flight inputs finish, sinks
/// commit, the report is written); a second quits at once.
final class Interruption {
    private let sources: [any DispatchSourceSignal]

    init(stop: StopSignal) {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if stop.request() {
                    FileHandle.standardError.write(Data("\nstopping: finishing the inputs in flight and committing (signal again to quit at once)\n".utf8))
                } else {
                    _exit(SluiceCommandLine.exitInterrupted)
                }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

/// The end-of-run summary on standard error.
enum Summary {
    static func print(_ report: RunReport) {
        let t = report.totals
        var lines: [String] = []
        let seconds = String(format: "%.2f", report.wallSeconds)
        let unchanged = t.unchanged > 0 ? " (\(t.unchanged) unchanged)" : ""
        lines.append("\(report.pipeline): \(t.ingested) of \(t.inputs) input(s) ingested, \(t.documents) document(s); \(t.skipped) skipped\(unchanged), \(t.failed) failed; \(seconds)s")
        for input in report.inputs {
            let path = printable(input.path)
            switch input.status {
            case .failed:
                lines.append("  failed   \(path): [\(input.stage ?? "?")] \(printable(input.reason ?? ""))")
            case .skipped where input.reason?.hasPrefix("unchanged") == true || input.reason?.hasPrefix("not retried") == true:
                break
            case .skipped:
                lines.append("  skipped  \(path): \(printable(input.reason ?? ""))")
            case .ingested:
                break
            }
            for warning in input.warnings ?? [] { lines.append("  warning  \(path): \(printable(warning))") }
        }
        for gone in report.missing ?? [] {
            let what = gone.removed
                ? "its \(gone.documents) document(s) were removed from the sinks"
                : "its \(gone.documents) document(s) were kept (remove_missing: true removes them)"
            lines.append("  missing  \(printable(gone.path)): no longer among the inputs; \(what)")
        }
        for note in report.notes { lines.append("  note     \(note)") }
        if report.stopped { lines.append("  stopped at the first failure (on_error: fail); what the sinks had committed before it stays, the rest was not stored") }
        if report.interrupted { lines.append("  interrupted: what was done is committed; the inputs not reached are listed as not processed") }
        if let fatal = report.fatalError { lines.append("  error    \(fatal)") }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// `text` with control characters (which could drive the terminal) shown as `\u{…}` escapes.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value)
    }
}

/// A one-line progress display on standard error, when it is a terminal.
final class ProgressDisplay: Sendable {
    let pipeline: String
    private let lastDraw = Locked<Double>(-1)

    static func make(enabled: Bool, pipeline: String) -> ProgressDisplay? {
        enabled && isatty(STDERR_FILENO) == 1 ? ProgressDisplay(pipeline: pipeline) : nil
    }

    private init(pipeline: String) { self.pipeline = pipeline }

    func update(_ p: RunProgress) {
        let draw = lastDraw.withLock { last -> Bool in
            if p.inputsDone < p.inputsTotal && p.elapsed - last < 0.1 { return false }
            last = p.elapsed
            return true
        }
        guard draw else { return }
        let rate = p.elapsed > 0 ? Double(p.documents) / p.elapsed : 0
        let perInput = p.inputsDone > 0 ? p.elapsed / Double(p.inputsDone) : 0
        let eta = perInput * Double(p.inputsTotal - p.inputsDone)
        let line = "\r\u{1B}[K\(pipeline): \(p.inputsDone)/\(p.inputsTotal) files, \(p.documents) docs, "
            + String(format: "%.1f docs/s, ETA %.0fs", rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func clear() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}
