/// The type of a plugin option, as the manifest and `sluice plugins NAME` show it.
public enum OptionType: Sendable, Hashable, CustomStringConvertible {
    /// Any string.
    case string
    /// A whole number.
    case integer
    /// A number.
    case number
    /// `true` or `false`.
    case boolean
    /// A list of strings (a single string is taken as a list of one).
    case stringList
    /// One of a fixed set of strings.
    case choice([String])
    /// A file path; a relative path is resolved against the manifest's folder (or the working
    /// folder for the command line).
    case path

    public var description: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .stringList: "list of strings"
        case .choice(let values): values.joined(separator: " | ")
        case .path: "path"
        }
    }
}

extension OptionType {
    /// `text` as a value of this type, the one reading of an option written as text that the
    /// manifest, `sluice inspect --option` and exec plugin `settings` share: a boolean is one of
    /// the words of ``boolean(_:)``, a whole number or a finite number as Swift reads it, a choice
    /// one of its values, and a list this one item. Nil when `text` is not a value of the type.
    package func value(parsing text: String) -> OptionValue? {
        switch self {
        case .string, .path: .string(text)
        case .choice(let choices): choices.contains(text) ? .string(text) : nil
        case .integer: Int(text).map(OptionValue.integer)
        case .number: Double(text).flatMap { $0.isFinite ? OptionValue.number($0) : nil }
        case .boolean: Self.boolean(text).map(OptionValue.boolean)
        case .stringList: .stringList([text])
        }
    }

    /// The truth value of a boolean written as a word: `true`, `yes`, `on` or `false`, `no`,
    /// `off`, in any case; nil for anything else.
    package static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on": true
        case "false", "no", "off": false
        default: nil
        }
    }
}

/// A value of a plugin option.
public enum OptionValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case stringList([String])

    public var description: String {
        switch self {
        case .string(let s): s
        case .integer(let i): String(i)
        case .number(let d): String(d)
        case .boolean(let b): String(b)
        case .stringList(let l): "[" + l.joined(separator: ", ") + "]"
        }
    }
}

/// The declaration of one plugin option: its name, type, default and documentation. Validation,
/// `sluice plugins NAME` and the docs all come from this one declaration.
public struct OptionSpec: Sendable, Hashable {
    /// The key in the manifest (snake_case).
    public let name: String
    /// The value's type.
    public let type: OptionType
    /// The value used when the manifest does not set it; `nil` for a required option.
    public let defaultValue: OptionValue?
    /// What the option does, in one or two sentences.
    public let doc: String

    /// Whether the manifest must set the option.
    public var isRequired: Bool { defaultValue == nil }

    /// Declares an option.
    public init(name: String, type: OptionType, defaultValue: OptionValue?, doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.doc = doc
    }
}

/// A Swift type an option's value can be read as.
public protocol OptionValueConvertible: Sendable {
    /// The value, from a validated ``OptionValue``.
    init?(optionValue: OptionValue)
    /// The value as an ``OptionValue``.
    var optionValue: OptionValue { get }
}

extension String: OptionValueConvertible {
    public init?(optionValue: OptionValue) {
        guard case .string(let s) = optionValue else { return nil }
        self = s
    }
    public var optionValue: OptionValue { .string(self) }
}

extension Int: OptionValueConvertible {
    public init?(optionValue: OptionValue) {
        guard case .integer(let i) = optionValue else { return nil }
        self = i
    }
    public var optionValue: OptionValue { .integer(self) }
}

extension Double: OptionValueConvertible {
    public init?(optionValue: OptionValue) {
        switch optionValue {
        case .number(let d): self = d
        case .integer(let i): self = Double(i)
        default: return nil
        }
    }
    public var optionValue: OptionValue { .number(self) }
}

extension Bool: OptionValueConvertible {
    public init?(optionValue: OptionValue) {
        guard case .boolean(let b) = optionValue else { return nil }
        self = b
    }
    public var optionValue: OptionValue { .boolean(self) }
}

