import Logging

/// Reads and normalizes one input; safe to call from many tasks at once.
///
/// The steps: what is known before reading (discovery's verdict, an incremental run's decision),
/// reading the bytes, choosing the reader, reading documents (stamped by
/// ``Document/stamped(_:path:reader:size:sha256:)``), then each normalizer in turn.
struct InputProcessor: Sendable {
    let spec: PipelineSpec
    let stages: PipelineStages
    let logger: Logger
    /// What an incremental run decides per input; nil when the run keeps no state.
    let plan: IncrementalPlan?

    /// The bytes a reader sees to decide whether it can read a file.
    static let sampleSize = 64 * 1024

    /// Processes one input: every path ends in an ingested, skipped or failed result. `stateKey`
    /// is its key in the state store when the caller knows it.
    func process(_ input: DiscoveredInput, stateKey: String? = nil) -> InputResult {
        var result = InputResult(path: input.path, status: .failed)
        result.stateKey = stateKey
        if let settled = settledBeforeReading(input, &result) { return settled }
        let deadline = ContinuousClock.now + .milliseconds(Int64(spec.timeBudgetSeconds * 1000))
        let bytes: [UInt8]
        do {
            bytes = try FileReading.readAll(input.path, maxBytes: spec.maxInputBytes)
        } catch {
            return failed(result, stage: .read, error)
        }
        result.bytes = bytes.count
        let sha = SHA256.hexDigest(of: bytes)
        result.sha256 = sha
        if let key = result.stateKey, let record = plan?.sameContent(key: key, sha256: sha) {
            result.status = .skipped
            result.reason = "unchanged content since the run of \(record.recordedAt) (only its modification time changed)"
            result.unchanged = true
            result.carriedDocumentIDs = record.documentIDs
            return result
        }
        if bytes.isEmpty { return result.skipped("empty file") }
        return read(SourceInput(path: input.path, bytes: bytes), sha256: sha, deadline: deadline, result)
    }

    /// The result of an input that is not read: skipped or failed at discovery, not reached
    /// because the run stopped, or left alone by an incremental run (whose stamp it records).
    private func settledBeforeReading(_ input: DiscoveredInput, _ result: inout InputResult) -> InputResult? {
        switch input.disposition {
        case .skip(let reason):
            return result.skipped(reason)
        case .fail(let reason):
            result.reason = reason
            result.stage = .discover
            result.errorKind = PluginError.Kind.io.description
            return result
        case .read:
            break
        }
        if Task.isCancelled {
            return result.skipped("not processed: the run stopped at an earlier failure (on_error: fail)")
        }
        guard let plan else { return nil }
        result.stamp = FileStamp.of(input.path)
        let key = result.stateKey ?? IncrementalPlan.key(input.path)
        result.stateKey = key
        switch plan.decide(key: key, stamp: result.stamp) {
        case .process:
            return nil
        case .unchanged(let record):
            var left = result.skipped(
                "unchanged since the run of \(record.recordedAt)"
                    + (record.outcome == .ingested ? " (\(record.documentIDs.count) document(s) stored)" : ", which skipped it: \(record.reason ?? "")"))
            left.recordState = false
            left.unchanged = true
            return left
        case .failedBefore(let record):
            result.stage = record.failureStage
            result.errorKind = record.errorKind
            result.reason = "unchanged since it failed in the run of \(record.recordedAt) (retry with --retry-failed): \(record.reason ?? "")"
            result.recordState = false
            return result
        case .notSelected(let reason):
            var left = result.skipped(reason)
            left.recordState = false
            return left
        }
    }

