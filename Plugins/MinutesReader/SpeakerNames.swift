import SluiceCore

// Phase 3 — statements: who a name stands for (the group's roster, nicknames, variant spellings,
// names that are not on the roster).

/// A group's roster as a lookup table for speaker names.
struct SpeakerRoster {
    struct Entry {
        var name: String
        var role: String
    }

    private(set) var entries: [String: Entry] = [:]
    /// The longest name, in scalars.
    private(set) var maxLength = 0
    /// Latin names by their first word after any title (`Carol` → `Carol Wang`, `Priya` →
    /// `Dr. Priya Natarajan`).
    private(set) var latinFirstNames: [String: [String]] = [:]
    /// Latin names by their last word (`Turing` → `Dr. Alan Turing`).
    private var latinSurnames: [String: [String]] = [:]
    /// Latin names written with a title, by the name without it (`Alan Turing` → `Dr. Alan Turing`).
    private var untitledNames: [String: [String]] = [:]
    /// The first scalars of the names (a quick test before a lookup).
    private(set) var firstScalars: Set<Unicode.Scalar> = []
    /// Names that are not plain Chinese or Latin names (`../x`, `<b>`, `' OR 1=1`), as scalars by
    /// their first scalar, longest first: they are matched verbatim.
    private(set) var verbatimNames: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
    /// The lengths (in characters) of the names, longest first.
    private(set) var nameLengths: [Int] = []
    private(set) var leader: String?
    private(set) var recorders: [String] = []

    init(_ group: MinutesGroup) {
        if let leader = group.leader {
            add(leader.name, role: "leader")
            self.leader = leader.name
        }
        recorders = group.recorders.map(\.name)
        for member in group.members { add(member.name, role: "member") }
        for member in group.recorders { add(member.name, role: "recorder") }
        for member in group.absent { add(member.name, role: "member") }
        for key in verbatimNames.keys { verbatimNames[key]!.sort { $0.count > $1.count } }
        nameLengths = Set(entries.keys.map(\.count)).sorted(by: >)
    }

    /// Whether `name` is a plain name: Han characters, or Latin letters with spaces, dots,
    /// apostrophes and hyphens (what the Chinese and Latin speaker rules read).
    private static func isPlain(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { c in
            ScalarClass.isHan(c) || ScalarClass.isLatinNamePart(c) || c == " " || c == "·" || c == "•"
        }
    }

    private mutating func add(_ name: String, role: String) {
        guard !name.isEmpty else { return }
        firstScalars.insert(name.unicodeScalars.first!)
        maxLength = max(maxLength, name.unicodeScalars.count)
        guard entries[name] == nil else { return }
        entries[name] = Entry(name: name, role: role)
        if !Self.isPlain(name) { verbatimNames[name.unicodeScalars.first!, default: []].append(Array(name.unicodeScalars)) }
        guard name.contains(" ") else { return }
        let words = name.split(separator: " ")
        let untitled = words.drop(while: { Self.titles.contains(String($0)) })
        if let first = untitled.first ?? words.first { latinFirstNames[String(first), default: []].append(name) }
        if untitled.count >= 2, let last = untitled.last { latinSurnames[String(last), default: []].append(name) }
        if untitled.count < words.count, !untitled.isEmpty {
            untitledNames[untitled.joined(separator: " "), default: []].append(name)
        }
    }

    /// Titles written before a name.
    static let titles: Set<String> = ["Dr.", "Dr", "Prof.", "Prof", "Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Mx.", "Mx", "Sir", "Dame"]

    /// The roster member a Latin name as spoken stands for, when it is not written as on the
    /// roster: with or without a title (`Alan Turing:`, `Ms. Rachel Green:`), or one word — a
    /// first name (`Carol:`) or, failing that, a surname (`Dr. Turing:`). The match is `roster`
    /// for a title difference, `nickname` for one word.
    func latinMember(spoken: String) -> (name: String, match: String)? {
        let words = spoken.split(separator: " ")
        let untitled = words.drop(while: { Self.titles.contains(String($0)) })
        guard !untitled.isEmpty else { return nil }
        let bare = untitled.joined(separator: " ")
        if untitled.count < words.count, entries[bare] != nil { return (bare, "roster") }
        if let names = untitledNames[bare], names.count == 1 { return (names[0], "roster") }
        guard untitled.count == 1 else { return nil }
        if let names = latinFirstNames[bare] { return names.count == 1 ? (names[0], "nickname") : nil }
        if let names = latinSurnames[bare], names.count == 1 { return (names[0], "nickname") }
        return nil
    }

    /// The role of `name`: its roster role, else `guest`.
    func role(of name: String) -> String { entries[name]?.role ?? "guest" }

    /// The roster member a variant spelling stands for (`崔晴慧` for `崔晴雪`): same length (at
    /// least three), same surname, one character different, and only one such member.
    func variant(of name: String) -> String? {
        let chars = Array(name)
        guard chars.count >= 3 else { return nil }
        var found: String?
        for candidate in entries.keys {
            let other = Array(candidate)
            guard other.count == chars.count, other[0] == chars[0] else { continue }
            let differences = zip(chars, other).filter { $0 != $1 }.count
            if differences == 1 {
                if found != nil { return nil }
                found = candidate
            }
        }
        return found
    }

    /// The roster member a nickname's stem (`飞` of `飞总`, `淑英` of `淑英老师`) stands for,
    /// when only one fits.
    func resolveNickname(_ stem: String) -> String? {
        var byGiven: [String] = []
        var bySurname: [String] = []
        for name in entries.keys where name.count >= 2 && name.unicodeScalars.allSatisfy(ScalarClass.isHan) {
            let surnameLength = Lexicon.compoundSurnames.contains(String(name.prefix(2))) && name.count >= 3 ? 2 : 1
            let given = String(name.dropFirst(surnameLength))
            let surname = String(name.prefix(surnameLength))
            if given == stem || (stem.count == 1 && given.count > 1 && given.hasPrefix(stem)) {
                byGiven.append(name)
            }
            if surname == stem { bySurname.append(name) }
        }
        let exactGiven = byGiven.filter { $0.hasSuffix(stem) && $0.count - stem.count <= 2 }
        if exactGiven.count == 1 { return exactGiven[0] }
        if byGiven.count == 1 { return byGiven[0] }
        if byGiven.isEmpty && bySurname.count == 1 { return bySurname[0] }
        return nil
    }
}

/// Rules for names that are not on a roster.
enum NameRules {
    /// Whether `name` (not on the roster) looks like a Chinese person's name: two or three
    /// characters starting with a common surname (four with a compound surname), not a common word.
    static func looksLikeName(_ name: String) -> Bool {
        let count = name.count
        guard count >= 2, count <= 4 else { return false }
        if Lexicon.notNames.contains(name) || Lexicon.neverSpeakers.contains(name) || Lexicon.headingSet.contains(name) {
            return false
        }
        if count == 4 || (count == 3 && Lexicon.compoundSurnames.contains(String(name.prefix(2)))) {
            return Lexicon.compoundSurnames.contains(String(name.prefix(2)))
        }
        guard let first = name.first, Lexicon.surnames.contains(first) else { return false }
        return true
    }
}
