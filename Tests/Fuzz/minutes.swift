// libFuzzer target: the grouped-minutes reader `minutes` (first byte: which options and file name).
import SluiceCore
import SluiceMinutesReader

private let variants: [ReaderVariant<MinutesReader>] = [
    ReaderVariant(MinutesReader.self, path: "minutes.txt"),
    ReaderVariant(MinutesReader.self, path: "minutes.md", options: ["records": .string("group")]),
    ReaderVariant(MinutesReader.self, path: "minutes.txt", options: ["records": .string("statement"), "points": .boolean(false)]),
    ReaderVariant(MinutesReader.self, path: "minutes.text", options: ["records": .string("statement"), "unattributed_statements": .boolean(false)]),
    ReaderVariant(MinutesReader.self, path: "minutes.txt", options: ["min_groups": .integer(3)]),
    ReaderVariant(MinutesReader.self, path: "gbk.txt", options: ["encoding": .string("gb18030"), "min_groups": .integer(2)]),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMinutesReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzRead(data, size, variants: variants)
}
