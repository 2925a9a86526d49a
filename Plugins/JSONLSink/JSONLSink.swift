#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SluiceCore

/// The sink `jsonl`: one document per line in the canonical JSON form (sorted keys), so the same
/// input gives byte-identical output. Written to a temporary file beside the target and renamed
/// into place when the run commits, so a failed run never leaves a half-written file. `-` writes
/// to standard output as documents arrive.
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
    private let state = Locked<State>(State())
    private let encoder = DocumentEncoder()

    private struct State {
        var fd: Int32 = -1
        var temporaryPath: String?
    }

    public init(_ setup: PluginSetup) throws {
        target = setup.options[Self.path]
        syncToDisk = setup.options[Self.syncOption]
        if target.isEmpty { throw PluginError.configuration("'path' must not be empty") }
    }

    public func open(_ context: SinkContext) async throws {
        if target == "-" {
            state.withLock { $0.fd = STDOUT_FILENO }
            return
        }
        let directory = PathSupport.directory(of: target)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PluginError.io("cannot create the folder '\(directory)' for \(target)")
        }
        let temporary = "\(directory)/.\(PathSupport.lastComponent(target)).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PluginError.io("cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        state.withLock {
            $0.fd = fd
            $0.temporaryPath = temporary
        }
    }

    public func write(_ batch: DocumentBatch) async throws {
        let data = try encoder.encodeLines(batch.documents)
        let fd = state.withLock { $0.fd }
        guard fd >= 0 else { throw PluginError.io("the JSONL sink for \(target) is not open") }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw PluginError.io("cannot write to \(target): \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }

    public func commit() async throws {
        guard case let (fd, temporary?) = takeFile() else { return }
        if syncToDisk, Glibc.fsync(fd) != 0 {
            Glibc.close(fd)
            unlink(temporary)
            throw PluginError.io("cannot flush \(target): \(String(cString: strerror(errno)))")
        }
        Glibc.close(fd)
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw PluginError.io("cannot move the output into place at \(target): \(reason)")
        }
    }

    /// The open file and its temporary path, leaving the sink closed.
    private func takeFile() -> (Int32, String?) {
        state.withLock { s in
            defer {
                s.fd = -1
                s.temporaryPath = nil
            }
            return (s.fd, s.temporaryPath)
        }
    }

    public func abort() async {
        guard case let (fd, temporary?) = takeFile() else { return }
        Glibc.close(fd)
        unlink(temporary)
    }
}
