import BackstepCore
import BackstepStorage
import Foundation

/// The body of `POST /clients/{id}/review-time` (schema `ReviewTimeRequest`): minutes spent on the client on a day
/// (today when no date is given), and whether the time included an interactive communication with them.
struct ReviewTimeRequest: Codable, Sendable {
    var date: String?
    var minutes: Int
    var interactive: Bool?
    var note: String?
}

/// A logged review-time entry (schema `ReviewTime`).
struct ReviewTimeResponse: Codable, Sendable {
    var id: ReviewTimeID
    /// The day, `YYYY-MM-DD` (UTC).
    var date: String
    var minutes: Int
    var interactive: Bool
    var note: String?
    var loggedBy: String
    var loggedById: UserID
    var loggedAt: Date

    init(_ entry: ReviewTimeEntry) {
        id = entry.id
        date = Fmt.day(entry.day)
        minutes = entry.minutes
        interactive = entry.interactive
        note = entry.note.isEmpty ? nil : entry.note
        loggedBy = entry.professionalName
        loggedById = entry.professionalId
        loggedAt = entry.loggedAt
    }
}

/// A client's monthly report (schema `MonthlyReport`): the period, the days with data, sessions against the plan,
/// pain, outcome measures, flags and their handling, prescription changes and the logged review time. Facts only.
struct MonthlyReportResponse: Codable, Sendable {
    /// The client.
    struct Client: Codable, Sendable {
        var id: UserID
        var name: String
        var practiceName: String
        var consentSince: Date
    }

    /// The calendar month (UTC).
    struct Period: Codable, Sendable {
        var month: String
        var label: String
        var firstDay: String
        var lastDay: String
        var days: Int
        /// False while the month is still running: the figures are to the time of the report.
        var complete: Bool
    }

    /// The distinct UTC days on which a session was recorded.
    struct DaysWithData: Codable, Sendable {
        var count: Int
        var periodDays: Int
        var dates: [String]
    }

    /// One session of the month.
    struct Session: Codable, Sendable {
        var id: SessionID
        var startedAt: Date
        var programId: String?
        var status: SessionStatus
        var activeMinutes: Double
        var peakPain: Int?
    }

    /// Sessions and minutes done against planned.
    struct Sessions: Codable, Sendable {
        var recorded: Int
        var completed: Int
        var planned: Int
        var minutesDone: Double
        var minutesPlanned: Double
        var list: [Session]
    }

    /// One session's pain.
    struct PainPoint: Codable, Sendable {
        var sessionId: SessionID
        var date: Date
        var peak: Int
        var during: Int
        var after: Int
        var nextMorning: Int?
    }

    /// Pain over the month.
    struct Pain: Codable, Sendable {
        var trend: PainTrend
        var highest: Int?
        var sessions: [PainPoint]
    }

    /// A result taken in the month, with its band and its change from the first result ever taken.
    struct OutcomePoint: Codable, Sendable {
        var date: Date
        var value: Double
        var band: OutcomeBandResponse?
        var changeFromBaseline: Double?
        var significance: OutcomeChangeSignificance?
    }

    /// One measure's results in the month.
    struct Outcome: Codable, Sendable {
        var measure: OutcomeMeasureID
        var name: String
        var unit: OutcomeUnit
        var betterDirection: OutcomeDirection
        var importantChange: Double?
        var importantChangeBasis: OutcomeChangeBasis?
        var points: [OutcomePoint]
    }

    /// How a flag was handled: acknowledged by whom, when, with what note.
    struct Handling: Codable, Sendable {
        var by: String
        var at: Date
        var note: String
    }

    /// A flag raised in the month.
    struct Flag: Codable, Sendable {
        var flag: CareFlagResponse
        var acknowledged: Handling?
    }

    /// One professional's logged minutes.
    struct ProfessionalMinutes: Codable, Sendable {
        var name: String
        var minutes: Int
    }

    /// Review time in the month.
    struct ReviewTime: Codable, Sendable {
        var totalMinutes: Int
        var byProfessional: [ProfessionalMinutes]
        var interactiveCommunicationDates: [String]
        var entries: [ReviewTimeResponse]
    }

    var client: Client
    var period: Period
    var generatedAt: Date
    var preparedBy: String
    var daysWithData: DaysWithData
    var sessions: Sessions
    var pain: Pain
    var outcomes: [Outcome]
    var flags: [Flag]
    var prescriptionChanges: [PrescriptionVersionResponse]
    var reviewTime: ReviewTime

    init(_ report: MonthlyReport) {
        let month = report.month
        client = Client(
            id: report.client.client.id, name: report.client.client.name, practiceName: report.client.practiceName,
            consentSince: report.client.link.grantedAt)
        period = Period(
            month: month.id, label: month.label, firstDay: Fmt.day(month.start), lastDay: Fmt.day(month.lastDay),
            days: month.dayCount, complete: report.isComplete)
        generatedAt = report.generatedAt
        preparedBy = report.preparedBy
        daysWithData = DaysWithData(
            count: report.daysWithData.count, periodDays: month.dayCount, dates: report.daysWithData.map(Fmt.day))
        sessions = Sessions(
            recorded: report.sessions.count, completed: report.completedSessions, planned: report.plannedSessions,
            minutesDone: Self.rounded(report.minutesDone), minutesPlanned: Self.rounded(report.plannedMinutes),
            list: report.sessions.map { session in
                Session(
                    id: session.id, startedAt: session.startedAt, programId: session.programId, status: session.status,
                    activeMinutes: Self.rounded((session.summary?.activeSeconds ?? 0) / 60),
                    peakPain: session.feedback?.peakPain)
            })
        pain = Pain(
            trend: report.painTrend, highest: report.highestPain,
            sessions: report.painSessions.compactMap { session in
                session.feedback.map { feedback in
                    PainPoint(
                        sessionId: session.id, date: session.startedAt, peak: feedback.peakPain,
                        during: feedback.painDuring, after: feedback.painAfter, nextMorning: feedback.painNextMorning)
                }
            })
        outcomes = report.outcomes.map { entry in
            let measure = entry.series.trend.measure
            return Outcome(
                measure: measure.id, name: measure.name, unit: measure.unit, betterDirection: measure.betterDirection,
                importantChange: measure.changeThreshold?.absolute,
                importantChangeBasis: measure.changeThreshold?.basis,
                points: entry.indices.map { index in
                    let point = entry.series.trend.points[index]
                    let result = entry.series.stored[index].result
                    return OutcomePoint(
                        date: result.date, value: result.value, band: point.band.map(OutcomeBandResponse.init),
                        changeFromBaseline: point.changeFromBaseline?.difference, significance: point.significance)
                })
        }
        flags = report.flags.map { handled in
            Flag(
                flag: CareFlagResponse(handled.flag),
                acknowledged: handled.review.map { Handling(by: $0.reviewerName, at: $0.reviewedAt, note: $0.note) })
        }
        prescriptionChanges = report.prescriptionChanges.map(PrescriptionVersionResponse.init)
        reviewTime = ReviewTime(
            totalMinutes: report.reviewMinutes,
            byProfessional: report.minutesByProfessional.map {
                ProfessionalMinutes(name: $0.name, minutes: $0.minutes)
            },
            interactiveCommunicationDates: report.interactiveDays.map(Fmt.day),
            entries: report.reviewTime.map(ReviewTimeResponse.init))
    }

    /// Minutes to a tenth.
    static func rounded(_ minutes: Double) -> Double { (minutes * 10).rounded() / 10 }
}
