import Foundation

/// Reads, interpolates and validates a manifest against a plugin registry, reporting every
/// problem at once.
public struct ManifestLoader: Sendable {
    /// The plugins the manifest may name.
    public var registry: PluginRegistry
    /// The variables `${VAR}` is expanded from.
    public var environment: [String: String]
    /// Whether an input that is not a pattern must exist (`sluice validate` and `run` check it,
    /// before any sink is opened); off for manifests checked away from their files.
    public var requireExistingInputs = false

    /// Creates a loader; `environment` defaults to the process environment.
    public init(registry: PluginRegistry, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.registry = registry
        self.environment = environment
    }

    /// Loads the manifest at `file`; relative paths in it are resolved against its folder.
    public func load(file: String) throws(ManifestError) -> Manifest {
        let start = SourceLocation(file: file, line: 1, column: 1)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file) else {
            throw ManifestError(issues: [ManifestIssue(location: start, keyPath: "", message: "cannot read the manifest: no such file")])
        }
        if let size = attributes[.size] as? Int, size > ConfigParser.maxBytes {
            throw ManifestError(issues: [ManifestIssue(
                location: start, keyPath: "",
                message: "the manifest is \(size) bytes, over the \(ConfigParser.maxBytes)-byte limit; refusing it")])
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ManifestError(issues: [ManifestIssue(location: start, keyPath: "", message: "cannot read the manifest")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(issues: [ManifestIssue(location: start, keyPath: "", message: "the manifest is not valid UTF-8")])
        }
        return try load(text: text, file: file, baseDirectory: PathSupport.directory(of: file))
    }

    /// Loads a manifest from text.
    public func load(text: String, file: String, baseDirectory: String) throws(ManifestError) -> Manifest {
        if text.utf8.count > ConfigParser.maxBytes {
            throw ManifestError(issues: [ManifestIssue(
                location: SourceLocation(file: file, line: 1, column: 1), keyPath: "",
                message: "the manifest is over the \(ConfigParser.maxBytes)-byte limit; refusing it")])
        }
        // A duplicate key stops the parser: report it, rename that occurrence and go on, so
        // that the other errors are reported too (at most 20 duplicates).
        var source = text
        var duplicates: [ManifestIssue] = []
        var root: ConfigNode?
        while true {
            do {
                root = try ConfigParser.parse(source, file: file)
                break
            } catch {
                let issue = ManifestIssue(
                    location: SourceLocation(file: file, line: error.line, column: error.column), keyPath: "", message: error.message)
                guard let key = error.duplicateKey, duplicates.count < 20,
                      let renamed = ConfigParser.renamingKey(key, at: error.line, column: error.column, in: source)
                else { throw ManifestError(issues: duplicates + [issue]) }
                duplicates.append(issue)
                source = renamed
            }
        }
        var validator = Validator(registry: registry, environment: environment, file: file, baseDirectory: baseDirectory)
        validator.requireExistingInputs = requireExistingInputs
        let manifest = validator.manifest(root)
        // Issues about a renamed duplicate key itself are already reported.
        let duplicateSpots = Set(duplicates.map { [$0.location.line, $0.location.column] })
        let issues = duplicates + validator.issues.filter {
            !(duplicateSpots.contains([$0.location.line, $0.location.column]) && $0.message.contains("~duplicate@"))
        }
        if !issues.isEmpty {
            throw ManifestError(issues: issues.sorted {
                ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
            })
        }
        return manifest
    }
}

/// Walks the node tree, building the manifest and collecting issues.
private struct Validator {
    let registry: PluginRegistry
    let environment: [String: String]
    let file: String
    let baseDirectory: String
    var requireExistingInputs = false
    var issues: [ManifestIssue] = []

    static let topKeys = ["version", "pipelines", "state", "plugin_paths"]
    static let pipelineKeys = [
        "inputs", "exclude", "reader", "normalizers", "sinks", "on_error", "concurrency", "batch_size", "max_input_bytes",
        "time_budget", "remove_missing", "decoders",
    ]

    init(registry: PluginRegistry, environment: [String: String], file: String, baseDirectory: String) {
        self.registry = registry
        self.environment = environment
        self.file = file
        self.baseDirectory = baseDirectory
    }

    mutating func issue(_ node: ConfigNode?, _ path: String, _ message: String) {
        let location = node?.location ?? SourceLocation(file: file, line: 1, column: 1)
        issues.append(ManifestIssue(location: location, keyPath: path, message: message))
    }

