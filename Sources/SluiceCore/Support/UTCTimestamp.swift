import Foundation

/// The current time as an ISO 8601 UTC timestamp with whole seconds (`2026-12-06T05:45:22Z`),
/// the form `ISO8601DateFormatter` gives by default, without creating a formatter: a run
/// stamps every input's state record, and a formatter per record cost more than the record.
package enum UTCTimestamp {
    /// Now.
    package static func now() -> String { string(secondsSince1970: Int(Date().timeIntervalSince1970.rounded(.down))) }

    /// The timestamp of a moment, in whole seconds since 1970 (UTC).
    package static func string(secondsSince1970 seconds: Int) -> String {
        // Civil date from days since 1970-01-01 (the proleptic Gregorian calendar).
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + two(month) + "-" + two(day) + "T"
            + two(secondOfDay / 3600) + ":" + two(secondOfDay / 60 % 60) + ":" + two(secondOfDay % 60) + "Z"
    }
}
