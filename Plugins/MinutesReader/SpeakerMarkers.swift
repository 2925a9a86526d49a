import SluiceCore

// Phase 3 — statements: the marker that introduces a speaker (`张三：`, `2、李四 `, `姓名5：王五`,
// `[10:05] Bob Li:`, `**宋佳**：`, `飞总：`, `组长：`).

/// A speaker marker found in the text.
struct SpeakerMatch {
    var start: Int
    /// Where the statement's text starts (after the colon, or after the name).
    var markerEnd: Int
    var speaker: String?
    var raw: String
    var role: String?
    var match: String
    var note: String?
    var employeeID: String?
    var ordinal: String?
    var time: String?
    /// Whether the name was followed by a colon.
    var colon: Bool
}

/// What follows a name: a note, an employee id, a colon.
struct NameTail {
    var note: String?
    var employeeID: String?
    /// The index after the colon (and any markup after it), nil without a colon.
    var colonEnd: Int?
    /// The index after the name, note and id.
    var end: Int
}

/// What comes before a name: a bullet, a timestamp, an ordinal.
private struct MarkerPrefix {
    var nameStart: Int
    var time: String?
    var ordinal: String?
    /// `发言人：` or `姓名N：`: the name that follows is a speaker whatever it looks like.
    var explicit = false
}

/// Finds speaker markers in a group's body.
struct SpeakerFinder {
    let text: MinutesText
    let roster: SpeakerRoster

    private static let rolePrefixes: [[Unicode.Scalar]] = ["组长", "副组长", "主持人", "记录员", "组员", "成员"].map { Array($0.unicodeScalars) }
    private static let speechVerbs: [[Unicode.Scalar]] = ["发言", "说", "表示", "指出", "补充", "提到", "认为", "谈到", "讲", "提出", "总结"]
        .map { Array($0.unicodeScalars) }
    private static let honorifics: [[Character]] = Lexicon.honorifics.map(Array.init)
    /// Capitalised words followed by a colon that are not speakers.
    private static let latinNonSpeakers: Set<String> = ["Note", "Notes", "Summary", "Agenda", "Action", "Decision", "Q", "A", "Re", "Update"]

    /// The speaker marker at `start`, if any. `afterPunctuation`: right after a full stop, where
    /// only a roster name (or a nickname) with a colon counts.
    func speaker(at start: Int, limit: Int, lineStart: Bool, afterPunctuation: Bool = false) -> SpeakerMatch? {
        guard let prefix = markerPrefix(at: start, limit: limit) else { return nil }
        if let found = verbatimSpeaker(start: start, prefix: prefix, limit: limit, lineStart: lineStart) { return found }
        let first = text[prefix.nameStart]
        if ScalarClass.isHan(first) {
            return hanSpeaker(start: start, prefix: prefix, limit: limit, afterPunctuation: afterPunctuation)
        }
        if ScalarClass.isUpper(first) && !afterPunctuation {
            return latinSpeaker(start: start, prefix: prefix, limit: limit, lineStart: lineStart)
        }
        return nil
    }

    /// Reads markup, a bullet, a timestamp, an ordinal and a role before a name.
    private func markerPrefix(at start: Int, limit: Int) -> MarkerPrefix? {
        var cursor = text.cursor(at: start, limit: limit)
        // Markdown emphasis or a bullet before the name: `**张三**：`, `- 李四：`.
        if cursor.next(is: "*") {
            cursor.skip(while: { $0 == "*" }, max: 2)
        } else if cursor.next(is: { $0 == "-" || $0 == "•" || $0 == "·" }), let after = cursor.peek(1), ScalarClass.isInlineSpace(after) {
            cursor.advance()
            cursor.skip(while: ScalarClass.isInlineSpace, max: 3)
        }
        guard !cursor.isAtEnd else { return nil }
        var prefix = MarkerPrefix(nameStart: start)
        if let stamp = timestamp(at: cursor.position, limit: limit) {
            prefix.time = stamp.text
            cursor.move(to: stamp.end)
        }
        guard readOrdinal(&cursor, into: &prefix, markerStart: start) else { return nil }
        guard !cursor.isAtEnd else { return nil }
        // A role written before the name: `组长张三：`, `主持人 李四：`.
        if let role = Self.rolePrefixes.first(where: { text.has($0, at: cursor.position) }) {
            var name = text.cursor(at: cursor.position + role.count, limit: limit)
            name.skip(while: ScalarClass.isInlineSpace, max: 2)
            if name.next(is: { roster.firstScalars.contains($0) }) { cursor = name }
        }
        prefix.nameStart = cursor.position
        return prefix
    }

