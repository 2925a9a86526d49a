#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level checks on the start of an input: is it HTML, is it binary, what charset does it
/// declare, does it look like a news page flattened to text.
enum PageSniffing {
    /// `<html`, `<!doctype html`, `<head`, `<body` (or an XHTML `<?xml` prolog followed by one of
    /// them) near the start.
    static func looksLikeHTML(_ head: some Collection<UInt8>) -> Bool {
        let prefix = head.prefix(4096)
        let markers = ["<!doctype html", "<html", "<head", "<body", "<meta ", "<title"].map { Array($0.utf8) }
        let found = prefix.withContiguousStorageIfAvailable { containsAnyIgnoringASCIICase(markers, in: $0) }
        return found ?? Array(prefix).withUnsafeBufferPointer { containsAnyIgnoringASCIICase(markers, in: $0) }
    }

    /// Whether one of the lowercase ASCII `markers` (each starting with `<`) occurs in `bytes`
    /// read with ASCII letters lowercased: what searching an ASCII-lowercased copy finds.
    static func containsAnyIgnoringASCIICase(_ markers: [[UInt8]], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let n = bytes.count
        var i = 0
        while i < n {
            guard let p = memchr(base + i, 0x3C, n - i) else { return false }
            let at = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            for marker in markers where at + marker.count <= n {
                var k = 1
                while k < marker.count {
                    var c = bytes[at + k]
                    if c >= 0x41 && c <= 0x5A { c += 0x20 }
                    if c != marker[k] { break }
                    k += 1
                }
                if k == marker.count { return true }
            }
            i = at + 1
        }
        return false
    }

    /// A high share of NUL bytes or other control characters: not text. (A stray NUL in a page
    /// does not make it binary; UTF-16 without a byte-order mark, with NULs in every other
    /// byte, is text.)
    static func looksBinary(_ head: some Collection<UInt8>) -> Bool {
        let sample = Array(head.prefix(8192))
        if sample.isEmpty { return false }
        // UTF-16 with a BOM is text.
        if sample.starts(with: [0xFF, 0xFE]) || sample.starts(with: [0xFE, 0xFF]) { return false }
        var control = 0
        var nulEven = 0
        var nulOdd = 0
        for (i, b) in sample.enumerated() {
            if b == 0 {
                if i % 2 == 0 { nulEven += 1 } else { nulOdd += 1 }
            } else if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C && b != 0x1B {
                control += 1
            }
        }
        let nul = nulEven + nulOdd
        // BOM-less UTF-16: NULs almost only on one side.
        if nul * 4 >= sample.count && (nulEven * 20 <= nul || nulOdd * 20 <= nul) && control * 20 <= sample.count { return false }
        return (control + nul) * 20 > sample.count
    }

    /// The charset a page declares in `<meta charset>`, `http-equiv` content or an XML prolog.
    static func declaredCharset(_ head: some Collection<UInt8>) -> String? {
        // Over the bytes as they would read lowercased (A-Z lowered, non-ASCII as '?'): every
        // byte is one character there, except CR LF, and a CR stops every scan below just as
        // the CR LF character did.
        @inline(__always) func lowered(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : (b < 0x80 ? b : 0x3F) }
        let needle = Array("charset".utf8)
        let scan = { (lower: UnsafeBufferPointer<UInt8>) -> String? in
            let n = lower.count
            var from = 0
            while from + needle.count <= n {
                var start = from
                while start + needle.count <= n, lowered(lower[start]) != 0x63 { start += 1 }
                guard start + needle.count <= n else { return nil }
                var k = 1
                while k < needle.count, lowered(lower[start + k]) == needle[k] { k += 1 }
                guard k == needle.count else {
                    from = start + 1
                    continue
                }
                from = start + needle.count
                var i = from
                while i < n, lower[i] == 0x20 { i += 1 }
                guard i < n, lower[i] == 0x3D else { continue }
                i += 1
                while i < n, lower[i] == 0x20 || lower[i] == 0x22 || lower[i] == 0x27 { i += 1 }
                var label: [UInt8] = []
                while i < n {
                    let c = lowered(lower[i])
                    guard (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F || c == 0x3A else { break }
                    label.append(c)
                    i += 1
                }
                if !label.isEmpty { return String(decoding: label, as: UTF8.self) }
            }
            return nil
        }
        let found = head.withContiguousStorageIfAvailable(scan) ?? Array(head).withUnsafeBufferPointer(scan)
        if let found { return found }
        let lower = asciiLowercased(head)
        if let range = lower.byteRange(of: "<?xml"), let enc = lower[range.upperBound...].prefix(200).byteRange(of: "encoding=") {
            let rest = lower[enc.upperBound...].dropFirst()
            let label = rest.prefix { $0 != "\"" && $0 != "'" }
            if !label.isEmpty { return String(label) }
        }
        return nil
    }

    /// Whether the document declares entities in a DTD internal subset (`<!ENTITY`).
    static func declaresEntities(_ head: some Collection<UInt8>) -> Bool {
        // Every `<!entity` starts with `<!`: memchr finds the rare `<` followed by `!` quickly.
        let needle = Array("<!entity".utf8)
        let found = head.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let base = bytes.baseAddress, bytes.count >= needle.count else { return false }
            var i = 0
            let last = bytes.count - needle.count
            while i <= last {
                guard let p = memchr(base + i, 0x3C, last - i + 1) else { return false }
                let j = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                if base[j + 1] == 0x21 {
                    var k = 2
                    while k < needle.count {
                        var c = base[j + k]
                        if c >= 0x41 && c <= 0x5A { c += 0x20 }
                        if c != needle[k] { break }
                        k += 1
                    }
                    if k == needle.count { return true }
                }
                i = j + 1
            }
            return false
        }
        return found ?? containsCaseInsensitive(needle, in: Array(head))
    }

