import Logging

/// The four kinds of plugin, in the order an input meets them.
public enum PluginKind: String, Sendable, CaseIterable, Codable, Comparable {
    /// Decodes a container format (a Word file) into text for the readers (see ``FormatDecoder``).
    case decoder
    /// Turns the bytes of one input into zero or more documents.
    case reader
    /// Turns one document into zero or more documents.
    case normalizer
    /// Stores documents durably.
    case sink

    public static func < (lhs: PluginKind, rhs: PluginKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What every plugin declares about itself. Only `name` and the initializer are required;
/// the rest has defaults.
public protocol SluicePlugin: Sendable {
    /// The unique name the manifest and the command line use (`text`, `jsonl`, ...).
    static var name: String { get }
    /// One line saying what the plugin does.
    static var summary: String { get }
    /// The options the plugin accepts, with types, defaults and documentation.
    static var options: [OptionSpec] { get }
    /// A manifest snippet showing the plugin in use, for `sluice plugins NAME`.
    static var example: String? { get }

    /// Creates the plugin for one pipeline from validated options. Check the options here and
    /// throw ``PluginError/configuration(_:)`` for unusable ones, but touch nothing outside the
    /// plugin (no files, no connections): `sluice validate` creates plugins too. Sinks open
    /// their outputs in ``Sink/open(_:)``.
    init(_ setup: PluginSetup) throws
}

extension SluicePlugin {
    public static var summary: String { "" }
    public static var options: [OptionSpec] { [] }
    public static var example: String? { nil }
}

/// What a plugin is given when it is created; a struct so that it can grow.
public struct PluginSetup: Sendable {
    /// The validated option values (every declared option has one).
    public var options: OptionValues
    /// The folder relative paths are resolved against (the manifest's, or the working folder).
    public var baseDirectory: String
    /// The logger to log through. Plugins never build their own.
    public var logger: Logger
    /// The name of the pipeline the plugin serves.
    public var pipeline: String

    /// Creates a setup.
    public init(options: OptionValues = OptionValues(), baseDirectory: String = ".", logger: Logger, pipeline: String = "default") {
        self.options = options
        self.baseDirectory = baseDirectory
        self.logger = logger
        self.pipeline = pipeline
    }

    /// `path` resolved against ``baseDirectory`` (absolute paths and `-` are returned as they are).
    public func resolve(path: String) -> String {
        if path.hasPrefix("/") || path == "-" { return path }
        return PathSupport.join(baseDirectory, path)
    }
}

// MARK: - Readers

/// A source reader: bytes of one input in, zero or more documents out.
///
/// Only ``read(_:context:)`` (besides `name` and `init`) is required. Declare
/// ``fileExtensions`` and override ``confidence(for:)`` so that `auto` mode picks the best
/// reader for each file.
public protocol SourceReader: SluicePlugin {
    /// Lowercase file extensions (without the dot) this reader accepts, such as `["txt"]`.
    static var fileExtensions: [String] { get }

    /// How sure the reader is that it is the right one for an input, from 0 (not at all: it will
    /// not be chosen) to 1 (certain). `auto` mode picks the reader with the highest confidence; on a
    /// tie, the reader registered later (see ``ReaderChoice``).
    func confidence(for sample: InputSample) -> Double

    /// Reads one input. Report problems that do not stop reading through
    /// ``ReadContext/warn(_:)``; throw a ``PluginError`` when the input cannot be read.
    func read(_ input: SourceInput, context: ReadContext) throws -> [Document]
}

extension SourceReader {
    public static var fileExtensions: [String] { [] }

    /// By default: 0.5 when the file's extension is one of ``fileExtensions``, else 0.
    public func confidence(for sample: InputSample) -> Double {
        Self.fileExtensions.contains(sample.fileExtension) ? 0.5 : 0
    }
}

/// The start of an input, for ``SourceReader/confidence(for:)``.
public struct InputSample: Sendable {
    /// The input's path.
    public var path: String
    /// The lowercase file extension without the dot ("" when there is none). For an input a
    /// ``FormatDecoder`` decoded, the extension its text is presented under (`txt`).
    public var fileExtension: String
    /// The first bytes of the input (up to 64 KiB); for a decoded input, of its decoded text.
    public var head: [UInt8]
    /// The input's full size in bytes.
    public var size: Int

    /// Creates a sample.
    public init(path: String, head: [UInt8], size: Int) {
        self.path = path
        self.fileExtension = PathSupport.fileExtension(of: path)
        self.head = head
        self.size = size
    }
}

/// One input handed to a reader.
public struct SourceInput: Sendable {
    /// The input's path as discovered.
    public var path: String
    /// The input's bytes; when a ``FormatDecoder`` decoded the input, the UTF-8 bytes of its text.
    public var bytes: [UInt8]
    /// What a ``FormatDecoder`` made of the input (its metadata and typed blocks), when one ran.
    public var decoded: DecodedInput?

    /// The lowercase file extension without the dot; for a decoded input, the extension its text
    /// is presented under (``DecodedInput/contentExtension``).
    public var fileExtension: String { decoded?.contentExtension ?? PathSupport.fileExtension(of: path) }

    /// Creates an input.
    public init(path: String, bytes: [UInt8], decoded: DecodedInput? = nil) {
        self.path = path
        self.bytes = bytes
        self.decoded = decoded
    }
}

/// What a reader is given besides its input: a logger and a place for warnings.
public final class ReadContext: Sendable {
    /// The logger, with the input's path in its metadata.
    public let logger: Logger
    /// The input's path (for messages).
    public let path: String
    /// When the input's time budget runs out (the pipeline's `time_budget`), if it has one.
    public let deadline: ContinuousClock.Instant?
    private let budgetSeconds: Double
    private let collected: Locked<[String]>

    /// Creates a context.
    public init(path: String, logger: Logger, deadline: ContinuousClock.Instant? = nil, budgetSeconds: Double = 0) {
        self.path = path
        self.logger = logger
        self.deadline = deadline
        self.budgetSeconds = budgetSeconds
        self.collected = Locked([])
    }

    /// Throws a ``PluginError`` (`limit-exceeded`) once the input's time budget has run out. Call
    /// it now and then in long loops, so that a pathological input fails instead of hanging.
    public func checkTimeBudget() throws(PluginError) {
        try TimeBudget.check(deadline, seconds: budgetSeconds)
    }

    /// Records a problem that did not stop reading (replaced bytes, truncation, ...). It ends up in
    /// the run report next to the input. Never put document text or credentials in a warning.
    public func warn(_ message: String) {
        collected.withLock { $0.append(message) }
        logger.warning("\(message)", metadata: ["file": "\(path)"])
    }

    /// The warnings recorded so far.
    public var warnings: [String] { collected.withLock { $0 } }
}

// MARK: - Normalizers

/// A normalizer: one document in, zero or more documents out. Normalizers run in the order the
/// pipeline lists them, each on the output of the one before.
public protocol Normalizer: SluicePlugin {
    /// Normalizes one document. Return `[]` to drop it, several to split it (give each a
    /// ``Document/derivedID(part:)``).
    func normalize(_ document: Document, context: NormalizeContext) throws -> [Document]
    /// Whether this normalizer must see documents in input order, one input at a time (for
    /// example because its output depends on the documents it has seen before). Default false.
    ///
    /// The engine runs a pipeline's normalizers before the first one that requires input order
    /// concurrently, as usual; that one and every normalizer after it run on one task, input after
    /// input in discovery order, so their output is the same from run to run at any concurrency.
    var requiresInputOrder: Bool { get }
}

extension Normalizer {
    public var requiresInputOrder: Bool { false }
}

/// What a normalizer is given besides the document.
public struct NormalizeContext: Sendable {
    /// The logger, with the input's path in its metadata.
    public var logger: Logger
    /// The path of the input the document came from.
    public var path: String
    /// When the input's time budget runs out, if it has one.
    public var deadline: ContinuousClock.Instant?
    private var budgetSeconds: Double
    private let drops: Locked<[String]>

    /// Creates a context.
    public init(path: String, logger: Logger, deadline: ContinuousClock.Instant? = nil, budgetSeconds: Double = 0) {
        self.path = path
        self.logger = logger
        self.deadline = deadline
        self.budgetSeconds = budgetSeconds
        self.drops = Locked([])
    }

    /// Records why the normalizer returned no document for the one it was given (for example
    /// "duplicate of a.html"). When a normalizer drops every document of an input, the run
    /// report skips the input with the normalizer's name and these reasons. Never put document
    /// text or credentials in a reason.
    public func noteDrop(_ reason: String) {
        drops.withLock { $0.append(reason) }
    }

    /// The reasons recorded by ``noteDrop(_:)`` so far.
    package var dropReasons: [String] { drops.withLock { $0 } }

    /// Throws a ``PluginError`` (`limit-exceeded`) once the input's time budget has run out.
    public func checkTimeBudget() throws(PluginError) {
        try TimeBudget.check(deadline, seconds: budgetSeconds)
    }
}

/// The per-input time budget (`time_budget`).
enum TimeBudget {
    static func check(_ deadline: ContinuousClock.Instant?, seconds: Double) throws(PluginError) {
        guard let deadline, ContinuousClock.now > deadline else { return }
        throw PluginError.limitExceeded(
            "took longer than the time budget of \(seconds.formatted(.number.precision(.fractionLength(0...3)))) s per input (raise the pipeline's time_budget)")
    }
}

// MARK: - Sinks

/// A sink: receives documents in batches and stores them durably.
///
/// The engine calls, from one task at a time: ``open(_:)`` once, then ``write(_:)`` for each batch
/// (in input order), then ``commit()`` when the run completed or ``abort()`` when it was stopped.
/// Only ``write(_:)`` (besides `name` and `init`) is required.
public protocol Sink: SluicePlugin {
    /// Prepares the sink (opens files, connects, migrates).
    func open(_ context: SinkContext) async throws
    /// Stores one batch. Throw a ``PluginError`` when the batch could not be stored.
    func write(_ batch: DocumentBatch) async throws
    /// Makes everything written so far durable and visible (rename a temporary file into place,
    /// commit a transaction).
    func commit() async throws
    /// Gives up: a stopped run must not leave a half-written output behind.
    func abort() async
    /// Whether everything written so far is durable now (each batch is its own transaction, or an
    /// append flushed to disk), so that an incremental run may record those inputs as done before
    /// ``commit()``. When false (the default) the run records them only after the commit.
    var writesAreDurable: Bool { get }
    /// Whether ``open(_:)`` created the output, so it holds nothing from earlier runs: an
    /// incremental run then processes every input again. Default false.
    var outputIsNew: Bool { get }
    /// Whether ``removeDocuments(fromInputs:)`` is implemented. Default false.
    var canRemoveDocuments: Bool { get }
    /// Removes every document stored from these inputs (source paths): inputs that disappeared
    /// (when the pipeline asks, `remove_missing`) or that changed and no longer produce documents.
    /// The default refuses.
    func removeDocuments(fromInputs paths: [String]) async throws
}

extension Sink {
    public func open(_ context: SinkContext) async throws {}
    public func commit() async throws {}
    public func abort() async {}
    public var writesAreDurable: Bool { false }
    public var outputIsNew: Bool { false }
    public var canRemoveDocuments: Bool { false }
    public func removeDocuments(fromInputs paths: [String]) async throws {
        throw PluginError.configuration("this sink cannot remove documents (remove_missing needs sinks that can)")
    }
}

/// What a sink is told when it is opened.
public struct SinkContext: Sendable {
    /// The logger.
    public var logger: Logger
    /// The name of the pipeline.
    public var pipeline: String
    /// True when the run is incremental (it keeps state across runs and processes only what
    /// changed): a file output must then keep what earlier runs wrote and add to it, instead of
    /// replacing it.
    public var accumulate: Bool
    /// How documents of kinds with their own structure are stored (their search entries and extra
    /// tables), as registered beside their readers; database sinks apply them.
    public var projections: DocumentProjections

    /// Creates a context.
    public init(pipeline: String, logger: Logger, accumulate: Bool = false, projections: DocumentProjections = DocumentProjections()) {
        self.pipeline = pipeline
        self.logger = logger
        self.accumulate = accumulate
        self.projections = projections
    }
}

/// One batch of documents for a sink, in input order.
public struct DocumentBatch: Sendable {
    /// The documents.
    public var documents: [Document]
    /// The paths of the inputs the documents came from, in order, without repeats.
    public var inputs: [String]

    /// Creates a batch.
    public init(documents: [Document], inputs: [String] = []) {
        self.documents = documents
        self.inputs = inputs
    }
}
