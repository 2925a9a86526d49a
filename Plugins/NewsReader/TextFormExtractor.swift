import SluiceCore

/// The article out of a page already flattened to text: one line per block, site chrome around
/// it. Lines are scored like HTML blocks; the article is the contiguous run of lines with the
/// highest net score (article text minus chrome), extended back to the title over by-lines,
/// leads and images.
struct TextFormExtractor {
    let settings: ExtractionSettings
    let offsetSetting: String

    /// Whether a full date with a time (`2023-11-28 08:15`) appears within the first 24
    /// characters of a line.
    static func startsWithTimestamp(_ text: String) -> Bool {
        let head = String(text.prefix(24))
        guard head.utf8.contains(0x3A) || head.has("：") || head.has("时") else { return false }
        return DateScanner.find(in: String(text.prefix(40)), allowMonthDay: false).contains { $0.year != nil && $0.hour != nil }
    }

    /// The lines of the text as segments (empty lines left out), with chrome marked.
    static func lineSegments(_ text: String) -> [Segment] {
        var segments: [Segment] = []
        for (number, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).enumerated() {
            let line = Assembler.stripLostQuestionMark(TextClean.normalize(String(rawLine)))
            let stats = TextStats(line)
            guard stats.chars > 0 else { continue }
            var segment = Segment(kind: .paragraph, text: line, owner: number, stats: stats)
            segment.chrome = Boilerplate.isChrome(line, stats: stats)
            segments.append(segment)
        }
        return segments
    }

    /// The article out of the text, in steps: lines, the best-scoring run of lines, the title
    /// above it, the body from the title to the run's end, and the metadata.
    func extract(_ text: String) -> Document {
        let segments = Self.lineSegments(text)
        guard !segments.isEmpty else { return Document(kind: "news", text: "") }
        let good = segments.map { Scoring.isGood($0, settings: settings) && !$0.chrome }
        let metaLines = segments.map { MetaLines.parse($0.text) }
        let scores = LineScores(segments: segments, metaLines: metaLines, settings: settings)
        let (bestStart, bestEnd) = scores.articleRun()
        let firstGood = good.firstIndex(of: true) ?? bestStart
        let titleIndex = Self.titleLine(segments, metaLines: metaLines, good: good, startOfBody: min(bestStart, firstGood))
        let title = titleIndex.map { segments[$0].text }

        // Body: from after the title (or the run's start) to the run's end; lines before the
        // run are kept unless chrome.
        var bodyStart = bestStart
        if let t = titleIndex, t < bodyStart {
            var i = bodyStart - 1
            while i > t && !Boilerplate.isChrome(segments[i].text, stats: segments[i].stats) && !scores.barriers[i] { i -= 1 }
            bodyStart = i + 1
        }
        let bodyEnd = max(bestEnd, bodyStart - 1)
        var assembler = Assembler(settings: settings, title: title)
        if let t = titleIndex { assembler.scanMeta(segments[t..<bodyStart]) }
        let bodySegments = bodyEnd >= bodyStart ? Array(segments[bodyStart...bodyEnd]) : []
        let blocks = assembler.assemble(bodySegments, textForm: true)
        var lineMeta = assembler.meta
        var after = Assembler(settings: settings, title: title)
        after.scanMeta(segments[min(segments.count, bodyEnd + 1)..<min(segments.count, bodyEnd + 8)])
        HTMLArticle.merge(&lineMeta, after.meta)
        let body = Assembler.bodyText(blocks)
        let (published, metadata) = metadata(segments, lineMeta: lineMeta, titleIndex: titleIndex, bodyStart: bodyStart, body: body)
        return Document(kind: "news", title: title, published: published, metadata: metadata, blocks: blocks, text: body)
    }

    /// What each line adds to the score of a run of lines, and where runs must stop.
    struct LineScores {
        var contributions: [Double] = []
        /// Lines a run may span but that mark a closing (an editor line, a section break).
        var barriers: [Bool] = []
        /// Lines no run crosses.
        var walls: [Bool] = []

        init(segments: [Segment], metaLines: [MetaFields], settings: ExtractionSettings) {
            for (i, s) in segments.enumerated() {
                var c = Scoring.contribution(s, settings: settings)
                var barrier = false
                if metaLines[i].isMeta {
                    // `责任编辑` closes an article: the run does not cross it.
                    barrier = metaLines[i].editor != nil && (s.text.has("责任编辑") || s.text.has("责编") || s.text.has("責任編輯"))
                    c = barrier ? -200 : -3
                }
                if Boilerplate.isSectionBreak(s.text, stats: s.stats) {
                    c = -40
                    barrier = true
                }
                // A closing editor line or an unambiguous list heading ends any run.
                walls.append(c <= -200 || Boilerplate.isHardBreak(s.text, stats: s.stats))
                if Boilerplate.imageFileNames(s.text) != nil || Boilerplate.strippingFigureMarker(s.text) != nil { c = -1 }
                // `网友7731 2023-11-29 12:02 写得很好…`: a comment or a listing, not article text.
                if !metaLines[i].isMeta, s.stats.chars <= 160, TextFormExtractor.startsWithTimestamp(s.text) { c = -0.5 * Double(s.stats.chars) }
                contributions.append(c)
                barriers.append(barrier)
            }
        }

