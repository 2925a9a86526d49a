import Foundation
import SluiceCore

/// A reader that is an external program speaking the exec protocol over standard input and
/// output (docs/exec-plugins.md): `{name: exec, command: [python3, my_reader.py]}`.
public struct ExecReader: SourceReader {
    public static let name = "exec"
    public static let summary = "Runs an external program (any language) that reads inputs over the exec protocol (JSON Lines on stdin/stdout)."
    public static var options: [OptionSpec] { ExecOptions.generic }
    public static let example: String? = """
        reader: {name: exec, command: [python3, csv_rows.py], workers: 2, timeout: 10, settings: [delimiter=;]}
        """

    let pool: ExecWorkerPool?
    let description: ExecDescription?

    /// Starts the program named by `command` and checks its handshake. With no command (as when
    /// `auto` mode creates every reader) the reader claims nothing.
    public init(_ setup: PluginSetup) throws {
        let command = try ExecOptions.command(setup)
        guard !command.command.isEmpty else {
            pool = nil
            description = nil
            return
        }
        let settings = setup.options[ExecOptions.settings]
        let pool = ExecWorkerPool(command: command, kind: .reader) { d throws(PluginError) in try ExecOptions.fromSettings(settings, d) }
        self.description = try pool.start()
        self.pool = pool
    }

    /// A reader for a program found in a plugin folder.
    init(_ setup: PluginSetup, program: String) throws {
        let command = try ExecOptions.command(setup, program: [program])
        let options = setup.options
        let pool = ExecWorkerPool(command: command, kind: .reader) { d throws(PluginError) in try ExecOptions.fromOptions(options, d) }
        self.description = try pool.start()
        self.pool = pool
    }

    public func confidence(for sample: InputSample) -> Double {
        guard let pool, let description else { return 0 }
        if description.confidenceHook == true {
            let head = Data(sample.head).base64EncodedString()
            let answer = try? pool.call { (worker, deadline) throws(ExecCallError) in
                let id = worker.nextID()
                let message = ExecProtocol.encode(ExecProtocol.Confidence(id: id, path: sample.path, size: sample.size, head: head))
                return try worker.exchange(message, id: id, deadline: deadline, maxBytes: pool.command.maxOutputBytes)
            }
            return min(1, max(0, answer?.confidence ?? 0))
        }
        return description.fileExtensions.contains(sample.fileExtension) ? (description.confidence ?? 0.5) : 0
    }

    public func read(_ input: SourceInput, context: ReadContext) throws -> [Document] {
        guard let pool else {
            throw PluginError.configuration("the exec reader needs a command, such as command: [python3, my_reader.py]")
        }
        let bytes = Data(input.bytes).base64EncodedString()
        let response = try pool.call { (worker, deadline) throws(ExecCallError) in
            let id = worker.nextID()
            let message = ExecProtocol.encode(ExecProtocol.Read(id: id, path: input.path, bytes: bytes))
            return try worker.exchange(message, id: id, deadline: deadline, maxBytes: pool.command.maxOutputBytes)
        }
        return try ExecAnswers.documents(response, warn: context.warn).map { $0.document() }
    }
}

/// What is checked in every answer carrying documents.
enum ExecAnswers {
    static let maxDocuments = 100_000
    static let maxWarnings = 100

    static func documents(_ response: ExecProtocol.Response, warn: (String) -> Void) throws(PluginError) -> [ExecDocumentPayload] {
        for warning in (response.warnings ?? []).prefix(maxWarnings) {
            warn("the exec program warns: " + (warning.count > 500 ? String(warning.prefix(500)) + "..." : warning))
        }
        if let error = response.error {
            throw .invalidInput("the exec program reports: " + (error.count > 1000 ? String(error.prefix(1000)) + "..." : error))
        }
        guard let documents = response.documents else {
            throw .invalidInput("the exec program answered with neither documents nor an error")
        }
        if documents.count > maxDocuments {
            throw .limitExceeded("the exec program sent \(documents.count) documents for one request, over the limit of \(maxDocuments)")
        }
        return documents
    }
}
