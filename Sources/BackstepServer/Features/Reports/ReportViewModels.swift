import Foundation

/// A client's monthly report as a printable page: the period, the days with data, sessions against the plan, pain,
/// outcome measures, flags and their handling, prescription changes and the logged review time. Facts only.
struct ReportViewModel: PageViewModel {
    /// One session of the month.
    struct Session: Encodable, Sendable {
        /// When it started.
        var date: String
        /// The program's name.
        var program: String
        /// Completed, stopped, interrupted …
        var status: String
        /// Active time with its unit.
        var minutes: String
        /// Peak pain, "–" without feedback.
        var peakPain: String
    }

    /// One session's pain.
    struct Pain: Encodable, Sendable {
        /// When the session started.
        var date: String
        /// The peak of during, after and next morning.
        var peak: String
        /// During.
        var during: String
        /// Right after.
        var after: String
        /// The next morning, or "not given".
        var nextMorning: String
    }

    /// A result taken in the month.
    struct OutcomePoint: Encodable, Sendable {
        /// When it was taken.
        var date: String
        /// The value with its unit.
        var value: String
        /// The cut-off band, or "–".
        var band: String
        /// Change from the first result, with its unit, or "first result".
        var change: String
        /// The change against the MCID or MDC, in words.
        var meaning: String
    }

    /// One measure's results in the month.
    struct Outcome: Encodable, Sendable {
        /// The measure's name.
        var name: String
        /// Its clinically important change ("MCID 1.0 s"), or "no adopted threshold".
        var threshold: String
        /// The results.
        var points: [OutcomePoint]
    }

    /// A flag raised in the month and its handling.
    struct Flag: Encodable, Sendable {
        /// The flag.
        var flag: FlagRow
        /// Whether a professional acknowledged it.
        var acknowledged: Bool
        /// Who, when and the note, in words ("Dr Lee, Mon 2 Mar 2026, 09:00 UTC: Called her."), or "Not
        /// acknowledged".
        var handling: String
    }

    /// A prescription version made in the month.
    struct Prescription: Encodable, Sendable {
        /// The version number.
        var version: Int
        /// When.
        var date: String
        /// Who.
        var by: String
        /// Why.
        var reason: String
        /// What changed.
        var changes: [String]
    }

    /// One review-time entry.
    struct ReviewEntry: Encodable, Sendable {
        /// The day.
        var date: String
        /// The minutes.
        var minutes: Int
        /// Who logged it.
        var by: String
        /// "Yes" when it included an interactive communication with the client.
        var interactive: String
        /// The note, or "–".
        var note: String
    }

    /// One professional's minutes.
    struct ProfessionalMinutes: Encodable, Sendable {
        /// Their name.
        var name: String
        /// Their logged minutes.
        var minutes: Int
    }

    static let template = "report"
    var chrome: PageChrome
    /// The client's id (links back to their page).
    var clientId: String
    /// The client's name.
    var clientName: String
    /// The practice the client shares their data with.
    var practice: String
    /// Since when.
    var consentSince: String
    /// `2026-11` (the month field's value).
    var month: String
    /// "November 2026".
    var monthLabel: String
    /// The first day, `2026-11-01`.
    var firstDay: String
    /// The last day, `2026-11-30`.
    var lastDay: String
    /// The period's day count.
    var periodDays: Int
    /// Whether the month was still running when the report was made.
    var toDate: Bool
    /// When the report was made.
    var generatedAt: String
    /// Who made it.
    var preparedBy: String
    /// The month before (`2026-10`), for the link.
    var previousMonth: String?
    /// The month after, when it has begun.
    var nextMonth: String?
    /// Days with data.
    var daysWithData: Int
    /// Whether there are any.
    var hasDaysWithData: Bool
    /// The days with data, `2026-11-02`.
    var dayList: [String]
    /// Sessions recorded in the month.
    var sessionsRecorded: Int
    /// Sessions completed.
    var sessionsCompleted: Int
    /// Sessions planned on the days that have come.
    var sessionsPlanned: Int
    /// Active minutes done, with the unit.
    var minutesDone: String
    /// Minutes planned, with the unit.
    var minutesPlanned: String
    /// Whether there were sessions.
    var hasSessions: Bool
    /// The sessions, oldest first.
    var sessions: [Session]
    /// The pain trend in words.
    var painTrend: String
    /// The highest peak pain, "–" without feedback.
    var highestPain: String
    /// Whether any session has feedback.
    var hasPain: Bool
    /// Pain per session.
    var pain: [Pain]
    /// Whether any outcome measure was taken.
    var hasOutcomes: Bool
    /// The measures taken.
    var outcomes: [Outcome]
    /// Whether any flag was raised.
    var hasFlags: Bool
    /// The flags.
    var flags: [Flag]
    /// Whether the prescription changed.
    var hasPrescriptionChanges: Bool
    /// The versions made in the month.
    var prescriptionChanges: [Prescription]
    /// Logged minutes in the month.
    var reviewMinutes: Int
    /// Whether any time was logged.
    var hasReviewTime: Bool
    /// The entries, oldest first.
    var reviewEntries: [ReviewEntry]
    /// Minutes per professional.
    var byProfessional: [ProfessionalMinutes]
    /// Whether any entry included an interactive communication.
    var hasInteractive: Bool
    /// The days with an interactive communication.
    var interactiveDates: [String]
}