    /// Decodes a container format first (see ``FormatDecoder``), chooses the reader for the
    /// (decoded) bytes, reads its documents and normalizes them.
    private func read(_ original: SourceInput, sha256: String, deadline: ContinuousClock.Instant, _ start: InputResult) -> InputResult {
        var result = start
        var input = original
        var sample = InputSample(path: input.path, head: Array(input.bytes.prefix(Self.sampleSize)), size: input.bytes.count)
        var fileLogger = logger
        fileLogger[metadataKey: "file"] = "\(input.path)"
        let context = ReadContext(path: input.path, logger: fileLogger, deadline: deadline, budgetSeconds: spec.timeBudgetSeconds)
        if let failure = decode(&input, sample: &sample, context: context) {
            result.warnings = context.warnings
            return failed(result, stage: failure.stage, failure.error)
        }
        guard let reader = chooseReader(sample) else {
            return result.skipped(sample.fileExtension.isEmpty
                ? "no installed reader recognises this file (no extension, and its content was not recognised)"
                : "no installed reader supports .\(sample.fileExtension) files")
        }
        result.reader = reader.name
        let fromReader: [Document]
        do {
            fromReader = try reader.plugin.read(input, context: context)
            try context.checkTimeBudget()
        } catch {
            result.warnings = context.warnings
            return failed(result, stage: .reader(reader.name), error)
        }
        result.warnings = context.warnings
        var documents = Document.stamped(fromReader, path: input.path, reader: reader.name, size: original.bytes.count, sha256: sha256)
        for i in documents.indices { Self.addDecoded(input.decoded, to: &documents[i]) }
        result.stageOutputs.append(documents.count)
        return normalize(documents, logger: fileLogger, deadline: deadline, result)
    }

    /// Runs the normalizers in `range` (all that remain when nil: those before the first that
    /// requires input order, see ``Normalizer/requiresInputOrder``) over `fromReader`. When
    /// normalizers remain after the range, the result waits for them (``InputResult/pending``,
    /// run by ``finishInOrder(_:)``), even with no documents left, so that its outcome and stage
    /// counts are decided in one place.
    func normalize(
        _ fromReader: [Document], range: Range<Int>? = nil, logger fileLogger: Logger, deadline: ContinuousClock.Instant,
        _ start: InputResult
    ) -> InputResult {
        let range = range ?? 0..<stages.firstOrderedNormalizer
        var result = start
        var documents = fromReader
        for normalizer in stages.normalizers[range] {
            let context = NormalizeContext(path: result.path, logger: fileLogger, deadline: deadline, budgetSeconds: spec.timeBudgetSeconds)
            let given = documents.count
            do {
                documents = try documents.flatMap { try normalizer.plugin.normalize($0, context: context) }
                try context.checkTimeBudget()
            } catch {
                return failed(result, stage: .normalizer(normalizer.name), error)
            }
            result.stageOutputs.append(documents.count)
            if given > 0 && documents.isEmpty {
                return result.skipped(Self.droppedReason(normalizer.name, given: given, reasons: context.dropReasons))
            }
        }
        if range.upperBound < stages.normalizers.count {
            result.documents = documents
            result.pending = PendingNormalization(next: range.upperBound, logger: fileLogger, deadline: deadline, pausedAt: .now)
            return result
        }
        if documents.isEmpty {
            return result.skipped("the \(result.reader ?? "") reader found no documents in it")
        }
        result.status = .ingested
        result.documents = documents
        return result
    }

    /// Why an input is skipped when the normalizer `name` dropped all `given` documents of it.
    static func droppedReason(_ name: String, given: Int, reasons: [String]) -> String {
        let what = given == 1 ? "its document" : "all \(given) of its documents"
        var seen = Set<String>(), unique: [String] = []
        for r in reasons where seen.insert(r).inserted { unique.append(r) }
        guard let first = unique.first else { return "the \(name) normalizer dropped \(what)" }
        let more = unique.count > 1 ? " (and \(unique.count - 1) other reason(s))" : ""
        return "the \(name) normalizer dropped \(what): \(first)\(more)"
    }

    /// The pipeline's reader, or the one ``ReaderChoice`` picks for the sample.
    private func chooseReader(_ sample: InputSample) -> Stage<any SourceReader>? {
        if stages.fixedReader { return stages.readers.first }
        let choice = ReaderChoice(readers: stages.readers.map { ($0.name, $0.plugin) }, sample: sample)
        logger.info("reader for \(sample.path.debugDescription): \(choice.explanation)")
        return choice.chosen.map { stages.readers[$0] }
    }

    private func failed(_ result: InputResult, stage: FailureStage, _ error: any Error) -> InputResult {
        var r = result
        let e = PluginError(error)
        r.status = .failed
        r.stage = stage
        r.reason = e.line.map { line in "line \(line)\(e.column.map { ", column \($0)" } ?? ""): \(e.reason)" } ?? e.reason
        r.errorKind = e.kind.description
        r.documents = []
        logger.warning("\(stage) failed: \(r.reason ?? "")", metadata: ["file": "\(result.path)"])
        return r
    }
}
