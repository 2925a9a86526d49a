import ArgumentParser
import Foundation
import SluiceCore

/// `sluice inspect PAGE...`: what a reader kept of each page and why, for writing
/// `content_selector` / `remove_selector` overrides and for finding why a page fails.
struct InspectCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what the reader kept of each input and why: blocks kept or removed (with reason and score), the container chosen, and where each metadata field came from.",
        discussion: """
            Works with any reader that can explain itself (built-in: news). Prints a compact report per input; --html writes one self-contained HTML file (no external requests) with kept and removed text side by side; --json prints one JSON report per input. An input that cannot be read is reported on standard error with the reason, and the others go on (exit code 1).
            """)

    @Argument(help: ArgumentHelp("Files, directories or glob patterns to inspect.", valueName: "page"))
    var paths: [String]

    @Option(name: .long, help: ArgumentHelp("The reader (default: auto, per file).", valueName: "name"))
    var reader: String = "auto"

    @Option(name: .customLong("reader-option"), help: ArgumentHelp("An option of the named reader, to try an override before putting it in a manifest (repeatable; a list option gets one item each time).", valueName: "name=value"))
    var readerOptions: [String] = []

    @Option(name: .long, help: ArgumentHelp("Also write the report as one self-contained HTML file.", valueName: "file"))
    var html: String?

    @Flag(name: .long, help: "Print one JSON report per input (JSON Lines) instead of the compact form.")
    var json = false

    @Flag(name: [.short, .long], help: "Print only errors (with --html: write the file only).")
    var quiet = false

    mutating func run(registry: PluginRegistry) async throws -> Int32 {
        if reader != "auto" && registry.descriptor(named: reader)?.kind != .reader {
            let names = registry.names(of: .reader)
            let hint = Suggestion.closest(to: reader, in: names).map { " (did you mean '\($0)'?)" } ?? ""
            throw CommandFailure(message: "error: unknown reader '\(reader)'\(hint); available: auto, \(names.joined(separator: ", "))", code: SluiceCommandLine.exitUsage)
        }
        let inspection: Inspection
        do {
            inspection = try Inspection(registry: registry, readerName: reader, options: readerOptions, logger: OutputOptions.logger(level: .critical))
        } catch {
            throw CommandFailure(message: "error: \((error as? PluginError)?.reason ?? "\(error)")", code: SluiceCommandLine.exitUsage)
        }
        let discovered = InputDiscovery.discover(paths)
        var reports: [InspectionReport] = []
        var failures: [String] = []
        for input in discovered.inputs {
            switch input.disposition {
            case .skip(let reason):
                FileHandle.standardError.write(Data("skipped  \(Summary.printable(input.path)): \(reason)\n".utf8))
            case .fail(let reason):
                failures.append(Self.fail("\(Summary.printable(input.path)): \(reason)"))
            case .read:
                let inspected: InspectionReport?
                do {
                    inspected = try inspection.inspect(path: input.path)
                } catch {
                    failures.append(Self.fail(Summary.printable(error.description)))
                    continue
                }
                guard let report = inspected else {
                    FileHandle.standardError.write(Data("skipped  \(Summary.printable(input.path)): no \(reader == "auto" ? "" : reader + " ")reader accepts this input\n".utf8))
                    continue
                }
                if html != nil { reports.append(report) }
                if json {
                    print(String(decoding: try Self.encoder.encode(report), as: UTF8.self))
                } else if !quiet {
                    print(InspectText.render(report), terminator: "")
                }
            }
        }
        if let html {
            do {
                try Data(InspectHTML.render(reports, failures: failures).utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
            } catch {
                throw CommandFailure(message: "error: cannot write the HTML report to \(html): \(error.localizedDescription)", code: SluiceCommandLine.exitSomeFailed)
            }
        }
        return failures.isEmpty ? SluiceCommandLine.exitSuccess : SluiceCommandLine.exitSomeFailed
    }

    /// Reports a failed input on standard error at once, and returns the line for the HTML report.
    static func fail(_ message: String) -> String {
        FileHandle.standardError.write(Data("failed   \(message)\n".utf8))
        return message
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()
}

/// The compact terminal form of an inspection report.
enum InspectText {
    /// How much of a block's text a line shows.
    static let width = 110

    static func render(_ report: InspectionReport) -> String {
        var lines: [String] = []
        lines.append("== \(report.path)  (reader: \(report.reader); \(report.kept.count) block(s) kept, \(report.removed.count) removed)")
        for c in report.containers {
            lines.append("container \(c.role): \(c.description)\(score(c.score))\(c.note.map { "  (\($0))" } ?? "")")
        }
        for f in report.fields where f.value != nil || !f.rejected.isEmpty {
            lines.append("field \(f.name): \(f.value.map { "\"\(short($0, 80))\"" } ?? "(none)")\(f.source.map { "  ← \($0)" } ?? "")")
            for r in f.rejected {
                lines.append("    beat: \"\(short(r.value, 60))\"  ← \(r.source)\(r.reason.map { "  (\($0))" } ?? "")")
            }
        }
        for b in report.blocks {
            let mark = b.kept ? "+ kept   " : "- removed"
            let why = b.reason.map { "  [\($0)]" } ?? ""
            lines.append("\(mark)\(score(b.score)) \(b.kind): \(short(b.text, width))\(why)")
        }
        for w in report.warnings { lines.append("warning: \(w)") }
        return lines.map(Summary.printable).joined(separator: "\n") + "\n\n"
    }

    static func score(_ s: Double?) -> String {
        guard let s else { return "" }
        return " " + String(format: "%+.1f", s)
    }

    static func short(_ text: String, _ n: Int) -> String {
        text.count > n ? String(text.prefix(n - 1)) + "…" : text
    }
}
