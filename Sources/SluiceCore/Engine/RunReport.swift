/// The account of one pipeline run: every input's outcome, counts per stage, time and throughput.
/// Written as JSON by `--report FILE`.
public struct RunReport: Codable, Sendable {
    /// What happened to one input.
    public enum Status: String, Codable, Sendable {
        /// Read, normalized and stored.
        case ingested
        /// Deliberately not ingested, with a reason.
        case skipped
        /// Could not be ingested, with the stage and the error.
        case failed
    }

    /// One input's outcome.
    public struct InputOutcome: Codable, Sendable {
        /// The input's path.
        public var path: String
        /// What happened.
        public var status: Status
        /// The reader used, when one was.
        public var reader: String?
        /// Documents stored from it.
        public var documents: Int
        /// Its size in bytes, when read.
        public var bytes: Int?
        /// Why it was skipped or failed.
        public var reason: String?
        /// The stage that failed (`discover`, `read`, `reader:NAME`, `normalizer:NAME`, `sink:NAME`).
        public var stage: String?
        /// The category of the failure (``PluginError/Kind``).
        public var errorKind: String?
        /// Problems that did not stop it.
        public var warnings: [String]?
    }

    /// Documents in and out of one stage.
    public struct StageCount: Codable, Sendable {
        /// `read`, `reader`, `normalizer:NAME` or `sink:NAME`.
        public var stage: String
        /// Items that entered (inputs for reading, documents after).
        public var input: Int
        /// Items that came out (documents).
        public var output: Int
        /// Items that failed there.
        public var failed: Int
    }

    /// Totals over the run.
    public struct Totals: Codable, Sendable {
        /// Inputs in the run.
        public var inputs = 0
        /// Inputs ingested.
        public var ingested = 0
        /// Inputs skipped, each with a reason.
        public var skipped = 0
        /// Inputs that failed, each with a stage and a reason.
        public var failed = 0
        /// Documents stored.
        public var documents = 0
        /// Bytes read.
        public var bytes = 0
        /// Skipped inputs that were left alone because they had not changed since an earlier run.
        public var unchanged = 0
    }

    /// An input an earlier run recorded that is no longer among the inputs.
    public struct MissingInput: Codable, Sendable {
        /// Its path, as the sinks store it.
        public var path: String
        /// Its key in the state store (the absolute path).
        var key: String = ""
        /// Documents it had produced.
        public var documents: Int
        /// Whether its documents were removed from the sinks (`remove_missing: true`).
        public var removed: Bool

        enum CodingKeys: String, CodingKey { case path, documents, removed }
    }

    /// The pipeline's name.
    public var pipeline: String
    /// When it started, ISO 8601 UTC.
    public var startedAt: String
    /// How long it took, in seconds.
    public var wallSeconds: Double
    /// Totals.
    public var totals: Totals
    /// Inputs, documents and megabytes per second of wall time.
    public var throughput: [String: Double]
    /// Counts per stage, in pipeline order.
    public var stages: [StageCount]
    /// Every input's outcome, in input order.
    public var inputs: [InputOutcome]
    /// Notes about the run as a whole (patterns that matched nothing, ...).
    public var notes: [String]
    /// True when the run stopped early (`on_error: fail`) and sinks were rolled back.
    public var stopped: Bool
    /// True when the run was interrupted (SIGINT, SIGTERM): what was in flight was finished and
    /// committed, the inputs not reached are reported as not processed.
    public var interrupted: Bool
    /// An error that ended the run (a sink that could not open or commit), if any.
    public var fatalError: String?
    /// The state store of an incremental run; nil when the run kept no state.
    public var state: String?
    /// Inputs earlier runs recorded that have disappeared (incremental runs only).
    public var missing: [MissingInput]?

    /// Whether every input was ingested or deliberately skipped and nothing failed.
    public var succeeded: Bool { totals.failed == 0 && fatalError == nil && !stopped && !interrupted }
}
