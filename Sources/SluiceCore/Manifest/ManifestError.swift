/// One problem found in a manifest.
public struct ManifestIssue: Sendable, Hashable, CustomStringConvertible {
    /// Where it is.
    public var location: SourceLocation
    /// The path of the offending key, such as `pipelines.news.sinks[0].path` ("" for the whole file).
    public var keyPath: String
    /// What is wrong and, when it can, what to write instead.
    public var message: String

    /// Creates an issue.
    public init(location: SourceLocation, keyPath: String, message: String) {
        self.location = location
        self.keyPath = keyPath
        self.message = message
    }

    /// `file:line:column: error: path: message`.
    public var description: String {
        "\(location): error: " + (keyPath.isEmpty ? "" : "\(keyPath): ") + message
    }
}

/// Every problem found in a manifest, reported together before anything runs.
public struct ManifestError: Error, Sendable, CustomStringConvertible, PluginErrorConvertible {
    /// The problems, in file order.
    public var issues: [ManifestIssue]

    /// Creates an error.
    public init(issues: [ManifestIssue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }

    /// A configuration error listing every problem.
    public var pluginError: PluginError { PluginError(.configuration, description) }
}
