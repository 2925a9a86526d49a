#if Postgres
import SluiceTesting
import SluiceTestSupport
import Foundation
import SluiceCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Several real `sluice` processes ingesting one corpus into one real PostgreSQL server.
@Suite("Multi-worker ingestion through PostgreSQL claims", .serialized)
struct MultiWorkerTests {
    func scalar(_ server: PostgresServer, _ sql: String, _ db: String) throws -> String {
        try server.psql(sql, database: db).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func workerArguments(_ corpus: String, _ url: String, lease: Int = 30, batch: Int = 3, extra: [String] = []) -> [String] {
        ["ingest", corpus, "--postgres", url, "--claims", url, "--no-store", "--claim-batch", String(batch),
         "--lease", String(lease), "--concurrency", "2"] + extra
    }

    @Test func threeWorkersIngestEveryDocumentExactlyOnce() async throws {
        let server = PostgresServer.shared
        let (db, url) = try server.createDatabase("mw")
        let dir = try StoreFixtures.temporaryDirectory()
        let corpus = try Workers.corpus(90, in: dir)
        let workers = try (1...3).map { try Workers.start(workerArguments(corpus, url, extra: ["--report", "\(dir)/r\($0).json"]), log: "\(dir)/w\($0).log") }
        for w in workers {
            let code = Workers.wait(w)
            #expect(code == 0, "worker failed: \(Workers.output(w))")
        }
        #expect(try scalar(server, "SELECT count(*) || ' ' || count(DISTINCT source_path) FROM documents", db) == "90 90")
        #expect(try scalar(server, "SELECT count(*) FROM sluice_claims WHERE state = 'done' AND attempts = 1", db) == "90")
        // Each input was processed by exactly one worker: the reports add up to the corpus.
        var processed: [String] = []
        for i in 1...3 {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/r\(i).json"))
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            let pipelines = json?["pipelines"] as? [[String: Any]] ?? []
            for p in pipelines {
                for input in p["inputs"] as? [[String: Any]] ?? [] where input["status"] as? String == "ingested" {
                    processed.append(input["path"] as? String ?? "")
                }
            }
        }
        #expect(processed.count == 90)
        #expect(Set(processed).count == 90)
        // A later run of the same corpus finds nothing left to do and duplicates nothing.
        let again = try Workers.start(workerArguments(corpus, url), log: "\(dir)/again.log")
        #expect(Workers.wait(again) == 0)
        #expect(try scalar(server, "SELECT count(*) FROM documents", db) == "90")
        #expect(Workers.output(again).contains("processed 0 of 90"))
    }

    @Test func aWorkerKilledMidRunLosesNothing() async throws {
        let server = PostgresServer.shared
        let (db, url) = try server.createDatabase("kill")
        let dir = try StoreFixtures.temporaryDirectory()
        let corpus = try Workers.corpus(60, size: 60_000, in: dir)
        // The victim works alone first, with short leases.
        let victim = try Workers.start(workerArguments(corpus, url, lease: 2, batch: 5), log: "\(dir)/victim.log")
        var held = 0
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            held = (try? scalar(server, "SELECT count(*) FROM sluice_claims WHERE state = 'claimed'", db)).flatMap { Int($0) } ?? 0
            if held > 0 {
                kill(victim.pid, SIGSTOP)
                held = Int(try scalar(server, "SELECT count(*) FROM sluice_claims WHERE state = 'claimed'", db)) ?? 0
                if held > 0 { break }
                kill(victim.pid, SIGCONT)
            }
            usleep(5_000)
        }
        kill(victim.pid, SIGKILL)
        #expect(Workers.wait(victim) == 128 + SIGKILL)
        #expect(held > 0, "the victim never held a claim")
        let doneByVictim = Int(try scalar(server, "SELECT count(*) FROM sluice_claims WHERE state = 'done'", db)) ?? -1
        #expect(doneByVictim < 60, "the victim finished before it could be killed")

        let others = try (1...2).map { try Workers.start(workerArguments(corpus, url, lease: 2, batch: 5), log: "\(dir)/o\($0).log") }
        for w in others { #expect(Workers.wait(w) == 0, "worker failed: \(Workers.output(w))") }
        #expect(try scalar(server, "SELECT count(*) || ' ' || count(DISTINCT source_path) FROM documents", db) == "60 60")
        #expect(try scalar(server, "SELECT count(*) FROM sluice_claims WHERE state = 'done'", db) == "60")
        // The inputs the victim held were taken over after their leases expired.
        #expect(Int(try scalar(server, "SELECT count(*) FROM sluice_claims WHERE attempts = 2", db)) == held)
        // Nothing duplicated below the documents either.
        #expect(try scalar(server, "SELECT count(*) FROM (SELECT document_id, ordinal FROM blocks GROUP BY 1, 2 HAVING count(*) > 1) d", db) == "0")
        #expect(try scalar(server, "SELECT count(DISTINCT document_id) FROM search_entries", db) == "60")
    }

    @Test func workersRecoverFromAServerRestart() async throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let url = server.url
        let dir = try StoreFixtures.temporaryDirectory()
        let corpus = try Workers.corpus(80, size: 40_000, in: dir)
        // --verbose: the retry warnings appear in the workers' output.
        let workers = try (1...2).map {
            try Workers.start(workerArguments(corpus, url, lease: 20, batch: 2, extra: ["--verbose"]), log: "\(dir)/w\($0).log")
        }
        // Wait until the run is under way, then restart the server under it.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let done = Int((try? scalar(server, "SELECT count(*) FROM sluice_claims WHERE state = 'done'", "postgres")) ?? ""), done > 0 { break }
            usleep(10_000)
        }
        let doneBefore = Int(try scalar(server, "SELECT count(*) FROM sluice_claims WHERE state = 'done'", "postgres")) ?? -1
        try server.halt()
        usleep(1_500_000)
        try server.start()
        let restarted = ContinuousClock.now
        for w in workers { #expect(Workers.wait(w) == 0, "worker failed: \(Workers.output(w))") }
        // The workers reconnect with backoff within seconds; an operation that hangs on a dead
        // connection would only end at the operation timeout (120 s), and its worker's leases,
        // renewed meanwhile, would hold the other worker back as long.
        let afterRestart = restarted.duration(to: .now)
        #expect(afterRestart < .seconds(60), "the workers took \(afterRestart) to finish after the restart")
        #expect(doneBefore < 80, "the run finished before the restart")
        #expect(try scalar(server, "SELECT count(*) || ' ' || count(DISTINCT source_path) FROM documents", "postgres") == "80 80")
        #expect(try scalar(server, "SELECT count(*) FROM sluice_claims WHERE state = 'done'", "postgres") == "80")
        // At least one worker met the restart and said so (the retries are logged as warnings).
        #expect(workers.contains { Workers.output($0).contains("retrying") }, "no worker reported a retry")
    }

    @Test func shardsSplitTheCorpusExactly() async throws {
        let dir = try StoreFixtures.temporaryDirectory()
        let corpus = try Workers.corpus(50, size: 200, in: dir)
        var all: [String] = []
        for k in 0..<3 {
            let w = try Workers.start(["ingest", corpus, "--shard", "\(k)/3", "--no-store", "--jsonl", "\(dir)/s\(k).jsonl", "--quiet"], log: "\(dir)/s\(k).log")
            #expect(Workers.wait(w) == 0, "shard failed: \(Workers.output(w))")
            let lines = try String(contentsOfFile: "\(dir)/s\(k).jsonl", encoding: .utf8).split(separator: "\n")
            #expect(!lines.isEmpty)
            all += lines.map { line in
                let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                return (obj?["source"] as? [String: Any])?["path"] as? String ?? ""
            }
        }
        #expect(all.count == 50)
        #expect(Set(all).count == 50)
        let bad = try Workers.start(["ingest", corpus, "--shard", "3/3", "--no-store"], log: "\(dir)/bad.log")
        #expect(Workers.wait(bad) == 2)
    }
}
#endif
