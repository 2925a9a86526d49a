import SluiceChunkNormalizer
import SluiceCore
import SluiceMinutesReader

extension StoreFixtures {
    /// The projections the built-in registry hands to sinks (the minutes reader's and the chunk
    /// normalizer's), for tests that open a sink themselves.
    public static var projections: DocumentProjections {
        var projections = DocumentProjections()
        projections.add(MinutesProjection(), forKinds: MinutesReader.projectedKinds)
        projections.add(ChunkProjection(), forKinds: ChunkProjection.kinds)
        return projections
    }

    /// The chunks the `chunk` normalizer makes of `parent` (`max_tokens` 40, no overlap).
    public static func chunks(of parent: Document) throws -> [Document] {
        let values = OptionValues.defaults(
            for: ChunkNormalizer.options, overrides: ["max_tokens": .integer(40), "overlap_tokens": .integer(0)])
        let normalizer = try ChunkNormalizer(PluginSetup(options: values, logger: logger))
        return try normalizer.normalize(parent, context: NormalizeContext(path: parent.source.path, logger: logger))
    }

    /// A sink context with ``projections``.
    public static func sinkContext(_ pipeline: String = "test", accumulate: Bool = false) -> SinkContext {
        SinkContext(pipeline: pipeline, logger: logger, accumulate: accumulate, projections: projections)
    }
}
