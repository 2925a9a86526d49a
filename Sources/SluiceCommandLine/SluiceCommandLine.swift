import ArgumentParser
import Foundation
import Logging
import SluiceCore

/// The `sluice` command line as a library: run it with any plugin registry, so a package that
/// adds its own readers ships the same CLI with one line:
///
/// ```swift
/// var registry = PluginRegistry.builtins()
/// registry.register(MarkdownReader.self)
/// await SluiceCommandLine.main(registry: registry)
/// ```
public enum SluiceCommandLine {
    /// Exit code: every input ingested (or deliberately skipped).
    public static let exitSuccess: Int32 = 0
    /// Exit code: the run completed but some inputs failed.
    public static let exitSomeFailed: Int32 = 1
    /// Exit code: usage or manifest errors; nothing was written.
    public static let exitUsage: Int32 = 2
    /// Exit code: interrupted by SIGINT or SIGTERM; what was done is committed.
    public static let exitInterrupted: Int32 = 130

    /// Parses `arguments` (default: the process's), runs the command and exits the process.
    public static func main(registry: PluginRegistry, arguments: [String]? = nil) async -> Never {
        let code = await run(registry: registry, arguments: arguments ?? Array(CommandLine.arguments.dropFirst()))
        exit(code)
    }

    /// Parses and runs a command, returning the exit code instead of exiting.
    public static func run(registry: PluginRegistry, arguments: [String]) async -> Int32 {
        let command: any ParsableCommand
        do {
            command = try SluiceCommand.parseAsRoot(arguments)
        } catch {
            return report(error)
        }
        do {
            if var c = command as? any RegistryCommand {
                return try await c.run(registry: registry.withEnvironmentPlugins())
            } else if var c = command as? any AsyncParsableCommand {
                try await c.run()
            } else {
                var c = command
                try c.run()
            }
            return exitSuccess
        } catch {
            return report(error)
        }
    }

    private static func report(_ error: any Error) -> Int32 {
        if let e = error as? CommandFailure {
            FileHandle.standardError.write(Data((e.message + "\n").utf8))
            return e.code
        }
        let code = SluiceCommand.exitCode(for: error)
        let message = SluiceCommand.fullMessage(for: error)
        if code == .success {
            print(message)
            return exitSuccess
        }
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return code == .validationFailure ? exitUsage : code.rawValue
    }
}

/// A command that needs the plugin registry.
protocol RegistryCommand: ParsableCommand {
    mutating func run(registry: PluginRegistry) async throws -> Int32
}

/// The root command.
struct SluiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Ingest messy documents into clean, structured, searchable records.",
        discussion: """
            Exit codes: 0 every input ingested (or skipped with a reason), 1 some inputs failed, 2 usage or manifest errors (nothing written), 130 interrupted (SIGINT or SIGTERM: the inputs in flight are finished and committed, the rest reported as not processed).
            """,
        version: SluiceVersion.current,
        subcommands: [IngestCommand.self, RunCommand.self, ValidateCommand.self, FailuresCommand.self, PluginsCommand.self, SearchCommand.self, InspectCommand.self, PipeCommand.self])
}

/// The version of this build.
public enum SluiceVersion {
    /// The version string.
    public static let current = "0.1.0"
}

/// Options every run command shares.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write the run report as JSON to this file.", valueName: "file"))
    var report: String?

    @Flag(name: [.short, .long], help: "Print only errors.")
    var quiet = false

    @Flag(name: [.short, .long], help: "Log what each plugin does.")
    var verbose = false

    func makeLogger() -> Logger {
        Self.logger(level: verbose ? .info : (quiet ? .critical : .error))
    }

    /// A logger writing to standard error at `level`.
    static func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "sluice") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        logger.logLevel = level
        return logger
    }
}
