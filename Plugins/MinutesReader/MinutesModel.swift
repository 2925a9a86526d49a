import SluiceCore

/// What the minutes parser makes of one text: the ordered groups and the exact segmentation of
/// the text they came from.
public struct MinutesDocument: Sendable, Hashable {
    /// The groups in reading order.
    public var groups: [MinutesGroup]
    /// Every character of the text, in order, in exactly one segment: concatenating the segments'
    /// ``MinutesSegment/raw`` gives back the text.
    public var segments: [MinutesSegment]
    /// The first report title, when there is one (`分组讨论书面汇报材料`).
    public var title: String?
    /// The dominant script of the speakers' names: `zh` or `en`.
    public var language: String
}

/// One piece of the text, with what it is.
public struct MinutesSegment: Sendable, Hashable {
    /// What the piece is.
    public enum Kind: String, Sendable, Hashable {
        /// Text before the first group (whitespace, a document title).
        case documentPreamble = "document_preamble"
        /// A header field of a group (title, label, roster, topic, ...).
        case header
        /// A section heading.
        case heading
        /// A statement (its marker and text).
        case statement
    }

    /// What the piece is.
    public var kind: Kind
    /// For header pieces, the field (`title`, `subtitle`, `requirement`, `label`, `leader`,
    /// `members`, `recorders`, `absent`, `topic`, `time`, `place`, `preamble`, `notes`).
    public var field: String?
    /// The index of the group the piece belongs to (nil for the document preamble).
    public var group: Int?
    /// The piece exactly as it is in the text, whitespace included.
    public var raw: String
    /// Offset of the piece in the text, in Unicode scalars.
    public var offset: Int
}

/// One person on a roster.
public struct MinutesMember: Sendable, Hashable {
    /// The name, inner spaces removed (`刘攀` for `刘  攀`).
    public var name: String
    /// The employee id written after the name (`11139`), when there is one.
    public var employeeID: String?
    /// A note written after the name without its brackets (`请假`), when there is one.
    public var note: String?

    /// Creates a member.
    public init(name: String, employeeID: String? = nil, note: String? = nil) {
        self.name = name
        self.employeeID = employeeID
        self.note = note
    }
}

/// One numbered point inside a statement (`（1）…`, `1、…`, `①…`, `A：…`).
public struct MinutesPoint: Sendable, Hashable {
    /// The marker as written (`1、`, `（2）`, `①`, `A：`).
    public var marker: String
    /// The point's text, without the marker.
    public var text: String
}

/// What one speaker said (or, with no speaker, the text under a heading).
public struct MinutesStatement: Sendable, Hashable {
    /// The normalised speaker: inner spaces removed, notes left out, a nickname or a variant
    /// spelling resolved to the roster member. Nil for text no speaker introduced.
    public var speaker: String?
    /// The name exactly as the marker wrote it (`飞总`, `韩  蕊`, `崔晴慧`).
    public var speakerRaw: String?
    /// `leader`, `member`, `recorder` or `guest` (not on the roster); nil without a speaker.
    public var role: String?
    /// How the speaker was found: `roster`, `nickname`, `variant` (a roster name spelled
    /// differently), `role` (`组长：`), `explicit` (`姓名N：`), `unlisted` (a name not on the roster).
    public var match: String?
    /// A note next to the name (`核心要点`, `实习`, `教育`), without brackets.
    public var note: String?
    /// An employee id next to the name.
    public var employeeID: String?
    /// The ordinal written before the name (`1、`, `12.`, `姓名5：`).
    public var ordinal: String?
    /// A timestamp written before the name (`10:05`).
    public var time: String?
    /// The section heading the statement is under, when there is one.
    public var heading: String?
    /// The statement's text, trimmed.
    public var text: String
    /// The numbered points in the text, in order.
    public var points: [MinutesPoint]
}

