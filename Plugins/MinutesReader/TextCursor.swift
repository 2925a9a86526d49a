import SluiceCore

/// A read position in a ``MinutesText`` that moves forward up to a limit.
///
/// Every look-ahead of the parser goes through a cursor: `peek` looks, `skip`/`read` move over
/// scalars of a class (optionally at most so many), `match` moves over a word or one scalar only
/// when it is there. Reading never passes the limit.
struct TextCursor {
    let text: MinutesText
    /// The index of the next scalar to read.
    private(set) var position: Int
    /// The index reading stops at.
    let limit: Int

    init(text: MinutesText, position: Int, limit: Int) {
        self.text = text
        self.position = position
        self.limit = limit
    }

    /// Whether the cursor is at the limit.
    var isAtEnd: Bool { position >= limit }

    /// The scalar `offset` places ahead (0: the next one), or nil past the limit.
    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let index = position + offset
        return index < limit ? text[index] : nil
    }

    /// Whether the next scalar exists and satisfies `predicate`.
    func next(is predicate: (Unicode.Scalar) -> Bool) -> Bool {
        guard let c = peek() else { return false }
        return predicate(c)
    }

    /// Whether the next scalar is `scalar`.
    func next(is scalar: Unicode.Scalar) -> Bool { peek() == scalar }

    /// Moves `count` scalars forward.
    mutating func advance(_ count: Int = 1) { position += count }

    /// Moves to `index` (used to resume after a look-ahead made with another cursor).
    mutating func move(to index: Int) { position = index }

    /// Moves over the scalars satisfying `predicate`, at most `maximum` of them; returns how many.
    @discardableResult
    mutating func skip(while predicate: (Unicode.Scalar) -> Bool, max maximum: Int = .max) -> Int {
        let start = position
        while position < limit && position - start < maximum && predicate(text[position]) { position += 1 }
        return position - start
    }

    /// Moves over the scalars satisfying `predicate` (at most `maximum`) and returns their range.
    mutating func read(while predicate: (Unicode.Scalar) -> Bool, max maximum: Int = .max) -> Range<Int> {
        let start = position
        skip(while: predicate, max: maximum)
        return start..<position
    }

    /// Moves up to the first scalar satisfying `predicate`, looking at most `maximum` scalars
    /// ahead; returns the range moved over when such a scalar was found (the cursor then stands
    /// on it), else nil (the cursor does not move).
    mutating func read(until predicate: (Unicode.Scalar) -> Bool, max maximum: Int = .max) -> Range<Int>? {
        var probe = self
        let range = probe.read(while: { !predicate($0) }, max: maximum)
        guard probe.next(is: predicate) else { return nil }
        self = probe
        return range
    }

    /// Moves over `word` when it comes next.
    mutating func match(_ word: [Unicode.Scalar]) -> Bool {
        guard position + word.count <= limit, text.has(word, at: position) else { return false }
        position += word.count
        return true
    }

    /// Moves over the next scalar when it satisfies `predicate`.
    mutating func match(_ predicate: (Unicode.Scalar) -> Bool) -> Bool {
        guard next(is: predicate) else { return false }
        position += 1
        return true
    }

    /// Moves over the next scalar when it is `scalar`.
    mutating func match(_ scalar: Unicode.Scalar) -> Bool { match { $0 == scalar } }

    /// Moves over a bracketed note (`（请假）`, `(SRE)`) when one opens here and closes within
    /// `maximum` scalars on the same line; returns the range inside the brackets.
    mutating func readBracketed(max maximum: Int) -> Range<Int>? {
        guard next(is: ScalarClass.isOpenBracket) else { return nil }
        var inside = self
        inside.advance()
        guard let range = inside.read(until: { ScalarClass.isCloseBracket($0) || $0 == "\n" }, max: maximum),
              inside.match(ScalarClass.isCloseBracket) else { return nil }
        self = inside
        return range
    }

    /// The text from `start` to the cursor.
    func string(from start: Int) -> String { text.string(start, position) }
}
