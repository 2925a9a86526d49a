import ArgumentParser
import Foundation
import SluiceCore

/// `sluice pipe`: requests in on standard input, documents out on standard output, for engines
/// that drive a command per partition (Spark's RDD.pipe, Ray, GNU parallel, xargs).
struct PipeCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipe",
        abstract: "Read requests (JSON Lines) on standard input, write documents (JSON Lines) on standard output.",
        discussion: """
            Each input line is one request: {"path": "a/file.csv"}, a bare JSON string (a path), or {"name": "mail.eml", "bytes": "<base64>"}. Each request's documents are written in request order, in the same canonical form as `ingest --jsonl`; a request that fails or is skipped gives one line {"sluice": "error" | "skipped", "request": N, ...} in its place (N counts input lines from 1). Runs the reader and normalizers of `ingest` (or --reader), or of a manifest's pipeline (--manifest, --pipeline); never its sinks. Exit code 0, or 1 when a request failed.
            """)

    @Option(name: .long, help: ArgumentHelp("Use this manifest's pipeline instead of ingest's defaults.", valueName: "file"))
    var manifest: String?

    @Option(name: .long, help: ArgumentHelp("The manifest's pipeline (needed when it has several).", valueName: "name"))
    var pipeline: String?

    @Option(name: .long, help: ArgumentHelp("The reader for every input, without a manifest (default: auto).", valueName: "name"))
    var reader: String = "auto"

    @Option(name: .long, help: ArgumentHelp("Requests processed at once (default: the number of cores).", valueName: "n"))
    var concurrency: Int?

    mutating func run(registry: PluginRegistry) async throws -> Int32 {
        let registry = manifest.map { registry.withManifestPlugins($0) } ?? registry
        var spec = try pipelineSpec(registry)
        if let concurrency {
            guard concurrency >= 1 else { throw CommandFailure(message: "error: --concurrency must be at least 1", code: SluiceCommandLine.exitUsage) }
            spec.concurrency = concurrency
        }
        spec.sinks = []
        let runner = PipelineRunner(registry: registry, logger: OutputOptions.logger(level: .error))
        let prepared: PreparedPipeline
        do {
            prepared = try runner.prepare(spec)
        } catch {
            throw CommandFailure(message: error.description, code: SluiceCommandLine.exitUsage)
        }
        let maxLine = min(spec.maxInputBytes, Int.max / 8) / 3 * 4 + 65536
        let requests = ThreadedRequestSource {
            var lines = RequestLines(maxBytes: maxLine)
            return { lines.next() }
        }
        let output = PipeOutput()
        // Each outcome is written (and flushed) as soon as it is ready: a client may wait for it.
        await runner.process(stream: { await requests.next() }, through: prepared) { output.write($0) }
        output.flush()
        return output.failures > 0 ? SluiceCommandLine.exitSomeFailed : SluiceCommandLine.exitSuccess
    }

    private func pipelineSpec(_ registry: PluginRegistry) throws -> PipelineSpec {
        if let manifest {
            let loaded = try loadManifest(manifest, registry: registry)
            let names = loaded.pipelines.map(\.name)
            guard let name = pipeline ?? (names.count == 1 ? names[0] : nil) else {
                throw CommandFailure(
                    message: "error: \(manifest) has several pipelines; name one with --pipeline (\(names.joined(separator: ", ")))",
                    code: SluiceCommandLine.exitUsage)
            }
            guard let spec = loaded.pipeline(named: name) else {
                throw CommandFailure(message: "error: \(manifest) has no pipeline named '\(name)'; it has: \(names.joined(separator: ", "))", code: SluiceCommandLine.exitUsage)
            }
            return spec
        }
        if pipeline != nil {
            throw CommandFailure(message: "error: --pipeline needs --manifest", code: SluiceCommandLine.exitUsage)
        }
        func use(_ name: String, _ kind: PluginKind) throws -> PluginUse {
            guard let d = registry.descriptor(named: name), d.kind == kind else {
                let names = registry.names(of: kind)
                throw CommandFailure(
                    message: "error: unknown \(kind) '\(name)'; available: \(names.joined(separator: ", "))", code: SluiceCommandLine.exitUsage)
            }
            return PluginUse(name: name, options: .defaults(for: d.options))
        }
        let readerUse = reader == "auto" ? nil : try use(reader, .reader)
        let normalizers = try registry.ingestDefaults.normalizers.map { try use($0, .normalizer) }
        return PipelineSpec(name: "pipe", inputs: [], reader: readerUse, normalizers: normalizers, sinks: [])
    }
}

