import Foundation
import Testing
import SluiceTesting
@testable import SluiceCore

/// What an order-requiring test normalizer saw: the titles, in the order they came, and how many
/// calls ever overlapped.
final class OrderProbe: Sendable {
    private let state = Locked<(seen: [String], running: Int, mostAtOnce: Int)>(([], 0, 0))

    var seen: [String] { state.withLock { $0.seen } }
    var mostAtOnce: Int { state.withLock { $0.mostAtOnce } }

    func enter(_ title: String) {
        state.withLock {
            $0.seen.append(title)
            $0.running += 1
            $0.mostAtOnce = max($0.mostAtOnce, $0.running)
        }
    }

    func leave() { state.withLock { $0.running -= 1 } }
}

/// A normalizer that requires input order: records what it sees, drops documents titled
/// `DROP…` (noting why) and throws on documents titled `BAD…`.
struct OrderedProbeNormalizer: Normalizer {
    static let name = "ordered-probe"
    let probe: OrderProbe
    init(_ setup: PluginSetup) throws { probe = OrderProbe() }
    init(probe: OrderProbe) { self.probe = probe }
    var requiresInputOrder: Bool { true }

    func normalize(_ document: Document, context: NormalizeContext) throws -> [Document] {
        let title = document.title ?? ""
        probe.enter(title)
        defer { probe.leave() }
        // Every third input is slow: run concurrently, later inputs would overtake it.
        let number = Int(title.drop { $0.isLetter }.prefix { $0.isNumber }) ?? 0
        usleep(number % 3 == 0 ? 3000 : 100)
        if title.hasPrefix("BAD") { throw PluginError.invalidInput("told to fail") }
        if title.hasPrefix("DROP") {
            context.noteDrop("told to drop")
            return []
        }
        return [document]
    }
}

@Suite struct OrderedNormalizerTests {
    /// 40 inputs of two documents each, at concurrency 8: `upper` runs concurrently, the probe
    /// after it sees every document in input order, one at a time.
    @Test func anOrderedNormalizerSeesInputOrderAndKeepsPerInputOutcomes() async throws {
        let folder = TemporaryFolder()
        var documents: [String: [Document]] = [:]
        var expectedSeen: [String] = []
        for i in 0..<40 {
            let name = String(format: "f%03d.mem", i)
            folder.write(name, String(repeating: "x", count: (i * 7919) % 3000 + 1))
            let prefix = i == 7 ? "drop" : i == 13 ? "bad" : "ok"
            documents[name] = [doc("\(prefix)\(i)-a"), doc("\(prefix)\(i)-b")]
            expectedSeen += i == 13 ? ["BAD13-A"] : ["\(prefix)\(i)-a".uppercased(), "\(prefix)\(i)-b".uppercased()]
        }
        let probe = OrderProbe()
        let collector = DocumentCollector()
        var registry = testRegistry(documents: documents, collector: collector)
        registry.register(
            RuntimePluginDeclaration(name: OrderedProbeNormalizer.name, summary: "", options: [], origin: "test"),
            normalizer: { _ in OrderedProbeNormalizer(probe: probe) })
        let spec = PipelineSpec(
            name: "t", inputs: [folder.path], reader: PluginUse(name: "memory-source"),
            normalizers: [PluginUse(name: "upper", options: .defaults(for: UppercaseNormalizer.options)), PluginUse(name: "ordered-probe")],
            sinks: [PluginUse(name: "memory")], concurrency: 8, batchSize: 5)
        let report = try await PipelineRunner(registry: registry, logger: ReaderHarness<InMemorySource>.silentLogger).run(spec)

        #expect(probe.seen == expectedSeen)
        #expect(probe.mostAtOnce == 1)
        #expect(report.totals.ingested == 38)
        #expect(report.inputs[7].status == .skipped)
        #expect(report.inputs[7].reason == "the ordered-probe normalizer dropped all 2 of its documents: told to drop")
        #expect(report.inputs[13].status == .failed)
        #expect(report.inputs[13].stage == "normalizer:ordered-probe")
        #expect(report.inputs[13].reason == "told to fail")
        let kept = expectedSeen.filter { $0.hasPrefix("OK") }
        #expect(collector.documents.map { $0.title ?? "" } == kept)
        #expect(report.stages.map(\.stage) == ["read", "reader", "normalizer:upper", "normalizer:ordered-probe", "sink:memory"])
        #expect(report.stages[3].input == 80 && report.stages[3].output == 76)
    }

    /// Only the normalizers from the first that requires input order on wait for the window.
    @Test func theFirstOrderRequiringNormalizerSplitsTheChain() throws {
        let registry = testRegistry()
        var r = registry
        r.register(
            RuntimePluginDeclaration(name: OrderedProbeNormalizer.name, summary: "", options: [], origin: "test"),
            normalizer: { try OrderedProbeNormalizer($0) })
        let upper = PluginUse(name: "upper", options: .defaults(for: UppercaseNormalizer.options))
        let runner = PipelineRunner(registry: r, logger: ReaderHarness<InMemorySource>.silentLogger)
        func split(_ names: [PluginUse]) throws -> Int {
            try runner.prepare(PipelineSpec(name: "t", inputs: ["."], normalizers: names, sinks: [PluginUse(name: "memory")]))
                .stages.firstOrderedNormalizer
        }
        let probe = PluginUse(name: "ordered-probe")
        #expect(try split([upper, upper]) == 2)
        #expect(try split([upper, probe, upper]) == 1)
        #expect(try split([probe, upper]) == 0)
    }
}
