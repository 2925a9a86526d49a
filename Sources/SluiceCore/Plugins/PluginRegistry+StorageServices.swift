import Logging

/// The storage services a registry carries besides plugins: search providers, input claimers
/// (multi-worker coordination) and state stores (incremental runs), each registered next to the
/// sink that backs it.
struct StorageServices: Sendable {
    var searchProviders: [any SearchProvider.Type] = []
    var claimerProviders: [any InputClaimerProvider.Type] = []
    var stateStoreProviders: [any InputStateStoreProvider.Type] = []
    var projections = DocumentProjections()
}

extension PluginRegistry {
    /// Registers a store `sluice search` can open.
    public mutating func register<P: SearchProvider>(searchProvider: P.Type) {
        storageServices.searchProviders.removeAll { $0.name == P.name }
        storageServices.searchProviders.append(P.self)
    }

    /// The names of the registered search providers.
    public var searchProviderNames: [String] { storageServices.searchProviders.map { $0.name } }

    /// Opens the store at `location` (a file path or a URL) with the first provider that accepts
    /// it, or with the provider named `provider`.
    public func openSearchStore(_ location: String, provider: String? = nil, logger: Logger) async throws -> any SearchableStore {
        let candidates = storageServices.searchProviders.filter { provider == nil || $0.name == provider }
        guard let chosen = candidates.first(where: { $0.accepts(location: location) }) ?? (provider != nil ? candidates.first : nil) else {
            let names = searchProviderNames.joined(separator: ", ")
            throw PluginError.configuration(
                "no search provider can open '\(Redaction.redact(location))' (registered: \(names.isEmpty ? "none" : names))")
        }
        return try await chosen.open(location: location, logger: logger)
    }

    /// Registers a back end for multi-worker input claims.
    public mutating func register<P: InputClaimerProvider>(claimerProvider: P.Type) {
        storageServices.claimerProviders.removeAll { $0.name == P.name }
        storageServices.claimerProviders.append(P.self)
    }

    /// Creates a claimer for `location` (such as a `postgres://` URL) with the first provider
    /// that accepts it.
    public func makeInputClaimer(_ location: String, settings: ClaimSettings, logger: Logger) async throws -> any InputClaimer {
        guard let chosen = storageServices.claimerProviders.first(where: { $0.accepts(location: location) }) else {
            throw PluginError.configuration(
                "no claims back end can use '\(Redaction.redact(location))' (multi-worker claims need a PostgreSQL URL and a build with the Postgres trait)")
        }
        return try await chosen.makeClaimer(location: location, settings: settings, logger: logger)
    }
}

extension PluginRegistry {
    /// Registers a back end for the state store of incremental runs.
    public mutating func register<P: InputStateStoreProvider>(stateStoreProvider: P.Type) {
        storageServices.stateStoreProviders.removeAll { $0.name == P.name }
        storageServices.stateStoreProviders.append(P.self)
    }

    /// Whether a state store back end is registered (incremental runs are possible).
    public var hasStateStore: Bool { !storageServices.stateStoreProviders.isEmpty }

    /// Opens (creating when missing) the state store at `path` with the first registered back end.
    public func openStateStore(_ path: String, logger: Logger) throws -> any InputStateStore {
        guard let provider = storageServices.stateStoreProviders.first else {
            throw PluginError.configuration("no state store is registered (incremental runs need the sqlite module)")
        }
        return try provider.openStateStore(path: path, logger: logger)
    }
}