extension Array: OptionValueConvertible where Element == String {
    public init?(optionValue: OptionValue) {
        guard case .stringList(let l) = optionValue else { return nil }
        self = l
    }
    public var optionValue: OptionValue { .stringList(self) }
}

/// A typed handle on one declared option: declare it once as a static constant, list its `spec`
/// in the plugin's `options`, and read it with `setup.options[key]`.
public struct OptionKey<Value: OptionValueConvertible>: Sendable {
    /// The declaration this key reads.
    public let spec: OptionSpec

    /// Declares an option of type `type` with a default (`nil` makes it required).
    public init(_ name: String, type: OptionType, default defaultValue: Value?, doc: String) {
        self.spec = OptionSpec(name: name, type: type, defaultValue: defaultValue?.optionValue, doc: doc)
    }
}

extension OptionKey where Value == String {
    /// A string option.
    public static func string(_ name: String, default value: String?, doc: String) -> Self {
        Self(name, type: .string, default: value, doc: doc)
    }
    /// A path option, resolved against the manifest's folder.
    public static func path(_ name: String, default value: String?, doc: String) -> Self {
        Self(name, type: .path, default: value, doc: doc)
    }
    /// An option that takes one of `choices`.
    public static func choice(_ name: String, _ choices: [String], default value: String?, doc: String) -> Self {
        Self(name, type: .choice(choices), default: value, doc: doc)
    }
}

extension OptionKey where Value == Int {
    /// A whole-number option.
    public static func integer(_ name: String, default value: Int?, doc: String) -> Self {
        Self(name, type: .integer, default: value, doc: doc)
    }
}

extension OptionKey where Value == Double {
    /// A number option.
    public static func number(_ name: String, default value: Double?, doc: String) -> Self {
        Self(name, type: .number, default: value, doc: doc)
    }
}

extension OptionKey where Value == Bool {
    /// A boolean option.
    public static func boolean(_ name: String, default value: Bool?, doc: String) -> Self {
        Self(name, type: .boolean, default: value, doc: doc)
    }
}

extension OptionKey where Value == [String] {
    /// A list-of-strings option.
    public static func stringList(_ name: String, default value: [String]?, doc: String) -> Self {
        Self(name, type: .stringList, default: value, doc: doc)
    }
}

/// The validated option values of one plugin use: every declared option has a value (the
/// manifest's or the default).
public struct OptionValues: Sendable, Hashable {
    /// The values by option name.
    public private(set) var values: [String: OptionValue]

    /// Values from a dictionary; the caller is responsible for having validated them.
    public init(_ values: [String: OptionValue] = [:]) { self.values = values }

    /// Every declared option's default, overridden by `overrides`.
    public static func defaults(for specs: [OptionSpec], overrides: [String: OptionValue] = [:]) -> OptionValues {
        var values: [String: OptionValue] = [:]
        for spec in specs { if let d = spec.defaultValue { values[spec.name] = d } }
        for (k, v) in overrides { values[k] = v }
        return OptionValues(values)
    }

    /// The value of `key`, or its default when it has none or the stored value has another type.
    public subscript<Value>(key: OptionKey<Value>) -> Value {
        if let stored = values[key.spec.name], let value = Value(optionValue: stored) { return value }
        if let fallback = key.spec.defaultValue, let value = Value(optionValue: fallback) { return value }
        preconditionFailure("option '\(key.spec.name)' is required and was not validated")
    }

    /// The value of `key`, or nil for a required option the manifest did not set.
    public func value<Value>(_ key: OptionKey<Value>) -> Value? {
        if let stored = values[key.spec.name], let value = Value(optionValue: stored) { return value }
        return key.spec.defaultValue.flatMap(Value.init(optionValue:))
    }

    /// Sets one value.
    public mutating func set(_ name: String, _ value: OptionValue) { values[name] = value }
}