    /// Whether the ASCII `needle` (lowercase) occurs in `bytes`, ignoring ASCII case.
    static func containsCaseInsensitive(_ needle: [UInt8], in bytes: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        let upperFirst = first >= 0x61 && first <= 0x7A ? first - 0x20 : first
        var i = 0
        let last = bytes.count - needle.count
        while i <= last {
            let b = bytes[i]
            if b == first || b == upperFirst {
                var j = 1
                while j < needle.count {
                    var c = bytes[i + j]
                    if c >= 0x41 && c <= 0x5A { c += 0x20 }
                    if c != needle[j] { break }
                    j += 1
                }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// `text` without a DTD internal subset (`<!DOCTYPE html [ <!ENTITY …> ]>`), which the HTML
    /// parser would otherwise show as text. Entities are never expanded either way.
    static func strippingInternalSubset(_ text: String) -> String {
        let utf8 = Array(text.utf8.prefix(65_536))
        let lower = utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        let marker = Array("<!doctype".utf8)
        guard let start = firstIndex(of: marker, in: lower, from: 0) else { return text }
        var i = start + marker.count
        while i < lower.count && lower[i] != UInt8(ascii: ">") && lower[i] != UInt8(ascii: "[") { i += 1 }
        guard i < lower.count, lower[i] == UInt8(ascii: "[") else { return text }
        guard let close = firstIndex(of: Array("]>".utf8), in: lower, from: i) else { return text }
        var bytes = Array(text.utf8)
        bytes.removeSubrange(start..<(close + 2))
        return String(decoding: bytes, as: UTF8.self)
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = from
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }

    /// Whether the end of an HTML page lacks `</html>` and `</body>`: it was cut short.
    static func looksTruncated(_ bytes: [UInt8]) -> Bool {
        let markers = [Array("</html".utf8), Array("</body".utf8)]
        return !bytes.suffix(2048).withUnsafeBufferPointer { containsAnyIgnoringASCIICase(markers, in: $0) }
    }

    static func asciiLowercased(_ bytes: some Collection<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        for b in bytes { out.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : (b < 0x80 ? b : 0x3F)) }
        return String(decoding: out, as: UTF8.self)
    }

    /// How strongly text looks like a flattened news page: 0 when it does not, up to 0.8.
    static func newsTextConfidence(_ head: [UInt8]) -> Double {
        let decoded = PageDecoding.decode(Array(head), declared: nil)
        let text = decoded.text
        guard decoded.replacements * 50 < max(1, text.unicodeScalars.count) else { return 0 }
        var signals = 0
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).prefix(400).map { String($0).trimmingSpaces }
        var sawDateLine = false
        var sawSource = false
        var sawEditor = false
        var sawByline = false
        var sawChrome = false
        var sawImageName = false
        var sawFigure = false
        for line in lines where !line.isEmpty {
            let stats = TextStats(line)
            if stats.chars <= 80 {
                let f = MetaLines.parse(line)
                if f.isMeta, f.date != nil { sawDateLine = true }
                if f.source != nil && f.isMeta { sawSource = true }
                if f.editor != nil && f.isMeta { sawEditor = true }
                if f.author != nil && f.isMeta { sawByline = true }
                if Boilerplate.isChrome(line, stats: stats) && stats.chars >= 4 { sawChrome = true }
                if Boilerplate.imageFileNames(line) != nil { sawImageName = true }
                if Boilerplate.strippingFigureMarker(line) != nil { sawFigure = true }
            }
            if !sawByline, stats.chars > 20 {
                let f = MetaLines.parse(line)
                if f.residual != nil && f.author != nil { sawByline = true }
            }
        }
        for flag in [sawDateLine, sawSource, sawEditor, sawByline, sawChrome, sawImageName, sawFigure] where flag { signals += 1 }
        if text.has("xA0;") || text.has("&nbsp;") { signals += 1 }
        switch signals {
        case 0, 1: return 0
        case 2: return 0.6
        case 3: return 0.7
        default: return 0.8
        }
    }
}
