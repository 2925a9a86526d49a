import Foundation
import Testing
@testable import SluiceExecPlugins

/// The pipes to an exec program are close-on-exec from birth.
@Suite("Exec pipes")
struct ExecPipeTests {
    @Test("both ends of a program's pipe are close-on-exec, made atomically by pipe2 on Linux")
    func closeOnExec() throws {
        #if os(Linux)
        #expect(ExecChild.pipe2 != nil, "glibc has pipe2")
        #endif
        var fds: [Int32] = [-1, -1]
        try #require(ExecChild.closeOnExecPipe(&fds))
        defer { for fd in fds { close(fd) } }
        for fd in fds {
            #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0, "fd \(fd)")
        }
        // And it is a working pipe.
        let sent: [UInt8] = Array("ping\n".utf8)
        #expect(sent.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) } == sent.count)
        var received = [UInt8](repeating: 0, count: 16)
        let n = received.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
        #expect(Array(received.prefix(max(0, n))) == sent)
    }
}
