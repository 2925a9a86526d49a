import Foundation
import Logging

/// What a state store remembers of one input after a run: enough to tell next time whether it
/// changed, what became of it, and which documents it produced.
public struct InputRecord: Sendable, Hashable, Codable {
    /// The input's absolute path: the key, the same whatever folder `sluice` runs from.
    public var path: String
    /// The path as the run discovered it and the sinks store it (`source.path`).
    public var sourcePath: String
    /// Its size in bytes when it was read.
    public var size: Int
    /// Its modification time (nanoseconds since 1970) when it was read.
    public var modifiedNanoseconds: Int64
    /// Its status-change time (nanoseconds since 1970) and inode: a file replaced by a copy that
    /// kept size and modification time (`cp -p`, `rsync -a`) still differs here.
    public var changedNanoseconds: Int64
    public var inode: UInt64
    /// The SHA-256 of its bytes (empty when it was never read).
    public var sha256: String
    /// The hash of the pipeline configuration it went through (``PipelineSpec/configurationHash``).
    public var configurationHash: String
    /// What became of it.
    public var outcome: RunReport.Status
    /// For a failure, the stage (`read`, `reader:news`, `sink:sqlite`, ...).
    public var stage: String?
    /// For a failure, the error kind (`invalid-input`, `io`, ...).
    public var errorKind: String?
    /// For a failure or a skip, the reason.
    public var reason: String?
    /// The ids of the documents it produced.
    public var documentIDs: [String]
    /// When this was recorded (ISO 8601).
    public var recordedAt: String

    /// Creates a record; `recordedAt` is now (UTC, ISO 8601) when not given.
    public init(
        path: String, sourcePath: String, size: Int, modifiedNanoseconds: Int64, changedNanoseconds: Int64 = 0, inode: UInt64 = 0,
        sha256: String, configurationHash: String,
        outcome: RunReport.Status, stage: String? = nil, errorKind: String? = nil, reason: String? = nil,
        documentIDs: [String] = [], recordedAt: String? = nil
    ) {
        self.path = path
        self.sourcePath = sourcePath
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
        self.changedNanoseconds = changedNanoseconds
        self.inode = inode
        self.sha256 = sha256
        self.configurationHash = configurationHash
        self.outcome = outcome
        self.stage = stage
        self.errorKind = errorKind
        self.reason = reason
        self.documentIDs = documentIDs
        self.recordedAt = recordedAt ?? UTCTimestamp.now()
    }
}

/// A durable record of what earlier runs did with each input, per pipeline: what makes runs
/// incremental (unchanged inputs are skipped), resumable (a killed run's finished inputs are not
/// redone) and failures listable (`sluice failures`, `--retry-failed`).
///
/// Implemented by the SQLite sink's module; the engine only uses this protocol. The engine
/// saves a record only after every sink has made the input's documents durable.
public protocol InputStateStore: Sendable {
    /// Every record of the pipeline keyed `pipeline`, by (absolute) path, compared by its bytes:
    /// records of two paths that differ only in Unicode normalization are two records.
    func records(pipeline: String) async throws -> [PathKey: InputRecord]
    /// Saves (inserts or replaces) records, atomically.
    func save(_ records: [InputRecord], pipeline: String) async throws
    /// Forgets inputs.
    func remove(paths: [String], pipeline: String) async throws
    /// The failed inputs of every pipeline (or of one), by pipeline then path.
    func failures(pipeline: String?) async throws -> [(pipeline: String, record: InputRecord)]
    /// Releases the store.
    func close() async
}

/// A back end for ``InputStateStore``s, registered in a ``PluginRegistry``.
public protocol InputStateStoreProvider: Sendable {
    /// The name (`sqlite`).
    static var name: String { get }
    /// Opens (creating when missing) the store at `path`.
    static func openStateStore(path: String, logger: Logger) throws -> any InputStateStore
}

extension InputStateStore {
    /// The records under `key`; when there are none but `legacy` (the key an earlier version of
    /// Sluice used) has some, they are moved under `key` first, with a note.
    func records(pipeline key: String, adoptingLegacy legacy: String?, notes: inout [String]) async throws -> [PathKey: InputRecord] {
        let current = try await records(pipeline: key)
        guard current.isEmpty, let legacy, legacy != key else { return current }
        let old = try await records(pipeline: legacy)
        guard !old.isEmpty else { return current }
        try await save(Array(old.values), pipeline: key)
        try await remove(paths: old.keys.map(\.path), pipeline: legacy)
        notes.append("state recorded by an earlier version under '\(legacy)' now belongs to '\(key)' (the state key names the manifest)")
        return old
    }
}

extension PipelineRunner {
    /// The key earlier versions kept a manifest pipeline's records under (without the manifest).
    func legacyStateKey(_ spec: PipelineSpec, scope: String?) -> String? {
        guard spec.manifestFile != nil else { return nil }
        var bare = spec
        bare.manifestFile = nil
        return stateKey(bare, scope: scope)
    }
}

