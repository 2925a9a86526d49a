import ArgumentParser
import SluiceCore

/// `sluice plugins [NAME]`.
struct PluginsCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "List the plugins, or show one plugin's options.")

    @Argument(help: ArgumentHelp("A plugin to describe.", valueName: "name"))
    var name: String?

    mutating func run(registry: PluginRegistry) async throws -> Int32 {
        guard let name else {
            for kind in PluginKind.allCases {
                let plugins = registry.descriptors.filter { $0.kind == kind }
                guard !plugins.isEmpty else { continue }
                print("\(kind)s:")
                let width = plugins.map(\.name.count).max() ?? 0
                for p in plugins {
                    print("  \(p.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(p.summary)")
                }
            }
            print("\nRun 'sluice plugins NAME' for a plugin's options.")
            return SluiceCommandLine.exitSuccess
        }
        guard let p = registry.descriptor(named: name) else {
            let hint = Suggestion.closest(to: name, in: registry.descriptors.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
            throw CommandFailure(message: "error: no plugin named '\(name)'\(hint)", code: SluiceCommandLine.exitUsage)
        }
        print("\(p.name) (\(p.kind))")
        if !p.summary.isEmpty { print("  \(p.summary)") }
        if !p.fileExtensions.isEmpty { print("  file extensions: \(p.fileExtensions.map { ".\($0)" }.joined(separator: " "))") }
        print("")
        if p.options.isEmpty {
            print("options: none")
        } else {
            print("options:")
            for o in p.options {
                let def = o.defaultValue.map { "default: \($0)" } ?? "required"
                print("  \(o.name) (\(o.type); \(def))")
                print("      \(o.doc)")
            }
        }
        if let example = p.example {
            print("\nexample:")
            for line in example.split(separator: "\n", omittingEmptySubsequences: false) { print("  \(line)") }
        }
        return SluiceCommandLine.exitSuccess
    }
}
