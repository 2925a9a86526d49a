/// The stage of a pipeline at which an input failed.
///
/// Reports, the state store and `sluice failures` show it rendered (``description``):
/// `discover`, `read`, `decoder:NAME`, `reader:NAME`, `normalizer:NAME`, `sink:NAME`, and `sink:uncommitted` for
/// an input whose documents went to the sinks in a run that ended before they committed.
public enum FailureStage: Sendable, Hashable, CustomStringConvertible {
    /// Finding the input (a path that could not be listed or opened).
    case discover
    /// Reading the input's bytes.
    case read
    /// The format decoder of that name (a container such as a Word file turned into text).
    case decoder(String)
    /// The reader of that name.
    case reader(String)
    /// The normalizer of that name.
    case normalizer(String)
    /// The sink of that name.
    case sink(String)
    /// Written to the sinks by a run that ended before every sink committed.
    case uncommitted

    /// The rendered stage, as reports and the state store keep it.
    public var description: String {
        switch self {
        case .discover: "discover"
        case .read: "read"
        case .decoder(let name): "decoder:" + name
        case .reader(let name): "reader:" + name
        case .normalizer(let name): "normalizer:" + name
        case .sink(let name): "sink:" + name
        case .uncommitted: "sink:uncommitted"
        }
    }

    /// The stage a rendered stage names, or nil when it names none.
    public init?(rendered: String) {
        switch rendered {
        case "discover": self = .discover
        case "read": self = .read
        case FailureStage.uncommitted.description: self = .uncommitted
        default:
            guard let colon = rendered.firstIndex(of: ":") else { return nil }
            let name = String(rendered[rendered.index(after: colon)...])
            switch rendered[..<colon] {
            case "decoder": self = .decoder(name)
            case "reader": self = .reader(name)
            case "normalizer": self = .normalizer(name)
            case "sink": self = .sink(name)
            default: return nil
            }
        }
    }

    /// Whether the failure happened at a sink, or before a sink committed: it says nothing about
    /// the input itself, so the next incremental run tries the input again.
    public var isSink: Bool {
        switch self {
        case .sink, .uncommitted: true
        case .discover, .read, .decoder, .reader, .normalizer: false
        }
    }

    /// Whether the input's bytes could not be had (discovering or reading it failed).
    var isRead: Bool { self == .read || self == .discover }

    /// Whether a reader failed.
    var isReader: Bool {
        if case .reader = self { return true }
        return false
    }
}

extension RunReport.InputOutcome {
    /// ``stage`` as a typed stage.
    public var failureStage: FailureStage? { stage.flatMap(FailureStage.init(rendered:)) }
}

extension InputRecord {
    /// ``stage`` as a typed stage.
    public var failureStage: FailureStage? { stage.flatMap(FailureStage.init(rendered:)) }
}
