import SluiceCore
import SluiceHTML

/// `sluice inspect` for news pages: the document the reader produces, explained block by block
/// and field by field. The explanation is made from the extractor's own state (its flags, its
/// segments, its container choice, the candidates in the page's head) next to the document that
/// `read` returns, so what is shown as kept is what the reader keeps.
extension NewsReader: InspectableReader {
    public func inspect(_ input: SourceInput, context: ReadContext) throws -> InspectionReport {
        let documents = try read(input, context: context)
        let document = documents.first ?? Document(kind: "news", text: "")
        var report = InspectionReport(path: input.path, reader: Self.name, warnings: context.warnings)
        let head = input.bytes.prefix(65_536)
        let asText = textFormMode == "always"
            || (!PageSniffing.looksLikeHTML(head) && textFormMode == "auto" && !["html", "htm", "xhtml", "shtml"].contains(input.fileExtension))
        if asText {
            report.blocks = TextFormTrace(settings: settings, document: document).blocks(PageDecoding.decode(input.bytes, declared: nil).text)
            report.containers = [InspectedContainer(role: "chosen", description: "the best-scoring run of lines", note: "page flattened to text")]
            report.fields = FieldTrace.plainFields(document)
            return report
        }
        // A second, silent pass over the page for the extractor's state (warnings came from `read`).
        let silent = ReadContext(path: input.path, logger: context.logger)
        let (extractor, _) = try preparedExtractor(input.bytes, context: silent)
        var trace = BlockTrace(extractor: extractor, document: document, removeSelectors: removeSelectors)
        report.blocks = trace.blocks()
        report.containers = trace.containers()
        let offset = Published.offset(setting: offsetSetting, language: document.metadata["language"])
        report.fields = FieldTrace(trace: trace, document: document, offset: offset).fields()
        return report
    }
}

/// Which segments of an HTML page became blocks of the document, and why the others did not.
struct BlockTrace {
    var extractor: HTMLExtractor
    let document: Document
    let removeSelectors: [CSSSelector]
    let segments: [Segment]
    let containerIndex: Int
    var doc: HTMLDocument { extractor.doc }
    var containerEnd: Int { Int(doc.nodes[containerIndex].end) }

    /// Elements whose text no reader sees; not worth listing as removed.
    static let invisibleTags: Set<String> = ["script", "style", "template", "head", "title", "meta", "link", "svg", "math"]

    init(extractor: HTMLExtractor, document: Document, removeSelectors: [CSSSelector]) {
        var extractor = extractor
        var segments = extractor.segments()
        extractor.markRepeatedItems(&segments)
        self.extractor = extractor
        self.document = document
        self.removeSelectors = removeSelectors
        self.segments = segments
        self.containerIndex = extractor.selectedContainer(for: segments)
    }

    func inContainer(_ s: Segment) -> Bool { s.owner >= containerIndex && s.owner < containerEnd }

    // MARK: Blocks

    mutating func blocks() -> [InspectedBlock] {
        var result: [InspectedBlock] = []
        let dropped = droppedElements()
        var nextDropped = 0
        let used = segments.indices.filter { inContainer(segments[$0]) && segments[$0].negAnchor <= Int32(containerIndex) }
        let alignment = KeptAlignment(segments: segments, used: Array(segments.indices), preferred: Set(used), blocks: document.blocks)
        var pending = alignment.unmatched[...]
        for (k, s) in segments.enumerated() {
            // Elements dropped before extraction, placed before the first segment after them.
            while nextDropped < dropped.count && dropped[nextDropped].node < s.owner {
                result.append(dropped[nextDropped].block)
                nextDropped += 1
            }
            let text = s.kind == .image ? "[image \(s.src ?? "")]" : TextClean.normalize(s.text)
            if text.isEmpty { continue }
            let block = alignment.blockOf[k]
            // Blocks the reader made itself go where they sit in the document.
            while let b = block, let first = pending.first, first < b {
                result.append(Self.madeByReader(document.blocks[first]))
                pending.removeFirst()
            }
            let kept = block != nil
            result.append(InspectedBlock(
                text: text, kind: Self.kindName(s.kind), kept: kept, reason: kept ? nil : removalReason(s, used: inContainer(s) && s.negAnchor <= Int32(containerIndex)),
                score: Self.rounded(Scoring.contribution(s, settings: extractor.settings)), location: describe(s.owner)))
        }
        result += pending.map { Self.madeByReader(document.blocks[$0]) }
        result += dropped[nextDropped...].map(\.block)
        return result
    }

