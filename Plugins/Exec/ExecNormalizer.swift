import SluiceCore

/// A normalizer that is an external program speaking the exec protocol:
/// `{name: exec-normalizer, command: [sh, tidy.sh]}`. It gets each document and answers with
/// zero or more; their `source` is always the input document's.
public struct ExecNormalizer: Normalizer {
    public static let name = "exec-normalizer"
    public static let summary = "Runs an external program (any language) that normalizes documents over the exec protocol."
    public static var options: [OptionSpec] { ExecOptions.generic }
    public static let example: String? = """
        normalizers: [{name: exec-normalizer, command: [python3, redact.py], timeout: 5}]
        """

    let pool: ExecWorkerPool?

    /// Starts the program named by `command` and checks its handshake.
    public init(_ setup: PluginSetup) throws {
        let command = try ExecOptions.command(setup)
        guard !command.command.isEmpty else {
            throw PluginError.configuration("the exec normalizer needs a command, such as command: [python3, my_normalizer.py]")
        }
        let settings = setup.options[ExecOptions.settings]
        let pool = ExecWorkerPool(command: command, kind: .normalizer) { d throws(PluginError) in try ExecOptions.fromSettings(settings, d) }
        _ = try pool.start()
        self.pool = pool
    }

    /// A normalizer for a program found in a plugin folder.
    init(_ setup: PluginSetup, program: String) throws {
        let command = try ExecOptions.command(setup, program: [program])
        let options = setup.options
        let pool = ExecWorkerPool(command: command, kind: .normalizer) { d throws(PluginError) in try ExecOptions.fromOptions(options, d) }
        _ = try pool.start()
        self.pool = pool
    }

    public func normalize(_ document: Document, context: NormalizeContext) throws -> [Document] {
        guard let pool else { return [document] }
        let response = try pool.call { (worker, deadline) throws(ExecCallError) in
            let id = worker.nextID()
            let message = ExecProtocol.encode(ExecProtocol.Normalize(id: id, path: context.path, document: document))
            return try worker.exchange(message, id: id, deadline: deadline, maxBytes: pool.command.maxOutputBytes)
        }
        let payloads = try ExecAnswers.documents(response) { context.logger.warning("\($0)") }
        return payloads.enumerated().map { i, payload in
            payload.document(source: document.source, id: payloads.count == 1 ? document.id : document.derivedID(part: i))
        }
    }
}
