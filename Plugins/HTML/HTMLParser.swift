import CLibXML2

/// Sluice's own limits on a parse. libxml2's built-in limits (nesting depth 256, text nodes of
/// 10 MB) truncate silently, so they are lifted and these caps apply instead, each reported as a
/// warning when it bites.
package struct HTMLParseLimits: Sendable, Hashable {
    /// Inputs larger than this are refused before parsing.
    package var maxInputBytes: Int
    /// Elements nested deeper than this are flattened into their ancestor at this depth.
    package var maxDepth: Int
    /// Text nodes longer than this (in UTF-8 bytes) are cut.
    package var maxTextNodeBytes: Int
    /// After this many nodes (elements and text runs) the rest of the page is dropped.
    package var maxNodes: Int

    /// Creates limits; the defaults suit real web pages with a wide margin.
    package init(
        maxInputBytes: Int = 64 << 20, maxDepth: Int = 1_000, maxTextNodeBytes: Int = 2 << 20,
        maxNodes: Int = 400_000
    ) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxTextNodeBytes = maxTextNodeBytes
        self.maxNodes = maxNodes
    }
}

/// What to keep of a page when it is converted to an ``HTMLDocument``.
package struct HTMLParseOptions: Sendable, Hashable {
    /// The caps.
    package var limits: HTMLParseLimits
    /// Elements whose content is dropped (the element itself is kept, empty).
    package var dropContentOf: Set<String>
    /// `script` elements whose `type` contains one of these keep their text (JSON-LD).
    package var keepScriptTypes: [String]
    /// When set, only these attributes (lowercase names) are kept, which saves time and memory
    /// on pages full of event handlers and tracking attributes; nil keeps all.
    package var keepAttributes: Set<String>?
    /// Attributes (lowercase names) kept only on the listed elements (lowercase tag names):
    /// `["href": ["link"]]` keeps `<link href>` but not the `href` of every `<a>`. Attributes not
    /// listed are kept on every element (subject to ``keepAttributes``).
    package var attributeElements: [String: Set<String>]

    /// Creates options. By default scripts (except JSON-LD), styles and templates lose their
    /// content, which is never article text.
    package init(
        limits: HTMLParseLimits = HTMLParseLimits(),
        dropContentOf: Set<String> = ["script", "style", "template"],
        keepScriptTypes: [String] = ["ld+json"],
        keepAttributes: Set<String>? = nil,
        attributeElements: [String: Set<String>] = [:]
    ) {
        self.limits = limits
        self.dropContentOf = dropContentOf
        self.keepScriptTypes = keepScriptTypes
        self.keepAttributes = keepAttributes
        self.attributeElements = attributeElements
    }
}

/// A parsed page and what the parse had to cut.
package struct HTMLParseResult: Sendable {
    /// The tree.
    package var document: HTMLDocument
    /// Human-readable notes about truncation (no document text in them).
    package var warnings: [String]
}

/// Why a page could not be parsed.
package enum HTMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input is over ``HTMLParseLimits/maxInputBytes``.
    case tooLarge(bytes: Int, limit: Int)
    /// libxml2 returned no document at all.
    case parserFailed

    package var description: String {
        switch self {
        case .tooLarge(let bytes, let limit): "the page is \(bytes) bytes, over the \(limit)-byte limit"
        case .parserFailed: "libxml2 could not parse the page"
        }
    }
}

/// One-time, thread-safe libxml2 initialisation (Swift runs a global's initialiser exactly once).
private let libxml2Initialized: Bool = {
    xmlInitParser()
    return true
}()

