/// Which readers `auto` (a pipeline that names no reader, which chooses one per file) can use.
/// `auto` creates every reader with its default options, so a reader with a required option
/// cannot take part: it is left out, and `sluice plugins` says why.
extension PluginDescriptor {
    /// Why `auto` does not use this reader (`not used by auto: option 'X' is required`), or nil
    /// when it does or the plugin is not a reader.
    public var automaticUseExclusion: String? {
        guard kind == .reader, let required = options.first(where: \.isRequired) else { return nil }
        return "not used by auto: option '\(required.name)' is required"
    }
}

extension PluginRegistry {
    /// The readers `auto` chooses from, in registration order: those with no required option.
    public var automaticReaderNames: [String] {
        names(of: .reader).filter { descriptor(named: $0)?.automaticUseExclusion == nil }
    }
}
