/// A validated manifest: one or more named pipelines.
public struct Manifest: Sendable {
    /// The manifest version this build of Sluice reads.
    public static let currentVersion = 1

    /// The manifest's path.
    public var file: String
    /// The manifest's `version`.
    public var version: Int
    /// The pipelines, in the order written.
    public var pipelines: [PipelineSpec]
    /// The state store of incremental runs (`state:`; by default `.sluice/state.db` in the
    /// manifest's folder); nil when the manifest turns state off (`state: false`).
    public var statePath: String?

    /// The default state store of a manifest in `folder`.
    public static func defaultStatePath(folder: String) -> String {
        PathSupport.join(PathSupport.join(folder, ".sluice"), "state.db")
    }

    /// Creates a manifest.
    public init(file: String, version: Int = Manifest.currentVersion, pipelines: [PipelineSpec], statePath: String? = nil) {
        self.file = file
        self.version = version
        self.pipelines = pipelines
        self.statePath = statePath
    }

    /// The pipeline named `name`.
    public func pipeline(named name: String) -> PipelineSpec? { pipelines.first { $0.name == name } }
}

/// What to do when an input fails.
public enum ErrorPolicy: String, Sendable, CaseIterable, Codable {
    /// Record the failure and go on with the other inputs (the default).
    case skip
    /// Stop the run at the first failure; sinks abort, so nothing half-done is left.
    case fail
}

/// One pipeline: inputs → reader → normalizers in order → every sink.
public struct PipelineSpec: Sendable {
    /// The pipeline's name.
    public var name: String
    /// Files, directories and glob patterns (`*`, `?`, `**`, `[abc]`), relative to ``baseDirectory``.
    public var inputs: [String]
    /// Glob patterns of paths (relative to their input root) to leave out.
    public var exclude: [String]
    /// The reader to use for every input; `nil` picks the best reader per input (`auto`).
    public var reader: PluginUse?
    /// The normalizers, applied in order.
    public var normalizers: [PluginUse]
    /// Options for format decoders (manifest key `decoders`). Every registered decoder runs on
    /// the inputs it recognises; one listed here runs with these options instead of its defaults.
    public var decoders: [PluginUse] = []
    /// The sinks; every document goes to each.
    public var sinks: [PluginUse]
    /// What to do when an input fails.
    public var onError: ErrorPolicy
    /// How many inputs are processed at once.
    public var concurrency: Int
    /// How many documents a sink receives per batch.
    public var batchSize: Int
    /// The largest input read, in bytes; a larger one fails with a reason.
    public var maxInputBytes: Int
    /// The folder relative paths are resolved against.
    public var baseDirectory: String
    /// How long one input may take through the reader and the normalizers, in seconds; an input
    /// over it fails with a reason naming the limit.
    public var timeBudgetSeconds: Double
    /// Whether an incremental run removes from the sinks the documents of inputs that have
    /// disappeared (otherwise they are reported and kept).
    public var removeMissing: Bool
    /// The manifest file the pipeline was read from (nil for `sluice ingest`): part of the key of
    /// its records in a state store, so that two manifests' pipelines of one name keep their own.
    public var manifestFile: String?
    /// Whether ``inputs`` are paths in the stored form (``PathEncoding``: `%XX` stands for a byte),
    /// as discovery reports them (the explicit file lists of shards and claimed chunks), rather
    /// than paths as a user writes them.
    public var inputsAreStoredPaths = false

    /// The default number of inputs processed at once: the number of cores.
    public static var defaultConcurrency: Int { max(1, SystemInfo.activeProcessorCount) }
    /// The default batch size: 1,024 documents (one transaction each in the database sinks; with
    /// 64 the SQLite store spent a third of a run on per-batch work: commits and index segments).
    public static let defaultBatchSize = 1024
    /// The text per batch (UTF-8 bytes) at which a batch goes to the sinks whatever its number of
    /// documents: 16 MiB, so that large documents keep a batch small in memory.
    public static let defaultBatchBytes = 16 * 1024 * 1024
    /// The default input size limit: 256 MiB.
    public static let defaultMaxInputBytes = 256 * 1024 * 1024
    /// The default time budget of one input: two minutes.
    public static let defaultTimeBudgetSeconds: Double = 120

    /// Creates a pipeline.
    public init(
        name: String, inputs: [String], exclude: [String] = [], reader: PluginUse? = nil,
        normalizers: [PluginUse] = [], sinks: [PluginUse], onError: ErrorPolicy = .skip,
        concurrency: Int = PipelineSpec.defaultConcurrency, batchSize: Int = PipelineSpec.defaultBatchSize,
        maxInputBytes: Int = PipelineSpec.defaultMaxInputBytes, baseDirectory: String = ".",
        timeBudgetSeconds: Double = PipelineSpec.defaultTimeBudgetSeconds, removeMissing: Bool = false
    ) {
        self.timeBudgetSeconds = timeBudgetSeconds
        self.removeMissing = removeMissing
        self.name = name
        self.inputs = inputs
        self.exclude = exclude
        self.reader = reader
        self.normalizers = normalizers
        self.sinks = sinks
        self.onError = onError
        self.concurrency = concurrency
        self.batchSize = batchSize
        self.maxInputBytes = maxInputBytes
        self.baseDirectory = baseDirectory
    }
}

/// One use of a plugin in a pipeline: its name and validated options.
public struct PluginUse: Sendable {
    /// The plugin's name.
    public var name: String
    /// Its options (every declared option has a value).
    public var options: OptionValues
    /// Where the manifest names it, when it came from a manifest.
    public var location: SourceLocation?

    /// Creates a use.
    public init(name: String, options: OptionValues = OptionValues(), location: SourceLocation? = nil) {
        self.name = name
        self.options = options
        self.location = location
    }
}