/// libxml2's HTML parser behind a safe interface: UTF-8 bytes in, a ``HTMLDocument`` out.
///
/// Every call parses with its own parser context and frees everything it allocated before
/// returning, so any number of pages can be parsed concurrently. The parser never touches the
/// network or the file system, never loads a DTD and never expands entities.
package enum HTMLParser {
    /// The libxml2 options Sluice always uses: recover from errors, stay silent, no network, no
    /// implied elements beyond what recovery needs, ignore the page's own charset (the caller
    /// already decoded it), and lift the built-in limits (Sluice's caps apply instead).
    static var parseOptions: Int32 {
        let html = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
            | HTML_PARSE_COMPACT.rawValue)
        return html | sluice_xml_parse_huge()
    }

    /// Parses UTF-8 `bytes` (already decoded and re-encoded by the caller) into a tree.
    package static func parse(utf8 bytes: [UInt8], options: HTMLParseOptions = HTMLParseOptions()) throws(HTMLParseError) -> HTMLParseResult {
        let limits = options.limits
        guard bytes.count <= limits.maxInputBytes else {
            throw .tooLarge(bytes: bytes.count, limit: limits.maxInputBytes)
        }
        _ = libxml2Initialized
        sluice_xml_silence_errors()
        let parsed: HTMLParseResult? = bytes.withUnsafeBufferPointer { buffer -> HTMLParseResult? in
            let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            // An empty buffer still needs a valid pointer.
            var empty: CChar = 0
            guard let doc = htmlReadMemory(base ?? withUnsafePointer(to: &empty) { $0 }, Int32(buffer.count), nil, "UTF-8", parseOptions) else {
                return nil
            }
            defer { xmlFreeDoc(doc) }
            var converter = TreeConverter(options: options, expectedNodes: min(options.limits.maxNodes, buffer.count / 24 + 64))
            converter.convert(doc)
            return converter.result()
        }
        guard let parsed else { throw .parserFailed }
        return parsed
    }

    /// Parses and frees `bytes` without building a tree: libxml2's bare cost, for benchmarks.
    /// Returns the number of element nodes libxml2 built.
    package static func bareParse(utf8 bytes: [UInt8]) -> Int {
        _ = libxml2Initialized
        sluice_xml_silence_errors()
        return bytes.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress,
                let doc = htmlReadMemory(UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(buffer.count), nil, "UTF-8", parseOptions)
            else { return 0 }
            defer { xmlFreeDoc(doc) }
            var count = 0
            var node = doc.pointee.children
            while let n = node {
                if n.pointee.type == XML_ELEMENT_NODE { count += 1 }
                if let child = n.pointee.children, n.pointee.type == XML_ELEMENT_NODE { node = child; continue }
                var m: xmlNodePtr? = n
                node = nil
                while let cur = m {
                    if let next = cur.pointee.next { node = next; break }
                    let parent = cur.pointee.parent
                    if parent == nil || parent!.pointee.type != XML_ELEMENT_NODE { break }
                    m = parent
                }
            }
            return count
        }
    }
}

/// What the converter knows about one element or attribute name, computed once per parse.
private struct NameInfo {
    /// The lowercase name.
    var name: String
    var tag: HTMLTag
    /// The element's content is dropped (``HTMLParseOptions/dropContentOf``).
    var dropContent: Bool
    /// The attribute is kept (``HTMLParseOptions/keepAttributes``).
    var keepAttribute: Bool
    /// The attribute is kept only on these elements (``HTMLParseOptions/attributeElements``).
    var onlyOn: Set<String>?
}

/// A small open-addressing table from raw name bytes to ``NameInfo``. libxml2's HTML parser
/// gives every node its own copy of its name, so pointers cannot be the key; names of up to
/// 16 bytes (nearly all) are packed into two words and found with one multiply and a compare.
private struct NameTable {
    private static let capacity = 256
    private var keys: [(UInt64, UInt64, UInt8)]
    private var values: [Int32]
    var infos: [NameInfo] = []
    private var long: [String: Int32] = [:]

    init() {
        keys = Array(repeating: (0, 0, 0), count: NameTable.capacity)
        values = Array(repeating: -1, count: NameTable.capacity)
        infos.reserveCapacity(64)
    }