/// Standard input, one request per line, each line at most `maxBytes` long.
struct RequestLines {
    let maxBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    /// The next request, or nil at the end of input. Blank lines are passed over.
    mutating func next() -> StreamRequest? {
        while true {
            guard let line = nextLine() else { return nil }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            return Self.request(line)
        }
    }

    private mutating func nextLine() -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                if start > 1 << 20 { buffer.removeFirst(start); start = 0 }
                return line
            }
            if ended {
                guard start < buffer.count else { return nil }
                defer { buffer = []; start = 0 }
                return Array(buffer[start...])
            }
            if buffer.count - start > maxBytes {
                // Too long to be a request: skip to the end of the line and report it.
                buffer = []
                start = 0
                while !ended, !skipToNewline(&chunk) {}
                return Array("\u{1}".utf8)
            }
            let n = Self.readInput(&chunk)
            if n > 0 { buffer.append(contentsOf: chunk[..<n]) } else { ended = true }
        }
    }

    /// Reads standard input into `chunk`: the byte count, or 0 at its end (or on an error).
    /// Waits when standard input is non-blocking rather than taking "no data yet" for its end.
    private static func readInput(_ chunk: inout [UInt8]) -> Int {
        while true {
            let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
            if n >= 0 { return n }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)]
                _ = poll(&fds, 1, -1)
            } else if errno != EINTR {
                return 0
            }
        }
    }

    private mutating func skipToNewline(_ chunk: inout [UInt8]) -> Bool {
        let n = Self.readInput(&chunk)
        if n <= 0 { ended = true; return true }
        guard let i = chunk[..<n].firstIndex(of: 0x0A) else { return false }
        buffer = Array(chunk[(i + 1)..<n])
        return true
    }

    static func request(_ line: [UInt8]) -> StreamRequest {
        if line == Array("\u{1}".utf8) { return .invalid("the request line is longer than the largest input allowed") }
        guard let value = try? JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed]) else {
            return .invalid("the request line is not JSON (\(line.count) bytes)")
        }
        if let path = value as? String { return path.isEmpty ? .invalid("an empty path") : .path(path) }
        guard let object = value as? [String: Any] else { return .invalid("a request must be a JSON object or a string (a path)") }
        if let path = object["path"] as? String, object["bytes"] == nil {
            return path.isEmpty ? .invalid("an empty path") : .path(path)
        }
        guard let name = object["name"] as? String, !name.isEmpty, let encoded = object["bytes"] as? String else {
            return .invalid("a request needs \"path\", or \"name\" and \"bytes\" (base64)")
        }
        guard let data = Data(base64Encoded: encoded) else { return .invalid("\"bytes\" is not valid base64") }
        return .bytes(name: name, Array(data))
    }
}

/// Writes outcomes to standard output as JSON Lines.
final class PipeOutput {
    private(set) var failures = 0
    private var pending = Data()
    private let encoder = DocumentEncoder()

    func write(_ outcome: StreamOutcome) {
        for document in outcome.documents {
            do {
                pending.append(try encoder.encode(document))
                pending.append(0x0A)
            } catch {
                // Never drop a document silently: say so in its place, and count the request failed.
                failures += 1
                let entry: [String: Any] = [
                    "sluice": "error", "request": outcome.request, "path": outcome.path, "stage": "output",
                    "reason": "a document could not be written: \(error)",
                ]
                if let line = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes]) {
                    pending.append(line)
                    pending.append(0x0A)
                }
            }
        }
        if outcome.status != .ingested {
            if outcome.status == .failed { failures += 1 }
            var entry: [String: Any] = [
                "sluice": outcome.status == .failed ? "error" : "skipped", "request": outcome.request, "path": outcome.path,
                "reason": outcome.reason ?? "",
            ]
            if let stage = outcome.stage { entry["stage"] = stage }
            if let kind = outcome.errorKind { entry["kind"] = kind }
            if let line = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes]) {
                pending.append(line)
                pending.append(0x0A)
            }
        }
        for warning in outcome.warnings {
            let entry: [String: Any] = ["sluice": "warning", "request": outcome.request, "path": outcome.path, "reason": warning]
            if let line = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes]) {
                pending.append(line)
                pending.append(0x0A)
            }
        }
        flush()
    }

    func flush() {
        guard !pending.isEmpty else { return }
        FileHandle.standardOutput.write(pending)
        pending.removeAll(keepingCapacity: true)
    }
}
