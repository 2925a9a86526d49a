import Foundation
import SluiceTesting
import Testing
@testable import SluiceCore
@testable import SluiceExecPlugins

/// A normalizer with one boolean option, to read it through a manifest.
private struct Switched: Normalizer {
    static let name = "switched"
    static let summary = "Passes documents through (for tests)."
    static let flag = OptionKey<Bool>.boolean("flag", default: false, doc: "A switch.")
    static var options: [OptionSpec] { [flag.spec] }
    init(_ setup: PluginSetup) throws {}
    func normalize(_ document: Document, context: NormalizeContext) throws -> [Document] { [document] }
}

/// An option written as text means the same in a manifest, in `sluice inspect --option` and in an
/// exec plugin's `settings`.
@Suite("Option values written as text")
struct OptionTextTests {
    static let words: [(String, Bool?)] = [
        ("true", true), ("yes", true), ("on", true), ("false", false), ("no", false), ("off", false),
        ("Yes", true), ("OFF", false), ("maybe", nil), ("1", nil), ("", nil),
    ]

    /// The value a manifest gives the `flag` option of a built-in plugin, nil when it refuses it.
    func throughManifest(_ word: String) -> Bool? {
        var registry = PluginRegistry()
        registry.register(Switched.self)
        registry.registerInMemorySource([:])
        registry.registerInMemorySink(DocumentCollector())
        let yaml = """
            version: 1
            pipelines:
              p:
                inputs: ["*.mem"]
                reader: memory-source
                normalizers: [{name: switched, flag: "\(word)"}]
                sinks: [memory]
            """
        let loaded = try? ManifestLoader(registry: registry).load(text: yaml, file: "m.yaml", baseDirectory: ".")
        return loaded?.pipelines.first?.normalizers.first?.options.values["flag"].flatMap(Bool.init(optionValue:))
    }

    /// The value `sluice inspect --option flag=WORD` gives, nil when it refuses it.
    func throughInspection(_ word: String) -> Bool? {
        let values = try? Inspection.parse(["flag=\(word)"], specs: [Switched.flag.spec], reader: "r")
        return values?["flag"].flatMap(Bool.init(optionValue:))
    }

    /// The value an exec program receives for `settings: [flag=WORD]`, nil when it is refused.
    func throughExecSettings(_ word: String) throws -> Bool? {
        let handshake = #"{"protocol": 1, "name": "p", "kind": "reader", "options": [{"name": "flag", "type": "boolean", "default": false}]}"#
        let description = try JSONDecoder().decode(ExecDescription.self, from: Data(handshake.utf8))
        guard let values = try? ExecOptions.fromSettings(["flag=\(word)"], description) else { return nil }
        guard case .bool(let b)? = values["flag"] else { return nil }
        return b
    }

    @Test("yes/no/on/off/true/false in any case are booleans, the same through every path; other words are refused by all")
    func booleanWords() throws {
        for (word, expected) in Self.words {
            #expect(OptionType.boolean.value(parsing: word) == expected.map(OptionValue.boolean), "core: '\(word)'")
            #expect(throughManifest(word) == expected, "manifest: '\(word)'")
            #expect(throughInspection(word) == expected, "inspect: '\(word)'")
            #expect(try throughExecSettings(word) == expected, "exec settings: '\(word)'")
        }
    }

    @Test("a number that is not finite is refused the same way by every path")
    func numbers() throws {
        let spec = OptionSpec(name: "n", type: .number, defaultValue: .number(1), doc: "A number.")
        for word in ["2.5", "nan", "inf", "x"] {
            let core = OptionType.number.value(parsing: word)
            #expect((core != nil) == (word == "2.5"), "core: '\(word)'")
            let inspected = try? Inspection.parse(["n=\(word)"], specs: [spec], reader: "r")
            #expect(inspected?["n"] == core, "inspect: '\(word)'")
        }
    }
}
