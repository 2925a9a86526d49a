// libFuzzer target: the plain-text reader `text` (first byte: which options and file name).
import SluiceCore
import SluiceTextReader

private let variants: [ReaderVariant<TextReader>] = [
    ReaderVariant(TextReader.self, path: "input.txt"),
    ReaderVariant(TextReader.self, path: "notes.md", options: ["paragraphs": .string("line")]),
    ReaderVariant(TextReader.self, path: "README", options: ["paragraphs": .string("blank_line"), "max_title_length": .integer(0)]),
    ReaderVariant(TextReader.self, path: "input.log", options: ["max_heading_length": .integer(0), "max_title_length": .integer(1)]),
    ReaderVariant(TextReader.self, path: "legacy.txt", options: ["encoding": .string("gb18030")]),
    ReaderVariant(TextReader.self, path: "wide.txt", options: ["encoding": .string("utf-16")]),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTextReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzRead(data, size, variants: variants)
}
