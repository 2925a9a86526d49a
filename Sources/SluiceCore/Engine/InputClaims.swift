import Foundation
import Logging

/// How one worker takes part in a shared run.
public struct ClaimSettings: Sendable, Hashable {
    /// The name of the shared run: workers with the same name share its inputs. An input finished
    /// under this name is never processed again under it; use a new name for a fresh run.
    public var run: String
    /// This worker's identity (host, process, random suffix), recorded on its claims.
    public var worker: String
    /// How long a claim lasts without renewal. A worker renews its claims every third of this;
    /// a worker that dies loses its claims after at most this long, and others take them over.
    public var leaseSeconds: Double
    /// How often an idle worker looks again for claims that have expired.
    public var pollSeconds: Double
    /// How many times an input may be claimed before it is given up (it keeps killing workers or
    /// failing at the sink).
    public var maxAttempts: Int
    /// How many inputs a worker claims at a time.
    public var chunkSize: Int

    /// Creates settings; `worker` defaults to `host:pid:random`.
    public init(
        run: String, worker: String? = nil, leaseSeconds: Double = 60, pollSeconds: Double = 1,
        maxAttempts: Int = 3, chunkSize: Int = 8
    ) {
        self.run = run
        self.worker = worker ?? ClaimSettings.defaultWorkerID()
        self.leaseSeconds = leaseSeconds
        self.pollSeconds = pollSeconds
        self.maxAttempts = maxAttempts
        self.chunkSize = chunkSize
    }

    /// `host:pid:8 random hex digits`.
    public static func defaultWorkerID() -> String {
        let host = ProcessInfo.processInfo.hostName
        let pid = ProcessInfo.processInfo.processIdentifier
        return "\(host):\(pid):\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }

    /// A run name derived from the pipeline and its input list, so that workers started on the
    /// same corpus agree on it without being told.
    public static func defaultRunName(pipeline: String, inputs: [String]) -> String {
        let key = ([pipeline] + inputs.map(PathKey.init).sorted().map(\.path)).joined(separator: "\u{0}")
        return pipeline + "-" + String(SHA256.hexDigest(of: Array(key.utf8)).prefix(12))
    }
}

/// Where a shared run stands.
public struct ClaimStatus: Sendable, Hashable {
    /// Inputs nobody holds and nobody finished.
    public var pending: Int
    /// Inputs held under a live lease (by this or another worker).
    public var leased: Int
    /// Inputs finished.
    public var done: Int
    /// Inputs given up after too many attempts.
    public var givenUp: Int

    public init(pending: Int, leased: Int, done: Int, givenUp: Int) {
        self.pending = pending
        self.leased = leased
        self.done = done
        self.givenUp = givenUp
    }

    /// Whether nothing is left for anyone to do.
    public var finished: Bool { pending == 0 && leased == 0 }
}

/// Hands out the inputs of a run shared by several worker processes, so that each input is
/// processed by exactly one of them at a time and finished exactly once, and the inputs of a
/// worker that dies are taken over by the others once its leases expire.
///
/// Implemented by the PostgreSQL sink's module (a claims table, `FOR UPDATE SKIP LOCKED`).
/// Delivery is at least once: a worker that dies after storing an input's documents but before
/// marking it finished leaves it to another, and the sinks' upserts by document id keep that
/// from duplicating anything.
public protocol InputClaimer: Sendable {
    /// Adds the run's inputs (idempotent: known inputs keep their state).
    func register(_ paths: [String]) async throws
    /// Claims up to `limit` inputs nobody holds (never claimed, released, or whose lease expired).
    func claimNext(limit: Int) async throws -> [String]
    /// Extends the leases this worker holds.
    func renew() async throws
    /// Marks inputs finished: their documents are stored (or they were skipped or failed for a
    /// reason another attempt would not change).
    func complete(_ paths: [String]) async throws
    /// Gives claims back unfinished, for another attempt.
    func release(_ paths: [String]) async
    /// Where the run stands.
    func status() async throws -> ClaimStatus
    /// Releases connections.
    func close() async
}

/// A back end for ``InputClaimer``s, registered in a ``PluginRegistry``.
public protocol InputClaimerProvider: Sendable {
    /// The name (`postgres`).
    static var name: String { get }
    /// Whether `location` (a URL) is for this back end.
    static func accepts(location: String) -> Bool
    /// Connects and prepares the claims table.
    static func makeClaimer(location: String, settings: ClaimSettings, logger: Logger) async throws -> any InputClaimer
}

/// Runs a pipeline as one of several workers sharing its inputs through an ``InputClaimer``.
///
/// The worker discovers the inputs (the same list on every worker), registers them, then claims
/// a few at a time and runs the pipeline on each claimed chunk, marking the chunk's inputs
/// finished once the sinks have committed. When nothing is left to claim it waits for other
/// workers' leases to end (finished, or expired because the worker died) and takes over what
/// expired. Use database sinks: a file sink would be rewritten for each chunk.
public struct ClaimedRun: Sendable {
    /// The runner that processes each chunk.
    public var runner: PipelineRunner
    /// The claims back end.
    public var claimer: any InputClaimer
    /// The settings the claimer was made with.
    public var settings: ClaimSettings
    /// Only this worker's share of a static split, when set (combine `--shard` with claims).
    public var shard: InputShard?

