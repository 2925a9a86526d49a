import Foundation
import Testing

/// `sluice search` arguments that cannot give a useful answer are errors that say why.
@Suite(.serialized) struct SearchArgumentTests {
    @Test func unknownKindAndBadLimitAreErrors() throws {
        let scratch = Scratch()
        scratch.write("docs/a.txt", "A title\n\nThe river rose by half a metre over the weekend.\n")
        var r = try sluice(["ingest", "docs", "--sqlite", "store.db", "--quiet"], in: scratch.path)
        #expect(r.status == 0, "\(r.stderr)")
        r = try sluice(["search", "store.db", "river"], in: scratch.path)
        #expect(r.status == 0 && r.stdout.contains("river"), "\(r.stdout)\(r.stderr)")

        r = try sluice(["search", "store.db", "river", "--kind", "bogus"], in: scratch.path)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("unknown kind 'bogus'") && r.stderr.contains("kinds in this store: article"), "\(r.stderr)")
        r = try sluice(["search", "store.db", "river", "--kind", "article"], in: scratch.path)
        #expect(r.status == 0 && r.stdout.contains("river"), "\(r.stderr)")

        for bad in ["-1", "0", "many"] {
            r = try sluice(["search", "store.db", "river", "--limit", bad], in: scratch.path)
            #expect(r.status == 2, "--limit \(bad): \(r.stderr)")
            #expect(r.stderr.contains("--limit takes a whole number of hits, 1 or more (got '\(bad)')"), "\(r.stderr)")
        }
    }
}