        /// The best-scoring run of lines in `range` (maximum-sum subarray, not crossing walls).
        func bestRun(in range: Range<Int>) -> (start: Int, end: Int, sum: Double) {
            var best = (start: range.lowerBound, end: range.lowerBound - 1, sum: -Double.infinity)
            var runStart = range.lowerBound
            var runSum = 0.0
            for i in range {
                if walls[i] {
                    runSum = 0
                    runStart = i + 1
                    continue
                }
                if runSum <= 0 {
                    runStart = i
                    runSum = contributions[i]
                } else {
                    runSum += contributions[i]
                }
                if runSum > best.sum { best = (runStart, i, runSum) }
            }
            return best
        }

        /// The article's run. It comes first after its headline: an earlier run of real weight
        /// that a closing line (editor, "related news") separates from the best one wins.
        func articleRun() -> (start: Int, end: Int) {
            var (bestStart, bestEnd, bestSum) = bestRun(in: 0..<contributions.count)
            while bestStart > 0 {
                let earlier = bestRun(in: 0..<bestStart)
                guard earlier.sum >= max(40, bestSum * 0.25), earlier.end >= earlier.start,
                    barriers[(earlier.end + 1)..<bestStart].contains(true)
                else { break }
                (bestStart, bestEnd, bestSum) = earlier
            }
            return (bestStart, bestEnd)
        }
    }

    /// The title: a title-like line before the body (short, unpunctuated, above a date line).
    static func titleLine(_ segments: [Segment], metaLines: [MetaFields], good: [Bool], startOfBody: Int) -> Int? {
        func dateLine(_ k: Int) -> Bool {
            segments[k].stats.chars <= 60 && (metaLines[k].date != nil || DateScanner.first(in: segments[k].text) != nil)
        }
        let figureTitles = Set(segments.compactMap { Boilerplate.strippingFigureMarker($0.text) }.filter { !$0.isEmpty })
        var titleIndex: Int?
        var bestTitleScore = 0.0
        for i in 0..<startOfBody + 1 where i < segments.count {
            let s = segments[i]
            if i == startOfBody && good[i] && i != 0 { continue }
            if Boilerplate.isChrome(s.text, stats: s.stats) || metaLines[i].isMeta || Boilerplate.imageFileNames(s.text) != nil
                || Boilerplate.strippingFigureMarker(s.text) != nil
            { continue }
            var score = 0.0
            if s.stats.chars >= 6 && s.stats.chars <= 80 { score += 1 }
            if s.stats.chars < 5 || s.stats.chars > 120 { score -= 3 }
            if s.stats.endsWithSentencePunctuation { score -= 2 }
            // The headline sits right above the date line.
            if i + 1 < segments.count, dateLine(i + 1) { score += 3 }
            else if i + 1 < segments.count, metaLines[i + 1].isMeta { score += 2 }
            else if i + 2 < segments.count, dateLine(i + 2) { score += 1 }
            if dateLine(i) { score -= 3 }
            if figureTitles.contains(s.text) { score += 3 }
            if i == 0 && i + 1 < segments.count && good[i + 1] { score += 2 }
            if i + 1 < segments.count && good[i + 1] && i + 1 == startOfBody { score += 1 }
            if good[i] { score -= 2 }
            score -= Double(i) * 0.001
            if score > bestTitleScore {
                bestTitleScore = score
                titleIndex = i
            }
        }
        return titleIndex
    }

    /// Language, publication date and people from the lines around the body.
    func metadata(_ segments: [Segment], lineMeta: LineMeta, titleIndex: Int?, bodyStart: Int, body: String) -> (published: String?, metadata: [String: String]) {
        var metadata: [String: String] = [:]
        let language = HTMLArticle.resolveLanguage(nil, nil, body: body)
        if let language { metadata["language"] = language }
        let offset = Published.offset(setting: offsetSetting, language: language)
        var published = lineMeta.date?.iso(defaultOffset: offset)
        if published == nil, let t = titleIndex {
            // A date on a short line between the headline and the body.
            for k in (t + 1)..<max(t + 1, min(segments.count, bodyStart + 1)) where segments[k].stats.chars <= 60 {
                if let d = DateScanner.first(in: segments[k].text) { published = d.iso(defaultOffset: offset); break }
            }
        }
        if published == nil, let d = lineMeta.datelineDate {
            if d.year != nil { published = d.iso(defaultOffset: offset) } else {
                metadata["published_month_day"] = "\(d.month < 10 ? "0" : "")\(d.month)-\(d.day < 10 ? "0" : "")\(d.day)"
            }
        }
        if let a = lineMeta.author { metadata["author"] = a }
        if let e = lineMeta.editor { metadata["editor"] = e }
        if let s = lineMeta.source { metadata["outlet"] = s }
        // A short site-like first line before the title names the site.
        if let t = titleIndex, t > 0 {
            let first = segments[0]
            if first.stats.chars <= 24, ["网", "站", "报", "在线", "周刊", "Online", "News"].contains(where: { first.text.hasSuffix($0) }), !Boilerplate.isChrome(first.text, stats: first.stats) {
                metadata["site"] = first.text
            }
        }
        return (published, metadata)
    }
}
