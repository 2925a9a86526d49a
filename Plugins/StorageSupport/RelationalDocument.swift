import Foundation
import SluiceCore

/// A document flattened into the rows of Sluice's relational schema, shared by the SQLite and
/// PostgreSQL sinks so that both stores hold the same logical data.
///
/// Tables (see `docs/storage.md`): `documents`, `blocks`, `groups`, `group_members`,
/// `statements` and `search_entries` (the units full-text search ranks: the whole document, each
/// group's header, each statement).
package struct RelationalDocument: Sendable {
    /// One row of `documents`.
    package struct DocumentRow: Sendable {
        package var id: String
        package var kind: String
        package var title: String?
        package var published: String?
        package var sourcePath: String
        package var sourceReader: String
        package var sourceBytes: Int
        package var sourceSHA256: String
        package var sourceEncoding: String?
        /// The metadata as a JSON object.
        package var metadata: String
        package var text: String
        /// The canonical JSON record (``DocumentEncoder``).
        package var json: String
        /// SHA-256 of ``json``: a stored document whose record has the same hash is unchanged and
        /// is not rewritten on a re-run.
        package var recordSHA256: String
    }

    /// One row of `blocks`.
    package struct BlockRow: Sendable {
        package var ordinal: Int
        package var type: String
        package var text: String
        package var level: Int?
        package var src: String?
        package var speaker: String?
        /// The attributes as a JSON object, when there are any.
        package var attributes: String?
    }

    /// One row of `groups` (a break-out group of a minutes document).
    package struct GroupRow: Sendable {
        package var ordinal: Int
        package var label: String?
        package var number: Int?
        package var leader: String?
        package var topic: String?
        /// Member names, recorders and headings as JSON arrays.
        package var members: String
        package var recorders: String
        package var headings: String
    }

    /// One row of `group_members`: a person on a group's roster.
    package struct MemberRow: Sendable {
        package var groupOrdinal: Int
        package var ordinal: Int
        package var name: String
        /// `leader`, `member` or `recorder`.
        package var role: String
        package var employeeID: String?
        package var note: String?
    }

    /// One row of `statements`: what one speaker said in a group.
    package struct StatementRow: Sendable {
        package var ordinal: Int
        package var groupOrdinal: Int
        package var groupLabel: String?
        package var speaker: String?
        package var speakerRaw: String?
        package var role: String?
        package var text: String
        /// The points as a JSON array.
        package var points: String
    }

    /// One row of `search_entries`: a unit that search ranks.
    package struct SearchEntryRow: Sendable {
        /// `document`, `group` or `statement`.
        package var unit: String
        package var groupOrdinal: Int?
        package var statementOrdinal: Int?
        /// The group label, for groups and statements.
        package var groupLabel: String?
        package var speaker: String?
        /// The document's title, for the `document` unit only (so a title match counts once).
        package var title: String
        /// Group label, speaker and roster: searchable context that is not body text.
        package var context: String
        package var body: String
    }

    package var document: DocumentRow
    package var blocks: [BlockRow]
    package var groups: [GroupRow]
    package var members: [MemberRow]
    package var statements: [StatementRow]
    package var searchEntries: [SearchEntryRow]

    /// Flattens `document`. The minutes structure in `data["groups"]` is read defensively: members
    /// may be names or objects, missing fields are left empty, unknown fields are ignored.
    package init(_ document: Document, encoder: DocumentEncoder = DocumentEncoder()) throws {
        let jsonBytes = try encoder.encode(document)
        let json = String(decoding: jsonBytes, as: UTF8.self)
        self.document = DocumentRow(
            id: document.id, kind: document.kind, title: document.title, published: document.published,
            sourcePath: document.source.path, sourceReader: document.source.reader,
            sourceBytes: document.source.bytes, sourceSHA256: document.source.sha256,
            sourceEncoding: document.source.encoding, metadata: Self.jsonObject(document.metadata),
            text: document.text, json: json, recordSHA256: SHA256.hexDigest(of: Array(jsonBytes)))
        self.blocks = document.blocks.enumerated().map { i, block in
            BlockRow(
                ordinal: i, type: block.type.rawValue, text: block.text, level: block.level, src: block.src,
                speaker: block.speaker, attributes: block.attributes.flatMap { $0.isEmpty ? nil : Self.jsonObject($0) })
        }
        var groups: [GroupRow] = []
        var members: [MemberRow] = []
        var statements: [StatementRow] = []
        var entries: [SearchEntryRow] = []
        entries.append(SearchEntryRow(
            unit: "document", title: document.title ?? "", context: document.metadata["author"] ?? "", body: document.text))
        for (g, value) in (document.data?["groups"]?.arrayValue ?? []).enumerated() {
            guard let object = value.objectValue else { continue }
            let label = Self.string(object["label"])
            let leader = Self.name(object["leader"])
            var roster: [MemberRow] = []
            if let leader { roster.append(MemberRow(groupOrdinal: g, ordinal: 0, name: leader, role: "leader")) }
            for m in object["members"]?.arrayValue ?? [] {
                guard let name = Self.name(m) else { continue }
                roster.append(MemberRow(
                    groupOrdinal: g, ordinal: 0, name: name, role: "member",
                    employeeID: Self.string(m["employee_id"]), note: Self.string(m["note"])))
            }
            let recorderNames = (object["recorders"]?.arrayValue ?? (object["recorders"].map { [$0] } ?? [])).compactMap(Self.name)
            for r in recorderNames { roster.append(MemberRow(groupOrdinal: g, ordinal: 0, name: r, role: "recorder")) }
            for i in roster.indices { roster[i].ordinal = i }
            members += roster
            let headings = (object["headings"]?.arrayValue ?? []).compactMap { Self.string($0) }
            let topic = Self.string(object["topic"])
            groups.append(GroupRow(
                ordinal: g, label: label, number: Self.int(object["number"]), leader: leader, topic: topic,
                members: Self.jsonArray(roster.filter { $0.role == "member" }.map(\.name)),
                recorders: Self.jsonArray(recorderNames), headings: Self.jsonArray(headings)))
            entries.append(SearchEntryRow(
                unit: "group", groupOrdinal: g, groupLabel: label, title: "",
                context: ([label] + roster.map(\.name)).compactMap { $0 }.joined(separator: " "),
                body: ([topic] + headings).compactMap { $0 }.joined(separator: "\n")))
            for s in object["statements"]?.arrayValue ?? [] {
                guard s.objectValue != nil else { continue }
                let points = (s["points"]?.arrayValue ?? []).compactMap { Self.string($0) }
                var text = Self.string(s["text"]) ?? ""
                if text.isEmpty { text = points.joined(separator: "\n") }
                let speaker = Self.name(s["speaker"])
                let row = StatementRow(
                    ordinal: statements.count, groupOrdinal: g, groupLabel: label, speaker: speaker,
                    speakerRaw: Self.string(s["speaker_raw"]), role: Self.string(s["role"]), text: text,
                    points: Self.jsonArray(points))
                statements.append(row)
                entries.append(SearchEntryRow(
                    unit: "statement", groupOrdinal: g, statementOrdinal: row.ordinal, groupLabel: label,
                    speaker: speaker, title: "",
                    context: [label, speaker].compactMap { $0 }.joined(separator: " "), body: text))
            }
        }
        self.groups = groups
        self.members = members
        self.statements = statements
        self.searchEntries = entries
    }

    // MARK: - Defensive JSON reading

    /// A string from a string, number or boolean; nil for anything else or an empty string.
    static func string(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s)?:
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        case .int(let i)?: return String(i)
        case .double(let d)?: return String(d)
        case .bool(let b)?: return String(b)
        default: return nil
        }
    }

    /// A person's name from a string or an object with `name`.
    static func name(_ value: JSONValue?) -> String? {
        if let s = string(value) { return s }
        if let object = value?.objectValue { return string(object["name"]) }
        return nil
    }

    static func int(_ value: JSONValue?) -> Int? {
        switch value {
        case .int(let i)?: return i
        case .double(let d)? where d.rounded() == d && abs(d) < 1e15: return Int(d)
        case .string(let s)?: return Int(s.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    static func jsonObject(_ dictionary: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(dictionary)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func jsonArray(_ strings: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(strings)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
