import SluiceCore

// Phase 2 — group labels and rosters: a group's header (title, subtitle, requirement, label,
// preamble), its roster fields and a topic line right after the roster.

/// A group's header read: the group without statements, the header segments, and where the
/// body starts.
struct GroupHeaderResult {
    var group: MinutesGroup
    var segments: [MinutesSegment]
    var bodyStart: Int
}

/// Reads a group's header and roster.
struct GroupHeaderReader {
    let text: MinutesText
    let boundaries: ReportBoundaries

    private static let leaderNotes: Set<String> = ["组长", "主持", "主持人", "召集人", "facilitator", "leader", "chair", "moderator", "lead"]
    private static let recorderNotes: Set<String> = ["记录", "记录员", "记录人", "纪要", "note-taker", "notetaker", "note taker", "recorder", "scribe", "rapporteur"]
    private static let topicWords: [[Unicode.Scalar]] = ["讨论议题", "会议议题", "会议主题", "讨论主题", "议题", "主题", "Topic", "Theme"]
        .map { Array($0.unicodeScalars) }

    /// Reads group number `index` (0-based), which starts at `start`, has `cluster` as its
    /// roster and ends at `end`.
    func read(index: Int, start: Int, cluster: RosterCluster, end: Int) -> GroupHeaderResult {
        var group = MinutesGroup(
            label: "", number: nil, name: nil, title: nil, leader: nil, members: [], duplicateMembers: [],
            recorders: [], recorderPlaceholder: nil, absent: [], topic: nil, fields: [:], headings: [],
            statements: [])
        var segments: [MinutesSegment] = []
        let pieces = headerPieces(start: start, rosterStart: cluster.start)
        for (k, piece) in pieces.fields.enumerated() {
            let pieceEnd = k + 1 < pieces.fields.count ? pieces.fields[k + 1].start : cluster.start
            segments.append(contentsOf: text.segment(.header, field: piece.field, group: index, piece.start, pieceEnd))
            apply(piece.field, value: text.trimmedString(piece.start, pieceEnd), to: &group)
        }
        if let label = pieces.label {
            group.label = label.label
            group.number = label.number
            group.name = label.name
        } else {
            group.label = group.title ?? ""
        }
        segments += applyRoster(cluster, index: index, to: &group)
        applyRoleNotes(to: &group)
        var bodyStart = cluster.end
        if let topic = topicLine(after: cluster.end, end: end) {
            segments.append(contentsOf: text.segment(.header, field: "roster_gap", group: index, cluster.end, topic.start))
            segments.append(contentsOf: text.segment(.header, field: "topic", group: index, topic.start, topic.end))
            group.topic = topic.value
            bodyStart = topic.end
        }
        return GroupHeaderResult(group: group, segments: segments, bodyStart: bodyStart)
    }

    /// The header pieces between the group's start and its roster, each with its field, and the
    /// group's label.
    private func headerPieces(start: Int, rosterStart: Int) -> (fields: [(field: String, start: Int)], label: GroupLabel?) {
        var fields: [(field: String, start: Int)] = []
        let tokens = text.tokens(start, rosterStart)
        var chosenLabel: GroupLabel?
        var labelToken: Int?
        for token in tokens {
            if let label = GroupLabels.label(in: text.string(token.lowerBound, token.upperBound)) {
                chosenLabel = label
                labelToken = token.lowerBound
            }
        }
        var previousEnd = start
        for token in tokens {
            let word = text.string(token.lowerBound, token.upperBound)
            let a = token.lowerBound
            let gapBreak = a == start || (a - previousEnd >= 2) || text.string(previousEnd, a).contains("\n")
            let last = fields.last?.field
            var field: String?
            if GroupLabels.isLatinTitle(word) && fields.last?.field != "title" {
                // An English title is its whole line (`# Leadership Offsite: Break-out Reports`).
                let lineStart = max(start, text.lineStart(of: a, lowerBound: start))
                while let last = fields.last, last.start >= lineStart { fields.removeLast() }
                fields.append(("title", lineStart))
                previousEnd = token.upperBound
                continue
            } else if GroupLabels.isTitle(word) && GroupLabels.label(in: word)?.label != word {
                field = "title"
                // A title token may also hold a label (第20组讨论书面汇报).
                if chosenLabel == nil, let label = GroupLabels.label(in: word) { chosenLabel = label }
            } else if GroupLabels.isSubtitle(word) {
                field = "subtitle"
            } else if word.hasPrefix("整体要求") {
                field = "requirement"
            } else if a == labelToken {
                field = "label"
            } else if gapBreak || last == "label" || (last == "subtitle" && !(word.hasPrefix("—") || word.hasPrefix("-")))
                        || last == "requirement"
            {
                field = "preamble"
            }
            if let field { fields.append((field, a)) }
            previousEnd = token.upperBound
        }
        if chosenLabel == nil { chosenLabel = spacedLabel(start, rosterStart) }
        if chosenLabel == nil, let english = englishLabel(start, rosterStart) {
            chosenLabel = english.label
            markLabelLine(english.line, in: &fields)
        }
        if fields.isEmpty || fields[0].start > start { fields.insert(("preamble", start), at: 0) }
        return (fields, chosenLabel)
    }

