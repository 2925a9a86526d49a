/// A plugin described at run time rather than by a Swift type: for example an external program
/// that describes itself in a handshake (`exec` plugins). It is registered with a factory closure
/// and then listed, validated and created exactly like a built-in.
public struct RuntimePluginDeclaration: Sendable {
    /// The plugin's unique name.
    public var name: String
    /// One line saying what it does.
    public var summary: String
    /// Its options.
    public var options: [OptionSpec]
    /// A manifest snippet, when there is one.
    public var example: String?
    /// For readers: the file extensions it accepts.
    public var fileExtensions: [String]
    /// Where it comes from, for messages (a program's path, say).
    public var origin: String

    /// Declares a plugin.
    public init(name: String, summary: String, options: [OptionSpec], example: String? = nil, fileExtensions: [String] = [], origin: String) {
        self.name = name
        self.summary = summary
        self.options = options
        self.example = example
        self.fileExtensions = fileExtensions
        self.origin = origin
    }
}

extension PluginRegistry {
    /// Registers a reader described at run time, created by `factory`.
    public mutating func register(
        _ declaration: RuntimePluginDeclaration, replacing: Bool = false,
        reader factory: @escaping @Sendable (PluginSetup) throws -> any SourceReader
    ) {
        add(runtimeDescriptor(declaration, kind: .reader, factory: .reader(factory)), replacing: replacing)
    }

    /// Registers a normalizer described at run time, created by `factory`.
    public mutating func register(
        _ declaration: RuntimePluginDeclaration, replacing: Bool = false,
        normalizer factory: @escaping @Sendable (PluginSetup) throws -> any Normalizer
    ) {
        add(runtimeDescriptor(declaration, kind: .normalizer, factory: .normalizer(factory)), replacing: replacing)
    }

    /// Registers a sink described at run time, created by `factory`.
    public mutating func register(
        _ declaration: RuntimePluginDeclaration, replacing: Bool = false,
        sink factory: @escaping @Sendable (PluginSetup) throws -> any Sink
    ) {
        add(runtimeDescriptor(declaration, kind: .sink, factory: .sink(factory)), replacing: replacing)
    }

    private func runtimeDescriptor(
        _ d: RuntimePluginDeclaration, kind: PluginKind, factory: PluginDescriptor.Factory
    ) -> PluginDescriptor {
        PluginDescriptor(
            name: d.name, kind: kind, summary: d.summary, options: d.options, example: d.example,
            fileExtensions: kind == .reader ? d.fileExtensions : [], typeName: d.origin, factory: factory)
    }
}

/// Registers the plugins found in folders (`SLUICE_PLUGIN_PATH`, a manifest's `plugin_paths`):
/// installed by a plugin module, such as the exec plugins, so that the core knows none.
struct FolderPluginLoader: Sendable {
    let load: @Sendable ([String], inout PluginRegistry) -> [String]
}

extension PluginRegistry {
    /// Installs what registers the plugins found in folders: `load` registers them into the
    /// registry and returns a note for each file it left out.
    public mutating func setFolderPluginLoader(_ load: @escaping @Sendable (_ folders: [String], _ registry: inout PluginRegistry) -> [String]) {
        folderLoader = FolderPluginLoader(load: load)
    }

    /// Registers the plugins found in `folders`; returns a note for each file left out. Does
    /// nothing when no loader is installed.
    public mutating func registerPlugins(fromFolders folders: [String]) -> [String] {
        guard let loader = folderLoader, !folders.isEmpty else { return [] }
        return loader.load(folders, &self)
    }
}