extension PipelineSpec {
    /// ` manifest 1a2b3c4d` (a hash of the manifest's absolute path), or "" for `sluice ingest`.
    var manifestKeyPart: String {
        guard let manifestFile else { return "" }
        return " manifest " + String(SHA256.hexDigest(of: Array(IncrementalPlan.key(manifestFile).utf8)).prefix(8))
    }
}

/// Which inputs an incremental run processes.
public enum IncrementalMode: String, Sendable, CaseIterable {
    /// New and changed inputs, inputs whose pipeline configuration changed, and inputs that
    /// failed at a sink; unchanged ones are skipped (the default).
    case changed
    /// Every input (`--full`).
    case full
    /// Only inputs that failed in an earlier run (`--retry-failed`).
    case retryFailed = "retry-failed"
}

/// How a run keeps state: the store, the key its records are under, and which inputs to process.
public struct StateTracking: Sendable {
    /// The store.
    public var store: any InputStateStore
    /// Which inputs to process.
    public var mode: IncrementalMode
    /// Where the store is (for messages).
    public var location: String
    /// Part of the key records are kept under, for runs over a subset of the inputs (`--shard
    /// 2/8`): each subset keeps its own account, and inputs of the others are never "missing".
    public var scope: String?

    /// Creates state tracking for a run.
    public init(store: any InputStateStore, mode: IncrementalMode = .changed, location: String, scope: String? = nil) {
        self.store = store
        self.mode = mode
        self.location = location
        self.scope = scope
    }
}

/// Where an input stands on disk before it is read: enough to tell whether it changed.
struct FileStamp: Sendable, Hashable {
    var size: Int
    var modifiedNanoseconds: Int64
    var changedNanoseconds: Int64 = 0
    var inode: UInt64 = 0

    /// The stamp of `path` (following symbolic links), or nil when it cannot be read.
    static func of(_ path: String) -> FileStamp? {
        var status = stat()
        guard stat(PathEncoding.fileSystemPath(path), &status) == 0 else { return nil }
        return FileStamp(
            size: Int(status.st_size),
            modifiedNanoseconds: Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec),
            changedNanoseconds: Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec),
            inode: UInt64(status.st_ino))
    }

    /// Whether `record` was taken of the file as it is now.
    func matches(_ record: InputRecord) -> Bool {
        record.size == size && record.modifiedNanoseconds == modifiedNanoseconds
            && record.changedNanoseconds == changedNanoseconds && record.inode == inode
    }
}

/// What an incremental run decides for one input before and after reading it.
struct IncrementalPlan: Sendable {
    let mode: IncrementalMode
    let configurationHash: String
    /// What earlier runs recorded, by path.
    let earlier: [PathKey: InputRecord]
    /// Contents (SHA-256) recorded for more than one path. Identical bytes give identical
    /// document ids, stored once under one of the paths; inputs sharing content are always
    /// processed, so that whichever of them changes or disappears, the others' documents stay.
    let sharedContent: Set<String>

    init(mode: IncrementalMode, configurationHash: String, earlier: [PathKey: InputRecord]) {
        self.mode = mode
        self.configurationHash = configurationHash
        self.earlier = earlier
        var seen = Set<String>()
        var shared = Set<String>()
        for record in earlier.values where !record.sha256.isEmpty {
            if !seen.insert(record.sha256).inserted { shared.insert(record.sha256) }
        }
        sharedContent = shared
    }

    enum Decision: Sendable {
        /// Process it.
        case process
        /// Leave it: unchanged since a run that ingested or skipped it.
        case unchanged(InputRecord)
        /// Leave it, reporting its earlier failure again (unchanged since it failed).
        case failedBefore(InputRecord)
        /// Leave it: not chosen by this mode.
        case notSelected(String)
    }

    /// The folder relative paths are relative to (sluice never changes it), read once.
    static let workingDirectory = FileManager.default.currentDirectoryPath

    /// The key of a discovered path: absolute and standardized.
    static func key(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : PathSupport.join(workingDirectory, path)
        return (absolute as NSString).standardizingPath
    }

    /// ``key(_:)`` of each path, in order, on every core: resolving symbolic links takes a system
    /// call per path component, which for a large corpus is seconds before the first input.
    static func keys(_ paths: [String]) -> [String] {
        let slices = max(1, min(SystemInfo.activeProcessorCount, paths.count / 256))
        guard slices > 1 else { return paths.map(key) }
        let size = (paths.count + slices - 1) / slices
        let parts = Locked([[String]](repeating: [], count: slices))
        DispatchQueue.concurrentPerform(iterations: slices) { s in
            let part = paths[min(paths.count, s * size)..<min(paths.count, (s + 1) * size)].map(key)
            parts.withLock { $0[s] = part }
        }
        return parts.withLock { $0.flatMap { $0 } }
    }

    /// The absolute folders and files a pipeline's inputs name (the folder a pattern starts
    /// in): a recorded input outside all of them was not looked for, so it is not missing.
    static func inputRoots(_ spec: PipelineSpec) -> [String] {
        spec.inputs.map { input in
            let full = InputDiscovery.normalize(input.hasPrefix("/") ? input : PathSupport.join(spec.baseDirectory, input))
            let stored = spec.inputsAreStoredPaths ? full : PathEncoding.escape(full)
            let root = Glob.isPattern(input) && FileStatus.linkStatus(stored) == nil ? InputDiscovery.splitPattern(stored).0 : stored
            return key(root)
        }
    }

