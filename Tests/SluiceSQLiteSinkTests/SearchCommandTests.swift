import SluiceTesting
import SluiceTestSupport
import Foundation
import Testing

/// The README's first commands with the real binary: `sluice ingest Samples/` writes a SQLite
/// store that `sluice search` queries in Chinese and English.
@Suite("sluice ingest + sluice search")
struct SearchCommandTests {
    static let root = SluiceCheckout.root
    static let binary = SluiceCheckout.sluiceBinary

    /// Runs `sluice` in `directory`; returns the exit code and the standard output.
    func sluice(_ arguments: [String], in directory: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = directory + "/out-" + UUID().uuidString
        FileManager.default.createFile(atPath: out, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: out)
        return (process.terminationStatus, text)
    }

    struct Hit: Decodable {
        var title: String?
        var path: String
        var kind: String
        var snippet: String
        var facets: [String: String]
        var unit: String
    }

    func hits(_ json: String) throws -> [Hit] {
        try JSONDecoder().decode([Hit].self, from: Data(json.utf8))
    }

    @Test func ingestThenSearchInChineseAndEnglish() throws {
        let dir = try StoreFixtures.temporaryDirectory()
        let (ingested, _) = try sluice(["ingest", Self.root + "/Samples/documents", "--quiet"], in: dir)
        #expect(ingested == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/sluice.db"))

        let (c1, laojiang) = try sluice(["search", "sluice.db", "老蒋", "--json"], in: dir)
        #expect(c1 == 0)
        let h1 = try hits(laojiang)
        #expect(h1.first?.path.hasSuffix("plain-article.txt") == true)
        #expect(h1.first?.snippet.contains("«老蒋»") == true)

        let (_, yun) = try sluice(["search", "sluice.db", "云", "--json", "--limit", "50"], in: dir)
        let h2 = try hits(yun)
        #expect(Set(h2.map { URL(fileURLWithPath: $0.path).lastPathComponent }).isSuperset(of: ["plain-article.txt", "news-article-3.txt"]))

        // Minutes statements carry their group and speaker.
        let (_, aigc) = try sluice(["search", "sluice.db", "AIGC", "--kind", "minutes", "--json"], in: dir)
        let h3 = try hits(aigc)
        #expect(!h3.isEmpty)
        #expect(h3.allSatisfy { $0.kind == "minutes" })
        #expect(h3.contains { $0.unit == "statement" && $0.facets["group"] != nil && $0.facets["speaker"] != nil })

        // English, case-insensitive.
        let (_, kpi) = try sluice(["search", "sluice.db", "kpi", "--json"], in: dir)
        #expect(try hits(kpi).contains { $0.snippet.contains("«KPI»") })

        // The plain listing shows the speaker; a query with no hits is not an error.
        let (c5, text) = try sluice(["search", "sluice.db", "李飞", "--limit", "3"], in: dir)
        #expect(c5 == 0)
        #expect(text.contains("李飞"))
        let (c6, none) = try sluice(["search", "sluice.db", "不存在的词语"], in: dir)
        #expect(c6 == 0 && none.isEmpty)
        let (c7, _) = try sluice(["search", "missing.db", "云"], in: dir)
        #expect(c7 == 2)
    }
}
