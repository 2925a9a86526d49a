import SluiceCore

/// The `minutes` reader: grouped minutes (written reports of break-out group discussions) in,
/// one record per input, per group or per statement out, each with its group, speaker and role.
///
/// The structure goes into `Document.data["groups"]`; its JSON shape is documented in
/// `docs/minutes-reader.md`.
public struct MinutesReader: SourceReader {
    public static let name = "minutes"
    public static let summary = "Grouped minutes: every group's roster, topic, headings and each speaker's statements."
    public static let fileExtensions = ["txt", "text", "md"]

    /// One record per input, per group or per statement.
    public static let records = OptionKey<String>.choice(
        "records", ["document", "group", "statement"], default: "document",
        doc: "One record per input (kind 'minutes'), per group ('minutes.group') or per statement ('minutes.statement', for search and retrieval).")
    /// Whether statements with no speaker (the text under a heading such as 发言小结) become records.
    public static let unattributed = OptionKey<Bool>.boolean(
        "unattributed_statements", default: true,
        doc: "With records: statement, also emit the text under a heading that no speaker introduced (speaker null).")
    /// Whether the points of a statement are split out.
    public static let splitPoints = OptionKey<Bool>.boolean(
        "points", default: true,
        doc: "Split each statement's numbered points (（1）, 1、, 1., ①, 1）, A：) into a list in data.")
    /// Minimum number of groups for an input to be accepted.
    public static let minGroups = OptionKey<Int>.integer(
        "min_groups", default: 1,
        doc: "Inputs with fewer groups than this are rejected as having no group structure.")

    /// The input encoding, or `auto`.
    public static let encoding = OptionKey<String>.string(
        "encoding", default: "auto",
        doc: "The input encoding (`auto` detects it: BOM, valid UTF-8, else a charset detector such as GB18030), or a label such as `gb18030`, `big5`, `utf-16le`.")

    public static var options: [OptionSpec] { [records.spec, unattributed.spec, splitPoints.spec, minGroups.spec, encoding.spec] }

    public static let example: String? = """
        pipelines:
          minutes:
            inputs: [minutes/]
            reader: {name: minutes, records: statement}
            sinks: [{name: jsonl, path: out/minutes.jsonl}]
        """

    let recordMode: String
    let includeUnattributed: Bool
    let includePoints: Bool
    let minimumGroups: Int
    let encodingLabel: String?

    public init(_ setup: PluginSetup) throws {
        recordMode = setup.options[Self.records]
        includeUnattributed = setup.options[Self.unattributed]
        includePoints = setup.options[Self.splitPoints]
        minimumGroups = setup.options[Self.minGroups]
        guard minimumGroups >= 1 else { throw PluginError.configuration("min_groups must be at least 1") }
        let label = setup.options[Self.encoding]
        if label == "auto" {
            encodingLabel = nil
        } else {
            guard MinutesDecoding.knows(label) else { throw PluginError.configuration("unknown encoding '\(label)'") }
            encodingLabel = label
        }
    }

    /// Extensions of files that may hold minutes (besides ``fileExtensions``): none means a text
    /// file without an extension.
    static let textLikeExtensions: Set<String> = ["txt", "text", "md", "markdown", ""]

    /// 0.8 when a text file's start holds a group roster (`组长：… 组员：…`, `主持人：…
    /// 参会人员：…`, `Facilitator: … Members: …`), else 0: plain text goes to `text`, and other
    /// files (manifests, sources) are never claimed.
    public func confidence(for sample: InputSample) -> Double {
        guard !sample.head.isEmpty, Self.textLikeExtensions.contains(sample.fileExtension) else { return 0 }
        if sample.head.prefix(8192).contains(0) { return 0 }
        var head = sample.head
        // Do not judge a character cut in half at the end of the sample.
        if head.count >= 65_536 {
            while let last = head.last, last & 0xC0 == 0x80 { head.removeLast() }
            if let last = head.last, last >= 0xC0 { head.removeLast() }
        }
        guard let decoded = try? MinutesDecoding.decode(head, label: encodingLabel) else { return 0 }
        if decoded.replacements > 8 { return 0 }
        return MinutesParser().countGroups(decoded.text) >= 1 ? 0.8 : 0
    }

