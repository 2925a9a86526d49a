import Foundation
import SluiceBuiltins
import SluiceCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A YAML "billion laughs": each level refers to the one before ten times.
func aliasBomb(levels: Int) -> String {
    var yaml = "version: 1\nx0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
    for level in 1..<levels {
        let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
        yaml += "x\(level): &a\(level) [\(refs)]\n"
    }
    yaml += "pipelines:\n  p:\n    inputs: *a\(levels - 1)\n    sinks: [{name: jsonl, path: out.jsonl}]\n"
    return yaml
}

/// Manifests built to hurt the loader: each must be refused (or accepted) with a clear message,
/// quickly, in bounded memory, and never crash `sluice`.
@Suite(.serialized) struct HostileManifestTests {
    let loader = ManifestLoader(registry: PluginRegistry.builtins(), environment: ["HOME": "/home/test"])

    /// Loads a manifest in process: the loader must throw a ManifestError whose issues contain
    /// `words`, or return a manifest when `words` is nil.
    func expectRefused(_ text: String, _ words: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        do {
            _ = try loader.load(text: text, file: "hostile.yaml", baseDirectory: "/tmp")
            Issue.record("accepted a hostile manifest", sourceLocation: sourceLocation)
        } catch {
            let message = error.description
            #expect(!error.issues.isEmpty, sourceLocation: sourceLocation)
            for word in words { #expect(message.contains(word), "'\(message.prefix(300))' lacks '\(word)'", sourceLocation: sourceLocation) }
            #expect(message.utf8.count < 20_000, "a message of \(message.utf8.count) bytes", sourceLocation: sourceLocation)
        }
    }

    @Test func aliasBombsAreRefused() {
        expectRefused(aliasBomb(levels: 9), ["alias"])
        // The classic one from the YAML billion-laughs write-ups, with mappings.
        var yaml = "a: &a {x: 1, y: 1, z: 1}\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j", "k"] {
            yaml += "\(name): &\(name) {x: *\(previous), y: *\(previous), z: *\(previous), w: *\(previous)}\n"
            previous = name
        }
        expectRefused(yaml, [])
    }

    @Test func aliasBombThroughTheCommandLine() throws {
        let scratch = Scratch()
        scratch.write("bomb.yaml", aliasBomb(levels: 12))
        let outcome = try runSluice(["validate", "bomb.yaml"], in: scratch.path, timeout: 60)
        #expect(!outcome.timedOut && outcome.signal == nil)
        #expect(outcome.status == 2, "\(outcome.stderr.prefix(500))")
        #expect(outcome.stderr.contains("bomb.yaml"))
        #expect(outcome.maxRSS < 1 << 30, "validate used \(outcome.maxRSS >> 20) MB")
        let run = try runSluice(["run", "bomb.yaml"], in: scratch.path, timeout: 60)
        #expect(run.status == 2 && run.signal == nil && !run.timedOut)
    }

    @Test func hugeManifestsAreRefused() throws {
        let scratch = Scratch()
        // Over the byte limit.
        var big = "version: 1\npipelines:\n  p:\n    inputs: [a]\n    sinks: [{name: jsonl, path: o.jsonl}]\n# "
        big += String(repeating: "padding ", count: 700_000) + "\n"
        scratch.write("big.yaml", big)
        let outcome = try runSluice(["validate", "big.yaml"], in: scratch.path)
        #expect(outcome.status == 2 && outcome.signal == nil)
        #expect(outcome.stderr.contains("limit"), "\(outcome.stderr.prefix(500))")
        expectRefused(big, ["limit"])

        // Under the byte limit but with a great many nodes.
        var many = "version: 1\npipelines:\n"
        for i in 0..<30_000 { many += "  p\(i): {inputs: [a, b, c], sinks: [{name: jsonl, path: o\(i).jsonl}]}\n" }
        #expect(many.utf8.count < 4 << 20)
        scratch.write("many.yaml", many)
        let manyOutcome = try runSluice(["validate", "many.yaml"], in: scratch.path, timeout: 60)
        #expect(!manyOutcome.timedOut && manyOutcome.signal == nil)
        #expect(manyOutcome.status == 2 || manyOutcome.status == 0)
        #expect(manyOutcome.stderr.utf8.count < 1 << 20, "a \(manyOutcome.stderr.utf8.count)-byte error report")

        // One giant scalar.
        let scalar = "version: 1\npipelines:\n  p:\n    inputs: [\"" + String(repeating: "x", count: 3_000_000) + "\"]\n    sinks: [{name: jsonl, path: o.jsonl}]\n"
        scratch.write("scalar.yaml", scalar)
        let scalarOutcome = try runSluice(["validate", "scalar.yaml"], in: scratch.path, timeout: 60)
        #expect(!scalarOutcome.timedOut && scalarOutcome.signal == nil && [0, 2].contains(scalarOutcome.status))
        #expect(scalarOutcome.stderr.utf8.count < 100_000, "the error quotes the giant scalar")
    }

