import Foundation
import SluiceCore

/// The messages of the exec protocol (see docs/exec-plugins.md). Version 1.
enum ExecProtocol {
    /// The protocol version this build speaks.
    static let version = 1

    static func encode<T: Encodable>(_ message: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every message is made of strings, numbers and documents, which always encode.
        let data = (try? encoder.encode(message)) ?? Data("{}".utf8)
        return Array(data) + [0x0A]
    }

    struct Hello: Encodable {
        let op = "hello"
        let `protocol` = ExecProtocol.version
    }

    struct Configure: Encodable {
        let op = "configure"
        let options: [String: JSONValue]
    }

    struct Read: Encodable {
        let op = "read"
        let id: Int
        let path: String
        let bytes: String
    }

    struct Normalize: Encodable {
        let op = "normalize"
        let id: Int
        let path: String
        let document: Document
    }

    struct Confidence: Encodable {
        let op = "confidence"
        let id: Int
        let path: String
        let size: Int
        let head: String
    }

    /// An answer to `configure`, `read`, `normalize` or `confidence`.
    struct Response: Decodable {
        var id: Int?
        var ok: Bool?
        var documents: [ExecDocumentPayload]?
        var warnings: [String]?
        var error: String?
        var confidence: Double?
    }

    /// The option values of one plugin use, as JSON for `configure`.
    static func json(_ values: [String: OptionValue]) -> [String: JSONValue] {
        values.mapValues { value in
            switch value {
            case .string(let s): .string(s)
            case .integer(let i): .int(i)
            case .number(let d): .double(d)
            case .boolean(let b): .bool(b)
            case .stringList(let l): .array(l.map { .string($0) })
            }
        }
    }

    /// A short description of a decoding error: what was wrong and where, without the values.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "" : " at \(p.hasPrefix(".") ? String(p.dropFirst()) : p)"
        }
        switch error {
        case .typeMismatch(let type, let c): return "expected \(typeName(type))\(path(c))"
        case .valueNotFound(let type, let c): return "expected \(typeName(type))\(path(c)), found null"
        case .keyNotFound(let key, let c): return "missing key '\(key.stringValue)'\(path(c))"
        case .dataCorrupted(let c):
            return c.codingPath.isEmpty ? "not valid JSON" : "\(c.debugDescription)\(path(c))"
        @unknown default: return "invalid"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        default: type is any Collection.Type ? "a list or an object" : "\(type)"
        }
    }
}

/// What a program says about itself in answer to `hello`.
struct ExecDescription: Decodable, Sendable {
    var `protocol`: Int
    var name: String
    var kind: String
    var summary: String?
    var options: [ExecOptionDescription]?
    var extensions: [String]?
    var confidence: Double?
    var confidenceHook: Bool?

    enum CodingKeys: String, CodingKey {
        case `protocol`, name, kind, summary, options, extensions, confidence
        case confidenceHook = "confidence_hook"
    }

    /// Checks the description; returns what is wrong, or nil.
    func problem(expecting expected: PluginKind?) -> String? {
        if self.protocol != ExecProtocol.version {
            return "it speaks exec protocol \(self.protocol); this Sluice speaks \(ExecProtocol.version)"
        }
        if name.isEmpty || name.count > 64 || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            return "its name must be 1 to 64 letters, digits, '-' or '_'"
        }
        guard let k = PluginKind(rawValue: kind), k != .sink else { return "its kind must be 'reader' or 'normalizer', not '\(kind)'" }
        if let expected, k != expected { return "it is a \(k), not a \(expected)" }
        if let c = confidence, !(0...1).contains(c) { return "its confidence must be between 0 and 1" }
        for option in options ?? [] {
            if let why = option.problem { return "option '\(option.name)': \(why)" }
        }
        return nil
    }

    var optionSpecs: [OptionSpec] { (options ?? []).compactMap(\.spec) }
    var fileExtensions: [String] { (extensions ?? []).map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".")) } }
}

/// One option a program accepts.
struct ExecOptionDescription: Decodable, Sendable {
    var name: String
    var type: String
    var choices: [String]?
    var `default`: JSONValue?
    var doc: String?

    var optionType: OptionType? {
        switch type {
        case "string": .string
        case "integer": .integer
        case "number": .number
        case "boolean": .boolean
        case "list": .stringList
        case "path": .path
        case "choice": choices.map { .choice($0) }
        default: nil
        }
    }

    var defaultValue: OptionValue? {
        switch `default` {
        case .string(let s)?: .string(s)
        case .int(let i)?: optionType == .number ? .number(Double(i)) : .integer(i)
        case .double(let d)?: .number(d)
        case .bool(let b)?: .boolean(b)
        case .array(let items)?: .stringList(items.compactMap { if case .string(let s) = $0 { s } else { nil } })
        default: nil
        }
    }

    var problem: String? {
        guard let optionType else { return "unknown type '\(type)' (string, integer, number, boolean, list, path or choice)" }
        guard let d = defaultValue else {
            return `default` == nil || `default` == .null ? nil : "its default is not a \(optionType)"
        }
        switch (optionType, d) {
        case (.string, .string), (.path, .string), (.integer, .integer), (.number, .number), (.boolean, .boolean), (.stringList, .stringList):
            return nil
        case (.choice(let c), .string(let s)):
            return c.contains(s) ? nil : "its default is not one of its choices"
        default:
            return "its default is not a \(optionType)"
        }
    }

    var spec: OptionSpec? {
        optionType.map { OptionSpec(name: name, type: $0, defaultValue: defaultValue, doc: doc ?? "") }
    }
}
