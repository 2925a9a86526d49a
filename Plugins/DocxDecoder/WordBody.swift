import Foundation
import SluiceCore
import SluiceXML

/// Walks `word/document.xml` (and the footnotes and endnotes) into typed blocks, in reading
/// order: paragraphs with their heading level or list marker, tables, images, then the notes.
/// Tracked changes are resolved (insertions in, deletions out); comments, headers and footers are
/// not read.
struct WordBody {
    var styles: WordStyles
    var numbering: WordNumbering
    /// Relationship id → target path inside the archive (`word/media/image1.png`).
    var relationships: [String: String]
    /// Footnote and endnote ids → their paragraphs, from `footnotes.xml` / `endnotes.xml`.
    var footnoteBodies: [String: XMLTreeNode] = [:]
    var endnoteBodies: [String: XMLTreeNode] = [:]

    private(set) var blocks: [Block] = []
    private var noteOrder: [(kind: String, id: String, mark: String)] = []
    private var pendingImages: [Block] = []

    init(styles: WordStyles, numbering: WordNumbering, relationships: [String: String]) {
        self.styles = styles
        self.numbering = numbering
        self.relationships = relationships
    }

    /// Reads the body, then appends the notes it referenced, in the order of their references.
    mutating func read(document root: XMLTreeNode) {
        guard let body = root.child("body") else { return }
        walkBlocks(body.children)
        for note in noteOrder {
            let source = note.kind == "footnote" ? footnoteBodies[note.id] : endnoteBodies[note.id]
            guard let source else { continue }
            let text = source.children("p").map { paragraphText($0, inNote: true) }.joined(separator: "\n")
            blocks.append(Block("footnote", text: text.trimmingCharacters(in: .whitespaces), attributes: ["note": note.kind, "mark": note.mark]))
        }
    }

    private mutating func walkBlocks(_ elements: [XMLTreeNode]) {
        for e in elements {
            switch e.name {
            case "p": paragraph(e)
            case "tbl": blocks.append(table(e))
            case "sdt": walkBlocks(e.child("sdtContent")?.children ?? [])
            case "customXml", "ins", "moveTo": walkBlocks(e.children)
            default: break
            }
        }
    }

    private mutating func paragraph(_ p: XMLTreeNode) {
        let pPr = p.child("pPr")
        let styleID = pPr?.child("pStyle")?.attributes["val"]
        let text = paragraphText(p, inNote: false)
        let images = pendingImages
        pendingImages = []
        defer { blocks.append(contentsOf: images) }
        if let level = styleID.flatMap({ styles.headingLevel($0) }) ?? pPr?.child("outlineLvl")?.attributes["val"].flatMap({ Int($0) }).flatMap({ (0...8).contains($0) ? $0 + 1 : nil }),
           !text.isEmpty {
            blocks.append(Block(.heading, text: text, level: level))
            return
        }
        if let styleID, styles.isTitle(styleID), !text.isEmpty {
            blocks.append(Block(.heading, text: text, level: 1, attributes: ["style": "title"]))
            return
        }
        let numPr = pPr?.child("numPr")
        let listRef: (numID: String, level: Int)? = numPr.flatMap { n in
            n.child("numId")?.attributes["val"].map { ($0, n.child("ilvl")?.attributes["val"].flatMap { Int($0) } ?? 0) }
        } ?? styleID.flatMap { styles.numbering($0) }
        if let listRef, let marker = numbering.nextMarker(numID: listRef.numID, level: listRef.level) {
            blocks.append(Block(.listItem, text: Self.join(marker, text), level: listRef.level + 1, attributes: ["marker": marker]))
            return
        }
        if text.isEmpty && !images.isEmpty { return }
        blocks.append(Block(.paragraph, text: text))
    }

    /// `（1）` + `text` → `（1）text`; `1.` + `text` → `1. text`.
    static func join(_ marker: String, _ text: String) -> String {
        guard let last = marker.unicodeScalars.last, !marker.isEmpty else { return text }
        return last.value >= 0x2E80 || last == "\t" ? marker + text : marker + " " + text
    }

