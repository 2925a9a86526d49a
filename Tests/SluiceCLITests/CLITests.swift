import Foundation
import SluiceCore
import SluiceTesting
import SluiceTestSupport
import Testing

@Suite(.serialized) struct CLIIngestTests {
    @Test func plainArticleToJSONL() throws {
        let scratch = Scratch()
        let out = scratch.path + "/out.jsonl"
        let r = try sluice(["ingest", "Samples/documents/plain-article.txt", "--jsonl", out, "--no-store"])
        #expect(r.status == 0, "\(r.stderr)")
        let records = try jsonLines(scratch.read("out.jsonl") ?? "")
        #expect(records.count == 1)
        let d = records[0]
        #expect((d["title"] as? String)?.hasPrefix("近日,靖江公司蒋红扬获得泰州市第十六批") == true)
        let blocks = d["blocks"] as? [[String: Any]] ?? []
        #expect(blocks.filter { $0["type"] as? String == "heading" }.compactMap { $0["text"] as? String } == ["初次接触", "渐入佳境", "领军人物"])
        #expect(blocks.filter { $0["type"] as? String == "paragraph" }.count == 12)
        #expect((d["source"] as? [String: Any])?["reader"] as? String == "text")
        #expect((d["source"] as? [String: Any])?["path"] as? String == "Samples/documents/plain-article.txt")
        #expect(d["schema"] as? Int == 1)
        #expect(r.stderr.contains("1 of 1 input(s) ingested"))
    }

