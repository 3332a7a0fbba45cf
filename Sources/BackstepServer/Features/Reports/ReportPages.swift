import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The monthly report page (`/clients/{id}/report?month=2026-11`), printable on A4: the print style sheet hides the
/// navigation and the forms. One access-log row per report; a client without consent is 404.
struct ReportPages: PageRoutes {
    let care: CareService
    let templates: Templates
    let clock: ServerClock

    /// The pages of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("clients/:id/report") { request, context in try await report(request, context) }
        return routes
    }

    func report(_ request: Request, _ context: SignedInContext) async throws -> HTML {
        guard let id = UserID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        let now = clock.now()
        let access = context.access(toClient: id, through: .page, at: now)
        let report = try await care.monthlyReport(
            access, month: request.uri.queryParameters.get("month"), now: now)
        return page(
            Self.model(report, chrome: PageChrome(context, title: "Monthly report: \(report.client.client.name)")))
    }

    /// The page's view model of a report.
    static func model(_ report: MonthlyReport, chrome: PageChrome) -> ReportViewModel {
        let month = report.month
        return ReportViewModel(
            chrome: chrome, clientId: report.client.client.id.uuidString, clientName: report.client.client.name,
            practice: report.client.practiceName, consentSince: Fmt.dateTime(report.client.link.grantedAt),
            month: month.id, monthLabel: month.label, firstDay: Fmt.day(month.start), lastDay: Fmt.day(month.lastDay),
            periodDays: month.dayCount, toDate: !report.isComplete, generatedAt: Fmt.dateTime(report.generatedAt),
            preparedBy: report.preparedBy, previousMonth: month.previous?.id,
            nextMonth: month.following.flatMap { $0.start <= report.generatedAt ? $0.id : nil },
            daysWithData: report.daysWithData.count, hasDaysWithData: !report.daysWithData.isEmpty,
            dayList: report.daysWithData.map(Fmt.day), sessionsRecorded: report.sessions.count,
            sessionsCompleted: report.completedSessions, sessionsPlanned: report.plannedSessions,
            minutesDone: minutes(report.minutesDone), minutesPlanned: minutes(report.plannedMinutes),
            hasSessions: !report.sessions.isEmpty,
            sessions: report.sessions.map { session in
                ReportViewModel.Session(
                    date: Fmt.dateTime(session.startedAt), program: programName(session.programId),
                    status: session.status.rawValue, minutes: minutes((session.summary?.activeSeconds ?? 0) / 60),
                    peakPain: session.feedback.map { "\($0.peakPain)/10" } ?? "–")
            }, painTrend: report.painTrend.pageLabel, highestPain: report.highestPain.map { "\($0)/10" } ?? "–",
            hasPain: !report.painSessions.isEmpty,
            pain: report.painSessions.compactMap { session in
                session.feedback.map { feedback in
                    ReportViewModel.Pain(
                        date: Fmt.dateTime(session.startedAt), peak: "\(feedback.peakPain)/10",
                        during: "\(feedback.painDuring)/10", after: "\(feedback.painAfter)/10",
                        nextMorning: feedback.painNextMorning.map { "\($0)/10" } ?? "not given")
                }
            }, hasOutcomes: !report.outcomes.isEmpty,
            outcomes: report.outcomes.map { entry in
                ReportViewModel.Outcome(
                    name: entry.series.trend.measure.name, threshold: threshold(entry.series.trend.measure),
                    points: outcomePoints(entry).map { point in
                        ReportViewModel.OutcomePoint(
                            date: point.date, value: point.value, band: point.band, change: point.change,
                            meaning: point.meaning)
                    })
            }, hasFlags: !report.flags.isEmpty,
            flags: report.flags.map { handled in
                ReportViewModel.Flag(
                    flag: FlagRow(handled.flag), acknowledged: handled.review != nil, handling: handling(handled))
            }, hasPrescriptionChanges: !report.prescriptionChanges.isEmpty,
            prescriptionChanges: report.prescriptionChanges.map { entry in
                ReportViewModel.Prescription(
                    version: entry.prescription.version, date: Fmt.dateTime(entry.prescription.at),
                    by: entry.prescription.prescriberName, reason: entry.prescription.reason,
                    changes: entry.changes.isEmpty ? ["First prescription"] : entry.changes)
            }, reviewMinutes: report.reviewMinutes, hasReviewTime: !report.reviewTime.isEmpty,
            reviewEntries: report.reviewTime.map { entry in
                ReportViewModel.ReviewEntry(
                    date: Fmt.day(entry.day), minutes: entry.minutes, by: entry.professionalName,
                    interactive: entry.interactive ? "Yes" : "No", note: entry.note.isEmpty ? "–" : entry.note)
            },
            byProfessional: report.minutesByProfessional.map {
                ReportViewModel.ProfessionalMinutes(name: $0.name, minutes: $0.minutes)
            }, hasInteractive: !report.interactiveDays.isEmpty, interactiveDates: report.interactiveDays.map(Fmt.day))
    }

    /// "12.5 min".
    static func minutes(_ value: Double) -> String { "\(ProgressionText.number(value, digits: 1)) min" }

    /// The catalog program's name, or "Session".
    static func programName(_ id: String?) -> String {
        id.flatMap { try? Catalog.program(id: $0).name } ?? "Session"
    }

    /// "MCID 3.4 s", or "No adopted threshold".
    static func threshold(_ measure: OutcomeMeasure) -> String {
        guard let threshold = measure.changeThreshold else { return "No adopted MCID or MDC" }
        var parts: [String] = []
        if let absolute = threshold.absolute { parts.append(value(absolute, measure)) }
        if let relative = threshold.relative { parts.append("\(Int((relative * 100).rounded())) %") }
        return "\(threshold.basis.rawValue.uppercased()) \(parts.joined(separator: " or "))"
    }

    /// A value with the measure's unit.
    static func value(_ value: Double, _ measure: OutcomeMeasure) -> String {
        let digits = measure.unit == .points ? 0 : (measure.unit == .meters ? 0 : 2)
        let number = ProgressionText.number(value, digits: digits)
        return measure.unit == .points ? "\(number) points" : "\(number) \(measure.unit.rawValue)"
    }

    /// The results of a measure taken in the month, in words.
    static func outcomePoints(
        _ entry: MonthlyReport.OutcomeInMonth
    ) -> [(date: String, value: String, band: String, change: String, meaning: String)] {
        let measure = entry.series.trend.measure
        return entry.indices.map { index in
            let point = entry.series.trend.points[index]
            let result = entry.series.stored[index].result
            let change = point.changeFromBaseline.map { change -> String in
                let sign = change.difference > 0 ? "+" : ""
                return "\(sign)\(value(change.difference, measure)) from the first result"
            }
            let meaning: String =
                switch point.significance {
                case .importantImprovement?: "Clinically important improvement"
                case .importantWorsening?: "Clinically important worsening"
                case .withinThreshold?: "Within the MCID/MDC"
                case .noThreshold?: "No threshold to judge against"
                case nil: "First result"
                }
            return (
                Fmt.day(result.date), value(result.value, measure), point.band?.label ?? "–", change ?? "First result",
                meaning
            )
        }
    }

    /// How a flag was handled, in words.
    static func handling(_ handled: MonthlyReport.HandledFlag) -> String {
        guard let review = handled.review else { return "Not acknowledged" }
        let note = review.note.isEmpty ? "" : ": \(review.note)"
        return "Acknowledged by \(review.reviewerName), \(Fmt.dateTime(review.reviewedAt))\(note)"
    }
}
