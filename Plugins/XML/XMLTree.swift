import CLibXML2

/// An element of a parsed XML document (a part of an Office file): its local name, its namespace URI, its attributes by local
/// name and its children. Text nodes are elements named `#text` holding ``text``.
package struct XMLTreeNode: Sendable {
    package var name: String
    package var namespace: String
    package var attributes: [String: String]
    package var children: [XMLTreeNode]
    package var text: String

    /// The first child with this local name.
    package func child(_ local: String) -> XMLTreeNode? { children.first { $0.name == local } }

    /// Every child with this local name.
    package func children(_ local: String) -> [XMLTreeNode] { children.filter { $0.name == local } }

    /// The first descendant (depth first) with this local name.
    package func descendant(_ local: String) -> XMLTreeNode? {
        for c in children {
            if c.name == local { return c }
            if let d = c.descendant(local) { return d }
        }
        return nil
    }

    /// The concatenated text of every `#text` descendant.
    package var allText: String {
        if name == "#text" { return text }
        return children.map(\.allText).joined()
    }
}

/// Parses the XML parts of a Word file with libxml2, safely: no network, no DTD loading, no
/// entity substitution, and a part that declares a DTD (the only place entities can be declared)
/// is refused outright: OOXML never has one, and refusing it rules out external entities and
/// entity-expansion bombs before libxml2 sees the bytes.
package enum XMLTree {
    /// Why a part could not be parsed.
    package struct Failure: Error { package var reason: String }

    /// Elements nested deeper than this make the part fail.
    package static let maxDepth = 256

    package static func parse(_ bytes: [UInt8], part: String, maxNodes: Int) throws(Failure) -> XMLTreeNode {
        if declaresDTD(bytes) {
            throw Failure(reason: "\(part) declares a DTD (<!DOCTYPE> or <!ENTITY>), which Word files never do: refused (external entities, entity expansion)")
        }
        sluice_xml_silence_errors()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        let parsed: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), part, "UTF-8", options)
            }
        }
        guard let doc = parsed else { throw Failure(reason: "\(part) is not well-formed XML") }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else { throw Failure(reason: "\(part) has no root element") }
        var count = 0
        return try convert(root, depth: 0, count: &count, maxNodes: maxNodes, part: part)
    }

    /// True when the prolog (or anything) holds `<!DOCTYPE` or `<!ENTITY`.
    package static func declaresDTD(_ bytes: [UInt8]) -> Bool {
        let markers: [[UInt8]] = [Array("<!DOCTYPE".utf8), Array("<!ENTITY".utf8)]
        guard bytes.count >= 8 else { return false }
        for i in 0..<(bytes.count - 1) where bytes[i] == 0x3C && bytes[i + 1] == 0x21 {
            for m in markers where bytes.count - i >= m.count && bytes[i..<(i + m.count)].elementsEqual(m) { return true }
        }
        return false
    }

    private static func convert(
        _ node: xmlNodePtr, depth: Int, count: inout Int, maxNodes: Int, part: String
    ) throws(Failure) -> XMLTreeNode {
        count += 1
        guard count <= maxNodes else { throw Failure(reason: "\(part) has more than \(maxNodes) XML nodes (max_xml_nodes)") }
        guard depth <= maxDepth else { throw Failure(reason: "\(part) nests elements deeper than \(maxDepth)") }
        var element = XMLTreeNode(
            name: string(node.pointee.name), namespace: node.pointee.ns.map { string($0.pointee.href) } ?? "",
            attributes: [:], children: [], text: "")
        var attribute = node.pointee.properties
        while let a = attribute {
            if let value = xmlNodeGetContent(UnsafeMutableRawPointer(a).assumingMemoryBound(to: xmlNode.self)) {
                element.attributes[string(a.pointee.name)] = String(cString: value)
                sluice_xml_free(value)
            }
            attribute = a.pointee.next
        }
        var child = node.pointee.children
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE:
                element.children.append(try convert(c, depth: depth + 1, count: &count, maxNodes: maxNodes, part: part))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                count += 1
                let text = c.pointee.content.map { String(cString: $0) } ?? ""
                element.children.append(XMLTreeNode(name: "#text", namespace: "", attributes: [:], children: [], text: text))
            default:
                break
            }
            child = c.pointee.next
        }
        return element
    }

    private static func string(_ p: UnsafePointer<xmlChar>?) -> String {
        p.map { String(cString: $0) } ?? ""
    }
}
