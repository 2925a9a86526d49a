import SluiceCore

/// The normalizer `filter`: keeps the documents for which the `where` expression over their
/// metadata (plus `kind`, `id` and `title`) holds and drops the others.
public struct FilterNormalizer: Normalizer {
    public static let name = "filter"
    public static let summary = "Keeps documents whose metadata satisfy an expression such as \"language == 'zh-Hans' && chars >= 200\"."

    static let whereKey = OptionKey<String>.string(
        "where", default: nil,
        doc: "The condition: metadata keys, 'strings', numbers, == != < <= > >=, && || ! and parentheses. Also `kind`, `id`, `title`.")

    public static var options: [OptionSpec] { [whereKey.spec] }
    public static let example: String? = """
        normalizers:
          - language
          - {name: filter, where: "language == 'zh-Hans' && chars >= 200"}
        """

    let expression: FilterExpression
    let source: String

    public init(_ setup: PluginSetup) throws {
        guard let source = setup.options.value(Self.whereKey) else {
            throw PluginError(.configuration, "the `where` option is required", plugin: Self.name)
        }
        self.source = source
        do {
            expression = try FilterExpression.parse(source)
        } catch {
            throw PluginError(.configuration, "bad `where` expression at character \(error.position): \(error.reason)", plugin: Self.name)
        }
    }

    public func normalize(_ document: Document, context: NormalizeContext) throws -> [Document] {
        var fields = document.metadata
        fields["kind"] = document.kind
        fields["id"] = document.id
        if let title = document.title { fields["title"] = title }
        guard expression.evaluate(fields) else {
            context.logger.debug("filter dropped a document", metadata: ["id": "\(document.id)"])
            context.noteDrop("`where: \(source)` does not hold")
            return []
        }
        return [document]
    }
}