    /// The text of a paragraph: runs, tabs and line breaks, inserted text, not deleted text.
    private mutating func paragraphText(_ p: XMLTreeNode, inNote: Bool) -> String {
        var out = ""
        inline(p.children, into: &out, inNote: inNote)
        return out
    }

    private mutating func inline(_ elements: [XMLTreeNode], into out: inout String, inNote: Bool) {
        for e in elements {
            switch e.name {
            case "t": out += e.allText
            case "tab", "ptab": out += "\t"
            case "br", "cr": out += "\n"
            case "noBreakHyphen": out += "-"
            case "del", "moveFrom", "pPr", "rPr", "delText", "instrText", "footnoteRef", "endnoteRef", "commentReference": break
            case "footnoteReference", "endnoteReference":
                guard !inNote, let id = e.attributes["id"] else { break }
                let kind = e.name == "footnoteReference" ? "footnote" : "endnote"
                let n = noteOrder.filter { $0.kind == kind }.count + 1
                let mark = kind == "footnote" ? String(n) : WordNumbering.roman(n).lowercased()
                noteOrder.append((kind, id, mark))
                out += "[\(mark)]"
            case "drawing": image(e)
            case "AlternateContent": inline(e.child("Choice")?.children ?? e.child("Fallback")?.children ?? [], into: &out, inNote: inNote)
            case "txbxContent": break
            default: inline(e.children, into: &out, inNote: inNote)
            }
        }
    }

    private mutating func image(_ drawing: XMLTreeNode) {
        let properties = drawing.descendant("docPr")?.attributes ?? [:]
        let alt = properties["descr"].flatMap { $0.isEmpty ? nil : $0 } ?? properties["title"] ?? ""
        var block = Block(.image, text: alt)
        if let id = drawing.descendant("blip")?.attributes["embed"], let target = relationships[id] { block.src = target }
        if let name = properties["name"], !name.isEmpty { block.attributes = ["name": name] }
        pendingImages.append(block)
    }

    /// A table: cells separated by tabs, rows by newlines. A cell spanning columns (`gridSpan`) is
    /// followed by empty cells, a vertically merged continuation (`vMerge`) is empty, so every
    /// row keeps the grid's columns.
    private mutating func table(_ tbl: XMLTreeNode) -> Block {
        var rows: [[String]] = []
        var merged = 0
        for tr in tbl.children("tr") + tbl.children("sdt").flatMap({ $0.child("sdtContent")?.children("tr") ?? [] }) {
            var cells: [String] = []
            for tc in tr.children("tc") {
                let tcPr = tc.child("tcPr")
                let span = tcPr?.child("gridSpan")?.attributes["val"].flatMap { Int($0) } ?? 1
                let vMerge = tcPr?.child("vMerge")
                let continuation = vMerge != nil && vMerge?.attributes["val"] != "restart"
                var text = ""
                if !continuation {
                    text = tc.children.filter { $0.name == "p" || $0.name == "tbl" }.map { part -> String in
                        part.name == "p" ? paragraphText(part, inNote: false) : table(part).text.replacingOccurrences(of: "\n", with: " ")
                    }.filter { !$0.isEmpty }.joined(separator: " ")
                }
                if continuation || span > 1 { merged += 1 }
                cells.append(text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " "))
                cells.append(contentsOf: Array(repeating: "", count: max(0, min(span, 64) - 1)))
            }
            rows.append(cells)
        }
        let columns = rows.map(\.count).max() ?? 0
        var attributes = ["rows": String(rows.count), "columns": String(columns)]
        if merged > 0 { attributes["merged_cells"] = String(merged) }
        return Block(.table, text: rows.map { $0.joined(separator: "\t") }.joined(separator: "\n"), attributes: attributes)
    }

    /// The decoded text: one line per paragraph, heading or list item (empty paragraphs kept as
    /// empty lines), a table's rows as lines of tab-separated cells, the notes last. Images have
    /// no text line; they are in the blocks.
    var text: String {
        var lines: [String] = []
        var notesStarted = false
        for block in blocks {
            switch block.type {
            case .image: continue
            case "footnote":
                if !notesStarted { lines.append(""); notesStarted = true }
                lines.append("[\(block.attributes?["mark"] ?? "")] \(block.text)")
            default: lines.append(block.text)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
