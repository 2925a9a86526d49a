import Foundation
import Testing

/// The samples in Samples/exec, run for real through the `sluice` binary.
@Suite("Exec samples")
struct ExecSampleTests {
    @Test("the sample manifest reads every CSV row through the Python reader and the Python normalizer")
    func sampleManifest() throws {
        let scratch = try ExecScratch()
        let run = try runSluice(["run", "manifest.yaml", "--report", "report.json"], in: scratch.path)
        #expect(run.status == 0, "\(run.stderr)")
        let documents = scratch.jsonLines("out/contacts.jsonl")
        #expect(documents.count == 5)
        let titles = documents.compactMap { $0["title"] as? String }.sorted()
        #expect(titles == ["Ada Lovelace", "Grace Hopper", "Invisible Cities", "The Name of the Rose", "Émile Zola"])
        let ada = try #require(documents.first { $0["title"] as? String == "Ada Lovelace" })
        let text = try #require(ada["text"] as? String)
        #expect(text.contains("email: ***") && text.contains("phone: ***"), "the normalizer masked the address and number: \(text)")
        #expect(!text.contains("ada@example.org"))
        let source = try #require(ada["source"] as? [String: Any])
        #expect(source["reader"] as? String == "exec")
        #expect((source["path"] as? String)?.hasSuffix("data/contacts.csv") == true)
        let inputs = scratch.reportInputs("report.json")
        #expect(inputs["header-only.csv"]?["status"] as? String == "skipped")
    }

    @Test("programs in plugin_paths become named plugins that auto routing picks by extension")
    func folderManifest() throws {
        let scratch = try ExecScratch()
        let run = try runSluice(["run", "manifest-folder.yaml"], in: scratch.path)
        #expect(run.status == 0, "\(run.stderr)")
        let documents = scratch.jsonLines("out/contacts-folder.jsonl")
        #expect(documents.count == 5)
        #expect(documents.allSatisfy { ($0["source"] as? [String: Any])?["reader"] as? String == "csv-rows" })
        let byCommand = try runSluice(["run", "manifest.yaml"], in: scratch.path)
        #expect(byCommand.status == 0)
        let texts = { (docs: [[String: Any]]) in docs.compactMap { $0["text"] as? String }.sorted() }
        #expect(texts(documents) == texts(scratch.jsonLines("out/contacts.jsonl")))
    }

    @Test("sluice plugins lists folder plugins with their options; validate accepts the manifests")
    func pluginsListing() throws {
        let scratch = try ExecScratch()
        let env = ["SLUICE_PLUGIN_PATH": scratch.path + "/plugins"]
        let list = try runSluice(["plugins"], in: scratch.path, environment: env)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("csv-rows") && list.stdout.contains("redact") && list.stdout.contains("exec-normalizer"))
        let one = try runSluice(["plugins", "csv-rows"], in: scratch.path, environment: env)
        #expect(one.status == 0, "\(one.stderr)")
        for option in ["delimiter", "title_column", "max_rows", "timeout", "workers", "max_memory"] {
            #expect(one.stdout.contains(option), "option \(option) listed")
        }
        for manifest in ["manifest.yaml", "manifest-folder.yaml"] {
            let check = try runSluice(["validate", manifest], in: scratch.path)
            #expect(check.status == 0, "\(manifest): \(check.stderr)")
        }
    }

    @Test("a setting the program does not declare, or a bad value for one it does, is a configuration error")
    func badSettings() throws {
        let scratch = try ExecScratch()
        scratch.write("unknown.yaml", """
            version: 1
            state: false
            pipelines:
              p:
                inputs: [data]
                reader: {name: exec, command: [python3, plugins/csv_rows.py], settings: [colour=blue]}
                sinks: [{name: jsonl, path: out.jsonl}]
            """)
        let unknown = try runSluice(["validate", "unknown.yaml"], in: scratch.path)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no option 'colour'") && unknown.stderr.contains("delimiter"), "\(unknown.stderr)")
        scratch.write("refused.yaml", """
            version: 1
            state: false
            plugin_paths: plugins
            pipelines:
              p:
                inputs: [data]
                reader: {name: csv-rows, delimiter: ";;"}
                sinks: [{name: jsonl, path: out.jsonl}]
            """)
        let refused = try runSluice(["validate", "refused.yaml"], in: scratch.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("refuses its options: delimiter must be exactly one character"), "\(refused.stderr)")
    }
}

/// Routing to folder plugins: by a confidence hook, and by extension for a shell program.
@Suite("Exec routing")
struct ExecRoutingTests {
    @Test("auto asks a program's confidence hook per input and routes by extension to a shell reader")
    func confidenceHook() throws {
        let scratch = try ExecScratch()
        scratch.write("in/a.dat", "HOOK first")
        scratch.write("in/b.triv", "whatever")
        scratch.write("in/c.dat", "HOOK second")
        scratch.write("in/d.dat", "nobody claims this")
        scratch.write("m.yaml", """
            version: 1
            state: false
            plugin_paths: programs/folder
            pipelines:
              p:
                inputs: [in]
                concurrency: 1
                sinks: [{name: jsonl, path: out.jsonl}]
            """)
        let run = try runSluice(["run", "m.yaml", "--report", "r.json"], in: scratch.path)
        #expect(run.status == 0, "\(run.stderr)")
        let documents = scratch.jsonLines("out.jsonl")
        let summary = documents.map { doc -> String in
            let source = doc["source"] as? [String: Any] ?? [:]
            return "\((source["path"] as? String ?? "").split(separator: "/").last ?? "") \(source["reader"] as? String ?? "") \(doc["text"] as? String ?? "")"
        }
        #expect(summary == ["a.dat hooked HOOK first", "b.triv trivial input 1", "c.dat hooked HOOK second"], "\(summary)")
        let report = scratch.reportInputs("r.json")
        #expect(report["d.dat"]?["status"] as? String == "skipped")
    }
}
