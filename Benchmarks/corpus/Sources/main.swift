// Throughput of the corpus normalizers on the sample documents, one core.
//
//   swift build -c release --disable-default-traits --product sluice-corpus-bench
//   .build/release/sluice-corpus-bench [REPEAT [chunk|language|dedup ...]]
//
// Reads every text in Samples/documents and Samples/minutes, makes REPEAT (default 100)
// documents of each, and times `chunk` (max_tokens 512, overlap 64), `language` and `dedup`
// (defaults: 128 permutations, 5-shingles) over them.
import Foundation
import Logging
import SluiceChunkNormalizer
import SluiceCore
import SluiceDedupNormalizer
import SluiceLanguageNormalizer

let repeatCount = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 100 : 100
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path
var texts: [String] = []
for folder in ["Samples/documents", "Samples/minutes"] {
    let dir = root + "/" + folder
    for name in (try? FileManager.default.contentsOfDirectory(atPath: dir))?.sorted() ?? [] {
        if let data = FileManager.default.contents(atPath: dir + "/" + name) { texts.append(String(decoding: data, as: UTF8.self)) }
    }
}
guard !texts.isEmpty else { fatalError("no samples under \(root)") }
var documents: [Document] = []
for r in 0..<repeatCount {
    for (i, t) in texts.enumerated() {
        let paragraphs = t.components(separatedBy: "\n").filter { !$0.isEmpty }
        let blocks = paragraphs.map { Block(.paragraph, text: $0) }
        documents.append(Document(kind: "article", blocks: blocks, text: TextSupport.bodyText(of: blocks), id: "d\(r)-\(i)"))
    }
}
// The copies made distinct (a line of their own on top), so that dedup finds them through LSH
// and signature comparison rather than the exact hash.
let editions = documents.map { d in
    var e = d
    e.text = "Edition \(d.id) of the sample.\n" + d.text
    return e
}
let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
let context = NormalizeContext(path: "bench", logger: logger)

let setup = { (specs: [OptionSpec]) in PluginSetup(options: OptionValues.defaults(for: specs), logger: logger) }

/// The CPU time this thread has used, in seconds: on a loaded machine it measures the work of one
/// core where wall time would also count the time other processes held it.
func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

@MainActor func time(_ name: String, _ normalizer: any Normalizer, over documents: [Document] = documents) throws {
    let clock = ContinuousClock()
    var outputs = 0
    let cpuStart = threadCPUSeconds()
    let elapsed = try clock.measure {
        for d in documents { outputs += try normalizer.normalize(d, context: context).count }
    }
    let cpu = threadCPUSeconds() - cpuStart
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let mb = Double(documents.reduce(0) { $0 + $1.text.utf8.count }) / 1_000_000
    print("\(name): \(documents.count) documents, \(String(format: "%.1f", mb)) MB UTF-8 in \(String(format: "%.2f", seconds)) s = \(String(format: "%.1f", mb / seconds)) MB/s wall; \(String(format: "%.2f", cpu)) s CPU = \(String(format: "%.1f", mb / cpu)) MB/s per core, \(outputs) outputs, digest \(try digest(normalizer, documents))")
}

/// A digest of the outputs (ids, texts, metadata), to check that an optimization changed nothing.
/// Computed in a separate, untimed pass (a fresh instance for `dedup`, whose state would differ).
@MainActor func digest(_ normalizer: any Normalizer, _ documents: [Document]) throws -> String {
    let fresh = try type(of: normalizer).init(setup(type(of: normalizer).options))
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    func add(_ s: String) {
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        h = (h ^ 0xFF) &* 0x100_0000_01B3
    }
    for d in try documents.flatMap({ try fresh.normalize($0, context: context) }) {
        add(d.id)
        add(d.text)
        for key in d.metadata.keys.sorted() { add(key); add(d.metadata[key]!) }
    }
    return String(h, radix: 16)
}

let only = Set(CommandLine.arguments.dropFirst(2))
if only.isEmpty || only.contains("chunk") { try time("chunk", try ChunkNormalizer(setup(ChunkNormalizer.options))) }
if only.isEmpty || only.contains("language") { try time("language", try LanguageNormalizer(setup(LanguageNormalizer.options))) }
if only.isEmpty || only.contains("dedup") {
    try time("dedup", try DedupNormalizer(setup(DedupNormalizer.options)))
    try time("dedup (near copies)", try DedupNormalizer(setup(DedupNormalizer.options)), over: editions)
}