    /// A block of the document that no single block of the page gave (an image named in the
    /// text, lines the reader joined).
    static func madeByReader(_ block: Block) -> InspectedBlock {
        InspectedBlock(
            text: block.type == .image ? "[image \(block.src ?? "")]\(block.text.isEmpty ? "" : " " + block.text)" : block.text,
            kind: block.type.rawValue, kept: true, location: "made by the reader")
    }

    static func rounded(_ x: Double) -> Double { (x * 10).rounded() / 10 }

    static func kindName(_ kind: Segment.Kind) -> String {
        switch kind {
        case .paragraph: return "paragraph"
        case .heading(let level): return "heading \(level)"
        case .listItem: return "list-item"
        case .quote: return "quote"
        case .preformatted: return "preformatted"
        case .image: return "image"
        case .caption: return "caption"
        }
    }

    /// Why a segment is not in the document.
    func removalReason(_ s: Segment, used: Bool) -> String {
        if s.kind == .image { return extractor.settings.keepImages ? (used ? "image dropped (icon, duplicate or outside the article)" : "image outside the article") : "images are not kept (keep_images: false)" }
        let text = TextClean.normalize(s.text)
        if let title = document.title, Assembler.sameTitle(text, TextClean.normalize(title)) { return "the title (kept as the title field)" }
        if s.negAnchor >= 0 && !used { return hintReason(Int(s.negAnchor)) }
        let stats = TextStats(text)
        if !used {
            if s.chrome || Boilerplate.isChrome(text, stats: stats) { return "boilerplate (site chrome)" }
            if s.linkDensity > 0.5 { return "link list (outside the article)" }
            if s.teaser { return "teaser (a list of linked headlines with summaries)" }
            if !Scoring.isGood(s, settings: extractor.settings) { return "too little text (outside the article)" }
            return "outside the chosen container"
        }
        let meta = MetaLines.parse(text, stats: stats)
        if meta.isMeta { return "by-line or date line (read as metadata)" }
        if Boilerplate.isChrome(text, stats: stats) { return "boilerplate (site chrome)" }
        if Boilerplate.imageFileNames(text) != nil || Boilerplate.strippingFigureMarker(text) != nil { return "image marker (kept as an image)" }
        if s.linkDensity > 0.5 { return "link list (mostly link text)" }
        return "too little text (before or after the article paragraphs)"
    }

    /// The reason an element with a negative hint (or in a list of repeated items) gives.
    func hintReason(_ anchor: Int) -> String {
        let node = doc.nodes[anchor]
        switch node.name {
        case "nav": return "navigation (<nav>)"
        case "aside": return "sidebar (<aside>)"
        case "footer": return "footer (<footer>)"
        default: break
        }
        let hint = ((node.attribute("class") ?? "") + " " + (node.attribute("id") ?? "")).trimmingSpaces
        let key = hint.lowercased()
        let label = "\(node.name) '\(String(hint.prefix(60)))'"
        if !HTMLExtractor.isNegative(node) {
            if extractor.isEmbeddedGallery(anchor) { return "picture gallery (\(label))" }
            return "repeated items: a list of comments or teasers (\(node.name))"
        }
        for (words, what) in Self.hintClasses where words.contains(where: { key.has($0) }) { return "\(what) (\(label))" }
        return "page chrome by class/id (\(label))"
    }

    static let hintClasses: [([String], String)] = [
        (["comment", "reply", "pinglun"], "comment section"),
        (["nav", "menu", "breadcrumb", "crumb", "pagination", "pager"], "navigation"),
        (["related", "relate", "recommend", "xgyd", "xgxw", "xgwz", "tuijian", "more-news", "morenews"], "related links"),
        (["share", "social", "fenxiang"], "share buttons"),
        (["footer", "copyright", "banquan"], "footer"),
        (["sidebar", "side", "aside"], "sidebar"),
        (["advert", "sponsor", "promo", "ad"], "advertising"),
    ]

