import SluiceCore

/// The article out of a page already flattened to text: one line per block, site chrome around
/// it. Lines are scored like HTML blocks; the article is the contiguous run of lines with the
/// highest net score (article text minus chrome), extended back to the title over by-lines,
/// leads and images.
struct TextFormExtractor {
    let settings: ExtractionSettings
    let offsetSetting: String

    func extract(_ text: String) -> Document {
        var segments: [Segment] = []
        for (number, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).enumerated() {
            let line = Assembler.stripLostQuestionMark(TextClean.normalize(String(rawLine)))
            let stats = TextStats(line)
            guard stats.chars > 0 else { continue }
            segments.append(Segment(kind: .paragraph, text: line, owner: number, stats: stats))
        }
        guard !segments.isEmpty else { return Document(kind: "news", text: "") }
        let good = segments.map { Scoring.isGood($0, settings: settings) }
        let metaLines = segments.map { MetaLines.parse($0.text) }

        // Best-scoring run of lines (maximum-sum subarray).
        var bestStart = 0
        var bestEnd = -1
        var bestSum = -Double.infinity
        var runStart = 0
        var runSum = 0.0
        for (i, s) in segments.enumerated() {
            var c = Scoring.contribution(s, settings: settings)
            if metaLines[i].isMeta { c = -3 }
            if Boilerplate.imageFileNames(s.text) != nil || Boilerplate.strippingFigureMarker(s.text) != nil { c = -1 }
            if runSum <= 0 {
                runStart = i
                runSum = c
            } else {
                runSum += c
            }
            if runSum > bestSum {
                bestSum = runSum
                bestStart = runStart
                bestEnd = i
            }
        }
        let firstGood = good.firstIndex(of: true) ?? bestStart
        let startOfBody = min(bestStart, firstGood)

        // Title: a title-like line before the body.
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
            if i + 1 < segments.count, metaLines[i + 1].isMeta, metaLines[i + 1].date != nil || metaLines[i + 1].source != nil { score += 3 }
            else if i + 2 < segments.count, metaLines[i + 2].isMeta, metaLines[i + 2].date != nil { score += 1 }
            if figureTitles.contains(s.text) { score += 3 }
            if i == 0 && i + 1 < segments.count && good[i + 1] { score += 2 }
            if i + 1 < segments.count && good[i + 1] && i + 1 == startOfBody { score += 1 }
            if good[i] { score -= 2 }
            score += Double(i) * 0.001
            if score > bestTitleScore {
                bestTitleScore = score
                titleIndex = i
            }
        }
        let title = titleIndex.map { segments[$0].text }

        // Body: from after the title (or the run's start) to the run's end; lines before the
        // run are kept unless chrome.
        var bodyStart = bestStart
        if let t = titleIndex, t < bodyStart {
            var i = bodyStart - 1
            while i > t && !Boilerplate.isChrome(segments[i].text, stats: segments[i].stats) { i -= 1 }
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

        var metadata: [String: String] = [:]
        let body = Assembler.bodyText(blocks)
        let language = HTMLArticle.resolveLanguage(nil, nil, body: body)
        if let language { metadata["language"] = language }
        let offset = Published.offset(setting: offsetSetting, language: language)
        var published = lineMeta.date?.iso(defaultOffset: offset)
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
        return Document(kind: "news", title: title, published: published, metadata: metadata, blocks: blocks, text: body)
    }
}
