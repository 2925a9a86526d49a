import Foundation

extension ManifestLoader {
    /// The plugin folders a manifest names in `plugin_paths:` (a folder or a list of folders),
    /// resolved against the manifest's folder, so that their plugins can be registered before the
    /// manifest is validated. Empty when it names none or cannot be parsed (``load(file:)``
    /// then reports why).
    public static func pluginPaths(file: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: file), data.count <= ConfigParser.maxBytes,
              let text = String(data: data, encoding: .utf8),
              let root = try? ConfigParser.parse(text, file: file), let node = root["plugin_paths"] else { return [] }
        let folder = PathSupport.directory(of: file)
        let paths: [String]
        switch node.value {
        case .scalar(let s, _): paths = [s]
        case .sequence(let items): paths = items.compactMap(\.scalar)
        default: paths = []
        }
        return paths.filter { !$0.isEmpty }.map { $0.hasPrefix("/") ? $0 : PathSupport.join(folder, $0) }
    }
}