    /// Reads `发言人：`, `姓名N：` or `N、`/`N.` before a name; false when digits start the
    /// marker but are no ordinal.
    private func readOrdinal(_ cursor: inout TextCursor, into prefix: inout MarkerPrefix, markerStart: Int) -> Bool {
        let ordinalStart = cursor.position
        if cursor.match(Array("发言人".unicodeScalars)) {
            if cursor.match(ScalarClass.isColon) {
                prefix.ordinal = cursor.string(from: ordinalStart)
                prefix.explicit = true
                cursor.skip(while: ScalarClass.isInlineSpace, max: max(0, markerStart + 8 - cursor.position))
                return true
            }
            cursor.move(to: ordinalStart)
        }
        if cursor.match(Array("姓名".unicodeScalars)) {
            cursor.skip(while: ScalarClass.isDigit)
            if cursor.match(ScalarClass.isColon) {
                prefix.ordinal = cursor.string(from: ordinalStart)
                prefix.explicit = true
                cursor.skip(while: ScalarClass.isInlineSpace, max: 2)
                return true
            }
            cursor.move(to: ordinalStart)
        }
        guard cursor.next(is: ScalarClass.isDigit) else { return true }
        cursor.skip(while: ScalarClass.isDigit, max: 3)
        guard cursor.next(is: ScalarClass.isOrdinalEnd), !(cursor.peek(1).map(ScalarClass.isDigit) ?? false) else { return false }
        cursor.advance()
        prefix.ordinal = cursor.string(from: ordinalStart)
        cursor.skip(while: ScalarClass.isInlineSpace, max: 3)
        return true
    }

    private func make(_ name: String?, raw: String, role: String?, match: String, start: Int, prefix: MarkerPrefix, tail: NameTail) -> SpeakerMatch {
        SpeakerMatch(
            start: start, markerEnd: tail.colonEnd ?? tail.end, speaker: name, raw: raw, role: role, match: match,
            note: tail.note, employeeID: tail.employeeID, ordinal: prefix.ordinal, time: prefix.time, colon: tail.colonEnd != nil)
    }

    /// A roster name that is not a plain name (`../x`, `<b>`, `' OR 1=1`), written exactly as on
    /// the roster and followed by a colon. A name longer than 64 scalars is looked for only at a
    /// line start (names hold no line break, so the comparisons stay linear in the text).
    private func verbatimSpeaker(start: Int, prefix: MarkerPrefix, limit: Int, lineStart: Bool) -> SpeakerMatch? {
        guard let candidates = roster.verbatimNames[text[prefix.nameStart]] else { return nil }
        for name in candidates where (lineStart || name.count <= 64) && prefix.nameStart + name.count <= limit
            && text.has(name, at: prefix.nameStart)
        {
            let tail = nameTail(prefix.nameStart + name.count, limit: limit)
            guard tail.colonEnd != nil else { continue }
            let written = String(String.UnicodeScalarView(name))
            return make(written, raw: written, role: roster.role(of: written), match: "roster", start: start, prefix: prefix, tail: tail)
        }
        return nil
    }

    // MARK: Chinese names