    mutating func manifest(_ root: ConfigNode?) -> Manifest {
        guard let root, case .mapping = root.value else {
            issue(root, "", "the manifest must be a mapping with 'version' and 'pipelines'")
            return Manifest(file: file, pipelines: [])
        }
        let pairs = keyed(root, path: "", allowed: Self.topKeys)
        var version = Manifest.currentVersion
        if let node = pairs["version"] {
            if let v = integer(node, path: "version") {
                if v != Manifest.currentVersion {
                    issue(node, "version", "unsupported manifest version \(v); this Sluice reads version \(Manifest.currentVersion)")
                }
                version = v
            }
        } else {
            issue(root, "version", "missing required key 'version' (write 'version: \(Manifest.currentVersion)')")
        }
        var pipelines: [PipelineSpec] = []
        if let node = pairs["pipelines"] {
            if case .mapping(let entries) = node.value {
                if entries.isEmpty { issue(node, "pipelines", "define at least one pipeline") }
                for (keyNode, value) in entries {
                    guard let name = keyNode.scalar, !name.isEmpty else {
                        issue(keyNode, "pipelines", "a pipeline name must be a non-empty string")
                        continue
                    }
                    if let p = pipeline(name: name, value) { pipelines.append(p) }
                }
            } else {
                issue(node, "pipelines", "expected a mapping of pipeline names to pipelines, found \(node.typeName)")
            }
        } else {
            issue(root, "pipelines", "missing required key 'pipelines'")
        }
        if let node = pairs["plugin_paths"] { _ = stringList(node, path: "plugin_paths") }  // read by ManifestLoader.pluginPaths
        var statePath: String? = Manifest.defaultStatePath(folder: baseDirectory)
        if let node = pairs["state"] {
            if case .scalar(let raw, quoted: false) = node.value, ["false", "no", "off", "none"].contains(raw) {
                statePath = nil
            } else if let text = string(node, path: "state") {
                if text.isEmpty {
                    issue(node, "state", "expected a path for the state store, or false to keep no state")
                } else {
                    statePath = text.hasPrefix("/") ? text : PathSupport.join(baseDirectory, text)
                }
            }
        }
        return Manifest(file: file, version: version, pipelines: pipelines, statePath: statePath)
    }

    /// The mapping's entries by key, reporting unknown keys (with suggestions).
    mutating func keyed(_ node: ConfigNode, path: String, allowed: [String]) -> [String: ConfigNode] {
        guard case .mapping(let entries) = node.value else { return [:] }
        var result: [String: ConfigNode] = [:]
        for (keyNode, value) in entries {
            let key = keyNode.scalar ?? ""
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            if !allowed.contains(key) {
                let hint = Suggestion.closest(to: key, in: allowed).map { " (did you mean '\($0)'?)" }
                    ?? " (expected one of: \(allowed.joined(separator: ", ")))"
                issue(keyNode, keyPath, "unknown key '\(key)'\(hint)")
            } else {
                result[key] = value
            }
        }
        return result
    }

    mutating func pipeline(name: String, _ node: ConfigNode) -> PipelineSpec? {
        let path = "pipelines.\(name)"
        guard case .mapping = node.value else {
            issue(node, path, "expected a mapping with 'inputs', 'reader', 'normalizers' and 'sinks', found \(node.typeName)")
            return nil
        }
        let keys = keyed(node, path: path, allowed: Self.pipelineKeys)
        var spec = PipelineSpec(name: name, inputs: [], sinks: [], baseDirectory: baseDirectory)
        spec.manifestFile = file
        if let inputs = keys["inputs"] {
            spec.inputs = stringList(inputs, path: "\(path).inputs") ?? []
            if spec.inputs.isEmpty, stringList(inputs, path: "", report: false) != nil {
                issue(inputs, "\(path).inputs", "list at least one input (a file, a directory or a glob pattern)")
            }
            if requireExistingInputs { checkInputsExist(inputs, path: "\(path).inputs") }
        } else {
            issue(node, "\(path).inputs", "missing required key 'inputs'")
        }
        if let exclude = keys["exclude"] { spec.exclude = stringList(exclude, path: "\(path).exclude") ?? [] }
        if let reader = keys["reader"] {
            if reader.scalar.map({ expandQuietly($0) }) == "auto" {
                spec.reader = nil
            } else {
                spec.reader = pluginUse(reader, path: "\(path).reader", kind: .reader)
            }
        }
        if let decoders = keys["decoders"] { spec.decoders = pluginList(decoders, path: "\(path).decoders", kind: .decoder) }
        if let normalizers = keys["normalizers"] {
            spec.normalizers = pluginList(normalizers, path: "\(path).normalizers", kind: .normalizer)
        }
        if let sinks = keys["sinks"] {
            spec.sinks = pluginList(sinks, path: "\(path).sinks", kind: .sink)
            switch sinks.value {
            case .null: issue(sinks, "\(path).sinks", "list at least one sink")
            case .sequence(let items) where items.isEmpty: issue(sinks, "\(path).sinks", "list at least one sink")
            default: break
            }
        } else {
            issue(node, "\(path).sinks", "missing required key 'sinks' (for example: sinks: [{name: jsonl, path: out.jsonl}])")
        }
        if let policy = keys["on_error"], let text = string(policy, path: "\(path).on_error") {
            if let p = ErrorPolicy(rawValue: text) {
                spec.onError = p
            } else {
                issue(policy, "\(path).on_error", "expected 'skip' or 'fail', found '\(text)'")
            }
        }
        if let n = keys["concurrency"], let v = integer(n, path: "\(path).concurrency", minimum: 1) { spec.concurrency = v }
        if let n = keys["batch_size"], let v = integer(n, path: "\(path).batch_size", minimum: 1) { spec.batchSize = v }
        if let n = keys["max_input_bytes"], let v = integer(n, path: "\(path).max_input_bytes", minimum: 1) { spec.maxInputBytes = v }
        if let n = keys["time_budget"], let v = seconds(n, path: "\(path).time_budget") { spec.timeBudgetSeconds = v }
        if let n = keys["remove_missing"], let v = boolean(n, path: "\(path).remove_missing") { spec.removeMissing = v }
        return spec
    }

