import Foundation

/// Makes test inputs in legacy encodings the way real files are made: with `iconv(1)`.
public enum LegacyEncoding {
    /// `text` encoded as `encoding` (an iconv name such as `GB18030`, `BIG5`, `UTF-16LE`).
    public static func encode(_ text: String, as encoding: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", encoding]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // Write from another thread so that a large output never blocks the writer.
        let data = Data(text.utf8)
        let writer = Thread {
            input.fileHandleForWriting.write(data)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let encoded = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteInapplicableStringEncoding, userInfo: [NSLocalizedDescriptionKey: "iconv cannot encode the text as \(encoding)"])
        }
        return Array(encoded)
    }
}
