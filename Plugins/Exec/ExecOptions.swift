import Foundation
import SluiceCore

/// The options every exec plugin takes: how its program runs.
enum ExecOptions {
    static let command = OptionKey<[String]>.stringList(
        "command", default: [],
        doc: "The program and its arguments, such as [python3, my_reader.py]; relative paths in it are the program's business (it runs in working_directory).")
    static let env = OptionKey<[String]>.stringList(
        "env", default: [], doc: "KEY=VALUE pairs added to the program's environment.")
    static let workingDirectory = OptionKey<String>.path(
        "working_directory", default: ".", doc: "The folder the program runs in (relative to the manifest's folder).")
    static let timeout = OptionKey<Double>.number(
        "timeout", default: 30,
        doc: "Seconds the program may take to answer one request (and the handshake); past it, it is killed and only that input fails.")
    static let maxMemory = OptionKey<Int>.integer(
        "max_memory", default: 0, doc: "The program's address-space limit in MiB (setrlimit RLIMIT_AS); 0 for none.")
    static let workers = OptionKey<Int>.integer(
        "workers", default: 1, doc: "How many processes of the program run at once, each serving one request at a time.")
    static let maxOutputBytes = OptionKey<Int>.integer(
        "max_output_bytes", default: 64 * 1024 * 1024,
        doc: "The longest answer line accepted, in bytes; a longer one fails the input and the program is killed.")
    static let settings = OptionKey<[String]>.stringList(
        "settings", default: [],
        doc: "The program's own options as KEY=VALUE, checked against the options it declares in its handshake.")

    /// The options that run a program, common to `exec` and folder plugins.
    static let control = [env.spec, workingDirectory.spec, timeout.spec, maxMemory.spec, workers.spec, maxOutputBytes.spec]
    /// The options of the `exec` reader and normalizer.
    static let generic = [command.spec] + control + [settings.spec]
    /// Names a program's own options may not take.
    static let reserved = Set(generic.map { $0.name } + ["name"])

    /// The longest `timeout` accepted, in seconds (a week).
    static let maxTimeout: Double = 7 * 24 * 3600
    /// The largest `max_memory` accepted, in MiB (1 PiB).
    static let maxMemoryMiB = 1 << 30

    /// How to run `program` (the `command` option when nil) for one plugin use.
    static func command(_ setup: PluginSetup, program: [String]? = nil) throws(PluginError) -> ExecCommand {
        let o = setup.options
        var environment: [String: String] = [:]
        for pair in o[env] {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw .configuration("env: '\(pair)' is not KEY=VALUE")
            }
            environment[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        // Upper bounds too: the timeout becomes integer milliseconds and max_memory KiB, which
        // must not overflow (a trap would end the whole run).
        guard o[timeout] > 0, o[timeout] <= maxTimeout else {
            throw .configuration("timeout must be more than 0 and at most \(Int(maxTimeout)) seconds")
        }
        guard (0...maxMemoryMiB).contains(o[maxMemory]) else {
            throw .configuration("max_memory must be 0 (no limit) or more MiB, at most \(maxMemoryMiB)")
        }
        guard (1...256).contains(o[workers]) else { throw .configuration("workers must be between 1 and 256") }
        guard o[maxOutputBytes] >= 1024 else { throw .configuration("max_output_bytes must be at least 1024") }
        let directory = setup.resolve(path: o[workingDirectory])
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .configuration("working_directory '\(directory)' is not a folder")
        }
        return ExecCommand(
            command: program ?? o[command], environment: environment, directory: directory, timeout: o[timeout],
            memoryMiB: o[maxMemory], workers: o[workers], maxOutputBytes: o[maxOutputBytes])
    }

    /// The program's own option values from `settings: [KEY=VALUE, ...]`, typed by its description.
    static func fromSettings(_ pairs: [String], _ description: ExecDescription) throws(PluginError) -> [String: JSONValue] {
        let specs = description.optionSpecs
        var values: [String: OptionValue] = [:]
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "=") else { throw .configuration("settings: '\(pair)' is not KEY=VALUE") }
            let key = String(pair[..<eq]), raw = String(pair[pair.index(after: eq)...])
            guard let spec = specs.first(where: { $0.name == key }) else {
                let known = specs.map(\.name)
                throw .configuration(
                    "settings: '\(description.name)' has no option '\(key)'"
                        + (known.isEmpty ? " (it takes none)" : " (it takes: \(known.joined(separator: ", ")))"))
            }
            guard let value = typed(raw, spec.type) else {
                throw .configuration("settings: \(key) expects \(spec.type), not '\(raw)'")
            }
            values[key] = value
        }
        return try complete(values, specs: specs, plugin: description.name)
    }

    /// The program's own option values from a folder plugin's validated options.
    static func fromOptions(_ options: OptionValues, _ description: ExecDescription) throws(PluginError) -> [String: JSONValue] {
        let specs = description.optionSpecs
        let names = Set(specs.map(\.name))
        return try complete(options.values.filter { names.contains($0.key) }, specs: specs, plugin: description.name)
    }

    private static func complete(_ values: [String: OptionValue], specs: [OptionSpec], plugin: String) throws(PluginError) -> [String: JSONValue] {
        var all = values
        for spec in specs where all[spec.name] == nil {
            guard let d = spec.defaultValue else { throw .configuration("missing required option '\(spec.name)' of '\(plugin)'") }
            all[spec.name] = d
        }
        return ExecProtocol.json(all)
    }

    /// `raw` as the core reads any option's text, except that a list setting is comma-separated
    /// (`settings` holds one KEY=VALUE per option).
    private static func typed(_ raw: String, _ type: OptionType) -> OptionValue? {
        type == .stringList ? .stringList(raw.split(separator: ",").map(String.init)) : type.value(parsing: raw)
    }
}
