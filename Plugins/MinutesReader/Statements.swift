import SluiceCore

// Phase 3 — statements: where each statement and heading starts in a group's body, and the
// statements (with their points) between those cuts.

/// A place where the body is cut: a heading or a speaker marker.
enum BodyCut {
    case heading(start: Int, end: Int, text: String)
    case speaker(SpeakerMatch)

    var start: Int {
        switch self {
        case .heading(let start, _, _): start
        case .speaker(let match): match.start
        }
    }

    /// The speaker found only by the look of the name (not on the roster), if any.
    var unlistedSpeaker: String? {
        guard case .speaker(let match) = self, match.match == "unlisted" else { return nil }
        return match.speaker
    }

    /// Whether the cut is a speaker found only by the look of the name, with no ordinal.
    var isUnlistedWithoutOrdinal: Bool {
        guard case .speaker(let match) = self else { return false }
        return match.match == "unlisted" && match.ordinal == nil
    }
}

/// A group's body, cut, waiting for the document-wide check of unlisted speakers.
struct GroupBody {
    var group: Int
    var bodyStart: Int
    var end: Int
    var cuts: [BodyCut]
    var header: [MinutesSegment]
}

/// Cuts a group's body into headings and statements.
struct StatementReader {
    let text: MinutesText
    let speakers: SpeakerFinder

    init(text: MinutesText, roster: SpeakerRoster) {
        self.text = text
        speakers = SpeakerFinder(text: text, roster: roster)
    }

    /// The headings and speaker markers in `[bodyStart, end)`, in order.
    func cuts(bodyStart: Int, end: Int) -> [BodyCut] {
        let headings = HeadingFinder(text: text, speakers: speakers)
        var cuts: [BodyCut] = []
        var sinceSpeaker = false
        var index = bodyStart
        while index < end {
            let c = text[index]
            if !ScalarClass.isSpace(c) && text.isWordStart(index) {
                let lineStart = text.isLineStart(index) || index == bodyStart || text.followsHeadingMarks(index)
                if let heading = headings.heading(at: index, limit: end, allowBare: !sinceSpeaker, lineStart: lineStart) {
                    cuts.append(.heading(start: index, end: heading.end, text: heading.text))
                    sinceSpeaker = false
                    index = heading.end
                    continue
                }
                if let speaker = speakers.speaker(at: index, limit: end, lineStart: lineStart) {
                    cuts.append(.speaker(speaker))
                    sinceSpeaker = true
                    index = speaker.markerEnd
                    continue
                }
            } else if index > bodyStart, ScalarClass.isSentenceStop(text[index - 1]),
                      ScalarClass.isHan(c) || c == "*" || ScalarClass.isDigit(c),
                      let speaker = speakers.speaker(at: index, limit: end, lineStart: false, afterPunctuation: true)
            {
                // `…完成。李四：…` — a roster name and a colon right after a full stop.
                cuts.append(.speaker(speaker))
                sinceSpeaker = true
                index = speaker.markerEnd
                continue
            }
            index += 1
        }
        return Self.dropUnconfirmedUnlisted(cuts)
    }

    /// Speakers found only by their look (not on the roster, no `姓名N：`) count only where the
    /// group's other speakers also use `NAME：`.
    private static func dropUnconfirmedUnlisted(_ cuts: [BodyCut]) -> [BodyCut] {
        let colonRoster = cuts.contains {
            if case .speaker(let match) = $0 { return match.match == "roster" && match.colon }
            return false
        }
        guard !colonRoster else { return cuts }
        return cuts.filter { !$0.isUnlistedWithoutOrdinal }
    }
}

/// Turns the cuts of a group's body into its headings, statements and segments.
struct StatementAssembler {
    let text: MinutesText

    /// Adds the statements of `body` to `group` and its segments to `segments` (the body's
    /// leading whitespace extends the last segment).
    func assemble(_ body: GroupBody, into group: inout MinutesGroup, segments: inout [MinutesSegment]) {
        let points = PointFinder(text: text)
        let firstCut = body.cuts.first?.start ?? body.end
        if firstCut > body.bodyStart {
            let lead = text.trimmedString(body.bodyStart, firstCut)
            if TextTrimming.isMarkupOnly(lead) {
                // whitespace (or markdown marks) only: extend the previous header piece
                if var last = segments.popLast() {
                    last.raw += text.string(body.bodyStart, firstCut)
                    segments.append(last)
                }
            } else {
                segments += text.segment(.header, field: "notes", group: body.group, body.bodyStart, firstCut)
                group.fields["notes"] = lead
            }
        }
        var currentHeading: String?
        for (k, cut) in body.cuts.enumerated() {
            let next = k + 1 < body.cuts.count ? body.cuts[k + 1].start : body.end
            switch cut {
            case .heading(let start, let headingEnd, let heading):
                let textStart = text.skippingSpace(from: headingEnd, limit: next)
                let title = TextTrimming.trimming(heading, also: ["：", ":", " "])
                currentHeading = title
                group.headings.append(title)
                if textStart < next {
                    segments += text.segment(.heading, field: nil, group: body.group, start, textStart)
                    segments += text.segment(.statement, field: nil, group: body.group, textStart, next)
                    group.statements.append(MinutesStatement(
                        speaker: nil, speakerRaw: nil, role: nil, match: nil, note: nil, employeeID: nil,
                        ordinal: nil, time: nil, heading: title, text: text.trimmedString(textStart, next),
                        points: points.points(textStart, next)))
                } else {
                    segments += text.segment(.heading, field: nil, group: body.group, start, next)
                }
            case .speaker(let match):
                segments += text.segment(.statement, field: nil, group: body.group, match.start, next)
                group.statements.append(MinutesStatement(
                    speaker: match.speaker, speakerRaw: match.raw, role: match.role, match: match.match, note: match.note,
                    employeeID: match.employeeID, ordinal: match.ordinal, time: match.time, heading: currentHeading,
                    text: text.trimmedString(match.markerEnd, next), points: points.points(match.markerEnd, next)))
            }
        }
        if group.topic == nil, let topic = group.fields["topic"] { group.topic = topic }
    }
}
