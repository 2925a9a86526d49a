// sluice-news-bench: runs the `news` reader (or libxml2's bare parse) over pages.
//
//   sluice-news-bench extract FILE...          one JSON document per line on stdout
//   sluice-news-bench speed [--jobs N] [--repeat R] [--mode news|bare] FILE...
//                                               pages/s and MB/s
import Foundation
import Logging
import SluiceCore
import SluiceHTML
import SluiceNewsReader

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    FileHandle.standardError.write("usage: sluice-news-bench extract FILE... | speed [--jobs N] [--repeat R] [--mode news|bare] FILE...\n".data(using: .utf8)!)
    exit(2)
}
let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
let reader = try NewsReader(PluginSetup(options: OptionValues.defaults(for: NewsReader.options), logger: logger))

func load(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write("cannot read \(path)\n".data(using: .utf8)!)
        exit(1)
    }
    return [UInt8](data)
}

switch command {
case "extract":
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    for path in arguments.dropFirst() {
        let context = ReadContext(path: path, logger: logger)
        var line: [String: Any] = ["path": path]
        do {
            let docs = try reader.read(SourceInput(path: path, bytes: load(path)), context: context)
            let data = try encoder.encode(docs.first!)
            line["document"] = try JSONSerialization.jsonObject(with: data)
        } catch {
            line["error"] = "\(error)"
        }
        line["warnings"] = context.warnings
        let out = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
        FileHandle.standardOutput.write(out)
        FileHandle.standardOutput.write("\n".data(using: .utf8)!)
    }
case "confidence":
    for path in arguments.dropFirst() {
        let bytes = load(path)
        let c = reader.confidence(for: InputSample(path: path, head: Array(bytes.prefix(65_536)), size: bytes.count))
        print("\(c)\t\(path)")
    }
case "speed":
    var jobs = 1
    var repeats = 20
    var mode = "news"
    var files: [String] = []
    var rest = arguments.dropFirst()[...]
    while let a = rest.popFirst() {
        switch a {
        case "--jobs": jobs = Int(rest.popFirst() ?? "1") ?? 1
        case "--repeat": repeats = Int(rest.popFirst() ?? "20") ?? 20
        case "--mode": mode = rest.popFirst() ?? "news"
        default: files.append(a)
        }
    }
    let pages = files.map { (path: $0, bytes: load($0)) }
    // The bare parse gets the bytes already decoded to UTF-8, as the reader hands them over.
    let utf8Pages: [[UInt8]] = pages.map { Array(String(decoding: $0.bytes, as: UTF8.self).utf8) }
    let fixedJobs = jobs
    let fixedMode = mode
    let totalBytes = pages.reduce(0) { $0 + $1.bytes.count } * repeats
    let work = pages.count * repeats
    let start = Date()
    DispatchQueue.concurrentPerform(iterations: fixedJobs) { worker in
        var i = worker
        while i < work {
            let page = pages[i % pages.count]
            if fixedMode == "bare" {
                _ = HTMLParser.bareParse(utf8: utf8Pages[i % pages.count])
            } else {
                let context = ReadContext(path: page.path, logger: logger)
                _ = try? reader.read(SourceInput(path: page.path, bytes: page.bytes), context: context)
            }
            i += fixedJobs
        }
    }
    let seconds = Date().timeIntervalSince(start)
    let result: [String: Any] = [
        "mode": mode, "jobs": jobs, "pages": work, "seconds": seconds,
        "pages_per_second": Double(work) / seconds, "mb_per_second": Double(totalBytes) / 1_048_576 / seconds,
    ]
    let out = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    FileHandle.standardOutput.write(out)
    FileHandle.standardOutput.write("\n".data(using: .utf8)!)
default:
    FileHandle.standardError.write("unknown command \(command)\n".data(using: .utf8)!)
    exit(2)
}
