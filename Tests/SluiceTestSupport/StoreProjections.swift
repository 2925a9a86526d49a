import SluiceCore
import SluiceMinutesReader

extension StoreFixtures {
    /// The projections the built-in registry hands to sinks (the minutes reader's), for tests
    /// that open a sink themselves.
    public static var projections: DocumentProjections {
        var projections = DocumentProjections()
        projections.add(MinutesProjection(), forKinds: MinutesReader.projectedKinds)
        return projections
    }

    /// A sink context with ``projections``.
    public static func sinkContext(_ pipeline: String = "test", accumulate: Bool = false) -> SinkContext {
        SinkContext(pipeline: pipeline, logger: logger, accumulate: accumulate, projections: projections)
    }
}