    /// The index in `infos` of the name at `pointer` (creating the entry with `make`).
    mutating func index(
        _ pointer: UnsafePointer<xmlChar>, dropContentOf: Set<String>, keepAttributes: Set<String>?,
        attributeElements: [String: Set<String>]
    ) -> Int {
        func make(_ name: String) -> NameInfo {
            NameInfo(
                name: name, tag: HTMLTag(name: name), dropContent: dropContentOf.contains(name),
                keepAttribute: keepAttributes?.contains(name) ?? true, onlyOn: attributeElements[name])
        }
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        var length = 0
        while length < 17 {
            let b = pointer[length]
            if b == 0 { break }
            if length < 8 { lo |= UInt64(b) << UInt64(length * 8) } else if length < 16 { hi |= UInt64(b) << UInt64((length - 8) * 8) }
            length += 1
        }
        if length > 16 || infos.count >= NameTable.capacity / 2 {
            let raw = String(cString: pointer)
            if let known = long[raw] { return Int(known) }
            infos.append(make(raw.lowercased()))
            long[raw] = Int32(infos.count - 1)
            return infos.count - 1
        }
        let mask = NameTable.capacity - 1
        var slot = Int(truncatingIfNeeded: ((lo &* 0x9E37_79B9_7F4A_7C15) ^ (hi &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(length)) >> 40) & mask
        while true {
            let v = values[slot]
            if v < 0 {
                let raw = String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
                infos.append(make(raw.lowercased()))
                keys[slot] = (lo, hi, UInt8(length))
                values[slot] = Int32(infos.count - 1)
                return infos.count - 1
            }
            let k = keys[slot]
            if k.0 == lo && k.1 == hi && Int(k.2) == length { return Int(v) }
            slot = (slot + 1) & mask
        }
    }
}

/// Walks a libxml2 tree iteratively (never recursively: pages may nest 100,000 deep) and lays
/// it out as ``HTMLNode``s.
private struct TreeConverter {
    let options: HTMLParseOptions
    var nodes: [HTMLNode] = []
    var lastChild: [Int32] = []
    var names = NameTable()
    var depthCapped = 0
    var textCut = 0
    var nodeCapHit = false

    let dropContentOf: Set<String>
    let keepAttributes: Set<String>?
    let attributeElements: [String: Set<String>]

    init(options: HTMLParseOptions, expectedNodes: Int) {
        self.options = options
        dropContentOf = options.dropContentOf
        keepAttributes = options.keepAttributes
        attributeElements = options.attributeElements
        nodes.reserveCapacity(expectedNodes)
        lastChild.reserveCapacity(expectedNodes)
        nodes.append(HTMLNode(kind: .document, name: "#document", tag: .document))
        lastChild.append(-1)
    }

    /// The name's entry, computed on first sight.
    mutating func info(_ pointer: UnsafePointer<xmlChar>) -> Int {
        names.index(pointer, dropContentOf: dropContentOf, keepAttributes: keepAttributes, attributeElements: attributeElements)
    }

    /// Appends an element or text node under `parent`, linking it as the last child.
    @discardableResult
    mutating func add(_ kind: HTMLNode.Kind, name: String, text: String, attributes: [HTMLAttribute], tag: HTMLTag, to parent: Int32) -> Int32 {
        let index = Int32(nodes.count)
        nodes.append(HTMLNode(kind: kind, name: name, text: text, attributes: attributes, parent: parent, depth: nodes[Int(parent)].depth + 1, tag: tag))
        nodes[Int(index)].end = index + 1
        lastChild.append(-1)
        let last = lastChild[Int(parent)]
        if last >= 0 { nodes[Int(last)].nextSibling = index } else { nodes[Int(parent)].firstChild = index }
        lastChild[Int(parent)] = index
        return index
    }

    mutating func attributes(of node: xmlNodePtr, element: String) -> [HTMLAttribute] {
        var result: [HTMLAttribute] = []
        var count = 0
        var attribute = node.pointee.properties
        while let a = attribute {
            count += 1
            attribute = a.pointee.next
        }
        if count == 0 { return result }
        result.reserveCapacity(count)
        attribute = node.pointee.properties
        while let a = attribute {
            attribute = a.pointee.next
            var key = ""
            if let n = a.pointee.name {
                let entry = info(n)
                if !names.infos[entry].keepAttribute { continue }
                if let only = names.infos[entry].onlyOn, !only.contains(element) { continue }
                key = names.infos[entry].name
            }
            var value = ""
            var child = a.pointee.children
            while let c = child {
                if let content = c.pointee.content { value += String(cString: content) }
                child = c.pointee.next
            }
            result.append(HTMLAttribute(name: key, value: value))
        }
        return result
    }

