#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole input files with POSIX calls: no following into FIFOs or devices, a size limit
/// checked before reading, and a clear reason on failure.
enum FileReading {
    static func readAll(_ path: String, maxBytes: Int) throws(PluginError) -> [UInt8] {
        let fd = open(PathEncoding.fileSystemPath(path), O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .io("cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io("cannot stat: \(String(cString: strerror(errno)))") }
        guard st.st_mode & S_IFMT == S_IFREG else { throw .invalidInput("not a regular file") }
        let size = Int(st.st_size)
        guard size <= maxBytes else {
            throw .limitExceeded("the input is \(size) bytes, over the limit of \(maxBytes) bytes (max_input_bytes)")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let n = bytes.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress! + filled, size - filled)
            }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .io("read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            filled += n
        }
        if filled < size { bytes.removeLast(size - filled) }
        // The file may have grown since fstat; read what was added, within the limit.
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > maxBytes {
                throw .limitExceeded("the input grew past the limit of \(maxBytes) bytes while being read (max_input_bytes)")
            }
        }
        return bytes
    }
}
