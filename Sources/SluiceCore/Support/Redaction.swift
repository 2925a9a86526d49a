import Foundation

/// Hides credentials in connection strings before they reach a message.
package enum Redaction {
    /// `location` with the password of a URL (`scheme://user:password@host/...`) and any
    /// `password=` parameter replaced by `***`.
    package static func redact(_ location: String) -> String {
        var s = location
        if let scheme = s.range(of: "://") {
            let rest = s[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"),
               let colon = rest[..<at].firstIndex(of: ":")
            {
                s.replaceSubrange(s.index(after: colon)..<at, with: "***")
            }
        }
        for key in ["password=", "PASSWORD="] {
            var searchStart = s.startIndex
            while let r = s.range(of: key, range: searchStart..<s.endIndex) {
                let valueEnd = s[r.upperBound...].firstIndex(where: { $0 == "&" || $0 == " " || $0 == ";" }) ?? s.endIndex
                s.replaceSubrange(r.upperBound..<valueEnd, with: "***")
                searchStart = s.index(r.upperBound, offsetBy: 3, limitedBy: s.endIndex) ?? s.endIndex
            }
        }
        return s
    }
}