    mutating func text(_ content: UnsafeMutablePointer<xmlChar>) -> String {
        var length = strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
        let cap = options.limits.maxTextNodeBytes
        if length > cap {
            length = cap
            // Back up to a UTF-8 boundary.
            while length > 0 && (content[length] & 0xC0) == 0x80 { length -= 1 }
            textCut += 1
        }
        let buffer = UnsafeBufferPointer(start: content, count: length)
        // Whitespace-only runs become one space: cheap, and all the reader needs.
        var allSpace = true
        for byte in buffer where !(byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C) {
            allSpace = false
            break
        }
        if allSpace { return length == 0 ? "" : " " }
        return String(decoding: buffer, as: UTF8.self)
    }

    mutating func convert(_ doc: htmlDocPtr) {
        let limits = options.limits
        // One entry per libxml2 element we descended into: our node index, or -1 when the
        // element was flattened (over the depth cap).
        var open: [Int32] = []
        var current: Int32 = 0
        var node: xmlNodePtr? = doc.pointee.children
        walk: while let n = node {
            var descendInto = false
            switch n.pointee.type {
            case XML_ELEMENT_NODE:
                if nodes.count >= limits.maxNodes { nodeCapHit = true; break walk }
                var tag = ""
                var code = HTMLTag.other
                var drop = false
                if let p = n.pointee.name {
                    let entry = info(p)
                    tag = names.infos[entry].name
                    code = names.infos[entry].tag
                    drop = names.infos[entry].dropContent
                }
                var mine: Int32 = -1
                if Int(nodes[Int(current)].depth) < limits.maxDepth {
                    let attrs = attributes(of: n, element: tag)
                    mine = add(.element, name: tag, text: "", attributes: attrs, tag: code, to: current)
                } else {
                    depthCapped += 1
                }
                if n.pointee.children != nil {
                    var keep = !drop
                    if !keep && tag == "script" && mine >= 0, let type = nodes[Int(mine)].attribute("type")?.lowercased() {
                        keep = options.keepScriptTypes.contains { type.contains($0) }
                    }
                    if keep {
                        descendInto = true
                        open.append(mine)
                        if mine >= 0 { current = mine }
                    }
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if nodes.count >= limits.maxNodes { nodeCapHit = true; break walk }
                if let content = n.pointee.content {
                    let value = text(content)
                    if !value.isEmpty {
                        // Merge with a preceding text sibling (happens under flattening).
                        let last = lastChild[Int(current)]
                        if last >= 0 && nodes[Int(last)].kind == .text {
                            nodes[Int(last)].text += value
                        } else {
                            add(.text, name: "", text: value, attributes: [], tag: .other, to: current)
                        }
                    }
                }
            default:
                break
            }
            if descendInto { node = n.pointee.children; continue }
            // Advance: next sibling, or climb until an ancestor has one.
            var m = n
            while true {
                if let next = m.pointee.next { node = next; continue walk }
                guard let closing = open.popLast(), let parent = m.pointee.parent else { node = nil; break walk }
                if closing >= 0 { current = nodes[Int(closing)].parent }
                m = parent
            }
        }
        // Subtree ends, bottom-up (children always come after their parent).
        for i in stride(from: nodes.count - 1, through: 0, by: -1) {
            let last = lastChild[i]
            nodes[i].end = last >= 0 ? nodes[Int(last)].end : Int32(i + 1)
        }
        nodes[0].end = Int32(nodes.count)
    }

    func result() -> HTMLParseResult {
        var warnings: [String] = []
        if depthCapped > 0 {
            warnings.append("\(depthCapped) elements nested deeper than \(options.limits.maxDepth) levels were flattened")
        }
        if textCut > 0 {
            warnings.append("\(textCut) text runs longer than \(options.limits.maxTextNodeBytes) bytes were cut")
        }
        if nodeCapHit {
            warnings.append("the page has more than \(options.limits.maxNodes) nodes; the rest was dropped")
        }
        return HTMLParseResult(document: HTMLDocument(nodes: nodes), warnings: warnings)
    }
}