    /// Elements removed before extraction (hidden, matched `remove_selector`, form controls),
    /// with their text, in document order.
    func droppedElements() -> [(node: Int, block: InspectedBlock)] {
        let nodes = doc.nodes
        var result: [(node: Int, block: InspectedBlock)] = []
        var i = 1
        while i < nodes.count {
            let node = nodes[i]
            guard extractor.ignored[i], !extractor.ignored[Int(node.parent)], node.kind == .element else { i += 1; continue }
            defer { i = Int(node.end) }
            if Self.invisibleTags.contains(node.name) { continue }
            let text = TextClean.normalize(doc.text(of: i))
            if text.isEmpty { continue }
            let reason: String
            if let selector = removeSelectors.first(where: { $0.matches(i, in: doc) }) {
                reason = "matched remove_selector '\(selector.description)'"
            } else if HTMLExtractor.isHidden(node) {
                reason = "hidden (hidden, aria-hidden or display:none)"
            } else if HTMLExtractor.ignoredTags.contains(node.name) {
                reason = "not article text (<\(node.name)>)"
            } else {
                reason = "removed before extraction"
            }
            let shown = text.count > 600 ? String(text.prefix(600)) + " …" : text
            result.append((i, InspectedBlock(text: shown, kind: "element", kept: false, reason: reason, location: describe(i))))
        }
        return result
    }

    // MARK: Containers

    /// The chosen container and the best-scoring element outside it (the runner-up).
    func containers() -> [InspectedContainer] {
        let nodes = doc.nodes
        var score = [Double](repeating: 0, count: nodes.count)
        for s in segments { score[s.owner] += Scoring.contribution(s, settings: extractor.settings) }
        for i in stride(from: nodes.count - 1, through: 1, by: -1) { score[Int(nodes[i].parent)] += score[i] }
        var note = "highest net score of article text minus chrome"
        if extractor.contentSelectors.contains(where: { $0.matches(containerIndex, in: doc) }) { note = "matched content_selector" }
        var result = [InspectedContainer(role: "chosen", description: path(containerIndex), score: Self.rounded(score[containerIndex]), note: note)]
        var runnerUp: Int?
        for i in 1..<nodes.count where nodes[i].kind == .element && !extractor.ignored[i] && score[i] != 0 {
            if doc.contains(i, containerIndex) || doc.contains(containerIndex, i) || i == containerIndex { continue }
            if runnerUp == nil || score[i] > score[runnerUp!] { runnerUp = i }
        }
        if let r = runnerUp {
            result.append(InspectedContainer(role: "runner-up", description: path(r), score: Self.rounded(score[r]), note: "best element neither inside nor around the chosen one"))
        }
        return result
    }

    /// `div#main.story` for an element.
    func describe(_ index: Int) -> String {
        let node = doc.nodes[index]
        guard node.kind == .element else { return "document" }
        var text = node.name
        if let id = node.attribute("id"), !id.isEmpty { text += "#" + id }
        if let cls = node.attribute("class")?.split(separator: " ").first { text += "." + cls }
        return text
    }

    /// The element and up to three ancestors: `body > div#page > article.story`.
    func path(_ index: Int) -> String {
        var parts: [String] = [describe(index)]
        var p = Int(doc.nodes[index].parent)
        while p > 0 && parts.count < 4 {
            parts.insert(describe(p), at: 0)
            p = Int(doc.nodes[p].parent)
        }
        return (p > 0 ? "… > " : "") + parts.joined(separator: " > ")
    }
}

/// Aligns the segments of the container with the document's blocks: the longest order-keeping
/// matching (so a table of contents repeating the headings does not take their place), then
/// captions the reader merged into the image before them.
struct KeptAlignment {
    /// The block each aligned segment became, by segment index.
    var blockOf: [Int: Int] = [:]
    /// The blocks no segment matched (made by the reader: image markers, merged lines).
    var unmatched: [Int] = []

    /// Past this many cells the alignment is greedy (next block only), to bound time and memory.
    static let maxCells = 16_000_000