/// One discussion group.
public struct MinutesGroup: Sendable, Hashable {
    /// The label as written, without a trailing colon (`组2`, `组：十八组`, `第九组`, `顶规方案组`).
    public var label: String
    /// The group number when the label has one (`18` for `组：十八组`), else nil.
    public var number: Int?
    /// The group's name when the label is a name rather than a number (`运营商技术开发部`).
    public var name: String?
    /// The report title above the group (`分组讨论书面汇报材料`).
    public var title: String?
    /// The leader (`组长`, `主持人`, `Facilitator`).
    public var leader: MinutesMember?
    /// The members in the order written, repeats removed.
    public var members: [MinutesMember]
    /// Names the members list repeated (kept once in ``members``).
    public var duplicateMembers: [String]
    /// The recorders (`记录员`, `纪要`, `记录人`, `Note-taker`); empty when missing or a placeholder.
    public var recorders: [MinutesMember]
    /// The placeholder written instead of a recorder (`XXX`), when there is one.
    public var recorderPlaceholder: String?
    /// People listed as absent.
    public var absent: [MinutesMember]
    /// The discussion topic.
    public var topic: String?
    /// Other header fields by name (`time`, `place`, `subtitle`, `requirement`, `preamble`, `notes`).
    public var fields: [String: String]
    /// The section headings in order.
    public var headings: [String]
    /// The statements in order.
    public var statements: [MinutesStatement]
}

// MARK: - JSON

extension MinutesMember {
    /// `{name, employee_id?, note?}`.
    var json: JSONValue {
        var o: [String: JSONValue] = ["name": .string(name)]
        if let employeeID { o["employee_id"] = .string(employeeID) }
        if let note { o["note"] = .string(note) }
        return .object(o)
    }
}

extension MinutesStatement {
    /// The statement object documented in `docs/minutes-reader.md`.
    var json: JSONValue {
        var o: [String: JSONValue] = [
            "speaker": speaker.map(JSONValue.string) ?? .null,
            "speaker_raw": speakerRaw.map(JSONValue.string) ?? .null,
            "role": role.map(JSONValue.string) ?? .null,
            "text": .string(text),
            "points": .array(points.map { .object(["marker": .string($0.marker), "text": .string($0.text)]) }),
            "heading": heading.map(JSONValue.string) ?? .null,
        ]
        if let match { o["match"] = .string(match) }
        if let note { o["note"] = .string(note) }
        if let employeeID { o["employee_id"] = .string(employeeID) }
        if let ordinal { o["ordinal"] = .string(ordinal) }
        if let time { o["time"] = .string(time) }
        return .object(o)
    }
}

extension MinutesGroup {
    /// The group object documented in `docs/minutes-reader.md`.
    var json: JSONValue {
        var o: [String: JSONValue] = [
            "label": .string(label),
            "number": number.map(JSONValue.int) ?? .null,
            "name": name.map(JSONValue.string) ?? .null,
            "title": title.map(JSONValue.string) ?? .null,
            "leader": leader.map { .string($0.name) } ?? .null,
            "members": .array(members.map(\.json)),
            "recorders": .array(recorders.map { .string($0.name) }),
            "topic": topic.map(JSONValue.string) ?? .null,
            "headings": .array(headings.map(JSONValue.string)),
            "statements": .array(statements.map(\.json)),
            "fields": .object(fields.mapValues(JSONValue.string)),
        ]
        if let leader, leader.employeeID != nil || leader.note != nil { o["leader_detail"] = leader.json }
        if recorders.contains(where: { $0.employeeID != nil || $0.note != nil }) {
            o["recorder_details"] = .array(recorders.map(\.json))
        }
        if let recorderPlaceholder { o["recorder_placeholder"] = .string(recorderPlaceholder) }
        if !absent.isEmpty { o["absent"] = .array(absent.map(\.json)) }
        if !duplicateMembers.isEmpty { o["duplicate_members"] = .array(duplicateMembers.map(JSONValue.string)) }
        return .object(o)
    }
}