    public func read(_ input: SourceInput, context: ReadContext) throws -> [Document] {
        let decoded = try MinutesDecoding.decode(input.bytes, label: encodingLabel)
        if let warning = decoded.warning { context.warn(warning) }
        try context.checkTimeBudget()
        let parsed: MinutesDocument
        do {
            parsed = try MinutesParser().parse(decoded.text)
        } catch let error as PluginError {
            throw error.attributed(plugin: Self.name, file: input.path)
        }
        try context.checkTimeBudget()
        guard parsed.groups.count >= minimumGroups else {
            throw PluginError(.invalidInput, "only \(parsed.groups.count) group(s) found, fewer than min_groups (\(minimumGroups))",
                              plugin: Self.name, file: input.path)
        }
        for (k, g) in parsed.groups.enumerated() where g.statements.isEmpty {
            context.warn("group \(k + 1) ('\(g.label)') has no statements")
        }
        let documents = MinutesRecords(
            parsed: parsed, encoding: decoded.encoding, includeUnattributed: includeUnattributed,
            includePoints: includePoints
        ).documents(mode: recordMode)
        return documents
    }
}

/// Turns a parsed minutes document into Sluice documents.
struct MinutesRecords {
    let parsed: MinutesDocument
    let encoding: String
    let includeUnattributed: Bool
    let includePoints: Bool

    func groupJSON(_ g: MinutesGroup) -> JSONValue {
        var value = g.json
        if !includePoints, case .object(var o) = value, case .array(let statements)? = o["statements"] {
            o["statements"] = .array(statements.map { s in
                guard case .object(var so) = s else { return s }
                so["points"] = .array([])
                return .object(so)
            })
            value = .object(o)
        }
        return value
    }

    func source() -> DocumentSource { DocumentSource(encoding: encoding) }

    func statementBlock(_ s: MinutesStatement, group g: MinutesGroup) -> Block {
        var attributes: [String: String] = ["group": g.label]
        if let n = g.number { attributes["group_number"] = String(n) }
        if let r = s.role { attributes["role"] = r }
        if let raw = s.speakerRaw, raw != s.speaker { attributes["speaker_raw"] = raw }
        if let h = s.heading { attributes["heading"] = h }
        if let m = s.match { attributes["match"] = m }
        if let note = s.note { attributes["note"] = note }
        return Block(.statement, text: s.text, speaker: s.speaker, attributes: attributes)
    }

    func blocks(for g: MinutesGroup) -> [Block] {
        var out: [Block] = []
        var attributes: [String: String] = ["group": g.label]
        if let n = g.number { attributes["group_number"] = String(n) }
        out.append(Block(.heading, text: g.label, level: 1, attributes: attributes))
        var lastHeading: String?
        for s in g.statements {
            if let h = s.heading, h != lastHeading {
                out.append(Block(.heading, text: h, level: 2, attributes: attributes))
                lastHeading = h
            }
            out.append(statementBlock(s, group: g))
        }
        // Headings with no statement under them (a group that stops after `核心要点：`).
        let used = Set(g.statements.compactMap(\.heading))
        for h in g.headings where !used.contains(h) {
            out.append(Block(.heading, text: h, level: 2, attributes: attributes))
        }
        return out
    }

    func rosterLine(_ g: MinutesGroup) -> String {
        var parts: [String] = []
        if let l = g.leader { parts.append("组长：" + l.name) }
        if !g.members.isEmpty { parts.append("组员：" + g.members.map(\.name).joined(separator: "、")) }
        if !g.recorders.isEmpty { parts.append("记录员：" + g.recorders.map(\.name).joined(separator: "、")) }
        return parts.joined(separator: "；")
    }

