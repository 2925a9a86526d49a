import Foundation
import Logging
import Testing
import SluiceCore
import SluiceTesting
import SluiceTestSupport
import SluiceMinutesReader
import SluiceNewsReader
import SluiceTextReader
@testable import SluiceChunkNormalizer

/// The real sample documents (Chinese articles, minutes, an English page), read by their readers.
enum CorpusSamples {
    static let logger = ReaderHarness<TextReader>.silentLogger
    static let context = NormalizeContext(path: "test", logger: logger)

    static func text(_ name: String) throws -> [Document] {
        try ReaderHarness<TextReader>().read(file: SluiceCheckout.root + "/Samples/documents/" + name).documents
    }
    static func minutes(_ name: String) throws -> [Document] {
        try ReaderHarness<MinutesReader>().read(file: SluiceCheckout.root + "/Samples/minutes/" + name).documents
    }
    static func news(_ name: String) throws -> [Document] {
        try ReaderHarness<NewsReader>().read(file: SluiceCheckout.root + "/Samples/news/" + name).documents
    }
    static func all() throws -> [Document] {
        var docs: [Document] = []
        for name in ["plain-article.txt", "news-article-3.txt", "news-page-text-1.txt", "news-page-text-2.txt"] { docs += try text(name) }
        for name in ["huiyi-jiyao.txt", "fenzu-taolun.txt", "breakout-reports.txt"] { docs += try minutes(name) }
        for name in ["modern-article-utf8.html", "messy-cms.html"] { docs += try news(name) }
        return docs
    }
    /// A built English document with headings, abbreviations and several paragraphs.
    static func english() -> Document {
        var blocks: [Block] = [Block(.heading, text: "Harbour report", level: 1)]
        for p in 0..<6 {
            blocks.append(Block(.heading, text: "Section \(p + 1)", level: 2))
            for q in 0..<3 {
                blocks.append(Block(.paragraph, text: "Mr. Smith of the U.S. office met Dr. Lee at 10.30 on Jan. 5 (paragraph \(p).\(q)). "
                    + "They discussed the shipping schedule, e.g. the late arrivals, at some length! Was the plan approved? "
                    + "\"It was,\" said the chair, and the meeting moved on to the budget for next year."))
            }
        }
        var d = Document(kind: "article", title: "Harbour", blocks: blocks, text: TextSupport.bodyText(of: blocks))
        d.id = "english-1"
        return d
    }
}

@Suite struct ChunkNormalizerTests {
    func make(_ options: [String: OptionValue]) throws -> ChunkNormalizer {
        try ChunkNormalizer(PluginSetup(
            options: OptionValues.defaults(for: ChunkNormalizer.options, overrides: options), logger: CorpusSamples.logger))
    }

