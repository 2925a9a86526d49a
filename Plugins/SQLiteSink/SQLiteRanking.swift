import Foundation
import GRDB
import GRDBSQLite

/// The FTS5 auxiliary function `sluice_bm25(search_fts, W1, …, Wc, M1, …, Mp)`: Okapi BM25 as
/// FTS5's own `bm25()` computes it (k1 = 1.2, b = 0.75, each column's occurrences times its
/// weight W, the row's length over the average length, IDF from the number of entries M that
/// match each phrase), except that M is an argument instead of being counted by FTS5.
///
/// FTS5's `bm25()` counts, on the first row of every query, the entries that match each phrase
/// by walking the phrase's whole index (`xQueryPhrase`). For a term found in most entries that
/// walk alone costs as much as the query; ``SQLiteSearchStore`` counts with a bound instead and
/// passes the counts. Scores are negative like `bm25()`'s: lower is better.
enum SQLiteRanking {
    static let functionName = "sluice_bm25"
    static let k1 = 1.2
    static let b = 0.75

    /// Registers the function on `db` (every connection of the search store).
    static func register(_ db: Database) {
        let api = FTS5.api(db)
        _ = api.pointee.xCreateFunction(
            UnsafeMutablePointer(mutating: api), functionName, nil,
            { api, fts, context, count, values in SQLiteRanking.score(api, fts, context, count, values) }, nil)
    }

    /// BM25's IDF of a phrase found in `matches` of `entries` entries, as FTS5 computes it
    /// (a phrase in half the entries or more gets 1e-6, not a negative weight).
    static func idf(matches: Double, entries: Double) -> Double {
        let value = log((entries - matches + 0.5) / (matches + 0.5))
        return value > 0 ? value : 1e-6
    }

    static func score(
        _ pointer: UnsafePointer<Fts5ExtensionApi>?, _ fts: OpaquePointer?, _ context: OpaquePointer?,
        _ count: Int32, _ values: UnsafeMutablePointer<OpaquePointer?>?
    ) {
        guard let api = pointer?.pointee, let values,
            let columnCount = api.xColumnCount?(fts), let phraseCount = api.xPhraseCount?(fts),
            Int(count) == Int(columnCount + phraseCount)
        else {
            sqlite3_result_error(context, "\(functionName): expected one weight per column and one count per phrase", -1)
            return
        }
        var rows: Int64 = 0
        var tokens: Int64 = 0
        var instances: Int32 = 0
        var size: Int32 = 0
        var rc = api.xRowCount!(fts, &rows)
        if rc == SQLITE_OK { rc = api.xColumnTotalSize!(fts, -1, &tokens) }
        if rc == SQLITE_OK { rc = api.xInstCount!(fts, &instances) }
        if rc == SQLITE_OK { rc = api.xColumnSize!(fts, -1, &size) }
        guard rc == SQLITE_OK else {
            sqlite3_result_error_code(context, rc)
            return
        }
        let averageLength = rows > 0 && tokens > 0 ? Double(tokens) / Double(rows) : 1
        let lengthNorm = k1 * (1 - b + b * Double(size) / averageLength)
        let total = withUnsafeTemporaryAllocation(of: Double.self, capacity: Int(phraseCount)) { frequency -> Double? in
            frequency.initialize(repeating: 0)
            for index in 0..<instances {
                var phrase: Int32 = 0
                var column: Int32 = 0
                var offset: Int32 = 0
                guard api.xInst!(fts, index, &phrase, &column, &offset) == SQLITE_OK else { return nil }
                frequency[Int(phrase)] += sqlite3_value_double(values[Int(column)])
            }
            var sum = 0.0
            for phrase in 0..<Int(phraseCount) where frequency[phrase] > 0 {
                let idf = idf(matches: sqlite3_value_double(values[Int(columnCount) + phrase]), entries: Double(rows))
                sum += idf * frequency[phrase] * (k1 + 1) / (frequency[phrase] + lengthNorm)
            }
            return sum
        }
        guard let total else {
            sqlite3_result_error_code(context, SQLITE_ERROR)
            return
        }
        sqlite3_result_double(context, -total)
    }

    /// The number of entries that match `phrase` (one quoted FTS5 phrase): exact when under
    /// `bound`; otherwise estimated from its `bound` newest matches as their share of the entries
    /// in the id span they cover, times all entries (entry ids only grow; ids deleted in between
    /// are assumed spread evenly).
    static func matchCount(_ db: Database, phrase: String, bound: Int, span: inout IndexSpan?) throws -> Double {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT count(*) AS n, min(rowid) AS first FROM (
                    SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?)
                """, arguments: [phrase, bound])
        return try estimate(db, matches: row?["n"] ?? 0, first: row?["first"], bound: bound, span: &span)
    }

    /// The number of entries that match a phrase whose newest `min(matches, bound)` matches were
    /// visited, the oldest of them being `first`: `matches` when under `bound`, otherwise the
    /// estimate of ``matchCount(_:phrase:bound:span:)``.
    static func estimate(_ db: Database, matches: Int, first: Int64?, bound: Int, span: inout IndexSpan?) throws -> Double {
        let matches = Double(matches)
        guard matches >= Double(bound), let first else { return matches }
        if span == nil { span = try IndexSpan(db) }
        guard let index = span, index.last > index.first, index.entries > 0 else { return matches }
        let density = Double(index.entries) / Double(index.last - index.first + 1)
        let newer = max(matches, Double(index.last - first + 1) * density)
        return matches * Double(index.entries) / newer
    }

    /// How many entries the index holds, and the first and last entry id, read without a scan.
    struct IndexSpan {
        var entries: Int64
        var first: Int64
        var last: Int64

        init(_ db: Database) throws {
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT block FROM search_fts_data WHERE id = 1) AS averages,
                           (SELECT min(entry_id) FROM search_entries) AS first,
                           (SELECT max(entry_id) FROM search_entries) AS last
                    """)
            first = row?["first"] ?? 0
            last = row?["last"] ?? 0
            // FTS5's averages record (row 1 of `search_fts_data`) starts with the number of rows
            // as a SQLite varint.
            if let averages: Data = row?["averages"], let count = Self.varint(averages) {
                entries = count
            } else {
                entries = try Int64.fetchOne(db, sql: "SELECT count(*) FROM search_entries") ?? 0
            }
        }

        /// The SQLite varint at the start of `data` (big-endian, 7 bits per byte, the ninth byte
        /// whole), nil when `data` ends first.
        static func varint(_ data: Data) -> Int64? {
            var value: UInt64 = 0
            for (index, byte) in data.prefix(9).enumerated() {
                if index == 8 { return Int64(bitPattern: (value << 8) | UInt64(byte)) }
                value = (value << 7) | UInt64(byte & 0x7F)
                if byte & 0x80 == 0 { return Int64(bitPattern: value) }
            }
            return nil
        }
    }
}
