/// Progress of a running pipeline, for a progress display.
public struct RunProgress: Sendable {
    /// Inputs finished (ingested, skipped or failed).
    public var inputsDone: Int
    /// Inputs in the run.
    public var inputsTotal: Int
    /// Documents produced so far.
    public var documents: Int
    /// Bytes read so far.
    public var bytes: Int
    /// Seconds since the run started.
    public var elapsed: Double
}
