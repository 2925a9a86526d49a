/// A parsed HTML page as a compact, immutable, `Sendable` tree.
///
/// Nodes live in one array in document order (pre-order): a node's descendants are exactly the
/// nodes with indices `index + 1 ..< node.end`. Index 0 is the document root, a pseudo-element
/// named `#document`. Comments, processing instructions and the DTD are not kept.
package struct HTMLDocument: Sendable {
    /// The nodes in document order; `nodes[0]` is the root.
    package let nodes: [HTMLNode]

    /// Creates a document from nodes already laid out in pre-order (see ``HTMLNode``).
    package init(nodes: [HTMLNode]) { self.nodes = nodes }

    /// The root's index (always 0).
    package var root: Int { 0 }

    /// The indices of `index`'s children, in order.
    package func children(of index: Int) -> [Int] {
        var result: [Int] = []
        var child = nodes[index].firstChild
        while child >= 0 {
            result.append(Int(child))
            child = nodes[Int(child)].nextSibling
        }
        return result
    }

    /// Whether `descendant` lies inside the subtree rooted at `ancestor` (or is it).
    package func contains(_ ancestor: Int, _ descendant: Int) -> Bool {
        descendant >= ancestor && descendant < Int(nodes[ancestor].end)
    }

    /// The concatenated text of the subtree at `index`.
    package func text(of index: Int) -> String {
        var result = ""
        let end = Int(nodes[index].end)
        var i = index
        while i < end {
            if nodes[i].kind == .text { result += nodes[i].text }
            i += 1
        }
        return result
    }

    /// The first element named `name` (lowercase), in document order.
    package func firstElement(named name: String) -> Int? {
        nodes.indices.first { nodes[$0].kind == .element && nodes[$0].name == name }
    }

    /// Every element named `name` (lowercase), in document order.
    package func elements(named name: String) -> [Int] {
        nodes.indices.filter { nodes[$0].kind == .element && nodes[$0].name == name }
    }
}

/// One node of an ``HTMLDocument``.
package struct HTMLNode: Sendable {
    /// What the node is.
    package enum Kind: UInt8, Sendable {
        /// The document root.
        case document
        /// An element (`name`, `attributes`, children).
        case element
        /// A run of text (`text`).
        case text
    }

    /// What the node is.
    package var kind: Kind
    /// The element's lowercase tag name (`#document` for the root, empty for text).
    package var name: String
    /// The tag as a compact code (``HTMLTag/other`` for text and unknown names).
    package var tag: HTMLTag
    /// The text of a text node (empty for elements).
    package var text: String
    /// The element's attributes in source order, names lowercase.
    package var attributes: [HTMLAttribute]
    /// The parent's index (-1 for the root).
    package var parent: Int32
    /// The first child's index, or -1.
    package var firstChild: Int32
    /// The next sibling's index, or -1.
    package var nextSibling: Int32
    /// One past the last index of this node's subtree.
    package var end: Int32
    /// The nesting depth (the root is 0).
    package var depth: Int32

    /// Creates a node; `end` is fixed up by whoever lays out the tree.
    package init(
        kind: Kind, name: String = "", text: String = "", attributes: [HTMLAttribute] = [],
        parent: Int32 = -1, depth: Int32 = 0, tag: HTMLTag? = nil
    ) {
        self.kind = kind
        self.name = name
        self.tag = tag ?? (kind == .text ? .other : HTMLTag(name: name))
        self.text = text
        self.attributes = attributes
        self.parent = parent
        self.firstChild = -1
        self.nextSibling = -1
        self.end = -1
        self.depth = depth
    }

    /// The value of attribute `name` (lowercase), if present.
    package func attribute(_ name: String) -> String? {
        let length = name.utf8.count
        for attribute in attributes where attribute.name.utf8.count == length && attribute.name == name { return attribute.value }
        return nil
    }
}

/// One attribute of an element.
package struct HTMLAttribute: Sendable, Hashable {
    /// The lowercase name.
    package var name: String
    /// The value (entities decoded).
    package var value: String

    /// Creates an attribute.
    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
