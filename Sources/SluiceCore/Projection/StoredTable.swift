/// An extra table a ``DocumentProjection`` asks database sinks to keep, described as data: the
/// sink creates it when missing (`CREATE TABLE IF NOT EXISTS`), adds a leading `document_id`
/// column referencing the document, deletes a document's rows whenever it stores the document
/// again or removes it, and inserts the rows the projection gives (``TableRows``).
public struct StoredTable: Sendable, Hashable {
    /// The table's name: lower-case ASCII letters, digits and `_`, starting with a letter, and
    /// none of the store's own tables (see ``StoredTable/reservedNames``).
    public var name: String
    /// The columns after `document_id`, in order.
    public var columns: [StoredColumn]
    /// Columns that, with `document_id`, identify a row (the primary key); empty for none.
    public var key: [String]
    /// Columns to index, each on its own (for example the column a common query filters by).
    public var indexed: [String]

    /// Creates a table description.
    public init(name: String, columns: [StoredColumn], key: [String] = [], indexed: [String] = []) {
        self.name = name
        self.columns = columns
        self.key = key
        self.indexed = indexed
    }

    /// Names a projection cannot use: the stores' own tables and views.
    public static let reservedNames: Set<String> = [
        "documents", "records", "blocks", "search_entries", "search_fts", "search_content",
        "sluice_schema_version", "sluice_claims", "grdb_migrations",
    ]

    /// Why this description cannot be stored, or nil when it can: a bad or reserved name, a column
    /// named `document_id`, repeated columns, or a key or index naming an unknown column.
    public var problem: String? {
        guard Self.isPlainName(name) else { return "table name '\(name)' is not a plain lower-case name" }
        guard !Self.reservedNames.contains(name) else { return "table name '\(name)' is reserved" }
        var seen = Set<String>()
        for column in columns {
            guard Self.isPlainName(column.name), column.name != "document_id" else {
                return "table '\(name)': column name '\(column.name)' is not allowed"
            }
            guard seen.insert(column.name).inserted else { return "table '\(name)': column '\(column.name)' repeats" }
        }
        for c in key + indexed where !seen.contains(c) { return "table '\(name)': no column '\(c)'" }
        return nil
    }

    static func isPlainName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, ("a"..."z").contains(first), s.unicodeScalars.count <= 48 else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

/// One column of a ``StoredTable``.
public struct StoredColumn: Sendable, Hashable {
    /// How a column's values are stored.
    public enum ValueType: String, Sendable, Hashable {
        /// Text (`TEXT` / `text`).
        case text
        /// A 64-bit integer (`INTEGER` / `bigint`).
        case integer
        /// A JSON value written as text (`TEXT` in SQLite, `jsonb` in PostgreSQL).
        case json
    }

    /// The column's name (a plain lower-case name).
    public var name: String
    /// What it holds.
    public var type: ValueType
    /// Whether every row must have a value.
    public var required: Bool

    /// Creates a column.
    public init(_ name: String, _ type: ValueType, required: Bool = false) {
        self.name = name
        self.type = type
        self.required = required
    }
}

/// One value in a row of a ``StoredTable``.
public enum StoredValue: Sendable, Hashable {
    /// No value (`NULL`).
    case null
    /// Text, or JSON text for a ``StoredColumn/ValueType/json`` column.
    case text(String)
    /// An integer.
    case integer(Int)

    /// `.text(s)`, or `.null` for nil.
    public static func text(_ s: String?) -> StoredValue { s.map { .text($0) } ?? .null }
    /// `.integer(i)`, or `.null` for nil.
    public static func integer(_ i: Int?) -> StoredValue { i.map { .integer($0) } ?? .null }
}

/// The rows one document adds to one ``StoredTable`` (without `document_id`, which the sink adds).
public struct TableRows: Sendable, Hashable {
    /// The table's name.
    public var table: String
    /// The rows, each with one value per column of the table, in the table's column order.
    public var rows: [[StoredValue]]

    /// Creates rows for `table`.
    public init(table: String, rows: [[StoredValue]]) {
        self.table = table
        self.rows = rows
    }
}
