/// The first of the two steps an input goes through: a format decoder (see ``FormatDecoder``)
/// turns a container (a Word file) into text once; the reader, chosen by that text's content in
/// `auto` mode, then reads the text.
extension PipelineSpec {
    /// The decoders a pipeline runs: every registered one, with the options the manifest's
    /// `decoders` gives it, else with its defaults.
    func decoderUses(_ registry: PluginRegistry) -> [PluginUse] {
        registry.names(of: .decoder).map { name in
            decoders.first { $0.name == name }
                ?? PluginUse(name: name, options: OptionValues.defaults(for: registry.descriptor(named: name)?.options ?? []))
        }
    }
}

/// Why decoding an input failed: the stage to report and the error.
struct DecodingFailure: Error {
    var stage: FailureStage
    var error: any Error
}

extension InputProcessor {
    /// Runs the decoder that recognises the input, if any: `input` then holds the decoded text
    /// (and ``SourceInput/decoded``) and `sample` describes that text, so the reader is chosen by
    /// content. Returns the failure when the decoder could not decode it.
    func decode(_ input: inout SourceInput, sample: inout InputSample, context: ReadContext) -> DecodingFailure? {
        var best: (String, any FormatDecoder, Double)?
        for stage in stages.decoders {
            let c = stage.plugin.confidence(for: sample)
            if c > 0, c > (best?.2 ?? 0) { best = (stage.name, stage.plugin, c) }
        }
        guard let (name, decoder, _) = best else { return nil }
        do {
            let decoded = try decoder.decode(input, context: context)
            try context.checkTimeBudget()
            let bytes = Array(decoded.text.utf8)
            input = SourceInput(path: input.path, bytes: bytes, decoded: decoded)
            sample = InputSample(path: input.path, head: Array(bytes.prefix(Self.sampleSize)), size: bytes.count)
            sample.fileExtension = decoded.contentExtension
            return nil
        } catch {
            return DecodingFailure(stage: .decoder(name), error: error)
        }
    }

    /// Adds the decoder's metadata to a document read from a decoded input (the reader's own
    /// keys win) and, when the reader found no title, the container's title.
    static func addDecoded(_ decoded: DecodedInput?, to document: inout Document) {
        guard let decoded else { return }
        document.metadata.merge(decoded.metadata) { own, _ in own }
        if document.title == nil, let title = decoded.metadata["title"], !title.isEmpty { document.title = title }
    }
}