    private func hanSpeaker(start: Int, prefix: MarkerPrefix, limit: Int, afterPunctuation: Bool) -> SpeakerMatch? {
        let run = nameRun(at: prefix.nameStart, limit: limit, max: max(roster.maxLength, 6))
        switch rosterSpeaker(run, start: start, prefix: prefix, limit: limit, afterPunctuation: afterPunctuation) {
        case .found(let match): return match
        case .notASpeaker: return nil
        case .notOnRoster: break
        }
        if !afterPunctuation, prefix.ordinal == nil, let found = roleSpeaker(run, start: start, prefix: prefix, limit: limit) {
            return found
        }
        if let found = nicknameSpeaker(run, start: start, prefix: prefix, limit: limit) { return found }
        if afterPunctuation { return nil }
        return unlistedSpeaker(run, start: start, prefix: prefix, limit: limit)
    }

    /// What a roster lookup found.
    private enum RosterLookup {
        case found(SpeakerMatch)
        /// A roster name stands here but is no speaker (after punctuation, without a colon).
        case notASpeaker
        case notOnRoster
    }

    /// A roster name (longest first).
    private func rosterSpeaker(_ run: [(Character, Int)], start: Int, prefix: MarkerPrefix, limit: Int,
                               afterPunctuation: Bool) -> RosterLookup {
        let p = prefix.nameStart
        guard !run.isEmpty && roster.firstScalars.contains(text[p]) else { return .notOnRoster }
        for length in roster.nameLengths where length >= 2 && length <= min(run.count, roster.maxLength) {
            let name = String(run.prefix(length).map(\.0))
            if let entry = roster.entries[name] {
                let end = run[length - 1].1
                var tail = nameTail(end, limit: limit)
                if tail.colonEnd == nil, let verbEnd = speechVerbEnd(end, limit: limit) {
                    // `张三说：`, `李四发言：`
                    let verbTail = nameTail(verbEnd, limit: limit)
                    if verbTail.colonEnd != nil { tail = verbTail }
                }
                let found = make(name, raw: text.string(p, end), role: entry.role, match: "roster", start: start, prefix: prefix, tail: tail)
                if tail.colonEnd != nil { return .found(found) }
                if afterPunctuation { return .notASpeaker }
                if tail.end >= limit || ScalarClass.isSpace(text[tail.end]) || prefix.explicit { return .found(found) }
            }
        }
        return .notOnRoster
    }

    /// A role instead of a name: `组长：我补充一点` is the leader speaking.
    private func roleSpeaker(_ run: [(Character, Int)], start: Int, prefix: MarkerPrefix, limit: Int) -> SpeakerMatch? {
        guard run.count >= 2, run.count <= 3 else { return nil }
        let word = String(run.map(\.0))
        let tail = nameTail(run[run.count - 1].1, limit: limit)
        guard tail.colonEnd != nil else { return nil }
        let who: String? = switch word {
        case "组长", "主持人", "主持", "召集人": roster.leader
        case "记录员", "记录人": roster.recorders.count == 1 ? roster.recorders[0] : nil
        default: nil
        }
        guard let who else { return nil }
        return make(who, raw: word, role: roster.role(of: who), match: "role", start: start, prefix: prefix, tail: tail)
    }

    /// A nickname followed by a colon: `飞总：`, `淑英老师：`.
    private func nicknameSpeaker(_ run: [(Character, Int)], start: Int, prefix: MarkerPrefix, limit: Int) -> SpeakerMatch? {
        for honorific in Self.honorifics where run.count >= 2 && run.count <= 4 && run.contains(where: { $0.0 == honorific.last! }) {
            for stemLength in 1...2 where run.count >= stemLength + honorific.count {
                let chars = run.prefix(stemLength + honorific.count).map(\.0)
                guard Array(chars.suffix(honorific.count)) == honorific else { continue }
                let end = run[stemLength + honorific.count - 1].1
                let tail = nameTail(end, limit: limit)
                guard tail.colonEnd != nil, run.count == stemLength + honorific.count else { continue }
                let raw = text.string(prefix.nameStart, end)
                if let resolved = roster.resolveNickname(String(chars.prefix(stemLength))) {
                    return make(resolved, raw: raw, role: roster.role(of: resolved), match: "nickname", start: start, prefix: prefix, tail: tail)
                }
                return make(raw, raw: raw, role: "guest", match: "nickname", start: start, prefix: prefix, tail: tail)
            }
        }
        return nil
    }

