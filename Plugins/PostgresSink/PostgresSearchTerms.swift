#if Postgres
import Logging
import PostgresNIO
import SluiceCore

/// The CJK grams of a search entry, stored in `search_entries.terms` under a GIN index so that
/// Chinese (and Japanese, Korean) terms of any length are answered from an index; `pg_trgm` cannot
/// index strings shorter than three characters.
///
/// An entry's grams are every distinct CJK character and every pair of adjacent CJK characters
/// (a bigram never spans a non-CJK character). A term found in an entry as a substring has all its
/// own grams there too, so `terms @> grams(term)` is a necessary condition that filters entries
/// through the index before the exact `LIKE` match, and the results are those of the `LIKE` alone.
/// Grams are compared by their scalars (no Unicode normalization), as PostgreSQL compares text.
enum PostgresSearchTerms {
    /// The distinct grams of `texts` (an entry's title, context and body), in scalar order.
    static func entry(_ texts: [String]) -> [String] {
        var keys = Set<UInt64>()
        for text in texts {
            var previous: UInt32?
            for s in text.unicodeScalars {
                guard CJK.isCJK(s) else {
                    previous = nil
                    continue
                }
                keys.insert(UInt64(s.value))
                if let p = previous { keys.insert(UInt64(p) << 32 | UInt64(s.value)) }
                previous = s.value
            }
        }
        return keys.sorted().map(gram)
    }

    /// The grams `terms` need, in scalar order: the bigrams of each CJK run of two or more
    /// characters, and a lone CJK character itself. Empty when no term has a CJK character (the
    /// index cannot help).
    static func query(_ terms: [String]) -> [String] {
        var keys = Set<UInt64>()
        var run: [UInt32] = []
        func flush() {
            if run.count == 1 { keys.insert(UInt64(run[0])) }
            for i in run.indices.dropFirst() { keys.insert(UInt64(run[i - 1]) << 32 | UInt64(run[i])) }
            run.removeAll()
        }
        for term in terms {
            for s in term.unicodeScalars {
                if CJK.isCJK(s) { run.append(s.value) } else { flush() }
            }
            flush()
        }
        return keys.sorted().map(gram)
    }

    /// Fills `terms` for the entries stored before schema v3, 2,000 entries per round trip (in
    /// the migration's transaction).
    static func backfill(on conn: PostgresConnection, logger: Logger) async throws {
        var after = 0
        var more = true
        while more {
            var page = PostgresBindings()
            page.append(after)
            var ids: [Int] = []
            var grams: [String] = []
            var read = 0
            for row in try await conn.run("""
                SELECT entry_id, title, context, body FROM search_entries
                WHERE entry_id > $1 ORDER BY entry_id LIMIT 2000
                """, page, logger: logger) {
                let (id, title, context, body) = try row.decode((Int, String, String, String).self)
                read += 1
                after = id
                let entryGrams = entry([title, context, body])
                // Grams hold no space; entries without CJK keep the default, '{}'.
                if !entryGrams.isEmpty {
                    ids.append(id)
                    grams.append(entryGrams.joined(separator: " "))
                }
            }
            more = read == 2000
            guard !ids.isEmpty else { continue }
            var binds = PostgresBindings()
            binds.append(ids)
            binds.append(grams)
            try await conn.exec("""
                UPDATE search_entries e SET terms = string_to_array(v.grams, ' ')
                FROM unnest($1::int8[], $2::text[]) AS v (id, grams) WHERE e.entry_id = v.id
                """, binds, logger: logger)
        }
    }

    /// The string of a gram key (one scalar, or two packed high/low).
    private static func gram(_ key: UInt64) -> String {
        var s = String.UnicodeScalarView()
        if key >> 32 != 0, let first = Unicode.Scalar(UInt32(key >> 32)) { s.append(first) }
        if let last = Unicode.Scalar(UInt32(key & 0xFFFF_FFFF)) { s.append(last) }
        return String(s)
    }
}
#endif
