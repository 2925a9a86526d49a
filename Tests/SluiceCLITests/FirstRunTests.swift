import Foundation
import Testing

/// What a new user trips on first: manifests that cannot work are refused with a position,
/// skips say why, and the samples leave nothing for git to pick up.
@Suite(.serialized) struct FirstRunTests {
    private let sinks = "    sinks: [{name: jsonl, path: out.jsonl}]\n"

    @Test func aMissingInputIsAConfigurationErrorBeforeAnySinkOpens() throws {
        let scratch = Scratch()
        scratch.write("docs/a.txt", "A title\n\nSome text.\n")
        scratch.write("m.yaml", "version: 1\npipelines:\n  a:\n    inputs: [docs, missing.txt]\n" + sinks)
        var r = try sluice(["validate", "m.yaml"], in: scratch.path)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("m.yaml:4:20: error: pipelines.a.inputs[1]: input 'missing.txt' does not exist"), "\(r.stderr)")
        r = try sluice(["run", "m.yaml"], in: scratch.path)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(scratch.read("out.jsonl") == nil, "no sink was opened")
        // A pattern that matches nothing is not a configuration error.
        scratch.write("g.yaml", "version: 1\npipelines:\n  a:\n    inputs: [docs, \"*.nomatch\"]\n" + sinks)
        r = try sluice(["validate", "g.yaml"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func unknownTagsAreRejectedWithTheirPosition() throws {
        let scratch = Scratch()
        scratch.write("m.yaml", "version: 1\npipelines:\n  a:\n    inputs: [!include /etc/passwd]\n" + sinks)
        let r = try sluice(["run", "m.yaml"], in: scratch.path)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("m.yaml:4:14: error: unknown YAML tag '!include'"), "\(r.stderr)")
        #expect(scratch.read("out.jsonl") == nil)
        // YAML's own tags are fine.
        scratch.write("docs/a.txt", "A title\n\nSome text.\n")
        scratch.write("ok.yaml", "version: !!int 1\npipelines:\n  a:\n    inputs: [!!str docs]\n" + sinks)
        #expect(try sluice(["validate", "ok.yaml"], in: scratch.path).status == 0)
    }

    @Test func syntaxErrorsPointAtTheOpeningBracketAndDuplicatesHideNothing() throws {
        let scratch = Scratch()
        scratch.write("docs/a.txt", "A title\n\nSome text.\n")
        scratch.write("open.yaml", "version: 1\npipelines:\n  a:\n    inputs: [docs,\n" + sinks)
        var r = try sluice(["validate", "open.yaml"], in: scratch.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("open.yaml:4:13: error: YAML syntax error"), "\(r.stderr)")
        scratch.write("dup.yaml", "version: 1\npipelines:\n  a:\n    inputs: [docs]\n    inputs: [docs]\n    sinks: [{name: nosuch}]\n    bogus: 1\n")
        r = try sluice(["validate", "dup.yaml"], in: scratch.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("dup.yaml:5:5: error: duplicate key 'inputs'"), "\(r.stderr)")
        #expect(r.stderr.contains("unknown sink 'nosuch'") && r.stderr.contains("unknown key 'bogus'"), "\(r.stderr)")
        #expect(r.stderr.contains("3 errors in dup.yaml"), "\(r.stderr)")
    }

    @Test func unsupportedFormatsSayNoReaderSupportsThem() throws {
        let scratch = Scratch()
        scratch.write("in/report.pdf", Array("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj\n".utf8))
        scratch.write("in/archive.zip", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00])
        let r = try sluice(["ingest", "in", "--jsonl", "out.jsonl", "--no-store"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("skipped  in/report.pdf: no installed reader supports .pdf files"), "\(r.stderr)")
        #expect(r.stderr.contains("skipped  in/archive.zip: no installed reader supports .zip files"), "\(r.stderr)")
        #expect(!r.stderr.contains("--reader"))
    }

    @Test func theSampleStoresAreIgnoredByGitWhereverTheyAre() throws {
        guard FileManager.default.fileExists(atPath: repositoryRoot + "/.git") else {
            print("skipped: \(repositoryRoot) is not a git checkout")
            return
        }
        for path in ["sluice.db", "sluice.db-wal", "Samples/CustomReader/sluice.db", "Samples/CustomReader/sluice.db-shm"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", repositoryRoot, "check-ignore", "-q", "--no-index", path]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(path) is not ignored by .gitignore")
        }
    }
}
