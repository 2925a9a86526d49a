/// Everything known about one registered plugin: its declaration and how to create it.
public struct PluginDescriptor: Sendable {
    /// The plugin's unique name.
    public let name: String
    /// Reader, normalizer or sink.
    public let kind: PluginKind
    /// One line saying what it does.
    public let summary: String
    /// Its options.
    public let options: [OptionSpec]
    /// A manifest snippet, when the plugin gives one.
    public let example: String?
    /// For readers and decoders: the file extensions it accepts.
    public let fileExtensions: [String]
    /// The Swift type, for messages.
    public let typeName: String

    let factory: Factory

    enum Factory: Sendable {
        case reader(@Sendable (PluginSetup) throws -> any SourceReader)
        case normalizer(@Sendable (PluginSetup) throws -> any Normalizer)
        case sink(@Sendable (PluginSetup) throws -> any Sink)
        case decoder(@Sendable (PluginSetup) throws -> any FormatDecoder)
    }

    /// The option declaration named `name`.
    public func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
}

/// The set of plugins a run can use: an explicit value handed to the engine and the command
/// line, never a process-wide global. Register the built-ins with one call
/// (`PluginRegistry.builtins()` from `SluiceBuiltins`) and a third party's plugins the same way.
public struct PluginRegistry: Sendable {
    private var byName: [String: PluginDescriptor] = [:]
    private var order: [String] = []
    /// Search providers, claim back ends and state stores (see PluginRegistry+StorageServices.swift).
    var storageServices = StorageServices()
    /// What registers plugins found in folders (see PluginRegistry+Runtime.swift).
    var folderLoader: FolderPluginLoader?

    /// What `sluice ingest` uses with no manifest.
    public var ingestDefaults = IngestDefaults()

    /// An empty registry.
    public init() {}

    /// Registers a source reader. Registering a second plugin under a name already taken replaces
    /// the first only when `replacing` is true; otherwise it is a programming error.
    public mutating func register<R: SourceReader>(_ type: R.Type, replacing: Bool = false) {
        add(descriptor(type, kind: .reader, extensions: R.fileExtensions, factory: .reader { try R($0) }), replacing: replacing)
    }

    /// Registers a normalizer.
    public mutating func register<N: Normalizer>(_ type: N.Type, replacing: Bool = false) {
        add(descriptor(type, kind: .normalizer, extensions: [], factory: .normalizer { try N($0) }), replacing: replacing)
    }

    /// Registers a sink.
    public mutating func register<S: Sink>(_ type: S.Type, replacing: Bool = false) {
        add(descriptor(type, kind: .sink, extensions: [], factory: .sink { try S($0) }), replacing: replacing)
    }

    /// Registers a sink created by `factory` instead of `init(_:)`: for sinks that share state
    /// with the code that registers them (an in-memory sink in a test, a connection pool).
    public mutating func register<S: Sink>(_ type: S.Type, replacing: Bool = false, factory: @escaping @Sendable (PluginSetup) throws -> S) {
        add(descriptor(type, kind: .sink, extensions: [], factory: .sink { try factory($0) }), replacing: replacing)
    }

    /// Registers a reader created by `factory` instead of `init(_:)`.
    public mutating func register<R: SourceReader>(_ type: R.Type, replacing: Bool = false, factory: @escaping @Sendable (PluginSetup) throws -> R) {
        add(descriptor(type, kind: .reader, extensions: R.fileExtensions, factory: .reader { try factory($0) }), replacing: replacing)
    }

    /// Registers a format decoder (see ``FormatDecoder``).
    public mutating func register<D: FormatDecoder>(_ type: D.Type, replacing: Bool = false) {
        add(descriptor(type, kind: .decoder, extensions: D.fileExtensions, factory: .decoder { try D($0) }), replacing: replacing)
    }

    /// Creates the decoder named `name`.
    public func makeDecoder(_ name: String, _ setup: PluginSetup) throws -> any FormatDecoder {
        guard case .decoder(let make)? = byName[name]?.factory else { throw unknown(name, .decoder) }
        return try make(setup)
    }

    /// The plugin named `name`, of any kind.
    public func descriptor(named name: String) -> PluginDescriptor? { byName[name] }

    /// Every plugin, by kind (decoders, readers, normalizers, sinks), each kind in registration order.
    public var descriptors: [PluginDescriptor] {
        let all = order.compactMap { byName[$0] }
        return PluginKind.allCases.flatMap { kind in all.filter { $0.kind == kind } }
    }

    /// The names of the plugins of one kind, in registration order.
    public func names(of kind: PluginKind) -> [String] {
        order.filter { byName[$0]?.kind == kind }
    }

    /// Creates the reader named `name`.
    public func makeReader(_ name: String, _ setup: PluginSetup) throws -> any SourceReader {
        guard case .reader(let make)? = byName[name]?.factory else { throw unknown(name, .reader) }
        return try make(setup)
    }

    /// Creates the normalizer named `name`.
    public func makeNormalizer(_ name: String, _ setup: PluginSetup) throws -> any Normalizer {
        guard case .normalizer(let make)? = byName[name]?.factory else { throw unknown(name, .normalizer) }
        return try make(setup)
    }

    /// Creates the sink named `name`.
    public func makeSink(_ name: String, _ setup: PluginSetup) throws -> any Sink {
        guard case .sink(let make)? = byName[name]?.factory else { throw unknown(name, .sink) }
        return try make(setup)
    }

    private func unknown(_ name: String, _ kind: PluginKind) -> PluginError {
        let suggestion = Suggestion.closest(to: name, in: names(of: kind)).map { " (did you mean '\($0)'?)" } ?? ""
        return PluginError(.configuration, "no \(kind) named '\(name)'\(suggestion)")
    }

    private func descriptor<P: SluicePlugin>(_ type: P.Type, kind: PluginKind, extensions: [String], factory: PluginDescriptor.Factory) -> PluginDescriptor {
        PluginDescriptor(
            name: P.name, kind: kind, summary: P.summary, options: P.options, example: P.example,
            fileExtensions: extensions, typeName: String(describing: type), factory: factory)
    }

    mutating func add(_ descriptor: PluginDescriptor, replacing: Bool) {
        if byName[descriptor.name] != nil {
            precondition(replacing, "a plugin named '\(descriptor.name)' is already registered")
        } else {
            order.append(descriptor.name)
        }
        byName[descriptor.name] = descriptor
    }
}
