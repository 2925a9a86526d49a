import Foundation
import SluiceCore
import Testing

@testable import SluiceNewsReader

/// Every page with a gold annotation (Benchmarks/news/gold/*.json, also used by the comparison
/// benchmark): the title and date match, every gold paragraph is in the body, and the body has
/// little else (character-level F1 for Chinese, word-level otherwise).
@Suite struct GoldPageTests {
    struct Gold: Decodable {
        var file: String
        var title: String
        var date: String
        var body: [String]
        var author: String?
        var editor: String?
        var source: String?
    }

    static func golds() throws -> [Gold] {
        let directory = Fixture.repository.appendingPathComponent("Benchmarks/news/gold")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        return try files.map { try JSONDecoder().decode(Gold.self, from: Data(contentsOf: directory.appendingPathComponent($0))) }
    }

    static func tokens(_ text: String) -> [String] {
        let cjk = text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
        if cjk { return text.filter { !$0.isWhitespace }.map { String($0) } }
        return text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    static func f1(_ predicted: String, _ gold: String) -> Double {
        var counts: [String: Int] = [:]
        for t in tokens(gold) { counts[t, default: 0] += 1 }
        let p = tokens(predicted)
        let g = tokens(gold)
        guard !p.isEmpty, !g.isEmpty else { return 0 }
        var overlap = 0
        for t in p where (counts[t] ?? 0) > 0 {
            counts[t]! -= 1
            overlap += 1
        }
        guard overlap > 0 else { return 0 }
        let precision = Double(overlap) / Double(p.count)
        let recall = Double(overlap) / Double(g.count)
        return 2 * precision * recall / (precision + recall)
    }

    @Test func thereAreEnoughGoldPages() throws {
        #expect(try Self.golds().count >= 15)
    }

    @Test(arguments: try GoldPageTests.golds().map(\.file))
    func goldPage(_ file: String) throws {
        let gold = try #require(try Self.golds().first { $0.file == file })
        let (doc, _) = try Fixture.read(Fixture.repository.appendingPathComponent(file).path)
        #expect(doc.title?.filter { !$0.isWhitespace } == gold.title.filter { !$0.isWhitespace })
        #expect(doc.published?.hasPrefix(gold.date) == true, "published \(doc.published ?? "nil")")
        let body = doc.text.filter { !$0.isWhitespace }
        for paragraph in gold.body {
            let compact = paragraph.filter { !$0.isWhitespace }
            #expect(body.contains(compact), "missing: \(paragraph.prefix(30))")
        }
        #expect(Self.f1(doc.text, gold.body.joined(separator: "\n")) >= 0.95)
        if let author = gold.author { #expect(doc.metadata["author"] == author) }
        if let editor = gold.editor { #expect(doc.metadata["editor"] == editor) }
        if let source = gold.source { #expect(doc.metadata["outlet"] == source) }
    }
}
