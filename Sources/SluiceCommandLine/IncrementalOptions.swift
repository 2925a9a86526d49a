import ArgumentParser
import Foundation
import SluiceCore

/// Options of incremental runs: which inputs to process and where the state store is.
struct IncrementalOptions: ParsableArguments {
    @Flag(name: .long, help: "Process every input, changed or not (the state is still recorded).")
    var full = false

    @Flag(name: .customLong("retry-failed"), help: "Process only the inputs that failed in an earlier run (see `sluice failures`).")
    var retryFailed = false

    @Option(name: .long, help: ArgumentHelp(
        "The state store (default: .sluice/state.db next to the manifest, or next to the output of `ingest`).", valueName: "file"))
    var state: String?

    @Flag(name: .customLong("no-state"), help: "Keep no state: process every input and replace file outputs.")
    var noState = false

    func validate() throws {
        if full && retryFailed { throw ValidationError("--full and --retry-failed exclude each other") }
        if noState && (full || retryFailed || state != nil) {
            throw ValidationError("--no-state cannot be combined with --full, --retry-failed or --state")
        }
    }

    var mode: IncrementalMode { full ? .full : (retryFailed ? .retryFailed : .changed) }

    /// Opens the state store: `--state`, else `defaultPath`; nil with `--no-state` or no path.
    func open(defaultPath: String?, registry: PluginRegistry) throws -> StateTracking? {
        if noState { return nil }
        guard let path = state ?? defaultPath else {
            if retryFailed || full {
                throw CommandFailure(
                    message: "error: --full and --retry-failed need a state store; this run has none (name one with --state)",
                    code: SluiceCommandLine.exitUsage)
            }
            return nil
        }
        guard registry.hasStateStore else {
            if state != nil || retryFailed {
                throw CommandFailure(message: "error: this build has no state store", code: SluiceCommandLine.exitUsage)
            }
            return nil
        }
        do {
            let store = try registry.openStateStore(path, logger: OutputOptions.logger(level: .error))
            return StateTracking(store: store, mode: mode, location: path)
        } catch {
            throw CommandFailure(message: "error: \((error as? PluginError)?.reason ?? "\(error)")", code: SluiceCommandLine.exitUsage)
        }
    }

    /// The default state store of a folder: `FOLDER/.sluice/state.db`.
    static func defaultPath(besides file: String) -> String {
        Manifest.defaultStatePath(folder: PathSupport.directory(of: file))
    }
}
