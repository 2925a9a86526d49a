/// A static split of a run's inputs into `count` shards by a stable hash of each input's path,
/// for running under a scheduler that starts N copies with an index (Kubernetes indexed jobs,
/// Slurm arrays): `sluice ingest … --shard K/N` with K from 0 to N-1 processes only the inputs of
/// shard K, and the N shards together cover every input exactly once.
///
/// The hash (64-bit FNV-1a) is over the input's path relative to the pipeline's base folder, so
/// it is the same on every machine and in every run, whatever the mount point.
public struct InputShard: Sendable, Hashable, CustomStringConvertible {
    /// This shard, from 0 to `count - 1`.
    public var index: Int
    /// The number of shards.
    public var count: Int

    /// Creates a shard; throws when `index` is not in `0..<count`.
    public init(index: Int, count: Int) throws(PluginError) {
        guard count >= 1, index >= 0, index < count else {
            throw PluginError.configuration("shard \(index)/\(count) is out of range: use K/N with 0 <= K < N")
        }
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (0-based K).
    public init(parsing text: String) throws(PluginError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let n = Int(parts[1].trimmingCharacters(in: .whitespaces))
        else {
            throw PluginError.configuration("'\(text)' is not a shard: use K/N, such as 0/4 (K counts from 0)")
        }
        try self.init(index: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// Whether the input whose stable key is `key` (see ``stableKey(_:baseDirectory:)``) belongs
    /// to this shard.
    public func includes(_ key: String) -> Bool {
        Int(Self.fnv1a(key) % UInt64(count)) == index
    }

    /// The shard (0-based) `key` falls in among `count`.
    public static func shard(of key: String, count: Int) -> Int { Int(fnv1a(key) % UInt64(max(1, count))) }

    /// 64-bit FNV-1a over the UTF-8 bytes.
    public static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// `spec` restricted to this shard: its inputs replaced by the explicit paths of the files
    /// of this shard (discovered as the run would discover them).
    public func restrict(_ spec: PipelineSpec) -> PipelineSpec {
        var copy = spec
        copy.inputs = Self.explicitPaths(spec).filter { includes(Self.stableKey($0, baseDirectory: spec.baseDirectory)) }
        copy.exclude = []
        copy.inputsAreStoredPaths = true
        return copy
    }

    /// The inputs `spec` names, discovered, as paths that name the same files when given as
    /// inputs of a pipeline with the same base folder.
    public static func explicitPaths(_ spec: PipelineSpec) -> [String] {
        let (found, _) = InputDiscovery.discover(
            spec.inputs, exclude: spec.exclude, baseDirectory: spec.baseDirectory, storedPaths: spec.inputsAreStoredPaths)
        return found.map { relativeToBase($0.path, baseDirectory: spec.baseDirectory) }
    }

    /// The path relative to the base folder, used as the hash key and claims key.
    public static func stableKey(_ path: String, baseDirectory: String) -> String {
        relativeToBase(path, baseDirectory: baseDirectory)
    }

    /// The form the runner reports for an explicit input `path`.
    static func discoveredForm(_ path: String, baseDirectory: String) -> String {
        path.hasPrefix("/") ? InputDiscovery.normalize(path) : InputDiscovery.normalize(PathSupport.join(baseDirectory, path))
    }

    static func relativeToBase(_ path: String, baseDirectory: String) -> String {
        let base = InputDiscovery.normalize(baseDirectory)
        if base == "." { return path }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        if path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
        return path
    }
}
