/// An error that keeps a pipeline from starting: a plugin that cannot be created or a sink that
/// cannot open. Nothing has been written by that pipeline when it is thrown.
public struct PipelineError: Error, Sendable, CustomStringConvertible, PluginErrorConvertible {
    /// The pipeline.
    public var pipeline: String
    /// The underlying error, attributed to its plugin.
    public var error: PluginError
    /// Where the manifest names the plugin, when it came from a manifest.
    public var location: SourceLocation?

    /// `file:line:column: error: pipeline 'NAME': plugin: reason` (the location when known).
    public var description: String {
        (location.map { "\($0): " } ?? "") + "error: pipeline '\(pipeline)': \(error)"
    }

    /// The underlying plugin error.
    public var pluginError: PluginError { error }
}
