import Foundation
import SluiceCore

/// How minutes are stored beyond the generic layout: each group and each statement is a search
/// entry of its own (units `group` and `statement`, facets `group` and `speaker`), and the tables
/// `groups`, `group_members` and `statements` hold the structure for SQL, so that "every
/// statement by 李飞" is one query:
///
/// ```sql
/// SELECT group_label, text FROM statements WHERE speaker = '李飞' ORDER BY document_id, ordinal;
/// ```
///
/// Registered beside the reader for the kinds it writes (`minutes`, `minutes.group`,
/// `minutes.statement`); see ``MinutesReader/projectedKinds``.
public struct MinutesProjection: DocumentProjection {
    /// Creates the projection.
    public init() {}

    public var tables: [StoredTable] {
        [
            StoredTable(
                name: "groups",
                columns: [
                    StoredColumn("ordinal", .integer, required: true), StoredColumn("label", .text), StoredColumn("number", .integer),
                    StoredColumn("leader", .text), StoredColumn("topic", .text), StoredColumn("members", .json, required: true),
                    StoredColumn("recorders", .json, required: true), StoredColumn("headings", .json, required: true),
                ],
                key: ["ordinal"]),
            StoredTable(
                name: "group_members",
                columns: [
                    StoredColumn("group_ordinal", .integer, required: true), StoredColumn("ordinal", .integer, required: true),
                    StoredColumn("name", .text, required: true), StoredColumn("role", .text, required: true),
                    StoredColumn("employee_id", .text), StoredColumn("note", .text),
                ],
                key: ["group_ordinal", "ordinal"], indexed: ["name"]),
            StoredTable(
                name: "statements",
                columns: [
                    StoredColumn("ordinal", .integer, required: true), StoredColumn("group_ordinal", .integer, required: true),
                    StoredColumn("group_label", .text), StoredColumn("speaker", .text), StoredColumn("speaker_raw", .text),
                    StoredColumn("role", .text), StoredColumn("text", .text, required: true),
                    StoredColumn("points", .json, required: true),
                ],
                key: ["ordinal"], indexed: ["speaker"]),
        ]
    }

    public func searchEntries(for document: Document) -> [SearchEntry] { project(document).entries }

    public func tableRows(for document: Document) -> [TableRows] { project(document).rows }

    public func project(_ document: Document) -> ProjectedDocument {
        let payload = MinutesPayload(document)
        guard !payload.groups.isEmpty else { return ProjectedDocument() }
        var entries: [SearchEntry] = []
        var groups: [[StoredValue]] = []
        var members: [[StoredValue]] = []
        var statements: [[StoredValue]] = []
        for (g, group) in payload.groups.enumerated() {
            let groupFacets = group.label.map { ["group": $0] } ?? [:]
            groups.append([
                .integer(g), .text(group.label), .integer(group.number), .text(group.leader), .text(group.topic),
                .text(Self.json(group.roster.filter { $0.role == "member" }.map(\.name))), .text(Self.json(group.recorders)),
                .text(Self.json(group.headings)),
            ])
            for (i, m) in group.roster.enumerated() {
                members.append([.integer(g), .integer(i), .text(m.name), .text(m.role), .text(m.employeeID), .text(m.note)])
            }
            entries.append(SearchEntry(
                unit: "group", facets: groupFacets,
                context: ([group.label] + group.roster.map(\.name)).compactMap { $0 }.joined(separator: " "),
                body: ([group.topic] + group.headings).compactMap { $0 }.joined(separator: "\n")))
            for s in group.statements {
                statements.append([
                    .integer(statements.count), .integer(g), .text(group.label), .text(s.speaker), .text(s.speakerRaw),
                    .text(s.role), .text(s.text), .text(Self.json(s.points)),
                ])
                var facets = groupFacets
                facets["speaker"] = s.speaker
                entries.append(SearchEntry(
                    unit: "statement", facets: facets,
                    context: [group.label, s.speaker].compactMap { $0 }.joined(separator: " "), body: s.text))
            }
        }
        return ProjectedDocument(entries: entries, rows: [
            TableRows(table: "groups", rows: groups), TableRows(table: "group_members", rows: members),
            TableRows(table: "statements", rows: statements),
        ])
    }

    static func json(_ strings: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(strings)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}

extension MinutesReader {
    /// The document kinds this reader writes, which ``MinutesProjection`` stores.
    public static let projectedKinds = ["minutes", "minutes.group", "minutes.statement"]
}
