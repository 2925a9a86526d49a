#if Postgres
import Foundation
import SluiceTesting
import SluiceTestSupport
import Testing
import Yams

/// The cluster templates in deploy/: parsed, and the exact commands they hold run locally, one
/// process per index, against a real PostgreSQL.
@Suite("Deploy templates", .serialized)
struct DeployTemplateTests {
    let server = PostgresServer.shared

    /// What a template runs: a shell script, the variables it sets, and how many copies.
    struct Template {
        var script: String
        var environment: [String: String]
        var copies: Int
    }

    func kubernetesJob(_ name: String) throws -> (template: Template, spec: [String: Any]) {
        let text = try String(contentsOfFile: SluiceCheckout.root + "/deploy/kubernetes/" + name, encoding: .utf8)
        let root = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect(root["kind"] as? String == "Job")
        let spec = try #require(root["spec"] as? [String: Any])
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        #expect(container["command"] as? [String] == ["/bin/sh", "-c"])
        let script = try #require((container["args"] as? [String])?.first)
        var environment: [String: String] = [:]
        for entry in container["env"] as? [[String: Any]] ?? [] {
            if let key = entry["name"] as? String, let value = entry["value"] as? String { environment[key] = value }
        }
        let copies = try #require((spec["completions"] ?? spec["parallelism"]) as? Int)
        return (Template(script: script, environment: environment, copies: copies), spec)
    }

    /// Runs the template's script once per index (`indexVariable` set to 0..<copies), all at once.
    func run(_ template: Template, indexVariable: String?, environment: [String: String], in dir: String) throws -> [Int32] {
        let binDir = (SluiceCheckout.sluiceBinary as NSString).deletingLastPathComponent
        var processes: [Process] = []
        for index in 0..<template.copies {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", template.script]
            var env = ProcessInfo.processInfo.environment
            env["PATH"] = binDir + ":" + (env["PATH"] ?? "/usr/bin:/bin")
            for (k, v) in template.environment.merging(environment, uniquingKeysWith: { $1 }) { env[k] = v }
            if let indexVariable { env[indexVariable] = String(index) }
            if let perIndex = environment["DATABASE_URL_\(index)"] { env["DATABASE_URL"] = perIndex }
            process.environment = env
            let log = "\(dir)/worker\(index).log"
            FileManager.default.createFile(atPath: log, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: log)
            process.standardError = FileHandle(forWritingAtPath: log)
            try process.run()
            processes.append(process)
        }
        return processes.map { p in
            p.waitUntilExit()
            return p.terminationStatus
        }
    }

    func paths(_ database: String) throws -> [String] {
        try server.psql("SELECT source_path FROM documents ORDER BY source_path", database: database)
            .split(separator: "\n").map(String.init)
    }

    func corpus(_ count: Int) throws -> (dir: String, files: [String]) {
        let dir = NSTemporaryDirectory() + "sluice-deploy-" + UUID().uuidString
        let root = try Workers.corpus(count, size: 300, in: dir)
        let files = try FileManager.default.contentsOfDirectory(atPath: root).sorted().map { root + "/" + $0 }
        return (dir, files)
    }

    /// Checks that the shards of `template` (each into its own database, then all into one)
    /// together hold every input exactly once.
    func checkSharded(_ template: Template, indexVariable: String) throws {
        #expect(template.script.contains("--shard \"$\(indexVariable)/\(template.copies)\""), "the shard count matches the copies")
        let (dir, files) = try corpus(40)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var environment = ["INPUTS": dir + "/corpus"]
        var databases: [String] = []
        for index in 0..<template.copies {
            let db = try server.createDatabase("shard")
            databases.append(db.name)
            environment["DATABASE_URL_\(index)"] = db.url
        }
        environment["DATABASE_URL"] = "unused"
        #expect(try run(template, indexVariable: indexVariable, environment: environment, in: dir).allSatisfy { $0 == 0 })
        let perShard = try databases.map { try paths($0) }
        #expect(perShard.filter { !$0.isEmpty }.count > 1, "the work was split")
        #expect(perShard.flatMap { $0 }.sorted() == files, "every input in exactly one shard")
        let shared = try server.createDatabase("shared")
        environment = ["INPUTS": dir + "/corpus", "DATABASE_URL": shared.url]
        #expect(try run(template, indexVariable: indexVariable, environment: environment, in: dir).allSatisfy { $0 == 0 })
        #expect(try paths(shared.name) == files)
    }

    @Test("the Kubernetes Indexed Job's pods cover the corpus exactly once")
    func indexedJob() throws {
        let (template, spec) = try kubernetesJob("indexed-job.yaml")
        #expect(spec["completionMode"] as? String == "Indexed")
        #expect(template.script.contains("--postgres \"$DATABASE_URL\""))
        try checkSharded(template, indexVariable: "JOB_COMPLETION_INDEX")
    }

    @Test("the Slurm array's tasks cover the corpus exactly once")
    func slurmArray() throws {
        let script = try String(contentsOfFile: SluiceCheckout.root + "/deploy/slurm/ingest-array.sh", encoding: .utf8)
        let array = try #require(script.split(separator: "\n").first { $0.hasPrefix("#SBATCH --array=") })
        let bounds = array.dropFirst("#SBATCH --array=".count).split(separator: "-").compactMap { Int($0) }
        #expect(bounds.count == 2 && bounds[0] == 0)
        try checkSharded(Template(script: script, environment: [:], copies: bounds[1] + 1), indexVariable: "SLURM_ARRAY_TASK_ID")
    }

    @Test("the Kubernetes claims Job's pods share the corpus through PostgreSQL, each input claimed once")
    func claimsJob() throws {
        let (template, _) = try kubernetesJob("claims-job.yaml")
        #expect(template.script.contains("--claims \"$DATABASE_URL\""))
        let (dir, files) = try corpus(60)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try server.createDatabase("claims")
        let statuses = try run(template, indexVariable: nil, environment: ["INPUTS": dir + "/corpus", "DATABASE_URL": db.url], in: dir)
        #expect(statuses.count == 3 && statuses.allSatisfy { $0 == 0 })
        #expect(try paths(db.name) == files)
        let claims = try server.psql("SELECT count(*) FROM sluice_claims WHERE state = 'done' AND attempts = 1", database: db.name)
        #expect(claims.trimmingCharacters(in: .whitespacesAndNewlines) == String(files.count), "each input claimed and done once")
    }
}
#endif