    /// Every sentence of the parent (as the segmenter sees it) that fits in a chunk lies wholly
    /// inside at least one chunk, and no chunk starts or ends strictly inside one.
    func checkChunks(_ parent: Document, _ chunks: [Document], maxTokens: Int) throws {
        let scalars = Array(parent.text.unicodeScalars)
        #expect(!chunks.isEmpty, "\(parent.source.path): no chunks")
        for (i, chunk) in chunks.enumerated() {
            let start = Int(chunk.metadata["chunk_start"]!)!, end = Int(chunk.metadata["chunk_end"]!)!
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == chunk.text, "\(parent.source.path) chunk \(i): offsets do not reproduce the text")
            let tokens = TokenCounter.count(scalars, start..<end)
            #expect(tokens <= maxTokens, "\(parent.source.path) chunk \(i) has \(tokens) tokens")
            #expect(String(tokens) == chunk.metadata["chunk_tokens"])
            #expect(chunk.metadata["parent_id"] == parent.id)
            #expect(chunk.metadata["chunk_ordinal"] == String(i))
            #expect(chunk.id == parent.derivedID(part: i))
            #expect(chunk.kind == "chunk")
        }
        let segmenter = TextSegmenter(scalars: scalars, maxTokens: Int.max, speakerBreaks: true)
        let sentences = segmenter.segments(blocks: parent.blocks).filter { $0.tokens <= maxTokens }
        let bounds = chunks.map { (Int($0.metadata["chunk_start"]!)!, Int($0.metadata["chunk_end"]!)!) }
        for s in sentences {
            let cutsIt = bounds.contains { ($0.0 > s.start && $0.0 < s.end) || ($0.1 > s.start && $0.1 < s.end) }
            #expect(!cutsIt, "\(parent.source.path): a chunk cuts the sentence at \(s.start)..<\(s.end)")
            #expect(bounds.contains { $0.0 <= s.start && s.end <= $0.1 }, "\(parent.source.path): sentence at \(s.start) in no chunk")
        }
    }

    @Test(arguments: [40, 120, 500])
    func realDocumentsChunkExactlyWithinLimitsAtSentenceBoundaries(maxTokens: Int) throws {
        let normalizer = try make(["max_tokens": .integer(maxTokens), "overlap_tokens": .integer(maxTokens / 5)])
        let docs = try CorpusSamples.all() + [CorpusSamples.english()]
        #expect(docs.count >= 10)
        for doc in docs where !doc.text.isEmpty {
            try checkChunks(doc, try normalizer.normalize(doc, context: CorpusSamples.context), maxTokens: maxTokens)
        }
    }

    @Test func chineseTokensCountEachCharacterAndSentencesEndAtCJKMarks() throws {
        let scalars = Array("他说：“明天见。”然后走了！English words here.".unicodeScalars)
        // 他说 2, ： 1, “ 1, 明天见 3, 。 1, ” 1, 然后走了 4, ！ 1, English words here 3, . 1
        #expect(TokenCounter.count(scalars, 0..<scalars.count) == 18)
        let seg = TextSegmenter(scalars: scalars, maxTokens: 100, speakerBreaks: true)
        let sentences = seg.sentences(in: 0..<scalars.count).map { String(String.UnicodeScalarView(scalars[$0])) }
        #expect(sentences == ["他说：“明天见。”", "然后走了！", "English words here."])
        let latin = Array("Mr. Smith met Dr. J. Lee on Jan. 5. It rained 3.5 cm. Done".unicodeScalars)
        let latinSentences = TextSegmenter(scalars: latin, maxTokens: 100, speakerBreaks: true)
            .sentences(in: 0..<latin.count).map { String(String.UnicodeScalarView(latin[$0])) }
        #expect(latinSentences == ["Mr. Smith met Dr. J. Lee on Jan. 5.", "It rained 3.5 cm.", "Done"])
    }

    @Test func headingsAreCarriedAndStartChunks() throws {
        let chunks = try make(["max_tokens": .integer(200), "overlap_tokens": .integer(0)])
            .normalize(CorpusSamples.english(), context: CorpusSamples.context)
        #expect(chunks.count >= 6)
        #expect(chunks[0].metadata["heading_path"] == "Harbour report > Section 1")
        #expect(chunks[0].text.hasPrefix("Harbour report\n\nSection 1"))
        let paths = Set(chunks.compactMap { $0.metadata["heading_path"] })
        #expect(paths == Set((1...6).map { "Harbour report > Section \($0)" }))
        for c in chunks.dropFirst() { #expect(c.text.hasPrefix("Section ") || !c.text.contains("Section ")) }
    }

    @Test func minutesStatementsNeverShareAChunkUnlessAsked() throws {
        let doc = try #require(try CorpusSamples.minutes("huiyi-jiyao.txt").first { $0.blocks.contains { $0.speaker != nil } })
        let statements = doc.blocks.filter { $0.type == .statement && $0.speaker != nil }
        #expect(statements.count >= 2)
        let chunks = try make(["max_tokens": .integer(2000), "overlap_tokens": .integer(0)]).normalize(doc, context: CorpusSamples.context)
        let spoken = chunks.filter { $0.metadata["speaker"] != nil }
        #expect(spoken.count >= statements.count)
        for c in chunks {
            let inside = statements.filter { c.text.contains($0.text) }
            #expect(inside.count <= 1, "a chunk holds \(inside.count) statements")
        }
        let merged = try make(["max_tokens": .integer(2000), "merge_speakers": .boolean(true)]).normalize(doc, context: CorpusSamples.context)
        #expect(merged.count < spoken.count)
    }

    @Test func overlapRepeatsWholeSentencesAndEmitBothKeepsTheParent() throws {
        let doc = try #require(try CorpusSamples.text("plain-article.txt").first)
        let chunks = try make(["max_tokens": .integer(100), "overlap_tokens": .integer(30), "emit": .string("both")])
            .normalize(doc, context: CorpusSamples.context)
        #expect(chunks.first == doc)
        let parts = Array(chunks.dropFirst())
        #expect(parts.count >= 3)
        var overlapping = 0
        for (a, b) in zip(parts, parts.dropFirst()) where Int(b.metadata["chunk_start"]!)! < Int(a.metadata["chunk_end"]!)! {
            overlapping += 1
        }
        #expect(overlapping > 0, "overlap_tokens 30 repeated nothing")
        // Same input, same chunks (ids and bytes).
        let again = try make(["max_tokens": .integer(100), "overlap_tokens": .integer(30), "emit": .string("both")])
            .normalize(doc, context: CorpusSamples.context)
        #expect(again == chunks)
    }

    @Test func badOptionsAreRejected() {
        #expect(throws: PluginError.self) { try make(["max_tokens": .integer(2)]) }
        #expect(throws: PluginError.self) { try make(["max_tokens": .integer(100), "overlap_tokens": .integer(60)]) }
    }
}
