import Foundation
import SluiceCore

/// Finds exec programs in folders and registers each that answers the handshake as a named
/// plugin, whose options are the program's own plus those that run it (timeout, workers, ...).
public enum ExecPluginFolder {
    /// How long a program found in a folder may take to describe itself.
    static let describeTimeout: Double = 10

    /// Registers the programs in `folders` into `registry`; returns a note for each file left out
    /// (not executable, no handshake, a name already taken, ...).
    public static func register(_ folders: [String], into registry: inout PluginRegistry) -> [String] {
        var notes: [String] = []
        for folder in folders where !folder.isEmpty {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
                notes.append("plugin folder '\(folder)': cannot list it")
                continue
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = URL(fileURLWithPath: PathSupport.join(folder, name)).standardizedFileURL.path
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                      access(path, X_OK) == 0 else { continue }
                do {
                    try add(program: path, into: &registry)
                } catch {
                    notes.append("plugin folder '\(folder)': \(name) is not an exec plugin: \(error.reason)")
                }
            }
        }
        return notes
    }

    /// Asks `program` to describe itself and registers it.
    static func add(program path: String, into registry: inout PluginRegistry) throws(PluginError) {
        let description = try describe(path)
        if let why = description.problem(expecting: nil) { throw .configuration(why) }
        if let clash = description.optionSpecs.first(where: { ExecOptions.reserved.contains($0.name) }) {
            throw .configuration("its option '\(clash.name)' has a name Sluice reserves for running it")
        }
        if registry.descriptor(named: description.name) != nil {
            throw .configuration("a plugin named '\(description.name)' is already registered")
        }
        let declaration = RuntimePluginDeclaration(
            name: description.name,
            summary: (description.summary ?? "") + " (exec program \(path))",
            options: description.optionSpecs + ExecOptions.control,
            fileExtensions: description.fileExtensions, origin: "exec program \(path)")
        if description.kind == PluginKind.reader.rawValue {
            registry.register(declaration, reader: { setup in try ExecReader(setup, program: path) })
        } else {
            registry.register(declaration, normalizer: { setup in try ExecNormalizer(setup, program: path) })
        }
    }

    /// Runs `hello` against a program and stops it.
    static func describe(_ path: String) throws(PluginError) -> ExecDescription {
        let directory = PathSupport.directory(of: path)
        let child = try ExecChild(command: [path], environment: [:], directory: directory.isEmpty ? "." : directory, memoryKiB: 0)
        defer { child.terminate() }
        let deadline = ContinuousClock.now + .milliseconds(Int64(describeTimeout * 1000))
        do {
            return try ExecWorkerPool.handshake(ExecWorker(child), deadline: deadline, maxBytes: 1 << 20)
        } catch {
            switch error {
            case .transport(.timedOut): throw .configuration("it did not answer 'hello' within \(Int(describeTimeout)) s")
            case .transport:
                let tail = child.stderrTail
                throw .configuration("it ended without answering 'hello'" + (tail.isEmpty ? "" : "; its stderr ends: \(tail)"))
            case .broken(let why): throw .configuration("it \(why)")
            case .rejected(let e): throw e
            }
        }
    }
}
