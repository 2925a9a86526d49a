#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import SluiceCore

/// The sink `jsonl`: one document per line in the canonical JSON form (sorted keys), so the same
/// input gives byte-identical output.
///
/// In `replace` mode (the default for runs that are not incremental), output goes to a temporary
/// file beside the target and is renamed into place when the run commits, so a failed or stopped
/// run never leaves a half-written file. In `accumulate` mode (the default for incremental runs)
/// the file is kept and added to, one line per document id, under an exclusive lock: see
/// ``JSONLAccumulator``. A fresh accumulate run on a new file writes the same bytes as `replace`.
///
/// A symbolic link target is followed (the file it points to is written); a target that is not a
/// regular file (a device such as `/dev/null`, a named pipe) is written directly. `-` (standard
/// output) is buffered in a temporary file and copied out on commit, so a stopped run prints
/// nothing; both print only this run's documents, in either mode.
public final class JSONLSink: Sink {
    public static let name = "jsonl"
    public static let summary = "Writes documents as JSON Lines (canonical, byte-stable): replaces the file atomically, or adds to it in incremental runs."

    static let path = OptionKey<String>.path(
        "path", default: nil,
        doc: "The output file (`-` for standard output). Its folder is created if missing.")
    static let syncOption = OptionKey<Bool>.boolean(
        "fsync", default: true, doc: "Flush the file to disk before renaming it into place (in accumulate mode also after every batch, which makes it durable).")

    static let modeOption = OptionKey<String>.choice(
        "mode", ["auto", "replace", "accumulate"], default: "auto",
        doc: "`replace`: write a new file and rename it into place on commit. `accumulate`: keep the file and add to it (one line per document id; changed inputs' old lines are dropped on commit; a torn last line from a stopped run is cut off). `auto`: accumulate in incremental runs, else replace.")

    public static var options: [OptionSpec] { [path.spec, syncOption.spec, modeOption.spec] }
    public static let example: String? = """
        sinks:
          - name: jsonl
            path: out/documents.jsonl
        """

    /// The target path (`-` for standard output).
    public let target: String
    private let syncToDisk: Bool
    private let mode: String
    private let state = Locked<Output?>(nil)
    private let accumulator = Locked<JSONLAccumulator?>(nil)
    private let created = Locked(false)

    /// In accumulate mode, true while no line is waiting to be dropped on commit: every record
    /// written is then whole and flushed (with `fsync` on). Always false in replace mode.
    public var writesAreDurable: Bool { accumulator.withLock { $0.map { $0.staleCount == 0 } ?? false } }
    /// True when the output holds nothing from earlier runs: always in replace mode (and for
    /// standard output and devices); in accumulate mode when the file was missing or empty.
    public var outputIsNew: Bool { created.withLock { $0 } }
    private let encoder = DocumentEncoder()

    /// Where the lines go while the run is open.
    private struct Output {
        /// What commit does with the written file.
        enum Destination: Equatable {
            /// Rename the temporary file to this path.
            case rename(to: String)
            /// Copy the temporary file to standard output.
            case standardOutput
            /// Nothing: the target itself was written (a device or a pipe).
            case direct
        }

        var fd: Int32
        /// The temporary file, when there is one.
        var temporaryPath: String?
        var destination: Destination
        /// The length of the file after the last batch that was written whole.
        var committedLength: Int = 0
    }

    public init(_ setup: PluginSetup) throws {
        target = setup.options[Self.path]
        syncToDisk = setup.options[Self.syncOption]
        mode = setup.options[Self.modeOption]
        if target.isEmpty { throw PluginError.configuration("'path' must not be empty") }
    }

