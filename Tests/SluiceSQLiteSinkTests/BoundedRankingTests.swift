import Foundation
import GRDB
import SluiceCore
import SluiceTestSupport
import SluiceTesting
import Testing

@testable import SluiceSQLiteSink

/// `sluice_bm25` and the bounded ranking of ``SQLiteSearchStore``, on real stores written by the sink.
@Suite("SQLite bounded BM25 ranking")
struct BoundedRankingTests {
    /// Document `i` of `count`: its number, 老蒋 `i % 5 + 1` times, 靖江 in every third, English in every
    /// fourth, bodies of different lengths, so that BM25 scores differ; every fifth is a note.
    func documents(_ count: Int) -> [Document] {
        (0..<count).map { i in
            var text = "编号\(i)：" + String(repeating: "老蒋说了话。", count: i % 5 + 1) + String(repeating: "天气很好。", count: i % 7)
            if i % 3 == 0 { text += "他去了靖江。" }
            if i % 4 == 0 { text += " storage pipeline " }
            let doc = Document(kind: i % 5 == 0 ? "note" : "article", title: "第\(i)号", text: text)
            return StoreFixtures.stamp(doc, path: String(format: "d%03d.txt", i), reader: "text", bytes: Array(text.utf8))
        }
    }

    func store(_ count: Int) async throws -> String {
        let path = try StoreFixtures.temporaryDirectory() + "/rank.db"
        var values = OptionValues.defaults(for: SQLiteSink.options, overrides: [:])
        values.set("path", .string(path))
        let sink = try SQLiteSink(PluginSetup(options: values, baseDirectory: "/", logger: StoreFixtures.logger))
        try await sink.open(StoreFixtures.sinkContext("test"))
        let docs = documents(count)
        for start in stride(from: 0, to: docs.count, by: 7) {
            let part = Array(docs[start..<min(docs.count, start + 7)])
            try await sink.write(DocumentBatch(documents: part, inputs: part.map(\.source.path)))
        }
        try await sink.commit()
        return path
    }

    func connection(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.prepareDatabase { db in
            db.add(tokenizer: SQLiteTokenizer.self)
            SQLiteRanking.register(db)
        }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    @Test func belowTheBoundScoresAreFTS5sBM25() async throws {
        let path = try await store(40)
        let db = try connection(path)
        for terms in [["老蒋"], ["靖江"], ["老蒋", "stor"], ["天", "靖江"]] {
            let phrases = SQLiteSearchStore.matchPhrases(terms)
            let (ours, fts5) = try await db.read { db -> ([Int64: Double], [Int64: Double]) in
                var span: SQLiteRanking.IndexSpan?
                let counts = try phrases.map { try SQLiteRanking.matchCount(db, phrase: $0, bound: 1000, span: &span) }
                let marks = counts.map { _ in ", ?" }.joined()
                let arguments = StatementArguments(counts.map(\.databaseValue) + [phrases.joined(separator: " ").databaseValue])
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT rowid, sluice_bm25(search_fts, 4.0, 2.0, 1.0\(marks)) AS ours,
                               bm25(search_fts, 4.0, 2.0, 1.0) AS fts5
                        FROM search_fts WHERE search_fts MATCH ?
                        """, arguments: arguments)
                return (Dictionary(uniqueKeysWithValues: rows.map { ($0["rowid"], $0["ours"]) }),
                        Dictionary(uniqueKeysWithValues: rows.map { ($0["rowid"], $0["fts5"]) }))
            }
            #expect(!ours.isEmpty, "\(terms) matches")
            #expect(Set(ours.keys) == Set(fts5.keys))
            for (rowid, score) in ours {
                let reference = try #require(fts5[rowid])
                #expect(abs(score - reference) <= 1e-12 * max(1, abs(reference)), "\(terms) entry \(rowid): \(score) vs \(reference)")
            }
        }
        // The search store ranks by those scores: best first, the same best entry and score
        // (hits carry the score rounded to 3 decimals).
        let hits = try await SQLiteSearchStore(path: path).search(SearchQuery("stor", limit: 40))
        #expect(hits.count == 10)
        #expect(hits.map(\.score) == hits.map(\.score).sorted(by: >))
        // FTS5's own scores of the matches of `stor`, best first.
        let reference = try await db.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.source_path AS path, -bm25(search_fts, 4.0, 2.0, 1.0) AS score
                    FROM search_fts JOIN search_entries e ON e.entry_id = search_fts.rowid
                    JOIN records r ON r.id = e.document_id
                    WHERE search_fts MATCH '"stor" *' ORDER BY score DESC, e.entry_id
                    """
            ).map { (path: $0["path"] as String, score: $0["score"] as Double) }
        }
        #expect(hits.first?.path == reference.first?.path)
        // A one-phrase query is counted in the ranking pass and rescaled: every hit's score is
        // its bm25() score, with and without a kind (which counts in a pass of its own).
        let scores = Dictionary(reference.map { ($0.path, $0.score) }, uniquingKeysWith: max)
        let articles = try await SQLiteSearchStore(path: path).search(SearchQuery("stor", kind: "article", limit: 40))
        #expect(!articles.isEmpty)
        for hit in hits + articles {
            #expect(abs(hit.score - (scores[hit.path] ?? -1)) < 0.001, "\(hit.path)")
        }
    }

    @Test func aboveTheBoundTheNewestMatchesAreRankedAndCountsEstimated() async throws {
        let path = try await store(60)
        let db = try connection(path)
        let (all, every3rd, entries) = try await db.read { db -> (Double, Double, Int64?) in
            var span: SQLiteRanking.IndexSpan?
            let all = try SQLiteRanking.matchCount(db, phrase: "\"老蒋\"", bound: 10, span: &span)
            let every3rd = try SQLiteRanking.matchCount(db, phrase: "\"靖江\"", bound: 10, span: &span)
            return (all, every3rd, span?.entries)
        }
        // FTS5's own row count, read from its averages record.
        #expect(entries == 60)
        // 老蒋 is in all 60 entries, 靖江 in 20: estimated from the newest 10 matches.
        #expect(abs(all - 60) < 0.5)
        #expect(abs(every3rd - 20) <= 2)

        let bounded = try await SQLiteSearchStore(path: path, rankingBound: 10).search(SearchQuery("老蒋", limit: 60))
        #expect(bounded.count == 10)
        #expect(Set(bounded.map(\.path)) == Set((50..<60).map { String(format: "d%03d.txt", $0) }))
        // With a kind, the bound counts the matches of that kind: the newest 10 of the 12 notes.
        let notes = try await SQLiteSearchStore(path: path, rankingBound: 10).search(SearchQuery("老蒋", kind: "note", limit: 60))
        #expect(Set(notes.map(\.path)) == Set(stride(from: 10, to: 60, by: 5).map { String(format: "d%03d.txt", $0) }))
        let full = try await SQLiteSearchStore(path: path).search(SearchQuery("老蒋", limit: 60))
        #expect(full.count == 60)
    }

    @Test func fts5VarintsAreDecodedLikeSQLites() {
        typealias Span = SQLiteRanking.IndexSpan
        #expect(Span.varint(Data([0x05, 0xFF])) == 5)
        #expect(Span.varint(Data([0x81, 0x00])) == 128)
        #expect(Span.varint(Data([0x96, 0x8F, 0x20])) == 362_400)  // 0x16 << 14 | 0x0F << 7 | 0x20
        #expect(Span.varint(Data(repeating: 0xFF, count: 9)) == -1)  // the ninth byte counts whole
        #expect(Span.varint(Data([0x81])) == nil)
        #expect(Span.varint(Data()) == nil)
    }
}
