import Foundation
import Testing
import SluiceCore
import SluiceTesting
@testable import SluiceFilterNormalizer

@Suite struct FilterNormalizerTests {
    func make(_ expression: String) throws -> FilterNormalizer {
        try FilterNormalizer(PluginSetup(options: OptionValues(["where": .string(expression)]), logger: CorpusSamples.logger))
    }

    func keeps(_ expression: String, _ metadata: [String: String]) throws -> Bool {
        var d = Document(kind: "news", metadata: metadata, text: "x")
        d.id = "doc-1"
        return try !make(expression).normalize(d, context: CorpusSamples.context).isEmpty
    }

    @Test func evaluatesComparisonsAndLogic() throws {
        let zh = ["language": "zh-Hans", "chars": "350", "cjk_ratio": "0.820"]
        let expr = "language == 'zh-Hans' && chars >= 200"
        #expect(try keeps(expr, zh))
        #expect(try !keeps(expr, zh.merging(["chars": "199"]) { $1 }))
        #expect(try !keeps(expr, zh.merging(["language": "en"]) { $1 }))
        #expect(try keeps("chars > 99.5 && !(language != \"zh-Hans\")", zh))
        #expect(try keeps("language == 'en' || cjk_ratio > 0.5", zh))
        #expect(try !keeps("language == 'en' || cjk_ratio < 0.5", zh))
        #expect(try keeps("chars < 1000 && chars <= 350 && kind == 'news' && id != 'x'", zh))
        // 350 vs 1000: numbers, not strings ("350" > "1000" as strings).
        #expect(try !keeps("chars > 1000", zh))
        #expect(try !keeps("missing == 'a'", zh))
        #expect(try !keeps("missing != 'a'", zh))
        #expect(try keeps("!missing && language", zh))
    }

    @Test func badExpressionsNameThePosition() {
        let cases: [(String, String)] = [
            ("language == ", "at character 13: expression ends too early"),
            ("language = 'x'", "at character 10: unexpected character '='"),
            ("(chars > 1", "at character 11: expected ')'"),
            ("chars > 1 language", "at character 11: unexpected 'language'"),
            ("title == 'abc", "at character 10: unterminated string"),
        ]
        for (expr, fragment) in cases {
            do {
                _ = try make(expr)
                Issue.record("'\(expr)' was accepted")
            } catch let error as PluginError {
                #expect(error.reason.contains(fragment), "\(expr): \(error.reason)")
                #expect(error.kind == .configuration)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}
