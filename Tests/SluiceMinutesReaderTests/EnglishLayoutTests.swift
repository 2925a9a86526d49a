import Foundation
import Testing
import SluiceCore
@testable import SluiceMinutesReader

/// English break-out reports in four styles (fixtures `en-*.txt`, `en-offsite.md`), each against
/// the structure written down by reading it: labels (numbers, number words, named teams), rosters
/// with roles (fields, or notes such as `(facilitator)`), names with titles or a team in
/// parentheses, topics, headings, speakers introduced as `Name:`, `- Name:` or `[14:05] Name:`.
@Suite struct EnglishLayoutTests {
    func parse(_ name: String) throws -> MinutesDocument {
        let text = try Fixtures.text(name)
        let doc = try MinutesParser().parse(text)
        #expect(Fixtures.invariantViolations(text, doc) == [], "\(name)")
        #expect(doc.language == "en", "\(name)")
        return doc
    }

    func speakers(_ g: MinutesGroup) -> [String?] { g.statements.map(\.speaker) }
    func written(_ g: MinutesGroup) -> [String?] { g.statements.map(\.speakerRaw) }

    /// Markdown: `## Group Four`, `**Facilitator:**`, a title before the name (`Dr.`), teams in
    /// parentheses, `and` before the last member, `- Name:` bullets, `### Key points`.
    @Test func markdownOffsiteReport() throws {
        let doc = try parse("en-offsite.md")
        #expect(doc.groups.map(\.label) == ["Group Four", "Group Five"])
        #expect(doc.groups.map(\.number) == [4, 5])
        let g = doc.groups[0]
        #expect(g.title == "Leadership Offsite 2026: Break-out Reports")
        #expect(g.leader?.name == "Dr. Priya Natarajan")
        #expect(g.members.map(\.name) == ["Tom O'Neill", "Mei Lin", "Jonas Weber", "Sara Ahmed"])
        #expect(g.members.map(\.note) == ["Sales", "Platform", nil, nil])
        #expect(g.recorders.map(\.name) == ["Sara Ahmed"])
        #expect(g.topic == "Cutting onboarding time for enterprise customers")
        #expect(g.fields["preamble"] == nil && g.fields["notes"] == nil)
        #expect(g.headings == ["Key points", "Action items"])
        #expect(speakers(g) == ["Dr. Priya Natarajan", "Tom O'Neill", "Mei Lin", "Dr. Priya Natarajan", "Jonas Weber", nil])
        #expect(written(g) == ["Priya", "Tom O'Neill", "Mei Lin", "Dr. Natarajan", "Jonas", nil])
        #expect(g.statements.map(\.role) == ["leader", "member", "member", "leader", "member", nil])
        #expect(g.statements[1].points.map(\.marker) == ["1.", "2."])
        #expect(g.statements[1].points.map(\.text) == ["a pre-filled security questionnaire;", "one named security contact per account."])
        #expect(g.statements[5].heading == "Action items" && g.statements[5].text.hasPrefix("- Mei to share"))
        let g5 = doc.groups[1]
        #expect(g5.leader?.name == "Oliver Grant" && g5.recorders.map(\.name) == ["Ravi Patel"])
        #expect(g5.members.first?.note == "Finance")
        #expect(speakers(g5) == ["Oliver Grant", "Chloe Martin", "Nora Kowalski"])
        #expect(g5.statements[2].match == "nickname")
    }

    /// Plain text with named groups (`Platform Team`), `Lead:`, `Participants:` separated by
    /// semicolons, `Scribe:`, `Date:`, bare `Discussion` / `Summary` headings, `Name (SRE):`.
    @Test func namedTeams() throws {
        let doc = try parse("en-named-teams.txt")
        #expect(doc.groups.map(\.label) == ["Platform Team", "Data Team"])
        #expect(doc.groups.map(\.name) == ["Platform Team", "Data Team"])
        #expect(doc.groups.map(\.number) == [nil, nil])
        let g = doc.groups[0]
        #expect(g.title == "BREAKOUT SESSION NOTES")
        #expect(g.fields["preamble"] == "Engineering all-hands, afternoon track")
        #expect(g.fields["time"] == "12 March 2026")
        #expect(g.leader?.name == "Marcus Obi")
        #expect(g.members.map(\.name) == ["Hannah Kim", "Luis Ortega", "Ana Souza", "Wei Zhang"])
        #expect(g.recorders.map(\.name) == ["Luis Ortega"])
        #expect(g.headings == ["Discussion", "Summary"])
        #expect(speakers(g) == ["Marcus Obi", "Hannah Kim", "Wei Zhang", "Ana Souza", nil])
        #expect(g.statements[1].note == "SRE" && g.statements[1].text.hasPrefix("Most pages"))
        #expect(g.statements[3].speakerRaw == "Ana" && g.statements[3].match == "nickname")
        #expect(g.statements[4].heading == "Summary" && g.statements[4].text.hasPrefix("Tune the two alerts"))
        let data = doc.groups[1]
        #expect(data.leader?.name == "Fatima Zahra")
        #expect(data.members.map(\.name) == ["Peter Novak", "Ingrid Berg", "Omar Haddad"])
        #expect(speakers(data) == ["Fatima Zahra", "Omar Haddad", "Peter Novak", nil])
        #expect(data.statements.map(\.role) == ["leader", "member", "member", nil])
    }

