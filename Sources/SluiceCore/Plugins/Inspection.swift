import Logging

/// A reader that can explain what it did with an input: which blocks it kept and why it dropped
/// the others, which container it chose, and where each metadata field came from. `sluice
/// inspect` shows the report; any reader that conforms can be inspected.
public protocol InspectableReader: SourceReader {
    /// Reads `input` as ``SourceReader/read(_:context:)`` does and explains the result. Throw a
    /// ``PluginError`` when the input cannot be read (as `read` would).
    func inspect(_ input: SourceInput, context: ReadContext) throws -> InspectionReport
}

/// What a reader did with one input, in a form any reader can fill.
public struct InspectionReport: Sendable, Codable, Hashable {
    /// The input's path.
    public var path: String
    /// The name of the reader that explains itself (set by ``Inspection``).
    public var reader: String
    /// The blocks of the input in document order, each kept or removed with a reason.
    public var blocks: [InspectedBlock]
    /// The regions the reader chose between (the chosen one first, then runners-up).
    public var containers: [InspectedContainer]
    /// Every metadata field (title, date, author, language, …) with its source.
    public var fields: [InspectedField]
    /// The warnings reading produced.
    public var warnings: [String]

    /// Creates a report.
    public init(
        path: String, reader: String = "", blocks: [InspectedBlock] = [], containers: [InspectedContainer] = [],
        fields: [InspectedField] = [], warnings: [String] = []
    ) {
        self.path = path
        self.reader = reader
        self.blocks = blocks
        self.containers = containers
        self.fields = fields
        self.warnings = warnings
    }

    /// The blocks kept as text of the document.
    public var kept: [InspectedBlock] { blocks.filter(\.kept) }
    /// The blocks removed.
    public var removed: [InspectedBlock] { blocks.filter { !$0.kept } }
}

/// One block of an input and what happened to it.
public struct InspectedBlock: Sendable, Codable, Hashable {
    /// The block's text (an image shows as `[image SRC]`).
    public var text: String
    /// What kind of block it is (`paragraph`, `heading`, `list-item`, `image`, …).
    public var kind: String
    /// Whether it is part of the document.
    public var kept: Bool
    /// Why it was removed (nil when kept), such as `navigation` or `too little text`.
    public var reason: String?
    /// The reader's score for it, if the reader scores blocks (higher is more article-like).
    public var score: Double?
    /// Where it sits (an element path such as `div#main > p`, or a line number), if known.
    public var location: String?

    /// Creates a block.
    public init(text: String, kind: String = "paragraph", kept: Bool, reason: String? = nil, score: Double? = nil, location: String? = nil) {
        self.text = text
        self.kind = kind
        self.kept = kept
        self.reason = reason
        self.score = score
        self.location = location
    }
}

/// A region the reader considered as the article (an element, a run of lines).
public struct InspectedContainer: Sendable, Codable, Hashable {
    /// `chosen`, `runner-up`, or another role the reader names.
    public var role: String
    /// What the region is (`div#content.article`, `lines 12–40`).
    public var description: String
    /// Its score, if the reader scores regions.
    public var score: Double?
    /// How it was chosen (`content_selector`, `highest score`, …), if said.
    public var note: String?

    /// Creates a container.
    public init(role: String, description: String, score: Double? = nil, note: String? = nil) {
        self.role = role
        self.description = description
        self.score = score
        self.note = note
    }
}

/// One metadata field, where its value came from and the candidates it beat.
public struct InspectedField: Sendable, Codable, Hashable {
    /// The field (`title`, `published`, `author`, `language`, …).
    public var name: String
    /// The value the document has (nil when the field stayed empty).
    public var value: String?
    /// Where the value came from (`meta property="og:title"`, `JSON-LD datePublished`, `<h1>`, …).
    public var source: String?
    /// The other candidates, which lost.
    public var rejected: [InspectedCandidate]

    /// Creates a field.
    public init(name: String, value: String?, source: String?, rejected: [InspectedCandidate] = []) {
        self.name = name
        self.value = value
        self.source = source
        self.rejected = rejected
    }
}

/// A value a field could have taken.
public struct InspectedCandidate: Sendable, Codable, Hashable {
    /// The candidate value.
    public var value: String
    /// Where it was found.
    public var source: String
    /// Why it lost, if the reader says.
    public var reason: String?

    /// Creates a candidate.
    public init(value: String, source: String, reason: String? = nil) {
        self.value = value
        self.source = source
        self.reason = reason
    }
}

