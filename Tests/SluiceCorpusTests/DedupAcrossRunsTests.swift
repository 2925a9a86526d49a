import Foundation
import Testing

/// `dedup` with a `store`: an incremental run finds the copy of an article stored by an earlier
/// run, through the real `sluice` binary and a real SQLite store.
@Suite struct DedupAcrossRunsTests {
    static let article = """
        市政府昨日宣布，新建的跨江大桥将于下月正式通车。该桥全长三千二百米，历时四年建成，设计时速八十公里。
        交通部门表示，大桥通车后，两岸之间的通行时间将从一个小时缩短到十五分钟，每天可以分流约六万辆车。

        附近居民对此普遍表示欢迎。一位在对岸工作的市民说，以后上下班再也不用排长队等轮渡了。
        专家提醒，通车初期车流量可能较大，建议市民错峰出行，并留意交通部门发布的实时路况信息。

        """

    func manifest(_ s: CorpusScratch) {
        s.write("sluice.yaml", """
            version: 1
            state: out/state.db
            pipelines:
              news:
                inputs: [news]
                reader: text
                concurrency: 4
                normalizers:
                  - {name: dedup, store: out/dedup.db}
                sinks:
                  - {name: jsonl, path: out/news.jsonl}
            """)
    }

    /// The JSONL records by source path.
    func records(_ s: CorpusScratch) throws -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for line in (s.read("out/news.jsonl") ?? "").split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let source = object["source"] as? [String: Any]
            out[source?["path"] as? String ?? ""] = object
        }
        return out
    }

    @Test func anIncrementalRunMarksACopyOfAnArticleStoredByAnEarlierRun() throws {
        let s = CorpusScratch()
        manifest(s)
        s.write("news/a.txt", Self.article)
        s.write("news/other.txt", "上周末，本市举办了一年一度的马拉松比赛，来自二十多个国家的一万多名选手参加了比赛。\n男子组冠军以两小时十一分的成绩打破了赛会纪录。\n")
        var r = try CorpusRun.sluice(["run", "sluice.yaml", "--report", "r1.json"], in: s.path)
        #expect(r.status == 0, "\(r.stderr)")
        let first = try records(s)
        let original = try #require(first["news/a.txt"])
        let originalID = try #require(original["id"] as? String)
        #expect((original["metadata"] as? [String: String])?["duplicate_of"] == nil)
        #expect(FileManager.default.fileExists(atPath: s.path + "/out/dedup.db"))

        // The next day: the same article reposted with other chrome and one sentence changed.
        let copy = "转载自本地新闻网　编辑：王明\n" + Self.article.replacingOccurrences(of: "八十公里", with: "一百公里") + "（完）本文版权归原作者所有\n"
        s.write("news/b-repost.txt", copy)
        r = try CorpusRun.sluice(["run", "sluice.yaml", "--report", "r2.json"], in: s.path)
        #expect(r.status == 0, "\(r.stderr)")
        let inputs = try s.reportInputs("r2.json", pipeline: "news")
        #expect(inputs["news/a.txt"]?["status"] as? String == "skipped", "the original is not read again")
        #expect(inputs["news/b-repost.txt"]?["status"] as? String == "ingested")
        let second = try records(s)
        let repost = try #require(second["news/b-repost.txt"])
        let metadata = try #require(repost["metadata"] as? [String: String])
        #expect(metadata["duplicate_of"] == originalID, "\(metadata)")
        #expect(Double(metadata["similarity"] ?? "") ?? 0 >= 0.5)
        #expect((second["news/other.txt"]?["metadata"] as? [String: String])?["duplicate_of"] == nil)

        // The original changed in place: read again, it replaces its stored signature and is
        // not a copy of its own old version.
        s.write("news/a.txt", Self.article + "记者还了解到，大桥两端的配套道路也将同步开放。\n")
        r = try CorpusRun.sluice(["run", "sluice.yaml", "--report", "r3.json"], in: s.path)
        #expect(r.status == 0, "\(r.stderr)")
        let third = try records(s)
        #expect((third["news/a.txt"]?["metadata"] as? [String: String])?["duplicate_of"] == nil, "\(third["news/a.txt"] ?? [:])")
    }

    @Test func aStoreMadeWithOtherSignatureSettingsIsRefusedNamingIt() throws {
        let s = CorpusScratch()
        manifest(s)
        s.write("news/a.txt", Self.article)
        var r = try CorpusRun.sluice(["run", "sluice.yaml"], in: s.path)
        #expect(r.status == 0, "\(r.stderr)")
        s.write("sluice.yaml", (s.read("sluice.yaml") ?? "").replacingOccurrences(of: "store: out/dedup.db", with: "store: out/dedup.db, num_perm: 64"))
        r = try CorpusRun.sluice(["run", "sluice.yaml"], in: s.path)
        #expect(r.status != 0)
        #expect(r.stderr.contains("dedup.db holds signatures made with minhash32-v1 num_perm=128 shingle=5"), "\(r.stderr)")
    }
}
