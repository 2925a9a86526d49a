import Foundation
import SluiceCore
import SluiceXML
import ZIPFoundation

/// The caps a Word file's archive is read under. A zip bomb (huge uncompressed sizes, thousands
/// of entries) hits one of them and fails its input; nothing is ever written to disk.
struct ArchiveLimits: Sendable {
    /// The most entries the archive may list.
    var maxEntries: Int
    /// The most bytes all the parts read may inflate to, together.
    var maxUncompressedBytes: Int
    /// The most XML nodes one part may hold.
    var maxXMLNodes: Int
}

/// The parts of a Word file's ZIP archive, read in memory under ``ArchiveLimits``. Entries are
/// looked up by their exact name; a name that could point outside the archive (`../`, an absolute
/// path, a backslash) makes the whole input fail, even though nothing is ever extracted.
struct DocxArchive {
    struct Failure: Error {
        var kind: PluginError.Kind
        var reason: String
    }

    private let archive: Archive
    private let entries: [String: Entry]
    private let limits: ArchiveLimits
    private var inflated = 0

    init(_ bytes: [UInt8], limits: ArchiveLimits) throws(Failure) {
        guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            throw Failure(kind: .invalidInput, reason: "not a Word file: the bytes are not a ZIP archive (a .docx is one)")
        }
        let opened: Archive
        do {
            opened = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw Failure(kind: .invalidInput, reason: "not a Word file: the ZIP archive is damaged (\(error))")
        }
        var byName: [String: Entry] = [:]
        var count = 0
        for entry in opened {
            count += 1
            if count > limits.maxEntries {
                throw Failure(kind: .limitExceeded, reason: "the archive lists more than \(limits.maxEntries) entries (max_entries)")
            }
            let path = entry.path
            if Self.escapes(path) {
                throw Failure(kind: .invalidInput, reason: "the archive holds an entry named '\(Self.printable(path))', which points outside the archive: refused")
            }
            byName[path] = entry
        }
        self.archive = opened
        self.entries = byName
        self.limits = limits
    }

    /// True when an entry name is absolute, climbs out with `..` or uses backslashes or NULs.
    static func escapes(_ path: String) -> Bool {
        if path.hasPrefix("/") || path.contains("\\") || path.contains("\u{0}") { return true }
        if path.count >= 2, path.dropFirst().first == ":" { return true }
        return path.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }

    private static func printable(_ path: String) -> String {
        String(path.unicodeScalars.map { $0.value < 0x20 ? "?" : Character($0) }.prefix(120))
    }

    func contains(_ path: String) -> Bool { entries[path] != nil }

    /// The bytes of one part, or nil when the archive has no such entry. Inflation stops (and the
    /// input fails) as soon as the parts read so far exceed the size cap, whatever the entry's
    /// header claims.
    mutating func read(_ path: String) throws(Failure) -> [UInt8]? {
        guard let entry = entries[path] else { return nil }
        guard entry.type == .file else { return nil }
        let budget = limits.maxUncompressedBytes - inflated
        if entry.uncompressedSize > UInt64(max(0, budget)) {
            throw Failure(kind: .limitExceeded, reason: "\(path) inflates to \(entry.uncompressedSize) bytes, over the \(limits.maxUncompressedBytes)-byte cap (max_uncompressed_bytes)")
        }
        var out: [UInt8] = []
        out.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard out.count + chunk.count <= budget else { throw SizeCap() }
                out.append(contentsOf: chunk)
            }
        } catch is SizeCap {
            throw Failure(kind: .limitExceeded, reason: "\(path) inflates to more than its header says, over the \(limits.maxUncompressedBytes)-byte cap (max_uncompressed_bytes)")
        } catch {
            throw Failure(kind: .invalidInput, reason: "\(path) could not be inflated: the archive is damaged (\(error))")
        }
        inflated += out.count
        return out
    }

    private struct SizeCap: Error {}
}