    /// Makes the line holding an English label a `label` piece, unless a title starts it.
    private func markLabelLine(_ line: Range<Int>, in fields: inout [(field: String, start: Int)]) {
        guard !fields.contains(where: { $0.field == "title" && line.contains($0.start) }) else { return }
        fields.removeAll { line.contains($0.start) }
        let position = fields.firstIndex { $0.start > line.lowerBound } ?? fields.count
        fields.insert(("label", line.lowerBound), at: position)
    }

    /// `第 3 组`: a label written with spaces, on one of the header lines (the last first).
    private func spacedLabel(_ start: Int, _ rosterStart: Int) -> GroupLabel? {
        let header = text.string(start, rosterStart)
        for line in header.split(whereSeparator: { $0.isNewline }).reversed() {
            let squeezed = String(line.filter { !$0.isWhitespace })
            if squeezed.count <= 12, squeezed.unicodeScalars.contains(where: ScalarClass.isHan), let label = GroupLabels.label(in: squeezed) {
                return GroupLabel(label: TextTrimming.trimming(line, also: []), number: label.number, name: label.name)
            }
        }
        return nil
    }

    /// An English label (`Breakout Group 3`, `Platform Team`) on one of the header lines (the
    /// first first), with the line's range.
    private func englishLabel(_ start: Int, _ rosterStart: Int) -> (label: GroupLabel, line: Range<Int>)? {
        var lineStart = start
        while lineStart < rosterStart {
            var cursor = text.cursor(at: lineStart, limit: rosterStart)
            cursor.skip(while: { !ScalarClass.isLineBreak($0) })
            let line = lineStart..<cursor.position
            if !line.isEmpty, let label = GroupLabels.englishLabel(in: text.string(line.lowerBound, line.upperBound)) {
                return (label, line)
            }
            cursor.skip(while: ScalarClass.isLineBreak)
            lineStart = cursor.position
        }
        return nil
    }

    /// Stores a header piece's value in `group`.
    private func apply(_ field: String, value: String, to group: inout MinutesGroup) {
        switch field {
        case "title":
            if group.title == nil { group.title = TextTrimming.trimming(value.drop { $0 == "#" || $0 == "*" }, also: ["*"]) }
        case "subtitle":
            group.fields["subtitle"] = value
            if let dash = value.firstIndex(of: "—") {
                group.topic = TextTrimming.trimming(value[dash...], also: [" ", "—", "-"])
            }
        case "requirement":
            group.fields["requirement"] = value
        case "preamble":
            if !TextTrimming.isMarkupOnly(value) {
                group.fields["preamble"] = group.fields["preamble"].map { $0 + "\n" + value } ?? value
            }
        default:
            break
        }
    }

    /// Stores the roster's fields in `group`; returns their segments.
    private func applyRoster(_ cluster: RosterCluster, index: Int, to group: inout MinutesGroup) -> [MinutesSegment] {
        var segments: [MinutesSegment] = []
        var seen = Set<String>()
        for (k, field) in cluster.fields.enumerated() {
            let fieldEnd = k + 1 < cluster.fields.count ? cluster.fields[k + 1].occurrence.start : cluster.end
            let fieldName: String
            switch field.occurrence.kind {
            case .leader:
                fieldName = "leader"
                group.leader = field.names.first
                if field.names.count > 1 {
                    group.fields["co_leaders"] = field.names.dropFirst().map(\.name).joined(separator: "、")
                }
            case .members:
                fieldName = "members"
                for member in field.names {
                    if seen.insert(member.name).inserted { group.members.append(member) } else { group.duplicateMembers.append(member.name) }
                }
            case .recorders:
                fieldName = "recorders"
                group.recorders += field.names
                if let placeholder = field.placeholder { group.recorderPlaceholder = placeholder }
            case .absent:
                fieldName = "absent"
                group.absent += field.names
            case .meta(let key):
                fieldName = key
                if key == "topic" { group.topic = field.value } else { group.fields[key] = field.value }
            }
            segments.append(contentsOf: text.segment(.header, field: fieldName, group: index, field.occurrence.start, fieldEnd))
        }
        return segments
    }

    /// `参会人员：张三（组长）、李四（记录）`: roles written as notes, when no field names them.
    private func applyRoleNotes(to group: inout MinutesGroup) {
        if group.leader == nil, let member = group.members.first(where: { Self.leaderNotes.contains(($0.note ?? "").lowercased()) }) {
            group.leader = MinutesMember(name: member.name, employeeID: member.employeeID)
        }
        if group.recorders.isEmpty {
            group.recorders = group.members.filter { Self.recorderNotes.contains(($0.note ?? "").lowercased()) }
                .map { MinutesMember(name: $0.name, employeeID: $0.employeeID) }
        }
    }

    /// A topic line right after the roster (`讨论议题 …`, `Topic: …`).
    private func topicLine(after rosterEnd: Int, end: Int) -> (start: Int, end: Int, value: String)? {
        let start = text.skippingSpace(from: rosterEnd, limit: end)
        for word in Self.topicWords where text.has(word, at: start) {
            var cursor = text.cursor(at: start + word.count, limit: end)
            if !cursor.match(ScalarClass.isColon) && !cursor.next(is: ScalarClass.isSpace) { continue }
            let line = boundaries.lineValue(from: cursor.position, limit: end)
            return line.value.isEmpty ? nil : (start, line.end, line.value)
        }
        return nil
    }
}
