import SluiceCore

/// A reader whose documents are given in code, keyed by input file name: for testing
/// normalizers, sinks and the engine without a real reader. Inputs it has no entry for fail with
/// an invalid-input error; an entry with no documents gives none.
public struct InMemorySource: SourceReader {
    public static let name = "memory-source"
    public static let summary = "Returns documents given in code for each input file name (for tests)."
    public static let fileExtensions = ["mem"]

    let documents: [String: [Document]]

    /// A reader answering each input whose last path component is a key of `documents`.
    public init(documents: [String: [Document]]) { self.documents = documents }

    /// A reader with no documents (reach a useful one through the registry's factory form).
    public init(_ setup: PluginSetup) throws { self.documents = [:] }

    public func confidence(for sample: InputSample) -> Double {
        documents[PathSupport.lastComponent(sample.path)] != nil ? 1 : 0
    }

    public func read(_ input: SourceInput, context: ReadContext) throws -> [Document] {
        guard let docs = documents[PathSupport.lastComponent(input.path)] else {
            throw PluginError.invalidInput("no in-memory documents for this input")
        }
        return docs
    }
}

extension PluginRegistry {
    /// Registers an ``InMemorySource`` named `memory-source` serving `documents`.
    public mutating func registerInMemorySource(_ documents: [String: [Document]]) {
        register(InMemorySource.self, replacing: true) { _ in InMemorySource(documents: documents) }
    }
}
