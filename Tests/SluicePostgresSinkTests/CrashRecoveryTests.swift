#if Postgres
import Foundation
import SluiceCore
import SluiceTesting
import SluiceTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// kill -9 at random moments, then a complete run: every input is in every sink (JSONL, SQLite,
/// PostgreSQL) exactly once, nothing is corrupt, and a further run writes nothing new.
@Suite("Crash recovery: kill -9 during incremental runs", .serialized)
struct CrashRecoveryTests {
    static let inputs = 2_000
    static let kills = 5

    /// The JSONL file's records: (id, source path), and whether every line is whole JSON.
    func jsonl(_ path: String) throws -> (records: [(id: String, path: String)], whole: Bool) {
        guard let data = FileManager.default.contents(atPath: path) else { return ([], true) }
        var records: [(String, String)] = []
        var whole = data.isEmpty || data.last == UInt8(ascii: "\n")
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                whole = false
                continue
            }
            records.append((object["id"] as? String ?? "", (object["source"] as? [String: Any])?["path"] as? String ?? ""))
        }
        return (records, whole)
    }

    @Test func killedRunsThenACompleteRunStoreEveryInputExactlyOnce() async throws {
        let server = PostgresServer.shared
        let (database, url) = try server.createDatabase("crash")
        let dir = try StoreFixtures.temporaryDirectory()
        _ = try Workers.corpus(Self.inputs, size: 1_500, in: dir)
        try """
            version: 1
            pipelines:
              crash:
                inputs: [corpus]
                batch_size: 16
                sinks:
                  - name: jsonl
                    path: out/documents.jsonl
                  - name: sqlite
                    path: out/documents.db
                  - name: postgres
                    url: ${CRASH_DATABASE_URL}
            """.write(toFile: dir + "/crash.yaml", atomically: true, encoding: .utf8)
        setenv("CRASH_DATABASE_URL", url, 1)
        let run = ["run", dir + "/crash.yaml", "--quiet"]
        let state = dir + "/.sluice/state.db"

        var generator = SystemRandomNumberGenerator()
        var recordedAfterKills: [Int] = []
        var killedMidRun = 0
        for round in 0..<Self.kills {
            let before = recordedAfterKills.last ?? 0
            let worker = try Workers.start(run, log: "\(dir)/kill\(round).log")
            // A random moment. The first kill comes after a random short time (often while the run
            // still opens its outputs); every later one once the run has recorded a random number
            // of further inputs, so that those kills land mid-run however slow the machine is (a
            // loaded CI machine can take seconds to start a run). A run that records nothing for a
            // minute is killed anyway, and the checks below then report it. (Polled with usleep
            // and sqlite3 run by `PostgresServer.shell` (posix_spawn, not Foundation's Process):
            // timers of the test's cooperative pool and Process's exit notifications can be
            // seconds late under a loaded suite.)
            let wait = round == 0 ? Double.random(in: 0.05...1.5, using: &generator) : 60
            let deadline = Date().addingTimeInterval(wait)
            let target = before + Int.random(in: 1...(Self.inputs / 8), using: &generator)
            while Date() < deadline {
                if FileManager.default.fileExists(atPath: state),
                   let out = try? PostgresServer.shell(["sqlite3", state, "SELECT count(*) FROM inputs WHERE outcome = 'ingested'"]),
                   let n = Int(out.trimmingCharacters(in: .whitespacesAndNewlines)), n >= target { break }
                usleep(30_000)
            }
            let alive = kill(worker.pid, SIGKILL) == 0
            let code = Workers.wait(worker)
            if alive && code == 128 + SIGKILL { killedMidRun += 1 }
            // Nothing is corrupt after a kill: the databases pass their checks, the JSONL file
            // holds no record twice (a torn last line is allowed: the next run truncates it).
            if FileManager.default.fileExists(atPath: dir + "/out/documents.db") {
                #expect(try StoreFixtures.sqlite3(dir + "/out/documents.db", "PRAGMA integrity_check") == "ok")
            }
            if FileManager.default.fileExists(atPath: state) {
                #expect(try StoreFixtures.sqlite3(state, "PRAGMA integrity_check") == "ok")
                recordedAfterKills.append(Int(try StoreFixtures.sqlite3(state, "SELECT count(*) FROM inputs WHERE outcome = 'ingested'")) ?? -1)
            }
            let lines = try jsonl(dir + "/out/documents.jsonl").records
            #expect(Set(lines.map(\.id)).count == lines.count, "a record twice in the JSONL after kill \(round)")
        }
        print("crash recovery: \(killedMidRun) of \(Self.kills) runs killed mid-run; inputs recorded after each kill: \(recordedAfterKills)")
        #expect(killedMidRun >= Self.kills - 2, "the runs finished before they could be killed")
        // Progress survived the kills: the state grew and never went back.
        #expect(recordedAfterKills.last ?? 0 > 0, "no input was ever recorded: \(recordedAfterKills)")
        #expect(recordedAfterKills == recordedAfterKills.sorted(), "\(recordedAfterKills)")

        // A complete run.
        let complete = try Workers.start(run + ["--report", dir + "/complete.json"], log: "\(dir)/complete.log")
        #expect(Workers.wait(complete) == 0, "\(Workers.output(complete))")

        let (records, whole) = try jsonl(dir + "/out/documents.jsonl")
        #expect(whole)
        #expect(records.count == Self.inputs)
        #expect(Set(records.map(\.id)).count == Self.inputs)
        #expect(Set(records.map(\.path)).count == Self.inputs)
        #expect(try StoreFixtures.sqlite3(dir + "/out/documents.db", "SELECT count(*) || ' ' || count(DISTINCT source_path) FROM documents") == "\(Self.inputs) \(Self.inputs)")
        #expect(try StoreFixtures.sqlite3(dir + "/out/documents.db", "SELECT count(DISTINCT document_id) FROM search_entries") == "\(Self.inputs)")
        #expect(try server.psql("SELECT count(*) || ' ' || count(DISTINCT source_path) FROM documents", database: database)
            .trimmingCharacters(in: .whitespacesAndNewlines) == "\(Self.inputs) \(Self.inputs)")
        #expect(try server.psql("SELECT count(*) FROM (SELECT document_id, ordinal FROM blocks GROUP BY 1, 2 HAVING count(*) > 1) d", database: database)
            .trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        #expect(try StoreFixtures.sqlite3(state, "SELECT count(*) FROM inputs WHERE outcome = 'ingested'") == "\(Self.inputs)")

        // Another run finds nothing to do and writes nothing.
        let before = FileManager.default.contents(atPath: dir + "/out/documents.jsonl")
        let again = try Workers.start(run + ["--report", dir + "/again.json"], log: "\(dir)/again.log")
        #expect(Workers.wait(again) == 0, "\(Workers.output(again))")
        #expect(FileManager.default.contents(atPath: dir + "/out/documents.jsonl") == before)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/again.json"))) as? [String: Any]
        let totals = ((report?["pipelines"] as? [[String: Any]])?.first?["totals"]) as? [String: Any]
        #expect(totals?["ingested"] as? Int == 0)
        #expect(totals?["unchanged"] as? Int == Self.inputs)
        #expect(try server.psql("SELECT count(*) FROM documents", database: database)
            .trimmingCharacters(in: .whitespacesAndNewlines) == "\(Self.inputs)")
    }

    /// Kills while the corpus changes between runs (files edited, deleted, copied, added) with
    /// `remove_missing: true`; after a complete run each output holds exactly what a fresh run of
    /// the final corpus writes.
    @Test func killedRunsOverAChangingCorpusEndAsAFreshRunWould() async throws {
        let server = PostgresServer.shared
        let (database, url) = try server.createDatabase("churn")
        let (oracleDatabase, oracleURL) = try server.createDatabase("oracle")
        let dir = try StoreFixtures.temporaryDirectory()
        let corpus = try Workers.corpus(600, size: 1_500, in: dir)
        func manifest(_ name: String, out: String, url: String, state: String) throws {
            try """
                version: 1
                state: \(state)
                pipelines:
                  churn:
                    inputs: [corpus]
                    batch_size: 8
                    remove_missing: true
                    sinks:
                      - name: jsonl
                        path: \(out)/documents.jsonl
                      - name: sqlite
                        path: \(out)/documents.db
                      - name: postgres
                        url: \(url)
                """.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        try manifest("churn.yaml", out: "out", url: url, state: ".sluice/state.db")
        try manifest("oracle.yaml", out: "oracle", url: oracleURL, state: "false")
        let run = ["run", dir + "/churn.yaml", "--quiet"]
        var generator = SystemRandomNumberGenerator()
        let file = { (i: Int) in corpus + String(format: "/doc%04d.txt", i) }
        for round in 0..<6 {
            let worker = try Workers.start(run, log: "\(dir)/churn\(round).log")
            usleep(UInt32.random(in: 100_000...1_200_000, using: &generator))
            kill(worker.pid, SIGKILL)
            _ = Workers.wait(worker)
            // Change the corpus between runs.
            for _ in 0..<10 {
                let i = Int.random(in: 0..<600, using: &generator)
                if FileManager.default.fileExists(atPath: file(i)) {
                    try ("修改过的内容 \(round) \(i)。\n" + String(repeating: "补充。", count: i % 50)).write(toFile: file(i), atomically: true, encoding: .utf8)
                }
            }
            for _ in 0..<5 {
                let i = Int.random(in: 0..<600, using: &generator)
                try? FileManager.default.removeItem(atPath: file(i))
            }
            for c in 0..<3 {
                let i = Int.random(in: 0..<600, using: &generator)
                if let bytes = FileManager.default.contents(atPath: file(i)) {
                    FileManager.default.createFile(atPath: corpus + "/copy-\(round)-\(c).txt", contents: bytes)
                }
            }
            try "新文件 \(round)。\n".write(toFile: corpus + "/new-\(round).txt", atomically: true, encoding: .utf8)
        }
        let complete = try Workers.start(run, log: "\(dir)/complete.log")
        #expect(Workers.wait(complete) == 0, "\(Workers.output(complete))")
        let fresh = try Workers.start(["run", dir + "/oracle.yaml", "--quiet"], log: "\(dir)/oracle.log")
        #expect(Workers.wait(fresh) == 0, "\(Workers.output(fresh))")

        // The same documents as the fresh run, each once. Identical bytes give identical documents,
        // stored once: under which of the identical inputs may differ from the fresh run (the first
        // one a run processed), so the path is checked to be an input with that content.
        func records(_ path: String) -> [String: [String: Any]] {
            var out: [String: [String: Any]] = [:]
            for line in ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n") {
                guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
                out[record["id"] as? String ?? "", default: [:]] = record
            }
            return out
        }
        func withoutPath(_ record: [String: Any]) -> NSDictionary {
            var r = record
            var source = r["source"] as? [String: Any] ?? [:]
            source["path"] = nil
            r["source"] = source
            return r as NSDictionary
        }
        let expected = records(dir + "/oracle/documents.jsonl")
        let actual = records(dir + "/out/documents.jsonl")
        let lineCount = ((try? String(contentsOfFile: dir + "/out/documents.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").count
        #expect(expected.count > 550)
        #expect(lineCount == actual.count, "a record twice in the JSONL")
        #expect(Set(actual.keys) == Set(expected.keys))
        for (id, record) in actual {
            guard let fresh = expected[id] else { continue }
            #expect(withoutPath(record) == withoutPath(fresh), "record \(id) differs from the fresh run's")
            let source = record["source"] as? [String: Any] ?? [:]
            let path = source["path"] as? String ?? ""
            let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) }
            #expect(bytes.map(SHA256.hexDigest(of:)) == source["sha256"] as? String, "\(id) is stored under \(path), which does not hold its content")
        }
        // SQLite and PostgreSQL: the same documents, each under an input of the final corpus.
        let ids = "SELECT id FROM documents ORDER BY id"
        let expectedIDs = try StoreFixtures.sqlite3(dir + "/oracle/documents.db", ids)
        #expect(expectedIDs.split(separator: "\n").count == expected.count)
        #expect(try StoreFixtures.sqlite3(dir + "/out/documents.db", ids) == expectedIDs)
        #expect(try server.psql(ids, database: database) == (try server.psql(ids, database: oracleDatabase)))
        let paths = "SELECT DISTINCT source_path FROM documents"
        for path in try StoreFixtures.sqlite3(dir + "/out/documents.db", paths).split(separator: "\n") + (try server.psql(paths, database: database)).split(separator: "\n") {
            let trimmed = path.trimmingCharacters(in: .whitespaces)
            #expect(FileManager.default.fileExists(atPath: trimmed), "documents stored under \(trimmed), which is gone")
        }
    }
}
#endif