    /// A name not on the roster: a variant spelling of a roster name, or a name by its look.
    private func unlistedSpeaker(_ run: [(Character, Int)], start: Int, prefix: MarkerPrefix, limit: Int) -> SpeakerMatch? {
        let fullRun = run.count
        guard fullRun >= 2 else { return nil }
        var candidates: [Int] = []
        let runEnd = run[fullRun - 1].1
        let runTail = nameTail(runEnd, limit: limit)
        if runTail.colonEnd != nil || (prefix.explicit && (runTail.end >= limit || ScalarClass.isSpace(text[runTail.end]) || runTail.note != nil)) {
            candidates.append(fullRun)
        } else if prefix.explicit {
            // `姓名4：吴蔚洲从…`: the name runs into the text; take three characters.
            candidates.append(min(3, fullRun))
        }
        for length in candidates where length >= 2 && length <= 4 {
            let name = String(run.prefix(length).map(\.0))
            let end = run[length - 1].1
            let tail = length == fullRun ? runTail : NameTail(end: end)
            let raw = text.string(prefix.nameStart, end)
            if let resolved = roster.variant(of: name) {
                return make(resolved, raw: raw, role: roster.role(of: resolved), match: "variant", start: start, prefix: prefix, tail: tail)
            }
            if NameRules.looksLikeName(name) {
                return make(name, raw: raw, role: "guest", match: prefix.explicit ? "explicit" : "unlisted", start: start, prefix: prefix, tail: tail)
            }
        }
        return nil
    }

    // MARK: Latin names

    /// Up to four capitalised words followed by a colon: a roster name, a roster first name, or
    /// (at a line start) a name not on the roster.
    private func latinSpeaker(start: Int, prefix: MarkerPrefix, limit: Int, lineStart: Bool) -> SpeakerMatch? {
        let p = prefix.nameStart
        var words: [Range<Int>] = []
        var cursor = text.cursor(at: p, limit: limit)
        while words.count < 4 {
            let word = cursor.read(while: ScalarClass.isLatinNamePart)
            if word.isEmpty { break }
            words.append(word)
            guard cursor.next(is: " "), let following = cursor.peek(1), ScalarClass.isUpper(following) else { break }
            cursor.advance()
        }
        for count in stride(from: words.count, through: 1, by: -1) {
            let end = words[count - 1].upperBound
            let name = text.string(p, end)
            let tail = nameTail(end, limit: limit)
            guard tail.colonEnd != nil else { continue }
            if let entry = roster.entries[name] {
                return make(name, raw: name, role: entry.role, match: "roster", start: start, prefix: prefix, tail: tail)
            }
            if let member = roster.latinMember(spoken: name) {
                return make(member.name, raw: name, role: roster.role(of: member.name), match: member.match, start: start, prefix: prefix, tail: tail)
            }
            let allCapitalised = prefix.ordinal == nil && words.prefix(count).allSatisfy { word in
                word.count >= 2 && ScalarClass.isUpper(text[word.lowerBound])
                    && !(word.lowerBound + 1..<word.upperBound).contains { ScalarClass.isUpper(text[$0]) }
            }
            if lineStart && allCapitalised && count <= 3 && !Lexicon.headingSet.contains(name)
                && !Lexicon.fieldKeywords.contains(where: { $0.0 == name }) && !Self.latinNonSpeakers.contains(name)
            {
                return make(name, raw: name, role: "guest", match: "unlisted", start: start, prefix: prefix, tail: tail)
            }
        }
        return nil
    }

    // MARK: Around the name

