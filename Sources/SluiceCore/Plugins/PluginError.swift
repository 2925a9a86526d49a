import Foundation

/// An error that knows which ``PluginError`` it stands for, so that the engine records it with
/// its kind instead of as ``PluginError/Kind/other``.
public protocol PluginErrorConvertible: Error {
    /// The plugin error this error stands for.
    var pluginError: PluginError { get }
}

/// An error a plugin throws, or the engine records, about one input.
///
/// A struct wrapping a private code, so that new cases can be added without breaking anyone:
/// match on ``kind``. Messages name the plugin, the file and the position when known, and never
/// contain document text or credentials.
public struct PluginError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of an error, for matching and for the run report.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate let code: Code
        public var description: String { code.rawValue }

        /// The input is not what the plugin can read (wrong format, no usable content).
        public static let invalidInput = Kind(code: .invalidInput)
        /// The input is beyond a configured limit (size, depth, time).
        public static let limitExceeded = Kind(code: .limitExceeded)
        /// Reading or writing a file failed.
        public static let io = Kind(code: .io)
        /// A storage back end refused or failed an operation.
        public static let storage = Kind(code: .storage)
        /// A temporary failure that may succeed when tried again (connection reset, ...).
        public static let transient = Kind(code: .transient)
        /// The plugin's configuration is unusable.
        public static let configuration = Kind(code: .configuration)
        /// Anything else.
        public static let other = Kind(code: .other)
    }

    fileprivate enum Code: String, Sendable, Hashable {
        case invalidInput = "invalid-input"
        case limitExceeded = "limit-exceeded"
        case io
        case storage
        case transient
        case configuration
        case other
    }

    /// The category.
    public let kind: Kind
    /// What went wrong, for a person.
    public let reason: String
    /// The plugin that raised it, when known.
    public var plugin: String?
    /// The file concerned, when known.
    public var file: String?
    /// The 1-based line in the file, when known.
    public var line: Int?
    /// The 1-based column in the file, when known.
    public var column: Int?

    /// Creates an error.
    public init(_ kind: Kind, _ reason: String, plugin: String? = nil, file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.reason = reason
        self.plugin = plugin
        self.file = file
        self.line = line
        self.column = column
    }

    /// `error` as a plugin error: itself when it is one, its ``PluginErrorConvertible/pluginError``
    /// when it knows it, an ``Kind/io`` error for a failed file or system call, an
    /// ``Kind/invalidInput`` error for data that could not be decoded, and otherwise an error of
    /// kind ``Kind/other``. The reason is the error's description.
    public init(_ error: any Error) {
        switch error {
        case let e as PluginError: self = e
        case let e as any PluginErrorConvertible: self = e.pluginError
        case let e as CocoaError where e.isFileError: self.init(.io, "\(error)")
        case is POSIXError: self.init(.io, "\(error)")
        case is DecodingError: self.init(.invalidInput, "\(error)")
        default: self.init(.other, "\(error)")
        }
    }

    /// The input is not what the plugin can read.
    public static func invalidInput(_ reason: String) -> PluginError { PluginError(.invalidInput, reason) }
    /// The input is beyond a limit.
    public static func limitExceeded(_ reason: String) -> PluginError { PluginError(.limitExceeded, reason) }
    /// A file operation failed.
    public static func io(_ reason: String) -> PluginError { PluginError(.io, reason) }
    /// A storage back end failed.
    public static func storage(_ reason: String) -> PluginError { PluginError(.storage, reason) }
    /// A temporary failure.
    public static func transient(_ reason: String) -> PluginError { PluginError(.transient, reason) }
    /// An unusable configuration.
    public static func configuration(_ reason: String) -> PluginError { PluginError(.configuration, reason) }

    /// `file:line:column: plugin: reason`, with the parts that are known.
    public var description: String {
        var location = ""
        if let file {
            location = file
            if let line { location += ":\(line)" + (column.map { ":\($0)" } ?? "") }
            location += ": "
        }
        let who = plugin.map { "\($0): " } ?? ""
        return location + who + reason
    }

    /// A copy with the plugin and file filled in where they were not.
    public func attributed(plugin: String?, file: String?) -> PluginError {
        var copy = self
        if copy.plugin == nil { copy.plugin = plugin }
        if copy.file == nil { copy.file = file }
        return copy
    }
}