    /// Whether the state key `path` is one of `roots` or below one.
    static func isUnder(_ path: String, _ roots: [String]) -> Bool {
        roots.contains { root in
            path.utf8.elementsEqual(root.utf8) || path.utf8.starts(with: (root.hasSuffix("/") ? root : root + "/").utf8)
        }
    }

    /// The decision before reading, from the file's stamp; `key` is the input's ``key(_:)``.
    func decide(key: String, stamp: FileStamp?) -> Decision {
        let record = earlier[PathKey(key)]
        switch mode {
        case .full:
            return .process
        case .retryFailed:
            guard let record, record.outcome == .failed else {
                return .notSelected("not retried: --retry-failed processes only inputs that failed in an earlier run")
            }
            return .process
        case .changed:
            guard let record, let stamp, record.configurationHash == configurationHash, stamp.matches(record),
                  !sharedContent.contains(record.sha256)
            else { return .process }
            switch record.outcome {
            case .ingested, .skipped: return .unchanged(record)
            case .failed:
                // A sink failure says nothing about the input, and limits may have been raised:
                // try again. Any other failure would happen again on the same bytes.
                if record.failureStage?.isSink == true || record.errorKind == PluginError.Kind.limitExceeded.description {
                    return .process
                }
                return .failedBefore(record)
            }
        }
    }

    /// Whether bytes with this hash need no processing (the file was touched, not changed).
    func sameContent(key: String, sha256: String) -> InputRecord? {
        guard mode == .changed, let record = earlier[PathKey(key)], record.configurationHash == configurationHash,
              record.sha256 == sha256, record.outcome == .ingested, !sharedContent.contains(sha256)
        else { return nil }
        return record
    }
}

extension PipelineSpec {
    /// The spec with every path option of its plugins made absolute, so that its hashes do not
    /// depend on the folder `sluice` runs from.
    func withAbsolutePaths(_ registry: PluginRegistry) -> PipelineSpec {
        func absolute(_ use: PluginUse) -> PluginUse {
            var use = use
            for spec in registry.descriptor(named: use.name)?.options ?? [] where spec.type == .path {
                if case .string(let p)? = use.options.values[spec.name], p != "-", !p.isEmpty {
                    use.options.set(spec.name, .string(IncrementalPlan.key(p.hasPrefix("/") ? p : PathSupport.join(baseDirectory, p))))
                }
            }
            return use
        }
        var copy = self
        copy.reader = reader.map(absolute)
        copy.normalizers = normalizers.map(absolute)
        copy.sinks = sinks.map(absolute)
        return copy
    }

    /// A hash of everything in the pipeline that shapes its output: the reader, the normalizers
    /// and the sinks with their options, and the document schema version. Inputs processed under
    /// another hash are processed again. (Limits are left out: an input that failed on a limit is
    /// always tried again.)
    public var configurationHash: String {
        var parts: [String] = ["schema \(Document.schemaVersion)"]
        func describe(_ use: PluginUse) -> String {
            use.name + "(" + use.options.values.keys.sorted().map { "\($0)=\(Self.canonical(use.options.values[$0]!))" }.joined(separator: ",") + ")"
        }
        parts.append("reader " + (reader.map(describe) ?? "auto"))
        if !decoders.isEmpty { parts.append("decoders " + decoders.map(describe).joined(separator: " ")) }
        parts.append("normalizers " + normalizers.map(describe).joined(separator: " "))
        parts.append("sinks " + sinks.map(describe).joined(separator: " "))
        return String(SHA256.hexDigest(of: Array(parts.joined(separator: "\n").utf8)).prefix(16))
    }

    /// A hash of where the sinks write: their names and their path options and URLs (credentials
    /// hidden), not their tuning options.
    func outputsHash(_ registry: PluginRegistry) -> String {
        let outputs = withAbsolutePaths(registry).sinks.map { use -> String in
            let pathOptions = Set((registry.descriptor(named: use.name)?.options ?? []).filter { $0.type == .path }.map(\.name))
            let identity = use.options.values.keys.sorted().compactMap { name -> String? in
                guard case .string(let value)? = use.options.values[name], pathOptions.contains(name) || value.contains("://") else { return nil }
                return "\(name)=\(Redaction.redact(value))"
            }
            return use.name + "(" + identity.joined(separator: ",") + ")"
        }
        return String(SHA256.hexDigest(of: Array(outputs.joined(separator: "\n").utf8)).prefix(8))
    }

    /// An option value as text with its type, credentials in URLs hidden.
    private static func canonical(_ value: OptionValue) -> String {
        switch value {
        case .string(let s): "s:" + Redaction.redact(s)
        case .integer(let i): "i:\(i)"
        case .number(let d): "n:\(d)"
        case .boolean(let b): "b:\(b)"
        case .stringList(let l): "l:" + l.map { $0.replacingOccurrences(of: ",", with: "\\,") }.joined(separator: ",")
        }
    }
}
