// libFuzzer target: the news reader `news`, HTML and flattened text (first byte: which options
// and file name). Small structural limits in some variants drive the limit paths too.
import SluiceCore
import SluiceNewsReader

private let variants: [ReaderVariant<NewsReader>] = [
    ReaderVariant(NewsReader.self, path: "page.html"),
    ReaderVariant(NewsReader.self, path: "page.txt"),
    ReaderVariant(NewsReader.self, path: "page.htm", options: ["keep_images": .boolean(false), "text_form": .string("never")]),
    ReaderVariant(NewsReader.self, path: "page.txt", options: ["text_form": .string("always"), "default_utc_offset": .string("none")]),
    ReaderVariant(NewsReader.self, path: "page.xhtml", options: [
        "content_selector": .stringList(["div.article > p", "#content", "[itemprop=articleBody]"]),
        "remove_selector": .stringList([".ad", "script", "div#comments"]),
    ]),
    ReaderVariant(NewsReader.self, path: "page.shtml", options: [
        "max_depth": .integer(8), "max_text_node_bytes": .integer(256), "max_nodes": .integer(200), "min_paragraph_length": .integer(1),
    ]),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNewsReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzRead(data, size, variants: variants)
}