/// Inspecting files: reading each (as the engine does), choosing the reader (named, or the most
/// confident one as in `auto` mode) and asking it to explain itself.
public struct Inspection: Sendable {
    /// The readers to choose from, by name, in registration order.
    let readers: [(name: String, reader: any SourceReader)]
    /// Whether the reader was named (else chosen per file).
    let fixed: Bool
    let logger: Logger
    let maxInputBytes: Int

    /// Creates the readers: only `readerName` when given (not `auto`), else every registered
    /// reader, each with its default options except `options` (`NAME=VALUE`, for a named reader
    /// only; a list option takes the value as one more item). Throws ``PluginError``
    /// (`configuration`) for an unknown reader or an unusable option.
    public init(
        registry: PluginRegistry, readerName: String?, options: [String] = [], logger: Logger,
        maxInputBytes: Int = PipelineSpec.defaultMaxInputBytes
    ) throws {
        let names = readerName.flatMap { $0 == "auto" ? nil : [$0] } ?? registry.names(of: .reader)
        if !options.isEmpty && names.count != 1 { throw PluginError.configuration("reader options need a named reader (--reader NAME)") }
        var readers: [(name: String, reader: any SourceReader)] = []
        for name in names {
            guard let descriptor = registry.descriptor(named: name), descriptor.kind == .reader else {
                throw PluginError.configuration("no reader named '\(name)'")
            }
            let overrides = try Self.parse(options, specs: descriptor.options, reader: name)
            let setup = PluginSetup(options: .defaults(for: descriptor.options, overrides: overrides), logger: logger, pipeline: "inspect")
            readers.append((name, try registry.makeReader(name, setup)))
        }
        self.readers = readers
        self.fixed = readerName != nil && readerName != "auto"
        self.logger = logger
        self.maxInputBytes = maxInputBytes
    }

    /// Inspects one file; nil when no reader accepts it (ingestion would skip it). Errors name
    /// the file and the reader.
    public func inspect(path: String) throws(PluginError) -> InspectionReport? {
        var bytes: [UInt8]
        do {
            bytes = try FileReading.readAll(path, maxBytes: maxInputBytes)
        } catch {
            throw Self.located(error, path: path, plugin: nil)
        }
        let sample = InputSample(path: path, head: Array(bytes.prefix(65_536)), size: bytes.count)
        let chosen: (name: String, reader: any SourceReader)?
        if fixed {
            chosen = readers.first
        } else {
            var best: (name: String, reader: any SourceReader, confidence: Double)?
            for (name, reader) in readers {
                let c = reader.confidence(for: sample)
                if c > 0, c > (best?.confidence ?? 0) { best = (name, reader, c) }
            }
            chosen = best.map { ($0.name, $0.reader) }
        }
        guard let chosen else { return nil }
        guard let inspectable = chosen.reader as? any InspectableReader else {
            throw PluginError(.configuration, "the \(chosen.name) reader cannot explain what it does (it is not inspectable)", plugin: chosen.name, file: path)
        }
        let context = ReadContext(path: path, logger: logger)
        do {
            let input = SourceInput(path: path, bytes: bytes)
            bytes = []
            var report = try inspectable.inspect(input, context: context)
            report.path = path
            report.reader = chosen.name
            return report
        } catch {
            throw Self.located(error, path: path, plugin: chosen.name)
        }
    }

    /// `NAME=VALUE` strings as option values of the types `specs` declare.
    static func parse(_ options: [String], specs: [OptionSpec], reader: String) throws(PluginError) -> [String: OptionValue] {
        var values: [String: OptionValue] = [:]
        for option in options {
            guard let eq = option.firstIndex(of: "=") else { throw PluginError.configuration("reader option '\(option)' is not NAME=VALUE") }
            let name = String(option[..<eq]), text = String(option[option.index(after: eq)...])
            guard let spec = specs.first(where: { $0.name == name }) else {
                throw PluginError.configuration("the \(reader) reader has no option '\(name)'")
            }
            var value = spec.type.value(parsing: text)
            // A list option given again takes the value as one more item.
            if case .stringList(let list)? = values[name] { value = .stringList(list + [text]) }
            guard let value else { throw PluginError.configuration("option \(name) of the \(reader) reader takes \(spec.type), not '\(text)'") }
            values[name] = value
        }
        return values
    }

    static func located(_ error: any Error, path: String, plugin: String?) -> PluginError {
        ((error as? PluginError) ?? PluginError(.other, "\(error)")).attributed(plugin: plugin, file: path)
    }
}