    public func open(_ context: SinkContext) async throws {
        let output: Output
        created.withLock { $0 = true }
        if target == "-" {
            output = try Self.temporaryFile(in: NSTemporaryDirectory(), name: "sluice-stdout.jsonl", destination: .standardOutput)
        } else {
            var status = stat()
            var finalPath = target
            if lstat(target, &status) == 0, status.st_mode & S_IFMT == S_IFLNK, let real = realpath(target, nil) {
                finalPath = String(cString: real)
                free(real)
                _ = stat(finalPath, &status)
            }
            if stat(finalPath, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
                guard status.st_mode & S_IFMT != S_IFDIR else {
                    throw PluginError.io("\(target) is a directory, not a file")
                }
                let fd = Glibc.open(finalPath, O_WRONLY | O_CLOEXEC)
                guard fd >= 0 else { throw PluginError.io("cannot open \(target): \(String(cString: strerror(errno)))") }
                output = Output(fd: fd, temporaryPath: nil, destination: .direct)
            } else {
                let directory = PathSupport.directory(of: finalPath)
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    throw PluginError.io("cannot create the folder '\(directory)' for \(target)")
                }
                Self.removeStaleTemporaries(in: directory, name: PathSupport.lastComponent(finalPath))
                if mode == "accumulate" || (mode == "auto" && context.accumulate) {
                    let opened = try JSONLAccumulator.open(target: target, finalPath: finalPath, syncToDisk: syncToDisk, logger: context.logger)
                    created.withLock { $0 = opened.isNew }
                    accumulator.withLock { $0 = opened }
                    return
                }
                output = try Self.temporaryFile(in: directory, name: PathSupport.lastComponent(finalPath), destination: .rename(to: finalPath))
            }
        }
        state.withLock { $0 = output }
    }

    public func write(_ batch: DocumentBatch) async throws {
        let appended = try accumulator.withLock { accumulator -> Bool in
            guard accumulator != nil else { return false }
            try accumulator!.write(batch.documents, inputs: batch.inputs, encoder: encoder)
            return true
        }
        if appended { return }
        let data = try encoder.encodeLines(batch.documents)
        guard let output = state.withLock({ $0 }) else { throw PluginError.io("the JSONL sink for \(target) is not open") }
        do {
            try Self.writeAll(data, to: output.fd)
            state.withLock { $0?.committedLength += data.count }
        } catch {
            // Never leave a cut-off line behind: go back to the end of the last whole batch.
            if output.destination != .direct {
                _ = ftruncate(output.fd, off_t(output.committedLength))
                _ = lseek(output.fd, off_t(output.committedLength), SEEK_SET)
            }
            throw PluginError.io("cannot write to \(target): \(error)")
        }
    }

    public var canRemoveDocuments: Bool { true }

    /// In accumulate mode, the documents of these inputs are dropped from the file on commit. In
    /// replace mode there is nothing to do: the new output holds only this run's inputs.
    public func removeDocuments(fromInputs paths: [String]) async throws {
        accumulator.withLock { $0?.remove(fromInputs: paths) }
    }

    public func commit() async throws {
        if var accumulated = takeAccumulator() {
            try accumulated.commit()
            return
        }
        guard let output = take() else { return }
        defer { Glibc.close(output.fd) }
        switch output.destination {
        case .direct:
            return
        case .standardOutput:
            defer { output.temporaryPath.map { _ = unlink($0) } }
            guard lseek(output.fd, 0, SEEK_SET) == 0 else { throw PluginError.io("cannot reread the buffered output") }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(output.fd, $0.baseAddress!, $0.count) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                try Self.writeAll(Data(buffer[0..<n]), to: STDOUT_FILENO)
            }
        case .rename(let finalPath):
            guard let temporary = output.temporaryPath else { return }
            if syncToDisk, Glibc.fsync(output.fd) != 0 {
                unlink(temporary)
                throw PluginError.io("cannot flush \(target): \(String(cString: strerror(errno)))")
            }
            guard rename(temporary, finalPath) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw PluginError.io("cannot move the output into place at \(target): \(reason)")
            }
        }
    }

    public func abort() async {
        takeAccumulator()?.close()
        guard let output = take() else { return }
        Glibc.close(output.fd)
        if let temporary = output.temporaryPath { unlink(temporary) }
    }

    /// The open output, leaving the sink closed.
    private func take() -> Output? {
        state.withLock { s in
            defer { s = nil }
            return s
        }
    }

    /// The accumulator, leaving the sink closed.
    private func takeAccumulator() -> JSONLAccumulator? {
        accumulator.withLock { a in
            defer { a = nil }
            return a
        }
    }

    /// A new temporary file name beside `name` in `directory` (``removeStaleTemporaries(in:name:)``
    /// recognises it once its process is gone).
    static func temporaryPath(in directory: String, name: String) -> String {
        PathSupport.join(directory, ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
    }

    private static func temporaryFile(in directory: String, name: String, destination: Output.Destination) throws -> Output {
        let path = temporaryPath(in: directory, name: name)
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PluginError.io("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        return Output(fd: fd, temporaryPath: path, destination: destination)
    }

    /// Removes temporary files that runs killed before they could commit left beside `name`
    /// (those whose process is gone).
    static func removeStaleTemporaries(in directory: String, name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let prefix = ".\(name)."
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
            let parts = entry.dropFirst(prefix.count).split(separator: ".")
            guard parts.count == 3, let pid = Int32(parts[0]) else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                unlink(PathSupport.join(directory, entry))
            }
        }
    }

    static func writeAll(_ data: Data, to fd: Int32) throws {
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw PluginError.io(String(cString: strerror(errno)))
                }
                offset += n
            }
        }
    }
}
