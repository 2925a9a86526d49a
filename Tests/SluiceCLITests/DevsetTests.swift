import Foundation
import SluiceCore
import SluiceTesting
import SluiceTestSupport
import Testing

/// The development corpus of real pages (`../shared/devset`, beside the clone), or nil.
let devset: String? = {
    let path = SluiceCheckout.root + "/../shared/devset"
    return FileManager.default.fileExists(atPath: path + "/pages/readability") ? path : nil
}()

/// `python3`, for the corpus's scorer, or nil.
let python3: String? = {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
    where FileManager.default.isExecutableFile(atPath: "\(dir)/python3") {
        return "\(dir)/python3"
    }
    return nil
}()

/// The news reader on the 250 real pages of the development corpus: `sluice inspect` reports on
/// every page, and the scores stay above the floor recorded in `Benchmarks/news/devset-floor.json`.
@Suite(.serialized) struct DevsetTests {
    static let sets = ["readability", "magic"]

    static func pages(_ set: String) -> [String] {
        let dir = devset! + "/pages/" + set
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".html") }.sorted()
    }

    static var globs: [String] { sets.map { devset! + "/pages/\($0)/*.html" } }

    @Test(.enabled(if: devset != nil, "skipped: ../shared/devset (the development corpus beside the clone) is absent"))
    func inspectReportsOnEveryPageOfTheCorpus() throws {
        let scratch = Scratch()
        let html = scratch.path + "/devset.html"
        let r = try sluice(["inspect", "--json", "--html", html] + Self.globs)
        #expect(r.status == 0, "\(r.stderr.prefix(2000))")
        #expect(r.stderr.isEmpty, "\(r.stderr.prefix(2000))")
        let reports = try jsonLines(r.stdout)
        let expected = Self.sets.flatMap { set in Self.pages(set).map { "\(set)/\($0)" } }
        #expect(expected.count == 250)
        let got = reports.map { report -> String in
            let path = report["path"] as? String ?? ""
            return PathSupport.lastComponent(PathSupport.directory(of: path)) + "/" + PathSupport.lastComponent(path)
        }
        #expect(got.sorted() == expected.sorted())
        for report in reports {
            let path = report["path"] as? String ?? "?"
            let blocks = report["blocks"] as? [[String: Any]] ?? []
            #expect(!blocks.isEmpty, "\(path): no blocks")
            #expect(blocks.allSatisfy { $0["kept"] as? Bool == true || !($0["reason"] as? String ?? "").isEmpty }, "\(path): a removed block without a reason")
            #expect((report["containers"] as? [[String: Any]])?.first?["role"] as? String == "chosen", "\(path)")
            let fields = (report["fields"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(fields.starts(with: ["title", "published", "author", "language"]), "\(path): \(fields)")
        }
        // A table of contents repeating the headings does not take their place: the paragraphs
        // between it and the first heading are shown as kept, as the reader keeps them.
        let toc = reports.first { ($0["path"] as? String)?.hasSuffix("/topicseed-1.html") == true }
        let tocBlocks = toc?["blocks"] as? [[String: Any]] ?? []
        let depth = tocBlocks.first { ($0["text"] as? String)?.hasPrefix("Content depth is an arbitrary score") == true }
        #expect(depth?["kept"] as? Bool == true, "\(depth ?? [:])")
        let tocItem = tocBlocks.first { $0["kind"] as? String == "list-item" && $0["text"] as? String == "Assess How Deep Is Your Content" }
        #expect(tocItem?["kept"] as? Bool == false && (tocItem?["reason"] as? String)?.hasPrefix("link list") == true, "\(tocItem ?? [:])")
        let page = String(decoding: FileManager.default.contents(atPath: html) ?? Data(), as: UTF8.self)
        #expect(page.components(separatedBy: "<section class=\"page\"").count == 251)
    }

    struct Floor: Decodable {
        var readability: [String: Double]
        var magic_cjk: [String: Double]
        var magic_other: [String: Double]
    }

    /// Runs the scorer on one set's predictions; returns its summary and the per-page body F1 by
    /// unit mode (`char` for CJK pages, `word` for the others).
    static func score(_ set: String, predictions: String, scratch: Scratch) throws -> (summary: [String: Any], f1ByMode: [String: [Double]]) {
        let summaryPath = scratch.path + "/\(set).summary.json"
        let perPage = scratch.path + "/\(set).per-page.csv"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python3!)
        process.arguments = [devset! + "/score.py", "--gold", devset! + "/pages/" + set, "--pred", predictions,
                             "--json", summaryPath, "--per-page", perPage, "--worst", "0"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "score.py failed on \(set)")
        let json = try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: summaryPath) ?? Data()) as? [String: Any]
        let summary = json?["sluice"] as? [String: Any] ?? [:]
        // The per-page CSV: a header, then one row per page (ids hold no commas; lines end in CR LF).
        let rows = String(decoding: FileManager.default.contents(atPath: perPage) ?? Data(), as: UTF8.self).split(whereSeparator: \.isNewline)
        let header = rows.first?.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? []
        var byMode: [String: [Double]] = [:]
        if let mode = header.firstIndex(of: "mode"), let f1 = header.firstIndex(of: "f1") {
            for row in rows.dropFirst() {
                let cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard cells.count == header.count, let value = Double(cells[f1].trimmingCharacters(in: .whitespacesAndNewlines)) else { continue }
                byMode[cells[mode], default: []].append(value)
            }
        }
        return (summary, byMode)
    }

    @Test(.enabled(if: devset != nil && python3 != nil, "skipped: ../shared/devset (the development corpus beside the clone) or python3 is absent"))
    func scoresStayAboveTheRecordedFloor() throws {
        let scratch = Scratch()
        let records = scratch.path + "/records.jsonl"
        // As ../shared/devset/run-sluice.sh runs it.
        let r = try sluice(["ingest", "--reader", "news"] + Self.globs + ["--no-store", "--no-state", "--jsonl", records, "--quiet"])
        #expect(r.status == 0, "\(r.stderr.prefix(2000))")
        // The scorer's prediction format, one file per set.
        var predictions: [String: [String]] = [:]
        for record in try jsonLines(scratch.read("records.jsonl") ?? "") {
            let path = (record["source"] as? [String: Any])?["path"] as? String ?? ""
            let set = PathSupport.lastComponent(PathSupport.directory(of: path))
            var id = PathSupport.lastComponent(path)
            if id.hasSuffix(".html") { id.removeLast(5) }
            let row: [String: Any] = [
                "id": id, "title": record["title"] ?? NSNull(), "body": record["text"] ?? "", "published": record["published"] ?? NSNull(),
                "author": (record["metadata"] as? [String: Any])?["author"] ?? NSNull(),
            ]
            predictions[set, default: []].append(String(decoding: try JSONSerialization.data(withJSONObject: row), as: UTF8.self))
        }
        let floorData = FileManager.default.contents(atPath: SluiceCheckout.root + "/Benchmarks/news/devset-floor.json") ?? Data()
        let floor = try JSONDecoder().decode(Floor.self, from: floorData)
        var measured: [String: [String: Double]] = [:]
        for set in Self.sets {
            #expect(predictions[set]?.count == Self.pages(set).count, "\(set): a page gave no record")
            let file = scratch.write("\(set)/sluice.jsonl", (predictions[set] ?? []).joined(separator: "\n") + "\n")
            let (summary, byMode) = try Self.score(set, predictions: file, scratch: scratch)
            func mean(_ xs: [Double]?) -> Double { (xs ?? []).isEmpty ? 0 : xs!.reduce(0, +) / Double(xs!.count) }
            if set == "readability" {
                measured["readability"] = ["f1": summary["f1"] as? Double ?? 0, "title_exact": summary["title_exact"] as? Double ?? 0,
                                           "date_match": summary["date_match"] as? Double ?? 0]
            } else {
                measured["magic_cjk"] = ["f1": mean(byMode["char"])]
                measured["magic_other"] = ["f1": mean(byMode["word"])]
                #expect(byMode["char"]?.count == 62 && byMode["word"]?.count == 95, "\(byMode.mapValues(\.count))")
            }
        }
        let floors = ["readability": floor.readability, "magic_cjk": floor.magic_cjk, "magic_other": floor.magic_other]
        for (set, limits) in floors.sorted(by: { $0.key < $1.key }) {
            for (metric, minimum) in limits.sorted(by: { $0.key < $1.key }) {
                let value = measured[set]?[metric] ?? 0
                print("devset floor: \(set) \(metric) = \(String(format: "%.4f", value)) (floor \(minimum))")
                #expect(value >= minimum, "\(set) \(metric) fell to \(String(format: "%.4f", value)), below the floor \(minimum) in Benchmarks/news/devset-floor.json")
            }
        }
    }
}
