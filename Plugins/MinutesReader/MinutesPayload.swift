import Foundation
import SluiceCore

/// The minutes structure a document carries in `data["groups"]` (documented in
/// `docs/minutes-reader.md`), read back as types. Reading is defensive, because the data may come
/// from another producer (an exec reader, a hand-written JSONL file): members may be names or
/// objects, missing fields stay empty, unknown fields are ignored, and a statement whose text is
/// not a string keeps what can be read of it.
public struct MinutesPayload: Sendable, Hashable {
    /// One person on a group's roster.
    public struct Member: Sendable, Hashable {
        public var name: String
        /// `leader`, `member` or `recorder`.
        public var role: String
        public var employeeID: String?
        public var note: String?
    }

    /// What one speaker said in a group.
    public struct Statement: Sendable, Hashable {
        public var speaker: String?
        public var speakerRaw: String?
        public var role: String?
        /// The text, or the points one per line when the text is empty.
        public var text: String
        public var points: [String]
    }

    /// One group.
    public struct Group: Sendable, Hashable {
        public var label: String?
        public var number: Int?
        public var leader: String?
        public var topic: String?
        /// The leader, the members and the recorders, in that order.
        public var roster: [Member]
        public var recorders: [String]
        public var headings: [String]
        public var statements: [Statement]
    }

    /// The groups in order.
    public var groups: [Group]

    /// Reads the payload of `document` (no groups when it has none).
    public init(_ document: Document) {
        groups = (document.data?["groups"]?.arrayValue ?? []).compactMap { $0.objectValue.map(Self.group) }
    }

    static func group(_ object: [String: JSONValue]) -> Group {
        let leader = name(object["leader"])
        var roster: [Member] = []
        if let leader { roster.append(Member(name: leader, role: "leader")) }
        for m in object["members"]?.arrayValue ?? [] {
            guard let n = name(m) else { continue }
            roster.append(Member(name: n, role: "member", employeeID: string(m["employee_id"]), note: string(m["note"])))
        }
        let recorders = (object["recorders"]?.arrayValue ?? (object["recorders"].map { [$0] } ?? [])).compactMap(name)
        roster += recorders.map { Member(name: $0, role: "recorder") }
        let statements = (object["statements"]?.arrayValue ?? []).compactMap { s -> Statement? in
            guard s.objectValue != nil else { return nil }
            let points = (s["points"]?.arrayValue ?? []).compactMap { string($0) ?? string($0["text"]) }
            var text = string(s["text"]) ?? ""
            if text.isEmpty { text = points.joined(separator: "\n") }
            return Statement(
                speaker: name(s["speaker"]), speakerRaw: string(s["speaker_raw"]), role: string(s["role"]), text: text, points: points)
        }
        return Group(
            label: string(object["label"]), number: int(object["number"]), leader: leader, topic: string(object["topic"]),
            roster: roster, recorders: recorders, headings: (object["headings"]?.arrayValue ?? []).compactMap { string($0) },
            statements: statements)
    }

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
}