    mutating func pluginList(_ node: ConfigNode, path: String, kind: PluginKind) -> [PluginUse] {
        guard case .sequence(let items) = node.value else {
            if case .null = node.value { return [] }
            issue(node, path, "expected a list of \(kind)s, found \(node.typeName)")
            return []
        }
        return items.enumerated().compactMap { index, item in pluginUse(item, path: "\(path)[\(index)]", kind: kind) }
    }

    /// A plugin use: a bare name, or a mapping with `name` and the plugin's options.
    mutating func pluginUse(_ node: ConfigNode, path: String, kind: PluginKind) -> PluginUse? {
        let nameNode: ConfigNode
        var optionNodes: [(key: ConfigNode, value: ConfigNode)] = []
        switch node.value {
        case .scalar:
            nameNode = node
        case .mapping(let entries):
            guard let n = node["name"] else {
                issue(node, "\(path).name", "missing required key 'name' (the \(kind)'s name)")
                return nil
            }
            nameNode = n
            optionNodes = entries.filter { $0.key.scalar != "name" }
        default:
            issue(node, path, "expected a \(kind) name or a mapping with 'name' and options, found \(node.typeName)")
            return nil
        }
        guard let name = string(nameNode, path: "\(path).name") else { return nil }
        guard let descriptor = registry.descriptor(named: name), descriptor.kind == kind else {
            let candidates = registry.names(of: kind)
            var message = "unknown \(kind) '\(name)'"
            if let other = registry.descriptor(named: name) {
                message += " ('\(name)' is a \(other.kind), not a \(kind))"
            } else if let s = Suggestion.closest(to: name, in: candidates) {
                message += " (did you mean '\(s)'?)"
            }
            message += candidates.isEmpty ? "" : "; available: \(candidates.joined(separator: ", "))"
            issue(nameNode, path, message)
            return nil
        }
        var values: [String: OptionValue] = [:]
        var written = Set<String>()
        for (keyNode, valueNode) in optionNodes {
            let key = keyNode.scalar ?? ""
            let keyPath = "\(path).\(key)"
            guard let spec = descriptor.option(named: key) else {
                let names = descriptor.options.map(\.name)
                let hint = Suggestion.closest(to: key, in: names + ["name"]).map { " (did you mean '\($0)'?)" }
                    ?? (names.isEmpty ? " ('\(name)' takes no options)" : " ('\(name)' takes: \(names.joined(separator: ", ")))")
                issue(keyNode, keyPath, "unknown option '\(key)' for \(kind) '\(name)'\(hint)")
                continue
            }
            written.insert(key)
            if let v = optionValue(valueNode, spec: spec, path: keyPath) { values[key] = v }
        }
        for spec in descriptor.options where spec.isRequired && !written.contains(spec.name) {
            issue(node, "\(path).\(spec.name)", "missing required option '\(spec.name)' (\(spec.type)): \(spec.doc)")
        }
        return PluginUse(name: name, options: .defaults(for: descriptor.options, overrides: values), location: nameNode.location)
    }

