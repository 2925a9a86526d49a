import Foundation
import SluiceCore

extension PluginRegistry {
    /// This registry plus the plugins found in the folders of `SLUICE_PLUGIN_PATH` (separated by
    /// ':'); files left out are reported on standard error.
    func withEnvironmentPlugins(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> PluginRegistry {
        guard let list = environment["SLUICE_PLUGIN_PATH"], !list.isEmpty else { return self }
        return withPlugins(from: list.split(separator: ":").map(String.init), origin: "SLUICE_PLUGIN_PATH")
    }

    /// This registry plus the plugins found in the folders the manifest names in `plugin_paths:`.
    func withManifestPlugins(_ manifest: String) -> PluginRegistry {
        withPlugins(from: ManifestLoader.pluginPaths(file: manifest), origin: manifest)
    }

    private func withPlugins(from folders: [String], origin: String) -> PluginRegistry {
        guard !folders.isEmpty else { return self }
        var copy = self
        for note in copy.registerPlugins(fromFolders: folders) {
            FileHandle.standardError.write(Data("warning: \(origin): \(note)\n".utf8))
        }
        return copy
    }
}