    func text(for g: MinutesGroup) -> String {
        var lines: [String] = [g.label]
        let roster = rosterLine(g)
        if !roster.isEmpty { lines.append(roster) }
        if let t = g.topic { lines.append(t) }
        var lastHeading: String?
        for s in g.statements {
            if let h = s.heading, h != lastHeading { lines.append(h); lastHeading = h }
            lines.append(s.speaker.map { "\($0)：\(s.text)" } ?? s.text)
        }
        return lines.joined(separator: "\n")
    }

    func groupMetadata(_ g: MinutesGroup) -> [String: String] {
        var m: [String: String] = ["group": g.label]
        if let n = g.number { m["group_number"] = String(n) }
        if let l = g.leader { m["leader"] = l.name }
        if !g.recorders.isEmpty { m["recorders"] = g.recorders.map(\.name).joined(separator: "、") }
        if let t = g.topic { m["topic"] = t }
        m["member_count"] = String(g.members.count)
        m["statement_count"] = String(g.statements.count)
        m["language"] = parsed.language
        return m
    }

    func published(_ g: MinutesGroup) -> String? {
        guard let time = g.fields["time"] else { return nil }
        return isoDate(time)
    }

    func documents(mode: String) -> [Document] {
        switch mode {
        case "group":
            return parsed.groups.map { g in
                Document(
                    kind: "minutes.group", title: g.title.map { "\($0) · \(g.label)" } ?? g.label, published: published(g),
                    metadata: groupMetadata(g), blocks: blocks(for: g), text: text(for: g),
                    data: ["groups": .array([groupJSON(g)])], source: source())
            }
        case "statement":
            var out: [Document] = []
            for g in parsed.groups {
                for (k, s) in g.statements.enumerated() where s.speaker != nil || includeUnattributed {
                    var m: [String: String] = ["group": g.label, "statement_index": String(k)]
                    if let n = g.number { m["group_number"] = String(n) }
                    if let sp = s.speaker { m["speaker"] = sp }
                    if let raw = s.speakerRaw { m["speaker_raw"] = raw }
                    if let r = s.role { m["role"] = r }
                    if let t = g.topic { m["topic"] = t }
                    if let h = s.heading { m["heading"] = h }
                    if let l = g.leader { m["leader"] = l.name }
                    m["language"] = parsed.language
                    var statement = s
                    if !includePoints { statement.points = [] }
                    out.append(Document(
                        kind: "minutes.statement", title: "\(g.label) · \(s.speaker ?? s.heading ?? "—")",
                        published: published(g), metadata: m, blocks: [statementBlock(s, group: g)], text: s.text,
                        data: [
                            "statement": statement.json,
                            "group": .object([
                                "label": .string(g.label), "number": g.number.map(JSONValue.int) ?? .null,
                                "leader": g.leader.map { .string($0.name) } ?? .null,
                                "topic": g.topic.map(JSONValue.string) ?? .null,
                            ]),
                        ],
                        source: source()))
                }
            }
            return out
        default:
            var metadata: [String: String] = [
                "group_count": String(parsed.groups.count),
                "statement_count": String(parsed.groups.reduce(0) { $0 + $1.statements.count }),
                "language": parsed.language,
            ]
            metadata["groups"] = parsed.groups.map(\.label).joined(separator: "、")
            return [Document(
                kind: "minutes", title: parsed.title, published: parsed.groups.first.flatMap(published),
                metadata: metadata, blocks: parsed.groups.flatMap(blocks(for:)),
                text: parsed.groups.map(text(for:)).joined(separator: "\n\n"),
                data: ["groups": .array(parsed.groups.map(groupJSON))], source: source())]
        }
    }

    /// `2023年7月28日 14:00` → `2023-07-28`; `2023-07-28` stays; otherwise nil.
    func isoDate(_ text: String) -> String? {
        let digitsGroups = text.split(whereSeparator: { !$0.isASCII || !$0.isNumber }).map(String.init)
        guard digitsGroups.count >= 3, digitsGroups[0].count == 4,
              let y = Int(digitsGroups[0]), let mo = Int(digitsGroups[1]), let d = Int(digitsGroups[2]),
              (1...12).contains(mo), (1...31).contains(d), (1900...2100).contains(y)
        else { return nil }
        let pad = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(pad(mo))-\(pad(d))"
    }
}
