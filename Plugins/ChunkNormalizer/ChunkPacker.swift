/// One chunk: a run of consecutive segments.
struct ChunkSpan: Sendable, Equatable {
    var start: Int
    var end: Int
    var tokens: Int
    var headingPath: [String]
    var speaker: String?
}

/// Packs segments greedily into chunks of at most `maxTokens` tokens. A chunk ends before a hard
/// break (heading, new speaker); when the next segment does not fit, it ends at the last paragraph
/// start in it (if that keeps at least half of it), else after the last whole sentence. The next
/// chunk starts with the previous chunk's last sentences of the same section, up to
/// `overlapTokens` tokens.
struct ChunkPacker {
    let maxTokens: Int
    let overlapTokens: Int

    func pack(_ segs: [Segment]) -> [ChunkSpan] {
        var chunks: [ChunkSpan] = []
        var current: [Int] = []  // indices into segs
        var tokens = 0
        var j = 0
        while j < segs.count {
            let seg = segs[j]
            let onlyHeadings = current.allSatisfy { segs[$0].isHeading }
            if seg.hardBreak && !current.isEmpty && !(seg.isHeading && onlyHeadings) {
                chunks.append(make(current, segs))
                current = []
                tokens = 0
                continue
            }
            if tokens + seg.tokens <= maxTokens {
                current.append(j)
                tokens += seg.tokens
                j += 1
                continue
            }
            // Does not fit: close the chunk, at a paragraph start when one is far enough in.
            var closeCount = current.count
            if let p = current.lastIndex(where: { segs[$0].paragraphStart }), p > 0 {
                let kept = current[..<p].reduce(0) { $0 + segs[$1].tokens }
                if kept * 2 >= maxTokens { closeCount = p }
            }
            let closed = Array(current[..<closeCount])
            if !closed.isEmpty { chunks.append(make(closed, segs)) }
            let restart = closeCount < current.count ? current[closeCount] : j
            current = seed(after: closed, restart: restart, segs)
            tokens = current.reduce(0) { $0 + segs[$1].tokens }
            // Drop seed sentences from the front until the restart segment fits.
            while !current.isEmpty && tokens + segs[restart].tokens > maxTokens {
                tokens -= segs[current.removeFirst()].tokens
            }
            j = restart
        }
        if !current.isEmpty { chunks.append(make(current, segs)) }
        return chunks
    }

    /// The trailing segments of `closed` to repeat, within `overlapTokens` and not across a hard
    /// break or into the restart segment's section.
    private func seed(after closed: [Int], restart: Int, _ segs: [Segment]) -> [Int] {
        guard overlapTokens > 0, !segs[restart].hardBreak else { return [] }
        var out: [Int] = []
        var tokens = 0
        for i in closed.reversed() {
            if segs[i].isHeading || tokens + segs[i].tokens > overlapTokens { break }
            out.insert(i, at: 0)
            tokens += segs[i].tokens
            if segs[i].hardBreak { break }
        }
        return out
    }

    private func make(_ indices: [Int], _ segs: [Segment]) -> ChunkSpan {
        let first = segs[indices.first!], last = segs[indices.last!]
        let content = indices.first { !segs[$0].isHeading } ?? indices.first!
        return ChunkSpan(
            start: first.start, end: last.end, tokens: indices.reduce(0) { $0 + segs[$1].tokens },
            headingPath: segs[content].headingPath, speaker: segs[content].speaker)
    }
}
