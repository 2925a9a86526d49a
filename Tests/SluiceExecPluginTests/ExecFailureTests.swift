import Foundation
import Testing

/// Programs that crash, hang, print garbage, flood or hog memory fail only their input.
@Suite("Exec failures")
struct ExecFailureTests {
    func manifest(_ extra: String = "") -> String {
        """
        version: 1
        state: false
        pipelines:
          p:
            inputs: [in]
            concurrency: 2
            reader: {name: exec, command: [python3, programs/misbehave.py], timeout: 3, workers: 2, max_output_bytes: 1048576\(extra)}
            sinks: [{name: jsonl, path: out.jsonl}]
        """
    }

    @Test("each misbehaving input fails alone, with the reason and the program's stderr; the others are read")
    func misbehavingInputs() throws {
        let scratch = try ExecScratch()
        let inputs = [
            "a1": "first fine input", "a2": "CRASH now", "a3": "second fine input", "a4": "HANG here",
            "a5": "GARBAGE out", "a6": "FLOOD it", "a7": "BADDOC please", "a8": "REFUSE me", "a9": "third fine input",
        ]
        for (name, text) in inputs { scratch.write("in/\(name).bad", text) }
        scratch.write("m.yaml", manifest())
        let run = try runSluice(["run", "m.yaml", "--report", "r.json"], in: scratch.path)
        #expect(run.status == 1, "some inputs failed: \(run.stderr)")
        let texts = scratch.jsonLines("out.jsonl").compactMap { $0["text"] as? String }.sorted()
        #expect(texts == ["first fine input", "second fine input", "third fine input"])
        let report = scratch.reportInputs("r.json")
        let expected: [String: [String]] = [
            "a2.bad": ["ended (exited with status 3)", "crashing on purpose"],
            "a4.bad": ["did not answer within 3 s", "hanging on purpose"],
            "a5.bad": ["not JSON"],
            "a6.bad": ["over 1048576 bytes", "max_output_bytes"],
            "a7.bad": ["does not follow the schema", "missing key 'text'"],
            "a8.bad": ["refusing this input on purpose"],
        ]
        for (name, fragments) in expected {
            let input = try #require(report[name], "\(name) is in the report")
            #expect(input["status"] as? String == "failed", "\(name)")
            #expect(input["stage"] as? String == "reader:exec", "\(name)")
            let reason = input["reason"] as? String ?? ""
            for fragment in fragments { #expect(reason.contains(fragment), "\(name): \(reason)") }
        }
        for name in ["a1.bad", "a3.bad", "a9.bad"] { #expect(report[name]?["status"] as? String == "ingested") }
    }

    @Test("a program over max_memory fails its input and a fresh one serves the next")
    func memoryLimit() throws {
        let scratch = try ExecScratch()
        scratch.write("in/b1.bad", "HOG memory")
        scratch.write("in/b2.bad", "after the hog")
        scratch.write("m.yaml", manifest(", max_memory: 200"))
        let run = try runSluice(["run", "m.yaml", "--report", "r.json"], in: scratch.path)
        #expect(run.status == 1)
        let report = scratch.reportInputs("r.json")
        #expect(report["b1.bad"]?["status"] as? String == "failed")
        let reason = report["b1.bad"]?["reason"] as? String ?? ""
        #expect(reason.contains("MemoryError"), "\(report)")
        #expect(report["b2.bad"]?["status"] as? String == "ingested")
    }

    @Test("a program that never answers the handshake is a configuration error at startup")
    func silentHandshake() throws {
        let scratch = try ExecScratch()
        scratch.write("in/c.bad", "fine")
        scratch.write("m.yaml", """
            version: 1
            state: false
            pipelines:
              p:
                inputs: [in]
                reader: {name: exec, command: [python3, programs/mute.py], timeout: 1}
                sinks: [{name: jsonl, path: out.jsonl}]
            """)
        for command in ["validate", "run"] {
            let result = try runSluice([command, "m.yaml"], in: scratch.path)
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr.contains("handshake failed") && result.stderr.contains("did not answer within 1 s"), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/out.jsonl"), "nothing was written")
    }

    @Test("a huge timeout or max_memory is a configuration error, not a crash")
    func hugeLimits() throws {
        let scratch = try ExecScratch()
        scratch.write("in/d.bad", "fine")
        let huge = [
            (manifest().replacingOccurrences(of: "timeout: 3", with: "timeout: 1e300"), "timeout must be"),
            (manifest(", max_memory: 9223372036854775807"), "max_memory must be"),
        ]
        for (text, fragment) in huge {
            scratch.write("m.yaml", text)
            let result = try runSluice(["validate", "m.yaml"], in: scratch.path)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains(fragment), "\(result.stderr)")
        }
    }
}
