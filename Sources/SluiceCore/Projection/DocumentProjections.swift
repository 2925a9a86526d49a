/// The projections a run applies, keyed by document kind: what a registry hands to sinks
/// (``SinkContext/projections``).
public struct DocumentProjections: Sendable {
    private var byKind: [String: any DocumentProjection] = [:]
    private var all: [any DocumentProjection] = []

    /// No projections: every document is stored with its whole-document entry only.
    public init() {}

    /// Applies `projection` to documents whose kind is one of `kinds` (a later registration for a
    /// kind replaces an earlier one).
    public mutating func add(_ projection: any DocumentProjection, forKinds kinds: [String]) {
        for kind in kinds { byKind[kind] = projection }
        all.append(projection)
    }

    /// The projection for documents of `kind`, if any.
    public func projection(forKind kind: String) -> (any DocumentProjection)? { byKind[kind] }

    /// What the projection for `document`'s kind makes of it (nothing when no projection applies).
    public func project(_ document: Document) -> ProjectedDocument {
        byKind[document.kind]?.project(document) ?? ProjectedDocument()
    }

    /// Every extra table of the registered projections, once each by name, in registration order.
    public var tables: [StoredTable] {
        var seen = Set<String>()
        return all.flatMap(\.tables).filter { seen.insert($0.name).inserted }
    }

    /// Whether no projection is registered.
    public var isEmpty: Bool { all.isEmpty }
}
