import Logging

/// One plugin of a pipeline, with the name the pipeline uses it under.
struct Stage<Plugin: Sendable>: Sendable {
    /// The plugin's registered name.
    let name: String
    /// The created plugin.
    let plugin: Plugin
}

/// The plugins of one pipeline, created and checked.
struct PipelineStages: Sendable {
    /// The readers to choose from (one when the pipeline names its reader).
    var readers: [Stage<any SourceReader>]
    /// True when the pipeline names its reader: it reads every input.
    var fixedReader: Bool
    /// The normalizers, in order.
    var normalizers: [Stage<any Normalizer>]
    /// The sinks, in order.
    var sinks: [Stage<any Sink>]
    /// The format decoders that turn a container into text before a reader is chosen.
    var decoders: [Stage<any FormatDecoder>] = []

    /// The index of the first normalizer that requires input order (the count when none does):
    /// it and those after it run in input order, after the reassembly window.
    var firstOrderedNormalizer: Int { normalizers.firstIndex { $0.plugin.requiresInputOrder } ?? normalizers.count }

    /// Whether every sink's writes are durable before it commits.
    var sinksWriteDurably: Bool { sinks.allSatisfy { $0.plugin.writesAreDurable } }
}

/// A pipeline whose plugins have been created and checked, ready to run. Preparing every pipeline
/// of a manifest before running any means a bad option is found before anything is written.
public struct PreparedPipeline: Sendable {
    /// The pipeline's declaration.
    public let spec: PipelineSpec
    let stages: PipelineStages
}

/// Creates a pipeline's plugins from the registry.
struct StageBuilder {
    let registry: PluginRegistry
    let spec: PipelineSpec
    let logger: Logger

    /// Every plugin of the pipeline; the first that cannot be created ends it.
    func build() throws(PipelineError) -> PipelineStages {
        let readers = try makeReaders()
        var normalizers: [Stage<any Normalizer>] = []
        for use in spec.normalizers {
            normalizers.append(Stage(name: use.name, plugin: try attempt(use) { try registry.makeNormalizer(use.name, setup(use)) }))
        }
        var sinks: [Stage<any Sink>] = []
        for use in spec.sinks {
            let sink = try attempt(use) { try registry.makeSink(use.name, setup(use)) }
            if spec.removeMissing, !sink.canRemoveDocuments {
                throw PipelineError(
                    pipeline: spec.name,
                    error: PluginError.configuration("remove_missing: this sink cannot remove documents; drop remove_missing or this sink")
                        .attributed(plugin: use.name, file: nil),
                    location: use.location)
            }
            sinks.append(Stage(name: use.name, plugin: sink))
        }
        var decoders: [Stage<any FormatDecoder>] = []
        for use in spec.decoderUses(registry) {
            decoders.append(Stage(name: use.name, plugin: try attempt(use) { try registry.makeDecoder(use.name, setup(use)) }))
        }
        return PipelineStages(readers: readers, fixedReader: spec.reader != nil, normalizers: normalizers, sinks: sinks, decoders: decoders)
    }

    /// The pipeline's reader, or, when it names none, every reader `auto` can use (created with
    /// its default options; see ``PluginRegistry/automaticReaderNames``).
    private func makeReaders() throws(PipelineError) -> [Stage<any SourceReader>] {
        if let use = spec.reader {
            return [Stage(name: use.name, plugin: try attempt(use) { try registry.makeReader(use.name, setup(use)) })]
        }
        var readers: [Stage<any SourceReader>] = []
        for name in registry.automaticReaderNames {
            let defaults = OptionValues.defaults(for: registry.descriptor(named: name)?.options ?? [])
            let use = PluginUse(name: name, options: defaults)
            readers.append(Stage(name: name, plugin: try attempt(use) { try registry.makeReader(name, setup(use)) }))
        }
        if readers.isEmpty {
            let reason = registry.names(of: .reader).isEmpty
                ? "no readers are registered"
                : "no registered reader can be chosen per file (each has a required option); name one with --reader or 'reader:'"
            throw PipelineError(pipeline: spec.name, error: .configuration(reason))
        }
        return readers
    }

    private func setup(_ use: PluginUse) -> PluginSetup {
        var pluginLogger = logger
        pluginLogger[metadataKey: "plugin"] = "\(use.name)"
        return PluginSetup(options: use.options, baseDirectory: spec.baseDirectory, logger: pluginLogger, pipeline: spec.name)
    }

    private func attempt<T>(_ use: PluginUse, _ make: () throws -> T) throws(PipelineError) -> T {
        do {
            return try make()
        } catch {
            throw PipelineError(
                pipeline: spec.name, error: PluginError(error).attributed(plugin: use.name, file: nil), location: use.location)
        }
    }
}
