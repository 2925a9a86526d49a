extension PluginRegistry {
    /// Registers how documents of `kinds` are stored beyond the generic layout (their search
    /// entries and extra tables); call it beside the reader that produces those kinds:
    ///
    /// ```swift
    /// registry.register(SubtitleReader.self)
    /// registry.register(projection: SubtitleProjection(), forKinds: ["subtitles"])
    /// ```
    ///
    /// A projection whose tables cannot be stored (``StoredTable/problem``) is a programming error.
    public mutating func register(projection: any DocumentProjection, forKinds kinds: [String]) {
        for table in projection.tables {
            if let problem = table.problem { preconditionFailure("projection for \(kinds): \(problem)") }
        }
        storageServices.projections.add(projection, forKinds: kinds)
    }

    /// The registered projections, handed to sinks in ``SinkContext/projections``.
    public var projections: DocumentProjections { storageServices.projections }
}