    /// `used`: the segments the reader's container choice hands to assembly, preferred when a
    /// text occurs twice; the others can match too (a fallback container, a changed choice).
    init(segments: [Segment], used allSegments: [Int], preferred: Set<Int>, blocks: [Block]) {
        let used = allSegments
        let texts = used.map { segments[$0].kind == .preformatted ? segments[$0].text : TextClean.normalize(segments[$0].text) }
        func same(_ u: Int, _ j: Int) -> Bool {
            let s = segments[used[u]], b = blocks[j]
            if s.kind == .image { return b.type == .image && b.src == s.src }
            let text = texts[u]
            return b.type != .image && !b.text.isEmpty && (b.text == text || (text.hasSuffix(b.text) && b.text.count * 3 >= text.count))
        }
        func weight(_ u: Int) -> Int32 { preferred.contains(used[u]) ? 2 : 1 }
        let n = used.count, m = blocks.count
        if n * m <= Self.maxCells && n > 0 && m > 0 {
            // Longest common subsequence, filled from the end.
            var table = [Int32](repeating: 0, count: (n + 1) * (m + 1))
            for u in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    let skip = max(table[(u + 1) * (m + 1) + j], table[u * (m + 1) + j + 1])
                    table[u * (m + 1) + j] = same(u, j) ? max(skip, table[(u + 1) * (m + 1) + j + 1] + weight(u)) : skip
                }
            }
            var u = 0, j = 0
            while u < n && j < m {
                if same(u, j) && table[u * (m + 1) + j] == table[(u + 1) * (m + 1) + j + 1] + weight(u) {
                    blockOf[used[u]] = j
                    u += 1
                    j += 1
                } else if table[(u + 1) * (m + 1) + j] >= table[u * (m + 1) + j + 1] {
                    u += 1
                } else {
                    j += 1
                }
            }
        } else {
            var j = 0
            for u in 0..<n where j < m && same(u, j) {
                blockOf[used[u]] = j
                j += 1
            }
        }
        // A caption shortly after its image (past a "view image" line), merged into the image block.
        var lastImage: (block: Int, at: Int)?
        for (k, index) in used.enumerated() {
            if let j = blockOf[index] {
                lastImage = blocks[j].type == .image && segments[index].kind == .image ? (j, k) : nil
            } else if let image = lastImage, k - image.at <= 3, !blocks[image.block].text.isEmpty, blocks[image.block].text == texts[k] {
                blockOf[index] = image.block
                lastImage = nil
            }
        }
        let matched = Set(blockOf.values)
        unmatched = blocks.indices.filter { !matched.contains($0) }
    }
}

/// Which lines of a page flattened to text became blocks.
struct TextFormTrace {
    let settings: ExtractionSettings
    let document: Document

    func blocks(_ text: String) -> [InspectedBlock] {
        var result: [InspectedBlock] = []
        var remaining = Set(document.blocks.map(\.text))
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (number, raw) in lines.enumerated() {
            let line = Assembler.stripLostQuestionMark(TextClean.normalize(String(raw)))
            let stats = TextStats(line)
            guard stats.chars > 0 else { continue }
            var segment = Segment(kind: .paragraph, text: line, owner: number, stats: stats)
            segment.chrome = Boilerplate.isChrome(line, stats: stats)
            var kept = remaining.remove(line) != nil
            var kind = "paragraph"
            // A line naming image files became image blocks.
            if !kept, let names = Boilerplate.imageFileNames(line), document.blocks.contains(where: { $0.type == .image && names.contains($0.src ?? "") }) {
                kept = true
                kind = "image"
            }
            var reason: String?
            if !kept {
                if let title = document.title, Assembler.sameTitle(line, title) { reason = "the title (kept as the title field)" }
                else if MetaLines.parse(line, stats: stats).isMeta { reason = "by-line or date line (read as metadata)" }
                else if segment.chrome { reason = "boilerplate (site chrome)" }
                else if !Scoring.isGood(segment, settings: settings) { reason = "too little text (outside the article's lines)" }
                else { reason = "outside the article's run of lines" }
            }
            result.append(InspectedBlock(
                text: line, kind: kind, kept: kept, reason: reason, score: BlockTrace.rounded(Scoring.contribution(segment, settings: settings)),
                location: "line \(number + 1)"))
        }
        return result
    }
}