    /// Creates a shared-run driver.
    public init(runner: PipelineRunner, claimer: any InputClaimer, settings: ClaimSettings, shard: InputShard? = nil) {
        self.runner = runner
        self.claimer = claimer
        self.settings = settings
        self.shard = shard
    }

    /// Runs this worker until the shared run is finished; returns the account of the inputs this
    /// worker processed.
    /// When `stop` is requested (SIGINT, SIGTERM), the chunk in flight finishes, its unprocessed
    /// inputs are given back, and no more are claimed.
    public func run(
        _ spec: PipelineSpec, progress: (@Sendable (RunProgress) -> Void)? = nil, stop: StopSignal? = nil
    ) async throws -> RunReport {
        let started = ContinuousClock.now
        var paths = InputShard.explicitPaths(spec)
        if let shard { paths = paths.filter { shard.includes(InputShard.stableKey($0, baseDirectory: spec.baseDirectory)) } }
        try await claimer.register(paths)
        let claimer = self.claimer
        let interval = max(0.05, settings.leaseSeconds / 3)
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                if Task.isCancelled { break }
                try? await claimer.renew()
            }
        }
        let merged: RunReport?
        do {
            merged = try await claimChunks(spec, stop: stop, progress: progress)
        } catch {
            heartbeat.cancel()
            await heartbeat.value
            throw error
        }
        heartbeat.cancel()
        await heartbeat.value
        var report = merged ?? RunReport(
            pipeline: spec.name, startedAt: UTCTimestamp.now(), wallSeconds: 0,
            totals: RunReport.Totals(), throughput: [:], stages: [], inputs: [], notes: [], stopped: false,
            interrupted: stop?.isRequested == true, fatalError: nil)
        let seconds = RunState.seconds(started.duration(to: .now))
        report.wallSeconds = (seconds * 1000).rounded() / 1000
        report.throughput = [
            "inputs_per_second": (Double(report.totals.inputs) / max(seconds, 1e-9) * 10).rounded() / 10,
            "documents_per_second": (Double(report.totals.documents) / max(seconds, 1e-9) * 10).rounded() / 10,
            "megabytes_per_second": (Double(report.totals.bytes) / 1_048_576 / max(seconds, 1e-9) * 100).rounded() / 100,
        ]
        report.notes.append("worker \(settings.worker) of shared run '\(settings.run)' processed \(report.totals.inputs) of \(paths.count) inputs")
        return report
    }

    /// Claims and runs chunks until the shared run is finished or stopped; the merged report.
    private func claimChunks(
        _ spec: PipelineSpec, stop: StopSignal?, progress: (@Sendable (RunProgress) -> Void)?
    ) async throws -> RunReport? {
        var merged: RunReport?
        while stop?.isRequested != true {
            let chunk = try await claimer.claimNext(limit: max(1, settings.chunkSize))
            if chunk.isEmpty {
                if try await claimer.status().finished { break }
                try await Task.sleep(for: .seconds(settings.pollSeconds))
                continue
            }
            var chunkSpec = spec
            chunkSpec.inputs = chunk
            chunkSpec.exclude = []
            chunkSpec.inputsAreStoredPaths = true
            let report: RunReport
            do {
                report = try await runner.run(chunkSpec, progress: progress, stop: stop)
            } catch {
                await claimer.release(chunk)
                throw error
            }
            if report.fatalError != nil || report.stopped {
                await claimer.release(chunk)
                merged = Self.merge(merged, report)
                break
            }
            // Inputs to give back: failed at a sink (another attempt may succeed), or not reached
            // because the run was interrupted.
            let retry = report.inputs.filter {
                ($0.status == .failed && $0.failureStage?.isSink == true)
                    || (report.interrupted && $0.status == .skipped && $0.reason?.hasPrefix("not processed") == true)
            }.map(\.path)
            let finished = chunk.filter { !retry.contains(InputShard.discoveredForm($0, baseDirectory: spec.baseDirectory)) && !retry.contains($0) }
            try await claimer.complete(finished)
            if !retry.isEmpty { await claimer.release(chunk.filter { !finished.contains($0) }) }
            merged = Self.merge(merged, report)
            if report.interrupted { break }
        }
        return merged
    }

    static func merge(_ a: RunReport?, _ b: RunReport) -> RunReport {
        guard var m = a else { return b }
        m.totals.inputs += b.totals.inputs
        m.totals.ingested += b.totals.ingested
        m.totals.skipped += b.totals.skipped
        m.totals.failed += b.totals.failed
        m.totals.documents += b.totals.documents
        m.totals.bytes += b.totals.bytes
        for stage in b.stages {
            if let i = m.stages.firstIndex(where: { $0.stage == stage.stage }) {
                m.stages[i].input += stage.input
                m.stages[i].output += stage.output
                m.stages[i].failed += stage.failed
            } else {
                m.stages.append(stage)
            }
        }
        m.inputs += b.inputs
        m.notes += b.notes.filter { !m.notes.contains($0) }
        m.stopped = m.stopped || b.stopped
        m.interrupted = m.interrupted || b.interrupted
        if let f = b.fatalError { m.fatalError = m.fatalError.map { $0 + "; " + f } ?? f }
        return m
    }
}
