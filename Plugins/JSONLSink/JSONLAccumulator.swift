#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import Logging
import SluiceCore

/// The `jsonl` sink's accumulate mode: keeps a regular file and adds to it, one record per id.
///
/// Open locks the file (`flock`, exclusive, non-blocking), then streams through it once (64 KiB
/// reads; only the current line is held) and indexes every line: its position, length, `id` and
/// `source.path`. No hash is kept: when a written record's id is stored with a line of the same
/// length, that line is read back and compared byte for byte, which is exact (no collision can
/// skip a changed record) and keeps opening a large file to one pass of JSON decoding (hashing
/// every line with SHA-256 took most of the open time). A torn tail left by a killed run
/// (bytes after the last newline, or a last line that is not a record) is cut off with a warning;
/// a bad line anywhere else fails the open, since the sink will not append to a file it does not
/// understand. When an id is on several lines (a run killed between appending a new version and
/// rewriting the file), the last line wins and the file is rewritten at once.
///
/// Writes append whole lines. A line whose record is replaced (same id, other bytes), whose input
/// no longer produces it, or whose input was removed becomes *stale*; the file is rewritten
/// without stale lines (temporary file, fsync, rename) on commit. Until then every line is a
/// whole record and the last line of an id is the current one, so a run killed at any moment
/// leaves a file the next open understands.
struct JSONLAccumulator: Sendable {
    /// One indexed line of the file.
    struct Line: Sendable {
        /// Where the line starts.
        var offset: Int
        /// Its length, newline included.
        var length: Int
        var id: String
        var path: String
        var stale = false
    }

    /// The two fields the index needs from a record.
    private struct Key: Decodable {
        struct Source: Decodable { var path: String? }
        var id: String
        var source: Source?
    }

    /// The target as configured (for messages).
    let target: String
    /// The file written (a symbolic link resolved).
    let finalPath: String
    let syncToDisk: Bool
    /// The open, locked file.
    private(set) var fd: Int32
    /// Whether the file held no record when opened (it was created, or empty, or held only a torn line).
    private(set) var isNew = false
    /// The lines in file order.
    private var lines: [Line] = []
    /// The current (last, not stale) line of each id.
    private var current: [String: Int] = [:]
    /// The lines of each source path (stale ones included; check ``Line/stale``).
    private var linesOfPath: [PathKey: [Int]] = [:]
    /// How many lines are stale.
    private(set) var staleCount = 0
    /// The file's length: the end of the last whole line.
    private(set) var length = 0

    // MARK: Opening

    /// Opens (creating it when missing), locks, indexes and repairs `finalPath`.
    static func open(target: String, finalPath: String, syncToDisk: Bool, logger: Logger) throws -> JSONLAccumulator {
        let existed = access(finalPath, F_OK) == 0
        let fd = try lockedFile(finalPath, target: target)
        var accumulator = JSONLAccumulator(target: target, finalPath: finalPath, syncToDisk: syncToDisk, fd: fd)
        do {
            try accumulator.scan(logger: logger)
            accumulator.isNew = !existed || accumulator.lines.isEmpty
            if accumulator.staleCount > 0 {
                logger.warning("\(target) held \(accumulator.staleCount) older copies of records (a run was stopped before it could rewrite the file); rewriting it with the last copy of each")
                try accumulator.compact()
            }
        } catch {
            Glibc.close(accumulator.fd)
            throw error
        }
        return accumulator
    }