    @Test(arguments: [("flow sequences", 20_000, "[", "]"), ("flow mappings", 20_000, "{a: ", "}"), ("block sequences", 3_000, "- ", "")])
    func deepNestingDoesNotCrash(kind: String, depth: Int, open: String, close: String) throws {
        let scratch = Scratch()
        var text = "version: 1\nx: "
        if close.isEmpty {
            text += "\n"
            for level in 0..<depth { text += String(repeating: " ", count: level * 2) + open + "\n" }
        } else {
            text += String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth) + "\n"
        }
        scratch.write("deep.yaml", text)
        let outcome = try runSluice(["validate", "deep.yaml"], in: scratch.path, timeout: 60)
        #expect(!outcome.timedOut, "\(kind): hang")
        #expect(outcome.signal == nil, "\(kind): sluice died of signal \(outcome.signal ?? 0)")
        #expect(outcome.status == 2, "\(kind): \(outcome.status) \(outcome.stderr.prefix(300))")
    }

    @Test func unreadableManifestsAreRefusedWithAReason() throws {
        let scratch = Scratch()
        scratch.write("invalid-utf8.yaml", Array("version: 1\npipelines: ".utf8) + [0xFF, 0xFE, 0x80] + Array("\n".utf8))
        scratch.write("utf16.yaml", [0xFF, 0xFE] + encode("version: 1\npipelines: {}\n", as: .utf16LittleEndian))
        scratch.write("nul.yaml", Array("version: 1\n".utf8) + [0] + Array("pipelines: {}\n".utf8))
        scratch.write("empty.yaml", "")
        scratch.write("spaces.yaml", "   \n\n  \t\n")
        scratch.write("comment.yaml", "# nothing here\n")
        var rng = Xorshift(seed: 7)
        scratch.write("binary.yaml", rng.bytes(10_000))
        scratch.write("tabs.yaml", "version: 1\npipelines:\n\tp:\n\t\tinputs: [a]\n")
        scratch.write("scalar.yaml", "just a string\n")
        scratch.write("list.yaml", "- a\n- b\n")
        scratch.write("dir.yaml/inner.txt", "x")
        #expect(mkfifo(scratch.path + "/fifo.yaml", 0o644) == 0)
        symlink("/dev/zero", scratch.path + "/zero.yaml")
        symlink("loop.yaml", scratch.path + "/loop.yaml")
        for name in ["invalid-utf8.yaml", "utf16.yaml", "nul.yaml", "empty.yaml", "spaces.yaml", "comment.yaml", "binary.yaml",
                     "tabs.yaml", "scalar.yaml", "list.yaml", "dir.yaml", "fifo.yaml", "zero.yaml", "loop.yaml", "missing.yaml"] {
            let outcome = try runSluice(["validate", name], in: scratch.path, timeout: 30)
            #expect(!outcome.timedOut, "\(name): validate hung")
            #expect(outcome.signal == nil, "\(name): died of signal \(outcome.signal ?? 0)")
            #expect(outcome.status == 2, "\(name): exit \(outcome.status): \(outcome.stderr.prefix(300))")
            #expect(outcome.stderr.contains(name), "\(name): the error does not name the file: \(outcome.stderr.prefix(300))")
            #expect(outcome.maxRSS < 512 << 20, "\(name): \(outcome.maxRSS >> 20) MB")
        }
    }

    @Test func interpolationCannotBeTurnedIntoABomb() {
        // Variables are expanded once: a value that itself holds ${...} is not expanded again.
        let env = ["A": "${A}${A}${A}${A}${A}${A}${A}${A}", "B": "$(rm -rf /)", "C": String(repeating: "x", count: 100_000)]
        let loader = ManifestLoader(registry: PluginRegistry.builtins(), environment: env)
        let text = "version: 1\npipelines:\n  p:\n    inputs: [\"${A}\", \"${B}\", \"${C}\"]\n    sinks: [{name: jsonl, path: o.jsonl}]\n"
        do {
            let manifest = try loader.load(text: text, file: "interp.yaml", baseDirectory: "/tmp")
            let inputs = manifest.pipelines.first?.inputs ?? []
            #expect(inputs.first == env["A"], "interpolation went recursive: \(inputs.first?.prefix(100) ?? "")")
            #expect(inputs.dropFirst().first == env["B"])
        } catch {
            #expect(!error.issues.isEmpty)
        }
    }
}