    /// A timestamped transcript: `Break-out Group 2 — Customer Success`, roster names with
    /// titles and teams, speakers written without the title, by first name or by title and
    /// surname, a guest.
    @Test func timestampedTranscript() throws {
        let doc = try parse("en-transcript.txt")
        #expect(doc.groups.map(\.label) == ["Break-out Group 2", "Break-out Group 3"])
        #expect(doc.groups.map(\.number) == [2, 3])
        let g = doc.groups[0]
        #expect(g.title == "Break-out Group 2 — Customer Success")
        #expect(g.leader?.name == "Rachel Green")
        #expect(g.members.map(\.name) == ["Dr. Alan Turing", "Prof. Grace Hopper", "Ken Thompson"])
        #expect(g.members.map(\.note) == ["Research", "Engineering", nil])
        #expect(g.topic == "Why small accounts churn")
        #expect(speakers(g) == ["Rachel Green", "Dr. Alan Turing", "Dr. Alan Turing", "Prof. Grace Hopper", "Ken Thompson", "Maria Lopez"])
        #expect(written(g) == ["Rachel Green", "Alan Turing", "Dr. Turing", "Grace", "Ken", "Maria Lopez"])
        #expect(g.statements.map(\.time) == ["14:05", "14:07", "14:09", "14:10", "14:12", "14:15"])
        #expect(g.statements.map(\.role) == ["leader", "member", "member", "member", "member", "guest"])
        #expect(g.statements[3].points.map(\.marker) == ["(1)", "(2)"])
        // Ian Moss is a member and the note-taker: his first name still resolves.
        #expect(speakers(doc.groups[1]) == ["Sam Carter", "Lucy Gray", "Ian Moss"])
        #expect(doc.groups[1].statements[2].role == "member")
    }

    /// Roles written as notes on one `Attendees:` line, `GROUP THREE` in capitals, a
    /// `Key Points:` heading right after the roster, numbered points.
    @Test func rolesAsNotes() throws {
        let doc = try parse("en-roles-as-notes.txt")
        #expect(doc.groups.map(\.label) == ["GROUP THREE", "GROUP SEVEN"])
        #expect(doc.groups.map(\.number) == [3, 7])
        let g = doc.groups[0]
        #expect(g.leader?.name == "Jane Doe")
        #expect(g.recorders.map(\.name) == ["John Roe"])
        #expect(g.members.map(\.name) == ["Jane Doe", "John Roe", "Ann Poe", "Liam Park"])
        #expect(g.members.map(\.note) == ["facilitator", "note-taker", "Support team", nil])
        #expect(g.headings == ["Key Points"])
        #expect(speakers(g) == ["Jane Doe", "John Roe", "Ann Poe", "Liam Park"])
        // John Roe is listed among the attendees: his role is `member` (the attendee list comes first).
        #expect(g.statements.map(\.role) == ["leader", "member", "member", "member"])
        #expect(g.statements[0].points.map(\.marker) == ["1.", "2.", "3."])
        #expect(g.statements[2].note == "Support team")
        #expect(speakers(doc.groups[1]) == ["Zoe Adams", "Eva Lind", "Max Fischer"])
    }

    /// With CRLF line ends the same groups, rosters and speakers come out.
    @Test func crlfGivesTheSameStructure() throws {
        for name in ["en-offsite.md", "en-named-teams.txt", "en-transcript.txt", "en-roles-as-notes.txt"] {
            let text = try Fixtures.text(name)
            let lf = try MinutesParser().parse(text)
            let crlfText = text.replacingOccurrences(of: "\n", with: "\r\n")
            let crlf = try MinutesParser().parse(crlfText)
            #expect(Fixtures.invariantViolations(crlfText, crlf) == [], "\(name)")
            #expect(crlf.groups.map(\.label) == lf.groups.map(\.label), "\(name)")
            #expect(crlf.groups.map(\.members) == lf.groups.map(\.members), "\(name)")
            #expect(crlf.groups.map { $0.statements.map(\.speaker) } == lf.groups.map { $0.statements.map(\.speaker) }, "\(name)")
            #expect(crlf.groups.map(\.headings) == lf.groups.map(\.headings), "\(name)")
        }
    }

    /// The reader claims each of them and gives the document's language.
    @Test func readerRoutesEnglishReports() throws {
        let reader = try MinutesReader(PluginSetup(options: .defaults(for: MinutesReader.options), logger: .init(label: "t")))
        for name in ["en-offsite.md", "en-named-teams.txt", "en-transcript.txt", "en-roles-as-notes.txt"] {
            let bytes = try Fixtures.bytes(name)
            #expect(reader.confidence(for: InputSample(path: name, head: bytes, size: bytes.count)) == 0.8, "\(name)")
            let (docs, _) = try Fixtures.read(bytes, path: name, records: "statement")
            #expect(docs.count >= 7, "\(name)")
        }
    }
}
