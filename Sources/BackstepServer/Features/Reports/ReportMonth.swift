import BackstepCore
import Foundation

/// A calendar month in UTC, the period of a monthly report: parsed from `2026-11`, with its first day, the day after
/// its last, and its day count. Pure arithmetic on days since 1970-01-01 (UTC days have 86,400 s).
struct ReportMonth: Hashable, Sendable {
    /// The year, 2000–9999.
    let year: Int
    /// The month, 1–12.
    let month: Int

    /// The month of a year.
    init?(year: Int, month: Int) {
        guard (2000...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// The UTC month holding `date`.
    init(containing date: Date) {
        let (year, month, _) = Self.civil(fromDays: Self.dayNumber(date))
        self.year = min(max(year, 2000), 9999)
        self.month = month
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// Reads `YYYY-MM` (e.g. `2026-11`); none given is the month holding `now`. A month that starts after `now` is
    /// refused: it has no data yet.
    /// - Throws: `InputError` for the field `month`.
    static func parse(_ text: String?, now: Date) throws(InputError) -> ReportMonth {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return ReportMonth(containing: now)
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let year = Int(parts[0]),
            let number = Int(parts[1]), let month = ReportMonth(year: year, month: number)
        else {
            throw InputError(field: "month", problem: "must be a month like 2026-11 (year 2000–9999, month 01–12)")
        }
        guard month.start <= now else { throw InputError(field: "month", problem: "is in the future") }
        return month
    }

    /// Reads a day `YYYY-MM-DD` as 00:00 UTC.
    /// - Throws: `InputError` for `field`.
    static func parseDay(_ text: String, field: String) throws(InputError) -> Date {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let year = Int(parts[0]),
            let number = Int(parts[1]), let day = Int(parts[2]), let month = ReportMonth(year: year, month: number),
            (1...month.dayCount).contains(day)
        else {
            throw InputError(field: field, problem: "must be a date like 2026-11-18")
        }
        return month.start.addingTimeInterval(Double(day - 1) * 86_400)
    }

    /// `2026-11`.
    var id: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
    /// `November 2026`.
    var label: String { "\(Self.monthNames[month - 1]) \(year)" }
    /// 00:00 UTC of the first day.
    var start: Date { Date(timeIntervalSince1970: Double(Self.days(year: year, month: month, day: 1)) * 86_400) }
    /// 00:00 UTC of the first day of the next month (the period is `[start, end)`).
    var end: Date { start.addingTimeInterval(Double(dayCount) * 86_400) }
    /// The number of days: 28 to 31.
    var dayCount: Int {
        let next = month == 12 ? (year + 1, 1) : (year, month + 1)
        return Self.days(year: next.0, month: next.1, day: 1) - Self.days(year: year, month: month, day: 1)
    }
    /// 00:00 UTC of the last day.
    var lastDay: Date { end.addingTimeInterval(-86_400) }
    /// The month before.
    var previous: ReportMonth? {
        month == 1 ? ReportMonth(year: year - 1, month: 12) : ReportMonth(year: year, month: month - 1)
    }
    /// The month after.
    var following: ReportMonth? {
        month == 12 ? ReportMonth(year: year + 1, month: 1) : ReportMonth(year: year, month: month + 1)
    }
    /// Whether `date` falls in the month.
    func contains(_ date: Date) -> Bool { date >= start && date < end }

    /// Days since 1970-01-01 of the UTC day holding `date`.
    static func dayNumber(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    /// Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day number (`civil_from_days`).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
