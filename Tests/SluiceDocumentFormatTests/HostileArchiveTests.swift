import Foundation
import SluiceCore
import SluiceTesting
import Testing
import ZIPFoundation

/// Hostile Word files, built here as real ZIP archives, through the real `sluice` binary: each
/// fails its own input with a clear reason, the run goes on and ingests the good file beside them,
/// nothing outside the archive is read and memory stays small.
@Suite struct HostileArchiveTests {
    static let documentXML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
        <w:p><w:r><w:t>SECRET-FREE BODY TEXT</w:t></w:r></w:p></w:body></w:document>
        """

    /// A ZIP archive of `entries`, deflated, with a fixed date.
    static func zip(_ entries: [(String, [UInt8])]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, bytes) in entries {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: Date(timeIntervalSince1970: 1_700_000_000),
                compressionMethod: .deflate
            ) { position, size in Data(bytes[Int(position)..<(Int(position) + size)]) }
        }
        return Array(try #require(archive.data))
    }

    /// Sets the uncompressed size that the central directory records for the first entry.
    static func claimUncompressedSize(_ size: UInt32, in bytes: [UInt8]) throws -> [UInt8] {
        var out = bytes
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        let at = try #require((0..<(out.count - 4)).first { Array(out[$0..<($0 + 4)]) == signature })
        for k in 0..<4 { out[at + 24 + k] = UInt8((size >> (8 * UInt32(k))) & 0xFF) }
        return out
    }

    static func xml(_ body: String) -> [UInt8] { Array(body.utf8) }

    @Test func eachHostileArchiveFailsItsOwnInput() throws {
        let scratch = Scratch()
        let good = try Self.zip([("word/document.xml", Self.xml(Self.documentXML))])
        try scratch.write("in/good.docx", good)
        try scratch.write("in/not-a-zip.docx", Array("This is plain text under a .docx name.\n".utf8))
        try scratch.write("in/truncated.docx", Array(good.prefix(good.count / 2)))
        try scratch.write("in/traversal.docx", try Self.zip([("word/document.xml", Self.xml(Self.documentXML)), ("../../outside.txt", Self.xml("x"))]))
        try scratch.write("in/absolute.docx", try Self.zip([("/etc/passwd", Self.xml("x")), ("word/document.xml", Self.xml(Self.documentXML))]))
        let many = (0..<2_100).map { ("word/media/part\($0).xml", Self.xml("<a/>")) }
        try scratch.write("in/many-entries.docx", try Self.zip([("word/document.xml", Self.xml(Self.documentXML))] + many))
        // Claims 3 GB uncompressed: refused before inflating a byte.
        try scratch.write("in/huge-claim.docx", try Self.claimUncompressedSize(3_000_000_000, in: Self.zip([("word/document.xml", Self.xml(Self.documentXML))])))
        let xxe = """
            <?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>
            """
        try scratch.write("in/xxe.docx", try Self.zip([("word/document.xml", Self.xml(xxe))]))
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
            + (1...9).map { n in "<!ENTITY lol\(n) \"" + String(repeating: "&lol\(n == 1 ? "" : String(n - 1));", count: 10) + "\">" }.joined()
            + "]><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
        try scratch.write("in/billion-laughs.docx", try Self.zip([("word/document.xml", Self.xml(laughs))]))
        try scratch.write("in/no-document.docx", try Self.zip([("word/styles.xml", Self.xml("<styles/>"))]))
        try scratch.write("in/malformed.docx", try Self.zip([("word/document.xml", Self.xml("<w:document><w:body><w:p>"))]))

        let run = try runSluice(["ingest", "in"], in: scratch.path, scratch: scratch)
        #expect(run.input("good.docx")?.status == .ingested)
        #expect(run.records(from: "good.docx").first?.text.contains("SECRET-FREE BODY TEXT") == true)
        let expected: [(String, String)] = [
            ("not-a-zip.docx", "not a ZIP archive"),
            ("truncated.docx", "damaged"),
            ("traversal.docx", "points outside the archive"),
            ("absolute.docx", "points outside the archive"),
            ("many-entries.docx", "more than 2000 entries (max_entries)"),
            ("huge-claim.docx", "max_uncompressed_bytes"),
            ("xxe.docx", "declares a DTD"),
            ("billion-laughs.docx", "declares a DTD"),
            ("no-document.docx", "no word/document.xml"),
            ("malformed.docx", "not well-formed XML"),
        ]
        for (name, reason) in expected {
            let input = try #require(run.input(name), "\(name) missing from the report")
            #expect(input.status == .failed, "\(name): \(input.status)")
            #expect(input.stage == "decoder:docx", "\(name): \(input.stage ?? "-")")
            #expect(input.reason?.contains(reason) == true, "\(name): \(input.reason ?? "-")")
            #expect(run.output.contains("\(name): [decoder:docx] \(input.reason ?? "-")"), "\(name): the summary should name the file")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/outside.txt"))
        #expect(!run.records.contains { $0.text.contains("root:") })
    }

    /// A zip bomb whose header tells the truth, and one whose header lies (claims 100 bytes):
    /// both stop at the cap set in the manifest, having inflated no more than the cap.
    @Test func inflationStopsAtTheCap() throws {
        let scratch = Scratch()
        let filler = "<w:p><w:r><w:t>" + String(repeating: "0", count: 1000) + "</w:t></w:r></w:p>"
        let big = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
            + String(repeating: filler, count: 4_000) + "</w:body></w:document>"
        let honest = try Self.zip([("word/document.xml", Self.xml(big))])
        try scratch.write("in/bomb.docx", honest)
        try scratch.write("in/lying-bomb.docx", try Self.claimUncompressedSize(100, in: honest))
        // Nested archives are never opened: a zip inside the .docx is just an unread entry.
        let inner = try Self.zip([("inner.zip", try Self.zip([("deep.zip", try Self.zip([("x.txt", Self.xml("x"))]))]))])
        try scratch.write("in/nested.docx", try Self.zip([("word/document.xml", Self.xml(Self.documentXML)), ("word/embeddings/outer.zip", inner)]))
        try Data("""
            version: 1
            pipelines:
              capped:
                inputs: [in/]
                decoders: [{name: docx, max_uncompressed_bytes: 1000000}]
                sinks: [{name: jsonl, path: records.jsonl}]
            """.utf8).write(to: URL(fileURLWithPath: scratch.path + "/sluice.yaml"))
        let run = try runSluice(["run", "sluice.yaml"], in: scratch.path, scratch: scratch, records: "records.jsonl")
        for name in ["bomb.docx", "lying-bomb.docx"] {
            let input = try #require(run.input(name))
            #expect(input.status == .failed, "\(name)")
            #expect(input.errorKind == "limit-exceeded" || input.reason?.contains("damaged") == true, "\(name): \(input.reason ?? "-")")
            #expect(input.reason?.contains("1000000-byte cap") == true || input.reason?.contains("damaged") == true, "\(name): \(input.reason ?? "-")")
        }
        #expect(run.input("nested.docx")?.status == .ingested)
    }
}