    mutating func optionValue(_ node: ConfigNode, spec: OptionSpec, path: String) -> OptionValue? {
        switch spec.type {
        case .string:
            return string(node, path: path).map(OptionValue.string)
        case .path:
            guard let s = string(node, path: path) else { return nil }
            return .string(s.hasPrefix("/") || s == "-" ? s : PathSupport.join(baseDirectory, s))
        case .choice(let choices):
            guard let s = string(node, path: path) else { return nil }
            guard choices.contains(s) else {
                let hint = Suggestion.closest(to: s, in: choices).map { " (did you mean '\($0)'?)" } ?? ""
                issue(node, path, "expected one of \(choices.joined(separator: ", ")), found '\(s)'\(hint)")
                return nil
            }
            return .string(s)
        case .integer:
            return integer(node, path: path).map(OptionValue.integer)
        case .number:
            guard let s = scalarText(node, path: path, expected: "a number") else { return nil }
            guard let d = spec.type.value(parsing: s) else {
                issue(node, path, "expected a number, found '\(s)'")
                return nil
            }
            return d
        case .boolean:
            return boolean(node, path: path).map(OptionValue.boolean)
        case .stringList:
            return stringList(node, path: path).map(OptionValue.stringList)
        }
    }

    // MARK: Scalars

    func expandQuietly(_ s: String) -> String { (try? Interpolation.expand(s, environment: environment)) ?? s }

    mutating func scalarText(_ node: ConfigNode, path: String, expected: String) -> String? {
        guard case .scalar(let raw, _) = node.value else {
            issue(node, path, "expected \(expected), found \(node.typeName)")
            return nil
        }
        do {
            return try Interpolation.expand(raw, environment: environment)
        } catch {
            switch error {
            case .unset(let name):
                issue(node, path, "environment variable '\(name)' is not set (set it, or write ${\(name):-default})")
            case .malformed(let why):
                issue(node, path, why)
            }
        }
        return nil
    }

    mutating func string(_ node: ConfigNode, path: String) -> String? {
        scalarText(node, path: path, expected: "a string")
    }

    mutating func integer(_ node: ConfigNode, path: String, minimum: Int? = nil) -> Int? {
        if case .scalar(_, quoted: true) = node.value {
            issue(node, path, "expected a whole number, found a quoted string")
            return nil
        }
        guard let s = scalarText(node, path: path, expected: "a whole number") else { return nil }
        guard let v = Int(s) else {
            issue(node, path, "expected a whole number, found '\(s)'")
            return nil
        }
        if let minimum, v < minimum {
            issue(node, path, "must be at least \(minimum), found \(v)")
            return nil
        }
        return v
    }

    /// A positive number of seconds.
    mutating func seconds(_ node: ConfigNode, path: String) -> Double? {
        guard let s = scalarText(node, path: path, expected: "a number of seconds") else { return nil }
        guard let v = Double(s), v > 0, v.isFinite else {
            issue(node, path, "expected a positive number of seconds, found '\(s)'")
            return nil
        }
        return v
    }

    mutating func boolean(_ node: ConfigNode, path: String) -> Bool? {
        guard let s = scalarText(node, path: path, expected: "true or false") else { return nil }
        guard let b = OptionType.boolean(s) else {
            issue(node, path, "expected true or false, found '\(s)'")
            return nil
        }
        return b
    }

    /// An input that is not a pattern and does not exist is a configuration error, found before
    /// any sink is opened; a pattern that matches nothing is only reported by the run.
    mutating func checkInputsExist(_ node: ConfigNode, path: String) {
        let items: [(ConfigNode, String)]
        switch node.value {
        case .scalar: items = [(node, path)]
        case .sequence(let list): items = list.enumerated().map { ($1, "\(path)[\($0)]") }
        default: return
        }
        for (item, itemPath) in items {
            guard let raw = item.scalar else { continue }
            let input = expandQuietly(raw)
            guard !input.isEmpty else { continue }
            let full = InputDiscovery.normalize(input.hasPrefix("/") ? input : PathSupport.join(baseDirectory, input))
            if FileStatus.linkStatus(PathEncoding.escape(full)) == nil, !Glob.isPattern(input) {
                let shown = { (s: String) in s.count > 160 ? s.prefix(160) + "…" : s }
                issue(item, itemPath, "input '\(shown(input))' does not exist (looked for \(shown(full)))")
            }
        }
    }

    mutating func stringList(_ node: ConfigNode, path: String, report: Bool = true) -> [String]? {
        switch node.value {
        case .scalar:
            return report ? string(node, path: path).map { [$0] } : [node.scalar ?? ""]
        case .sequence(let items):
            var out: [String] = []
            for (i, item) in items.enumerated() {
                if report {
                    if let s = string(item, path: "\(path)[\(i)]") { out.append(s) }
                } else if let s = item.scalar {
                    out.append(s)
                }
            }
            return out
        default:
            if report { issue(node, path, "expected a string or a list of strings, found \(node.typeName)") }
            return nil
        }
    }
}
