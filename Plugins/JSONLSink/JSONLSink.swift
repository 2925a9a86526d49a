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
/// Output goes to a temporary file beside the target and is renamed into place when the run
/// commits, so a failed or stopped run never leaves a half-written file. A symbolic link target
/// is followed (the file it points to is replaced); a target that is not a regular file (a
/// device such as `/dev/null`, a named pipe) is written directly. `-` (standard output) is
/// buffered in a temporary file and copied out on commit, so a stopped run prints nothing.
public final class JSONLSink: Sink {
    public static let name = "jsonl"
    public static let summary = "Writes documents as JSON Lines (canonical, byte-stable), atomically replacing the file on success."

    static let path = OptionKey<String>.path(
        "path", default: nil,
        doc: "The output file (`-` for standard output). Its folder is created if missing.")
    static let syncOption = OptionKey<Bool>.boolean(
        "fsync", default: true, doc: "Flush the file to disk before renaming it into place.")

    public static var options: [OptionSpec] { [path.spec, syncOption.spec] }
    public static let example: String? = """
        sinks:
          - name: jsonl
            path: out/documents.jsonl
        """

    /// The target path (`-` for standard output).
    public let target: String
    private let syncToDisk: Bool
    private let state = Locked<Output?>(nil)
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
        if target.isEmpty { throw PluginError.configuration("'path' must not be empty") }
    }

    public func open(_ context: SinkContext) async throws {
        let output: Output
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
                output = try Self.temporaryFile(in: directory, name: PathSupport.lastComponent(finalPath), destination: .rename(to: finalPath))
            }
        }
        state.withLock { $0 = output }
    }

    public func write(_ batch: DocumentBatch) async throws {
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

    public func commit() async throws {
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

    private static func temporaryFile(in directory: String, name: String, destination: Output.Destination) throws -> Output {
        let path = PathSupport.join(directory, ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
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

    private static func writeAll(_ data: Data, to fd: Int32) throws {
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
