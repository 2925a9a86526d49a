import SluiceCore

/// The SQL that creates a projection's extra table (``StoredTable``) in a store, shared by the
/// SQLite and PostgreSQL sinks: a leading `document_id` referencing the store's document table
/// (`ON DELETE CASCADE`), the described columns, the key, and an index per indexed column (and on
/// `document_id` when there is no key to find a document's rows by).
package struct ExtraTableSQL: Sendable {
    /// The column types by value type (`TEXT`/`INTEGER`, `text`/`bigint`/`jsonb`).
    package var types: [StoredColumn.ValueType: String]
    /// The `document_id` column's definition.
    package var documentColumn: String
    /// Appended to `CREATE TABLE (…)` for tables with a key (`WITHOUT ROWID` in SQLite).
    package var keyedSuffix: String

    package init(types: [StoredColumn.ValueType: String], documentColumn: String, keyedSuffix: String = "") {
        self.types = types
        self.documentColumn = documentColumn
        self.keyedSuffix = keyedSuffix
    }

    /// `CREATE TABLE IF NOT EXISTS` and `CREATE INDEX IF NOT EXISTS` statements for `table`.
    package func createStatements(_ table: StoredTable) -> [String] {
        var columns = [documentColumn]
        columns += table.columns.map { "\"\($0.name)\" \(types[$0.type] ?? "text")" + ($0.required ? " NOT NULL" : "") }
        let keyed = !table.key.isEmpty
        if keyed { columns.append("PRIMARY KEY (" + (["document_id"] + table.key.map { "\"\($0)\"" }).joined(separator: ", ") + ")") }
        var statements = [
            "CREATE TABLE IF NOT EXISTS \"\(table.name)\" (\n    " + columns.joined(separator: ",\n    ") + "\n)" + (keyed ? keyedSuffix : "")
        ]
        if !keyed {
            statements.append("CREATE INDEX IF NOT EXISTS \"\(table.name)_document\" ON \"\(table.name)\" (document_id)")
        }
        for column in table.indexed {
            statements.append("CREATE INDEX IF NOT EXISTS \"\(table.name)_\(column)\" ON \"\(table.name)\" (\"\(column)\")")
        }
        return statements
    }

    /// The quoted column list of an insert into `table`: `document_id, "a", "b"`.
    package static func insertColumns(_ table: StoredTable) -> [String] {
        ["document_id"] + table.columns.map { "\"\($0.name)\"" }
    }
}