    /// A timestamp at `start` (`[10:05]`, `10:05`, `(10:05:30)`): its text and the index after
    /// it and the following spaces or dash.
    func timestamp(at start: Int, limit: Int) -> (text: String, end: Int)? {
        var cursor = text.cursor(at: start, limit: limit)
        let open = cursor.match { $0 == "[" || $0 == "(" || $0 == "【" }
        let timeStart = cursor.position
        guard cursor.skip(while: ScalarClass.isDigit, max: 2) > 0, cursor.match(ScalarClass.isColon),
              cursor.skip(while: ScalarClass.isDigit) == 2 else { return nil }
        if cursor.next(is: ":"), let d1 = cursor.peek(1), let d2 = cursor.peek(2), ScalarClass.isDigit(d1), ScalarClass.isDigit(d2) {
            cursor.advance(3)
        }
        let time = cursor.string(from: timeStart)
        if open {
            guard cursor.match({ $0 == "]" || $0 == ")" || $0 == "】" }) else { return nil }
        }
        let spaces = cursor.skip(while: { ScalarClass.isInlineSpace($0) || $0 == "-" || $0 == "–" }, max: 4)
        guard spaces > 0 || open else { return nil }
        return (time, cursor.position)
    }

    /// The note, employee id and colon after a name ending at `nameEnd`.
    func nameTail(_ nameEnd: Int, limit: Int) -> NameTail {
        var cursor = text.cursor(at: nameEnd, limit: limit)
        var tail = NameTail(end: nameEnd)
        // `Alice Chen (facilitator):`
        if cursor.next(is: " "), cursor.peek(1) == "(", ScalarClass.isLatin(text[nameEnd - 1]) { cursor.advance() }
        if let note = cursor.readBracketed(max: 20) { tail.note = text.trimmedString(note.lowerBound, note.upperBound) }
        var id = cursor
        id.skip(while: ScalarClass.isInlineSpace, max: 4)
        let digits = id.read(while: ScalarClass.isDigit)
        if digits.count >= 3 && digits.count <= 10 {
            id.skip(while: ScalarClass.isInlineSpace, max: 3)
            if id.next(is: ScalarClass.isColon) {
                tail.employeeID = text.string(digits.lowerBound, digits.upperBound)
                cursor.move(to: digits.upperBound)
            }
        }
        tail.end = cursor.position
        cursor.skip(while: { $0 == "*" }, max: 2)
        cursor.skip(while: ScalarClass.isInlineSpace, max: 3)
        if cursor.match(ScalarClass.isColon) {
            cursor.skip(while: { $0 == "*" }, max: 2)
            tail.colonEnd = cursor.position
        }
        return tail
    }

    /// The Han characters of a name starting at `start`, each with the index after it; a
    /// one-character part followed by spaces joins a short run ending the name (`韩  蕊：`).
    func nameRun(at start: Int, limit: Int, max maxCount: Int) -> [(Character, Int)] {
        var out: [(Character, Int)] = []
        var cursor = text.cursor(at: start, limit: limit)
        while out.count < maxCount, let c = cursor.peek() {
            if ScalarClass.isHan(c) {
                cursor.advance()
                out.append((Character(c), cursor.position))
            } else if out.count == 1 && ScalarClass.isInlineSpace(c) {
                var rest = cursor
                rest.skip(while: ScalarClass.isInlineSpace, max: 4)
                guard rest.next(is: ScalarClass.isHan) else { break }
                let restStart = rest.position
                guard rest.skip(while: ScalarClass.isHan) <= 2 else { break }
                rest.skip(while: ScalarClass.isInlineSpace, max: 3)
                guard rest.next(is: ScalarClass.isColon) else { break }
                cursor.move(to: restStart)
            } else {
                break
            }
        }
        return out
    }

    /// The end of a speech verb right after a name (`张三说：`), if any.
    private func speechVerbEnd(_ nameEnd: Int, limit: Int) -> Int? {
        var cursor = text.cursor(at: nameEnd, limit: limit)
        for verb in Self.speechVerbs where cursor.match(verb) { return cursor.position }
        return nil
    }
}
