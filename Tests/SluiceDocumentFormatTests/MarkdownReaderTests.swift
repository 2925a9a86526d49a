import Foundation
import SluiceCore
import SluiceMarkdownReader
import SluiceTesting
import Testing

/// The `markdown` reader on the committed sample and on small cases of each construct.
@Suite struct MarkdownReaderTests {
    func read(_ markdown: String, path: String = "notes.md") throws -> Document {
        let outcome = try ReaderHarness(MarkdownReader.self).read(Array(markdown.utf8), path: path)
        if let error = outcome.error { throw error }
        return try #require(outcome.documents.first)
    }

    @Test func theReleaseNotesSample() throws {
        let outcome = try ReaderHarness(MarkdownReader.self).read(file: repositoryRoot + "/Samples/documents/release-notes.md")
        let d = try #require(outcome.documents.first)
        #expect(d.title == "发布说明 Release notes")
        #expect(d.published == "2026-12-05")
        #expect(d.metadata["author"] == "Sluice team")
        #expect(d.metadata["tags"] == "release, notes")
        #expect(d.blocks.map(\.type.rawValue) == [
            "heading", "paragraph", "heading", "list_item", "list_item", "list_item", "list_item", "list_item", "list_item",
            "quote", "image", "preformatted", "heading", "table", "paragraph",
        ])
        #expect(d.blocks[1].text == "Sluice 0.2 把杂乱的中文文档变成干净的结构化记录，现在也读 Word 和 Markdown。")
        #expect(d.blocks.filter { $0.type == .listItem }.map { $0.level ?? 0 } == [1, 1, 1, 2, 2, 1])
        #expect(d.blocks[6].text == "the docx decoder turns a Word file into text once;")
        #expect(d.blocks[6].attributes?["marker"] == "1.")
        #expect(d.blocks[8].attributes?["task"] == "done")
        #expect(d.blocks[10].src == "images/architecture.png")
        #expect(d.blocks[10].text == "架构图 Architecture")
        #expect(d.blocks[11].text == "sluice ingest Samples/")
        #expect(d.blocks[11].attributes?["language"] == "sh")
        #expect(d.blocks[12].level == 2 && d.blocks[12].text == "Setext headings work too")
        #expect(d.blocks[13].text == "格式 Format\t插件 Plugin\t步骤 Steps\n.docx\tdocx → minutes / text\t2\n.md\tmarkdown\t1")
        #expect(d.blocks[13].attributes?["align"] == "left,center,right")
        #expect(d.blocks[14].text.hasPrefix("See the plugin reference and https://example.org/sluice for details; snake_case_names stay"))
        #expect(d.blocks[14].attributes?["links"] == "../../docs/plugins.md https://example.org/sluice")
        #expect(!d.text.contains("**") && !d.text.contains("```") && !d.text.contains("# "))
    }

    @Test func headingsBothStyles() throws {
        let d = try read("Title\n=====\n\n### Third ###\n\nSub\n---\n\n#NotAHeading\n")
        #expect(d.blocks.map { "\($0.type):\($0.level ?? 0):\($0.text)" } == [
            "heading:1:Title", "heading:3:Third", "heading:2:Sub", "paragraph:0:#NotAHeading",
        ])
        #expect(d.title == "Title")
    }

    @Test func emphasisRemovedButNotInsideWordsOrCode() throws {
        let d = try read("***both*** and **bold** and _it_ and ~~gone~~ but snake_case_name, 2 * 3 * 4 and `a*b*c`.\n")
        #expect(d.blocks.first?.text == "both and bold and it and gone but snake_case_name, 2 * 3 * 4 and a*b*c.")
    }

    @Test func codeIsVerbatim() throws {
        let d = try read("```python\n# not a heading\n  **kept**\n```\n\n    indented code\n    line two\n")
        #expect(d.blocks.map(\.type) == [.preformatted, .preformatted])
        #expect(d.blocks[0].text == "# not a heading\n  **kept**")
        #expect(d.blocks[0].attributes?["language"] == "python")
        #expect(d.blocks[1].text == "indented code\nline two")
    }

    @Test func nestedListsAndQuotes() throws {
        let d = try read("- one\n  - one.a\n    1. deep\n- two\n\n> quoted **text**\n> continues\n\n2024. was a year\n")
        #expect(d.blocks.map { "\($0.type):\($0.level ?? 0):\($0.text)" } == [
            "list_item:1:one", "list_item:2:one.a", "list_item:3:deep", "list_item:1:two", "quote:0:quoted text continues",
            "list_item:1:was a year",
        ])
    }

    @Test func chineseSoftBreaksJoinWithoutSpaces() throws {
        let d = try read("第一行的文字\n接着第二行。\nThen English\nwords.\n")
        #expect(d.blocks.first?.text == "第一行的文字接着第二行。 Then English words.")
    }

    @Test func referenceLinksAndAutolinks() throws {
        let d = try read("Read [the guide][g] and [this] or <mailto:a@b.org>.\n\n[g]: https://example.org/guide\n[this]: /local \"Title\"\n")
        #expect(d.blocks.count == 1)
        #expect(d.blocks[0].text == "Read the guide and this or mailto:a@b.org.")
        #expect(d.blocks[0].attributes?["links"] == "https://example.org/guide /local mailto:a@b.org")
    }

    @Test func beatsTheTextReaderForMarkdownFiles() throws {
        let harness = try ReaderHarness(MarkdownReader.self)
        let bytes = Array("# Notes\n\nSome text.\n".utf8)
        #expect(harness.confidence(bytes, path: "notes.md") > 0.5)
        #expect(harness.confidence(bytes, path: "notes.markdown") > 0.5)
        #expect(harness.confidence(bytes, path: "notes.txt") == 0)
    }

    @Test func conformsToTheReaderContract() throws {
        let sample = try repositoryFile("Samples/documents/release-notes.md")
        let failures = try ReaderConformance.check(MarkdownReader.self, samples: [("release-notes.md", sample)])
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func hostileMarkdownFailsOrReadsCleanly() throws {
        #expect(throws: PluginError.self) { try read("---\ntitle: [unclosed\n---\nbody\n") }
        #expect(throws: PluginError.self) { try read(String(repeating: "\u{1}\u{2}x", count: 100)) }
        // Deep nesting is bounded (no stack overflow).
        let deep = try read(String(repeating: "> ", count: 5_000) + "deep\n")
        #expect(deep.text.contains("deep"))
        let lists = try read((0..<2_000).map { String(repeating: "  ", count: $0) + "- item" }.joined(separator: "\n"))
        #expect(lists.text.contains("item"))
    }
}