    /// `path` opened for reading and writing and locked; refuses when another process holds the
    /// lock. Makes sure the locked file is still the one at `path` (a writer that was committing
    /// may have renamed a new file into place meanwhile).
    private static func lockedFile(_ path: String, target: String) throws -> Int32 {
        for _ in 0..<8 {
            let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw PluginError.io("cannot open \(target): \(String(cString: strerror(errno)))") }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                Glibc.close(fd)
                if code == EWOULDBLOCK {
                    throw PluginError.io("\(target) is locked by another run writing to it; only one writer may add to a JSONL file at a time")
                }
                throw PluginError.io("cannot lock \(target): \(String(cString: strerror(code)))")
            }
            var opened = stat(), named = stat()
            if fstat(fd, &opened) == 0, stat(path, &named) == 0, opened.st_ino == named.st_ino, opened.st_dev == named.st_dev {
                return fd
            }
            Glibc.close(fd)
        }
        throw PluginError.io("cannot lock \(target): it keeps being replaced")
    }

    /// Indexes every whole line; cuts a torn tail off.
    private mutating func scan(logger: Logger) throws {
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw PluginError.io("cannot read \(target): \(String(cString: strerror(errno)))") }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var pending: [UInt8] = []
        var lineStart = 0
        var lineNumber = 0
        // A complete line that is not a record: harmless only when it turns out to be the last.
        var invalid: (line: Int, offset: Int)?
        let decoder = JSONDecoder()
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PluginError.io("cannot read \(target): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            var start = 0
            while start < n {
                let newline = buffer.withUnsafeBytes { raw -> Int? in
                    guard let hit = memchr(raw.baseAddress! + start, 0x0A, n - start) else { return nil }
                    return raw.baseAddress!.distance(to: UnsafeRawPointer(hit))
                }
                guard let end = newline else {
                    pending.append(contentsOf: buffer[start..<n])
                    break
                }
                pending.append(contentsOf: buffer[start..<end])
                start = end + 1
                lineNumber += 1
                if let bad = invalid {
                    throw PluginError(
                        .invalidInput,
                        "\(target) line \(bad.line) is not a JSON record with an id; the jsonl sink will not add to a file it does not understand (fix or move it)",
                        plugin: JSONLSink.name, file: target, line: bad.line)
                }
                if let key = try? decoder.decode(Key.self, from: Data(pending)) {
                    add(Line(offset: lineStart, length: pending.count + 1, id: key.id, path: key.source?.path ?? ""))
                } else {
                    invalid = (lineNumber, lineStart)
                }
                lineStart += pending.count + 1
                pending.removeAll(keepingCapacity: true)
            }
        }
        let size = lineStart + pending.count
        let keep = invalid?.offset ?? lineStart
        if keep < size {
            logger.warning("\(target): cutting off \(size - keep) bytes of a torn last line (left by a run that was stopped while writing)")
            guard ftruncate(fd, off_t(keep)) == 0 else {
                throw PluginError.io("cannot cut the torn end off \(target): \(String(cString: strerror(errno)))")
            }
            if syncToDisk { _ = fsync(fd) }
        }
        length = keep
        guard lseek(fd, off_t(keep), SEEK_SET) == keep else { throw PluginError.io("cannot seek in \(target)") }
    }

    /// Indexes a line at the end; an earlier line of the same id becomes stale.
    private mutating func add(_ line: Line) {
        if let previous = current[line.id] { markStale(previous) }
        let index = lines.count
        lines.append(line)
        current[line.id] = index
        linesOfPath[PathKey(line.path), default: []].append(index)
    }

    private mutating func markStale(_ index: Int) {
        guard !lines[index].stale else { return }
        lines[index].stale = true
        staleCount += 1
        if current[lines[index].id] == index { current[lines[index].id] = nil }
    }

    // MARK: Writing

    /// Appends the records of `documents` that are not stored already, and marks stale the lines
    /// they replace and the lines of `inputs` they no longer include.
    mutating func write(_ documents: [Document], inputs: [String], encoder: DocumentEncoder) throws {
        // The last copy of an id in the batch wins, as it would in separate batches.
        var seen = Set<String>()
        var records: [(id: String, path: String, bytes: Data)] = []
        for document in documents.reversed() where seen.insert(document.id).inserted {
            let bytes = try encoder.encode(document)
            records.append((document.id, document.source.path, bytes))
        }
        records.reverse()

        var produced: [PathKey: Set<String>] = [:]
        for record in records { produced[PathKey(record.path), default: []].insert(record.id) }
        var stale = Set<Int>()
        for path in inputs {
            for index in linesOfPath[PathKey(path)] ?? [] where !lines[index].stale && produced[PathKey(path)]?.contains(lines[index].id) != true {
                stale.insert(index)
            }
        }

        var appended = Data()
        var added: [Line] = []
        for record in records {
            if let index = current[record.id], !stale.contains(index) {
                if lines[index].length == record.bytes.count + 1,
                   try bytes(at: lines[index].offset, count: record.bytes.count).elementsEqual(record.bytes) {
                    continue
                }
                stale.insert(index)
            }
            added.append(Line(offset: length + appended.count, length: record.bytes.count + 1, id: record.id, path: record.path))
            appended.append(record.bytes)
            appended.append(0x0A)
        }

        if !appended.isEmpty {
            do {
                try JSONLSink.writeAll(appended, to: fd)
                if syncToDisk, fsync(fd) != 0 { throw PluginError.io("cannot flush: \(String(cString: strerror(errno)))") }
            } catch {
                // Never leave a cut-off line behind: back to the end of the last whole batch.
                _ = ftruncate(fd, off_t(length))
                _ = lseek(fd, off_t(length), SEEK_SET)
                throw PluginError.io("cannot write to \(target): \(error)")
            }
        }
        for index in stale { markStale(index) }
        for line in added { add(line) }
        length += appended.count
    }

    /// Marks stale every line stored from these source paths.
    mutating func remove(fromInputs paths: [String]) {
        for path in paths {
            for index in linesOfPath[PathKey(path)] ?? [] { markStale(index) }
        }
    }

    // MARK: Finishing

    /// Rewrites the file without stale lines when there are any, then closes (and unlocks) it.
    mutating func commit() throws {
        defer { Glibc.close(fd) }
        if staleCount > 0 {
            try compact()
        } else if syncToDisk, fsync(fd) != 0 {
            throw PluginError.io("cannot flush \(target): \(String(cString: strerror(errno)))")
        }
    }

    /// Closes (and unlocks) the file as it is: every line in it is a whole record.
    func close() {
        Glibc.close(fd)
    }

    /// Replaces the file with a copy holding only the current lines: written to a temporary file
    /// beside it (locked before it takes the file's place), flushed, renamed over the file.
    private mutating func compact() throws {
        let directory = PathSupport.directory(of: finalPath)
        let temporary = JSONLSink.temporaryPath(in: directory, name: PathSupport.lastComponent(finalPath))
        let out = Glibc.open(temporary, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard out >= 0 else { throw PluginError.io("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var kept: [Line] = []
        do {
            guard flock(out, LOCK_EX | LOCK_NB) == 0 else { throw PluginError.io("cannot lock \(temporary): \(String(cString: strerror(errno)))") }
            var mode = stat()
            if fstat(fd, &mode) == 0 { _ = fchmod(out, mode.st_mode & 0o7777) }
            var written = 0
            var index = 0
            while index < lines.count {
                guard !lines[index].stale else { index += 1; continue }
                // A run of adjacent current lines is copied in one go.
                let first = index
                var end = lines[index].offset + lines[index].length
                kept.append(lines[index])
                kept[kept.count - 1].offset = written + (lines[index].offset - lines[first].offset)
                index += 1
                while index < lines.count, !lines[index].stale, lines[index].offset == end {
                    kept.append(lines[index])
                    kept[kept.count - 1].offset = written + (lines[index].offset - lines[first].offset)
                    end += lines[index].length
                    index += 1
                }
                try copyRange(from: lines[first].offset, count: end - lines[first].offset, to: out)
                written += end - lines[first].offset
            }
            if syncToDisk, fsync(out) != 0 { throw PluginError.io("cannot flush \(temporary): \(String(cString: strerror(errno)))") }
            guard rename(temporary, finalPath) == 0 else {
                throw PluginError.io("cannot move the rewritten file into place at \(target): \(String(cString: strerror(errno)))")
            }
            if syncToDisk { Self.syncDirectory(directory) }
            length = written
        } catch {
            Glibc.close(out)
            unlink(temporary)
            throw error
        }
        Glibc.close(fd)
        fd = out
        guard lseek(fd, off_t(length), SEEK_SET) == length else { throw PluginError.io("cannot seek in \(target)") }
        lines = []
        current = [:]
        linesOfPath = [:]
        staleCount = 0
        for line in kept { add(line) }
    }

    /// Copies `count` bytes at `offset` of the file to the end of `out`, 64 KiB at a time.
    private func copyRange(from offset: Int, count: Int, to out: Int32) throws {
        var done = 0
        while done < count {
            let chunk = try bytes(at: offset + done, count: min(1 << 16, count - done))
            try JSONLSink.writeAll(Data(chunk), to: out)
            done += chunk.count
        }
    }

    /// `count` bytes of the file at `offset`.
    private func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw PluginError.io("cannot read \(target) back: \(n < 0 ? String(cString: strerror(errno)) : "it got shorter")") }
            done += n
        }
        return buffer
    }

    /// Flushes a folder's entries (a rename) to disk; failures are ignored (not every file system can).
    private static func syncDirectory(_ directory: String) {
        let dfd = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { return }
        _ = fsync(dfd)
        Glibc.close(dfd)
    }
}
