import Logging
import SluiceCore

/// A check of the incremental-run contract for sinks that store ``SinkFixtures`` documents in
/// the relational schema (`documents`, `blocks`, `groups`, `group_members`, `statements`,
/// `search_entries`), as the `sqlite` and `postgres` sinks do:
///
/// ```swift
/// let failures = try await IncrementalStoreCheck.run(makeSink: { try makeSink(url) }, count: { table, condition in ... })
/// #expect(failures.isEmpty, "\(failures)")
/// ```
///
/// Two sessions on a store that does not exist yet: the first must report ``Sink/outputIsNew``,
/// make each batch visible before commit (``Sink/writesAreDurable``) and remove an input's
/// documents with all their rows after writing them; the second must not be new and must remove
/// before writing. An empty result means the sink passed.
public enum IncrementalStoreCheck {
    /// Runs both sessions. `count(table, condition)` returns the number of rows of `table` (the
    /// name as the store needs it quoted) that match the SQL `condition`. `projections` are handed
    /// to the sink (the minutes fixture's tables come from the minutes projection).
    public static func run(
        makeSink: () throws -> any Sink, count: (String, String) throws -> Int, groupsTable: String = "groups",
        projections: DocumentProjections = DocumentProjections()
    ) async throws -> [ReaderConformance.Failure] {
        var failures: [ReaderConformance.Failure] = []
        func expect(_ ok: Bool, _ check: String) {
            if !ok { failures.append(ReaderConformance.Failure(check: check, detail: "false")) }
        }
        func expectRows(_ table: String, where condition: String = "true", _ want: Int, _ check: String) throws {
            let got = try count(table, condition)
            if got != want { failures.append(ReaderConformance.Failure(check: check, detail: "\(got) rows in \(table), want \(want)")) }
        }

        let docs = SinkFixtures.articles() + [SinkFixtures.minutes()]
        let minutes = SinkFixtures.minutes()
        let english = docs.first { $0.source.path == "notes/storage.md" }!
        let incremental = SinkContext(pipeline: "test", logger: Logger(label: "sluice.testing.incremental"), accumulate: true, projections: projections)

        let first = try makeSink()
        expect(first.writesAreDurable, "writesAreDurable")
        try await first.open(incremental)
        expect(first.outputIsNew, "outputIsNew on a store that did not exist")
        try await first.write(DocumentBatch(documents: docs, inputs: docs.map(\.source.path)))
        try expectRows("documents", docs.count, "durable before commit")
        try await first.removeDocuments(fromInputs: [minutes.source.path, "never/stored.txt"])
        try expectRows("documents", docs.count - 1, "removal after writes")
        for table in [groupsTable, "group_members", "statements"] { try expectRows(table, 0, "dependent rows removed") }
        try expectRows("search_entries", where: "document_id = '\(minutes.id)'", 0, "search entries removed")
        try expectRows("blocks", docs.filter { $0.id != minutes.id }.reduce(0) { $0 + $1.blocks.count }, "other documents' blocks kept")
        try await first.commit()

        let second = try makeSink()
        try await second.open(incremental)
        expect(!second.outputIsNew, "outputIsNew false on the second session")
        try await second.removeDocuments(fromInputs: [english.source.path])
        try await second.write(DocumentBatch(documents: [minutes], inputs: [minutes.source.path]))
        try await second.commit()
        try expectRows("documents", docs.count - 1, "removal before writes")
        try expectRows("documents", where: "id = '\(english.id)'", 0, "the removed input's document is gone")
        try expectRows("search_entries", where: "document_id = '\(english.id)'", 0, "the removed input's search entries are gone")
        try expectRows("statements", 6, "the stored-again minutes have their statements")
        return failures
    }
}
