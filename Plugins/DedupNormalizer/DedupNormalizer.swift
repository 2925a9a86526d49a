import Logging
import SluiceCore

/// The normalizer `dedup`: exact duplicates (same text once lowercased, without punctuation and
/// white space) and near duplicates (MinHash with LSH over character shingles for CJK, word
/// shingles otherwise) across the run. The first document seen is the original; later copies
/// are marked (`duplicate_of`, `similarity`, `dedup_cluster` in metadata) or dropped.
///
/// "First" is input order: the normalizer requires it (``requiresInputOrder``), so the engine
/// hands it documents in discovery order at any concurrency and the output is byte-stable. With
/// `store`, the originals of earlier runs come first (see ``DedupStore``).
public struct DedupNormalizer: Normalizer {
    public static let name = "dedup"
    public static let summary = "Marks or drops exact and near-duplicate documents across the run (MinHash + LSH, CJK-aware shingles)."

    static let thresholdKey = OptionKey<Double>.number(
        "threshold", default: 0.5, doc: "The estimated Jaccard similarity of shingle sets at or above which a document is a near duplicate.")
    static let shingleKey = OptionKey<Int>.integer(
        "shingle", default: 5, doc: "Shingle length: characters for CJK text, words for other text.")
    static let numPermKey = OptionKey<Int>.integer(
        "num_perm", default: 128, doc: "MinHash permutations (signature length); more is more precise and slower.")
    static let actionKey = OptionKey<String>.choice(
        "action", ["mark", "drop"], default: "mark", doc: "`mark`: keep duplicates with `duplicate_of`, `similarity` and `dedup_cluster` in metadata; `drop`: remove them.")

    static let storeKey = OptionKey<String>.string(
        "store", default: "none",
        doc: "A SQLite file (relative to the manifest's folder) keeping the originals' signatures between runs, so that a later (incremental) run finds copies of documents stored before; `none`: dedup works within one run.")

    public static var options: [OptionSpec] { [thresholdKey.spec, shingleKey.spec, numPermKey.spec, actionKey.spec, storeKey.spec] }
    public static let example: String? = """
        normalizers:
          - {name: dedup, threshold: 0.5, action: mark, store: out/dedup.db}
        """

    let threshold: Double
    let drop: Bool
    let hasher: MinHasher
    let state: Locked<DedupState>

    /// Which of two copies is the original depends on which comes first.
    public var requiresInputOrder: Bool { true }

    public init(_ setup: PluginSetup) throws {
        threshold = setup.options[Self.thresholdKey]
        let shingle = setup.options[Self.shingleKey], numPerm = setup.options[Self.numPermKey]
        drop = setup.options[Self.actionKey] == "drop"
        guard threshold > 0 && threshold <= 1 else {
            throw PluginError(.configuration, "threshold must be in (0, 1] (got \(threshold))", plugin: Self.name)
        }
        guard (1...20).contains(shingle), (8...1024).contains(numPerm) else {
            throw PluginError(.configuration, "shingle must be 1–20 and num_perm 8–1024", plugin: Self.name)
        }
        hasher = MinHasher(numPerm: numPerm, shingle: shingle)
        let layout = MinHasher.bands(numPerm: numPerm, threshold: threshold)
        let storePath = setup.options[Self.storeKey]
        let store = storePath == "none" || storePath.isEmpty
            ? nil : try DedupStore(path: setup.resolve(path: storePath), format: DedupStore.format(numPerm: numPerm, shingle: shingle))
        state = Locked(DedupState(index: DedupIndex(bands: layout.bands, rows: layout.rows), store: store))
    }

    public func normalize(_ document: Document, context: NormalizeContext) throws -> [Document] {
        let units = MinHasher.units(document.text)
        var exact: UInt64 = 0x84_2232_5CBF_29CE
        for u in units { exact = MinHasher.mix(exact ^ u) }
        let signature = hasher.signature(units)
        let seen = DedupIndex.Original(id: document.id, path: document.source.path, exactHash: exact, signature: signature)
        let match = try state.withLock { try $0.check(seen, threshold: threshold) }
        guard let match else { return [document] }
        if drop {
            context.logger.info("dedup dropped a duplicate", metadata: ["id": "\(document.id)", "duplicate_of": "\(match.id)"])
            let how = match.similarity >= 1 ? "the same text" : "similarity \(Self.fixed(match.similarity))"
            context.noteDrop("a duplicate of \(match.path.isEmpty ? match.id : match.path) (\(how))")
            return []
        }
        var d = document
        d.metadata["duplicate_of"] = match.id
        d.metadata["similarity"] = Self.fixed(match.similarity)
        d.metadata["dedup_cluster"] = match.id
        return [d]
    }

    static func fixed(_ x: Double) -> String {
        let m = Int((x * 1000).rounded())
        let frac = String(m % 1000)
        return "\(m / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}

/// The run's index and, with a store, its link to earlier runs (read on first use, so that a
/// pipeline run after another sharing the store sees what that one stored).
struct DedupState: @unchecked Sendable {
    let index: DedupIndex
    let store: DedupStore?
    var loaded = false

    /// ``DedupIndex/check(_:threshold:)``, kept in step with the store: the first document of an
    /// input replaces what earlier runs stored for that input, and each new original is added.
    mutating func check(_ document: DedupIndex.Original, threshold: Double) throws -> DedupIndex.Match? {
        guard let store else { return index.check(document, threshold: threshold) }
        if !loaded {
            index.addEarlier(try store.load())
            loaded = true
        }
        let reread = index.forgetEarlier(path: document.path)
        let match = index.check(document, threshold: threshold)
        if reread {
            try store.replace(path: document.path, with: match == nil ? document : nil)
        } else if match == nil {
            try store.add(document)
        }
        return match
    }
}
