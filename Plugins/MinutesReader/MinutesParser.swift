import SluiceCore

/// Parses grouped minutes (written reports of break-out group discussions) into groups, rosters,
/// headings and statements.
///
/// The parser works in phases, each in its own file: report boundaries (the rosters and where
/// each group begins, `ReportBoundaries.swift`), group labels and rosters (`GroupLabels.swift`,
/// `GroupHeader.swift`, `RosterNames.swift`), then statements and points (`Statements.swift`,
/// `SpeakerMarkers.swift`, `SpeakerNames.swift`, `Headings.swift`, `Points.swift`). Each phase
/// reads the text forward with a ``TextCursor`` and bounded look-around at each boundary, so the
/// time grows linearly with the text. Every scalar of the text ends up in exactly one
/// ``MinutesSegment``.
public struct MinutesParser: Sendable {
    /// Creates a parser.
    public init() {}

    /// Parses `text`.
    ///
    /// - Throws: ``PluginError`` of kind `invalidInput` when the text has no group structure (no
    ///   roster such as `组长：… 组员：…`, `主持人：… 参会人员：…` or `Facilitator: … Members: …`).
    public func parse(_ text: String) throws -> MinutesDocument {
        let minutes = MinutesText(text)
        // Phase 1: report boundaries.
        let boundaries = ReportBoundaries(text: minutes)
        let clusters = boundaries.clusters()
        guard !clusters.isEmpty else {
            throw PluginError.invalidInput(
                "no group structure: found no roster (such as '组长：… 组员：…', '主持人：… 参会人员：…' or 'Facilitator: … Members: …')")
        }
        let starts = boundaries.groupStarts(clusters)
        // Phase 2: each group's header and roster; phase 3: where its statements start.
        let headers = GroupHeaderReader(text: minutes, boundaries: boundaries)
        var groups: [MinutesGroup] = []
        var bodies: [GroupBody] = []
        var unlistedGroups: [String: Set<Int>] = [:]
        for (index, cluster) in clusters.enumerated() {
            let end = index + 1 < clusters.count ? starts[index + 1] : minutes.count
            let header = headers.read(index: index, start: starts[index], cluster: cluster, end: end)
            let reader = StatementReader(text: minutes, roster: SpeakerRoster(header.group))
            let cuts = reader.cuts(bodyStart: header.bodyStart, end: end)
            for name in cuts.compactMap(\.unlistedSpeaker) { unlistedGroups[name, default: []].insert(index) }
            bodies.append(GroupBody(group: index, bodyStart: header.bodyStart, end: end, cuts: cuts, header: header.segments))
            groups.append(header.group)
        }
        // Phase 3: the statements. A word that several groups write as `WORD：` without it
        // being on their rosters is a sub-label (`方案：`, `市场：`), not a guest speaker.
        var segments = minutes.segment(.documentPreamble, field: nil, group: nil, 0, starts[0])
        let assembler = StatementAssembler(text: minutes)
        for var body in bodies {
            body.cuts.removeAll { cut in
                guard cut.isUnlistedWithoutOrdinal, let name = cut.unlistedSpeaker else { return false }
                return (unlistedGroups[name]?.count ?? 0) >= 2
            }
            segments += body.header
            assembler.assemble(body, into: &groups[body.group], segments: &segments)
        }
        return MinutesDocument(
            groups: groups, segments: segments, title: groups.lazy.compactMap(\.title).first,
            language: Self.language(groups, text: minutes))
    }

    /// The number of groups `text` appears to hold (rosters found), without parsing statements.
    /// Used to sniff whether an input is grouped minutes.
    public func countGroups(_ text: String) -> Int {
        ReportBoundaries(text: MinutesText(text)).clusters().count
    }

    /// `zh` when at least half the speakers' names are Chinese (or, with no speakers, when the
    /// text holds any Han character), else `en`.
    private static func language(_ groups: [MinutesGroup], text: MinutesText) -> String {
        let speakers = groups.flatMap(\.statements).compactMap(\.speaker)
        guard !speakers.isEmpty else { return text.scalars.contains(where: ScalarClass.isHan) ? "zh" : "en" }
        let hanSpeakers = speakers.filter { $0.unicodeScalars.contains(where: ScalarClass.isHan) }
        return hanSpeakers.count * 2 >= speakers.count ? "zh" : "en"
    }
}