    @Test func autoModeRoutesEachSeedToItsReader() throws {
        let scratch = Scratch()
        let r = try sluice(["ingest", "Samples/documents", "Samples/news", "--jsonl", scratch.path + "/all.jsonl", "--no-store", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        var readers: [String: String] = [:]
        for record in try jsonLines(scratch.read("all.jsonl") ?? "") {
            let source = record["source"] as? [String: Any]
            readers[PathSupport.lastComponent(source?["path"] as? String ?? "")] = source?["reader"] as? String
        }
        #expect(readers["plain-article.txt"] == "text")
        #expect(readers["grouped-minutes.txt"] == "minutes")
        #expect(readers["news-page-text-1.txt"] == "news")
        #expect(readers["news-page-text-2.txt"] == "news")
        #expect(readers["news-article-3.txt"] == "news")
        #expect(readers["portal-gbk-table.html"] == "news")
        // Word files: decoded, then read by what they hold; Markdown by the markdown reader.
        #expect(readers["grouped-minutes-part.docx"] == "minutes")
        #expect(readers["plain-article.docx"] == "text")
        #expect(readers["release-notes.md"] == "markdown")
        #expect(readers.count == 11)
    }

    @Test func outputIsByteIdenticalAcrossRuns() throws {
        let scratch = Scratch()
        for name in ["a", "b"] {
            let r = try sluice(["ingest", "Samples/documents", "--jsonl", scratch.path + "/\(name).jsonl", "--no-store", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let a = scratch.read("a.jsonl"), b = scratch.read("b.jsonl")
        #expect(a != nil && !(a!.isEmpty))
        #expect(a == b)
        #expect(try jsonLines(a!).count >= 5)
    }

    @Test func jsonlToStandardOutput() throws {
        let r = try sluice(["ingest", "Samples/documents/plain-article.txt", "--jsonl", "-", "--no-store", "--quiet"])
        #expect(r.status == 0)
        #expect(try jsonLines(r.stdout).count == 1)
        #expect(r.stderr.isEmpty)
    }

    @Test func badFilesAreReportedAndGoodOnesIngested() throws {
        let scratch = Scratch()
        let dir = "inputs"
        scratch.write("\(dir)/good.txt", "A title\nA paragraph of good text.\n")
        let chinese = String(repeating: "乌镇来过，未曾离开。乌镇之美，美在朦朦的烟雨。", count: 6)
        scratch.write("\(dir)/invalid-utf8.txt", Array("标题\n\(chinese)".utf8) + [0xFF] + Array("\(chinese)\n".utf8))
        scratch.write("\(dir)/gb18030.txt", try LegacyEncoding.encode("标题\n这是一段用GB18030编码的中文文本，包含镕字。\n", as: "GB18030"))
        scratch.write("\(dir)/utf16.txt", [0xFF, 0xFE] + (try LegacyEncoding.encode("Title\nSixteen bits per unit.\n", as: "UTF-16LE")))
        scratch.write("\(dir)/binary.txt", [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 0, 1, 2, 3])
        scratch.write("\(dir)/empty.txt", "")
        symlink(scratch.path + "/\(dir)/does-not-exist.txt", scratch.path + "/\(dir)/unreadable.txt")
        let report = scratch.path + "/report.json"
        let r = try sluice(["ingest", dir, "--jsonl", "out.jsonl", "--no-store", "--report", report], in: scratch.path)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("failed   inputs/binary.txt: [reader:text]"))
        #expect(r.stderr.contains("binary file"))
        #expect(r.stderr.contains("failed   inputs/unreadable.txt: [discover] broken symbolic link"))
        #expect(r.stderr.contains("skipped  inputs/empty.txt: empty file"))
        #expect(r.stderr.contains("warning  inputs/invalid-utf8.txt:"))
        let records = try jsonLines(scratch.read("out.jsonl") ?? "")
        let paths = records.compactMap { ($0["source"] as? [String: Any])?["path"] as? String }
        #expect(paths == ["inputs/gb18030.txt", "inputs/good.txt", "inputs/invalid-utf8.txt", "inputs/utf16.txt"])
        let gb = records.first { (($0["source"] as? [String: Any])?["path"] as? String) == "inputs/gb18030.txt" }
        #expect((gb?["source"] as? [String: Any])?["encoding"] as? String == "GB18030")
        #expect((gb?["text"] as? String)?.contains("镕") == true)
        let utf16 = records.first { (($0["source"] as? [String: Any])?["path"] as? String) == "inputs/utf16.txt" }
        #expect((utf16?["text"] as? String) == "Sixteen bits per unit.")

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
        let pipeline = (json["pipelines"] as! [[String: Any]])[0]
        let totals = pipeline["totals"] as! [String: Any]
        #expect(totals["inputs"] as? Int == 7)
        #expect(totals["ingested"] as? Int == 4)
        #expect(totals["skipped"] as? Int == 1)
        #expect(totals["failed"] as? Int == 2)
        let inputs = pipeline["inputs"] as! [[String: Any]]
        #expect(inputs.count == 7)
        #expect(inputs.allSatisfy { ["ingested", "skipped", "failed"].contains($0["status"] as? String ?? "") })
    }

    @Test func failPolicyPrintsNothingToStandardOutput() throws {
        let scratch = Scratch()
        for i in 0..<20 { scratch.write("in/\(String(format: "%02d", i)).txt", "Title \(i)\nBody \(i).\n") }
        scratch.write("in/15-binary.txt", [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 0])
        let r = try sluice(["ingest", "in", "--on-error", "fail", "--jsonl", "-", "--no-store", "--concurrency", "1"], in: scratch.path)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty, "a stopped run prints no records")
        #expect(r.stderr.contains("stopped at the first failure"))
    }

    @Test func interruptFinishesInFlightCommitsAndReports() throws {
        let scratch = Scratch()
        // A large first input keeps the run busy long enough to be interrupted.
        let paragraph = String(repeating: "乌镇来过，未曾离开。乌镇之美，美在朦朦的烟雨。", count: 20) + "\n"
        scratch.write("in/000-big.txt", "标题\n" + String(repeating: paragraph, count: 6_000))
        for i in 1...300 { scratch.write("in/\(String(format: "%03d", i)).txt", "Title \(i)\nBody \(i).\n") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sluiceBinary)
        process.arguments = ["ingest", "in", "--no-store", "--jsonl", "out.jsonl", "--report", "report.json", "--concurrency", "1", "--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: scratch.path)
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Interrupt once the run has read the large input (its read bytes, from /proc, pass the
        // file's size), not after a fixed time: a loaded machine can take longer to start a run.
        let bigSize = (try FileManager.default.attributesOfItem(atPath: scratch.path + "/in/000-big.txt")[.size] as? Int) ?? 0
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, process.isRunning {
            let io = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/io", encoding: .utf8)) ?? ""
            let read = io.split(separator: "\n").first { $0.hasPrefix("rchar:") }.flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) } ?? 0
            if read >= bigSize { break }
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let report = try JSONSerialization.jsonObject(with: Data((scratch.read("report.json") ?? "{}").utf8)) as? [String: Any]
        let pipeline = (report?["pipelines"] as? [[String: Any]])?.first
        #expect(pipeline?["interrupted"] as? Bool == true)
        let inputs = pipeline?["inputs"] as? [[String: Any]] ?? []
        #expect(inputs.count == 301)
        let ingested = inputs.filter { $0["status"] as? String == "ingested" }.count
        let notReached = inputs.filter { ($0["reason"] as? String)?.contains("interrupted") == true }.count
        #expect(ingested >= 1)
        #expect(notReached >= 1)
        #expect(ingested + notReached == 301)
        #expect(try jsonLines(scratch.read("out.jsonl") ?? "").count == ingested, "what was done is committed")
    }

    @Test func globCharactersAndEmptyPatterns() throws {
        let scratch = Scratch()
        scratch.write("d/a[1].txt", "Title\nBody.\n")
        let literal = try sluice(["ingest", "d/a[1].txt", "--jsonl", "o.jsonl", "--no-store", "--quiet"], in: scratch.path)
        #expect(literal.status == 0, "\(literal.stderr)")
        #expect(try jsonLines(scratch.read("o.jsonl") ?? "").count == 1)
        let none = try sluice(["ingest", "d/*.html", "--jsonl", "o2.jsonl", "--no-store"], in: scratch.path)
        #expect(none.status == 1)
        #expect(none.stderr.contains("failed   d/*.html: [discover] the pattern matched no files"))
    }

    @Test func unknownReaderIsAUsageError() throws {
        let r = try sluice(["ingest", "Samples/documents", "--reader", "txet", "--no-store"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown reader 'txet' (did you mean 'text'?)"))
    }

    @Test func missingArgumentsAreUsageErrors() throws {
        let r = try sluice(["ingest"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("Missing expected argument"))
        let bad = try sluice(["frobnicate"])
        #expect(bad.status == 2)
    }
}

@Suite(.serialized) struct CLIManifestTests {
    let base = """
        version: 1
        pipelines:
          articles:
            inputs: [docs]
            reader: text
            normalizers: [unicode, whitespace]
            sinks:
              - name: jsonl
                path: out.jsonl

        """

    /// A scratch folder with one document and the manifest `text` at `m.yaml`.
    func manifest(_ text: String) -> (Scratch, String) {
        let s = Scratch()
        s.write("docs/a.txt", "Title\nBody text.\n")
        return (s, s.write("m.yaml", text))
    }

    @Test func validManifestValidatesAndRuns() throws {
        let (s, path) = manifest(base)
        defer { withExtendedLifetime(s) {} }
        let v = try sluice(["validate", path])
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.contains("OK, 1 pipeline(s): articles"))
        let r = try sluice(["run", path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try jsonLines(s.read("out.jsonl") ?? "").count == 1)
    }

    @Test func typoedKeyGivesPositionAndSuggestion() throws {
        let (s, path) = manifest(base.replacingOccurrences(of: "        path: out.jsonl", with: "        pth: out.jsonl"))
        defer { withExtendedLifetime(s) {} }
        let r = try sluice(["validate", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path):9:9: error: pipelines.articles.sinks[0].pth: unknown option 'pth' for sink 'jsonl' (did you mean 'path'?)"), "\(r.stderr)")
        #expect(r.stderr.contains("missing required option 'path'"))
        let run = try sluice(["run", path])
        #expect(run.status == 2)
        #expect(s.read("out.jsonl") == nil, "nothing written")
    }

    @Test func wrongTypeUnknownPluginAndUnsetVariableAllAtOnce() throws {
        let text = base
            .replacingOccurrences(of: "reader: text", with: "reader: textt\n    concurrency: lots")
            .replacingOccurrences(of: "path: out.jsonl", with: "path: ${SLUICE_TEST_UNSET_VAR}/out.jsonl")
        let (s, path) = manifest(text)
        defer { withExtendedLifetime(s) {} }
        let r = try sluice(["validate", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("pipelines.articles.reader: unknown reader 'textt' (did you mean 'text'?)"), "\(r.stderr)")
        #expect(r.stderr.contains("pipelines.articles.concurrency: expected a whole number, found 'lots'"))
        #expect(r.stderr.contains("environment variable 'SLUICE_TEST_UNSET_VAR' is not set"))
        #expect(r.stderr.contains("3 errors in"))
    }

    @Test func yamlSyntaxError() throws {
        let (s, path) = manifest("version: 1\npipelines:\n  a: {inputs: [docs, sinks: []\n")
        defer { withExtendedLifetime(s) {} }
        let r = try sluice(["validate", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path):"))
        #expect(r.stderr.contains("YAML syntax error"))
    }

    @Test func variablesAreExpanded() throws {
        let (s, path) = manifest(base.replacingOccurrences(of: "path: out.jsonl", with: "path: ${OUT_DIR:-fallback}/x.jsonl"))
        defer { withExtendedLifetime(s) {} }
        let r = try sluice(["run", path, "--quiet"], environment: ["OUT_DIR": s.path + "/given"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(s.read("given/x.jsonl") != nil)
    }

    @Test func pluginOptionsAreCheckedBeforeAnythingRuns() throws {
        let text = base + """
              second:
                inputs: [docs]
                reader: {name: text, encoding: klingon}
                sinks: [{name: jsonl, path: out2.jsonl}]

            """
        let (s, path) = manifest(text)
        defer { withExtendedLifetime(s) {} }
        let v = try sluice(["validate", path])
        #expect(v.status == 2)
        #expect(v.stderr.contains("\(path):12:20: error: pipeline 'second': text: unknown encoding 'klingon'"), "\(v.stderr)")
        let r = try sluice(["run", path])
        #expect(r.status == 2)
        #expect(s.read("out.jsonl") == nil, "the first pipeline did not run either")
    }

    @Test func aPipelineThatCannotStartDoesNotStopTheOthers() throws {
        let text = base + """
              second:
                inputs: [docs]
                sinks: [{name: jsonl, path: docs/a.txt/out.jsonl}]

            """
        let (s, path) = manifest(text)
        defer { withExtendedLifetime(s) {} }
        let r = try sluice(["run", path, "--report", s.path + "/report.json"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("pipeline 'second': jsonl: cannot create the folder"), "\(r.stderr)")
        #expect(try jsonLines(s.read("out.jsonl") ?? "").count == 1)
        let report = try JSONSerialization.jsonObject(with: Data((s.read("report.json") ?? "{}").utf8)) as? [String: Any]
        #expect((report?["pipelines"] as? [[String: Any]])?.count == 1)
    }

    @Test func unknownPipelineName() throws {
        let (s, path) = manifest(base)
        defer { withExtendedLifetime(s) {} }
        let r = try sluice(["run", path, "--pipeline", "article"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("did you mean 'articles'?"))
    }

    @Test func sampleManifestsAreValid() throws {
        let dir = repositoryRoot + "/Samples/manifests"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(!names.isEmpty)
        for name in names {
            let r = try sluice(["validate", dir + "/" + name], environment: ["DATABASE_URL": "postgres://u@127.0.0.1:1/db"])
            #expect(r.status == 0, "\(name): \(r.stderr)")
        }
    }

    @Test func sampleManifestRuns() throws {
        let s = Scratch()
        let r = try sluice(["run", "Samples/manifests/articles.yaml", "--quiet"], environment: ["SLUICE_OUT": s.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try jsonLines(s.read("articles.jsonl") ?? "").count == 2)
    }
}

@Suite struct CLIPluginsTests {
    @Test func listsPluginsByKind() throws {
        let r = try sluice(["plugins"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("readers:"))
        #expect(r.stdout.contains("normalizers:"))
        #expect(r.stdout.contains("sinks:"))
        #expect(r.stdout.contains("  text"))
        #expect(r.stdout.contains("  jsonl"))
    }

    @Test func pluginReferenceDocIsUpToDate() throws {
        let r = try sluice(["plugins", "--markdown"])
        #expect(r.status == 0)
        var committed = try String(contentsOfFile: repositoryRoot + "/docs/plugins.md", encoding: .utf8)
        #if !Postgres
        // The reference is generated with `--traits Postgres`; this build has no `postgres` sink.
        if let start = committed.range(of: "### `postgres`") {
            let end = committed[start.upperBound...].range(of: "\n### ")?.lowerBound ?? committed.endIndex
            committed.removeSubrange(start.lowerBound..<(end == committed.endIndex ? end : committed.index(after: end)))
            while committed.hasSuffix("\n\n") { committed.removeLast() }
        }
        #endif
        #expect(r.stdout == committed, "docs/plugins.md is stale: regenerate it with `swift run --traits Postgres sluice plugins --markdown > docs/plugins.md`")
        #expect(r.stdout.contains("### `jsonl`"))
    }

    @Test func describesOnePlugin() throws {
        let r = try sluice(["plugins", "jsonl"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("jsonl (sink)"))
        #expect(r.stdout.contains("path (path; required)"))
        #expect(r.stdout.contains("example:"))
        let t = try sluice(["plugins", "text"])
        #expect(t.stdout.contains("max_heading_length (integer; default: 24)"))
        let missing = try sluice(["plugins", "jsnol"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("did you mean 'jsonl'?"))
    }
}
