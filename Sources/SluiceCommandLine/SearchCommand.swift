import ArgumentParser
import Foundation
import SluiceCore

/// `sluice search DB QUERY`: full-text search over a store a sink wrote.
struct SearchCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search a store written by `ingest` (a SQLite file or a postgres:// URL).",
        discussion: """
            Every term must occur (white space separates terms; "double quotes" keep a phrase). Chinese and English; terms of one or two characters work too. Hits are ranked (BM25 in a SQLite store, weighted occurrences in PostgreSQL); when more than 3,000 entries match, only the 3,000 written last are ranked, so better hits in older entries may be missed (a very common word then answers fast in SQLite, and in PostgreSQL when it is one or two Chinese characters); a hit on an entry a reader added (such as one statement in minutes) shows that entry's facets. DB may be ${DATABASE_URL}-style URL; its password is never printed.
            """)

    @Argument(help: ArgumentHelp("The store: a SQLite file (such as sluice.db) or a postgres:// URL.", valueName: "db"))
    var database: String

    @Argument(parsing: .remaining, help: ArgumentHelp("What to look for.", valueName: "query"))
    var query: [String]

    @Option(name: .long, help: ArgumentHelp("Only documents of this kind (news, minutes, article, ...).", valueName: "kind"))
    var kind: String?

    @Flag(name: .long, help: "Only chunks (documents of kind `chunk` made by the chunk normalizer); each hit shows its parent_id and its start and end offsets in the parent's text.")
    var chunks = false

    // Unconditional, so that `--limit -1` reaches the range check instead of reading as an option.
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The most hits shown (1 or more).", valueName: "n"))
    var limit: String = "10"

    @Flag(name: .long, help: "Print the hits as JSON (an array), for programs.")
    var json = false

    @Flag(name: [.short, .long], help: "Log what the store does.")
    var verbose = false

    /// The kind `--chunks` searches: what the `chunk` normalizer emits.
    static let chunkKind = "chunk"

    mutating func run(registry: PluginRegistry) async throws -> Int32 {
        let text = query.joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw CommandFailure(message: "error: give a query, such as: sluice search sluice.db 云计算", code: SluiceCommandLine.exitUsage)
        }
        guard let limit = Int(limit), limit >= 1 else {
            throw CommandFailure(message: "error: --limit takes a whole number of hits, 1 or more (got '\(limit)')", code: SluiceCommandLine.exitUsage)
        }
        if chunks {
            if let kind, kind != Self.chunkKind {
                throw CommandFailure(message: "error: --chunks searches kind '\(Self.chunkKind)' only; leave out --kind \(kind)", code: SluiceCommandLine.exitUsage)
            }
            kind = Self.chunkKind
        }
        let logger = OutputOptions.parseOrDefault(verbose: verbose).makeLogger()
        let store: any SearchableStore
        do {
            store = try await registry.openSearchStore(database, logger: logger)
        } catch let error as PluginError {
            throw CommandFailure(message: "error: \(Redaction.redact(error.description))", code: SluiceCommandLine.exitUsage)
        }
        if let kind, let kinds = try? await store.kinds(), !kinds.contains(kind) {
            await store.close()
            let present = kinds.isEmpty ? "the store holds no documents" : "kinds in this store: " + kinds.joined(separator: ", ")
            let what = chunks ? "no chunks in this store (store documents through the `chunk` normalizer)" : "unknown kind '\(kind)'"
            throw CommandFailure(message: "error: \(what) (\(present))", code: SluiceCommandLine.exitUsage)
        }
        let color = !json && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let request = SearchQuery(
            text, kind: kind, limit: limit,
            highlightOpen: color ? "\u{1B}[1;31m" : (json ? "«" : "«"), highlightClose: color ? "\u{1B}[0m" : "»")
        let hits: [SearchHit]
        do {
            hits = try await store.search(request)
        } catch {
            await store.close()
            let e = (error as? PluginError)?.description ?? "\(error)"
            throw CommandFailure(message: "error: search failed: \(Redaction.redact(e))", code: SluiceCommandLine.exitSomeFailed)
        }
        await store.close()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(hits) + Data("\n".utf8))
            return SluiceCommandLine.exitSuccess
        }
        if hits.isEmpty {
            FileHandle.standardError.write(Data("no hits for '\(text)'\n".utf8))
            return SluiceCommandLine.exitSuccess
        }
        var out = ""
        for (i, hit) in hits.enumerated() {
            let title = hit.title.map { $0.isEmpty ? "(untitled)" : $0 } ?? "(untitled)"
            out += "\(i + 1). \(title)  [\(hit.kind)] \(hit.path)" + String(format: "  score %.2f", hit.score) + "\n"
            let facets = hit.facets.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            if !facets.isEmpty { out += "   " + facets.joined(separator: "  ") + "\n" }
            out += "   " + hit.snippet + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        return SluiceCommandLine.exitSuccess
    }
}

extension OutputOptions {
    /// Output options with only `verbose` set (for commands that do not run pipelines).
    static func parseOrDefault(verbose: Bool) -> OutputOptions {
        var options = (try? OutputOptions.parse([])) ?? OutputOptions()
        options.verbose = verbose
        return options
    }
}
