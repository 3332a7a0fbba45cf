import BackstepCore
import BackstepStorage
import Foundation

@testable import BackstepServer

/// Samples of the monthly report's and review time's API types, by schema, for `OpenAPISchemaConformanceTests`.
extension APIModelSamples {
    static func reviewTime(full: Bool) -> ReviewTimeEntry {
        ReviewTimeEntry(
            id: ReviewTimeID(id), clientId: user.id, professionalId: professional.id,
            professionalName: professional.name, practiceId: full ? practice.id : nil,
            day: TrainingStatistics.startOfDay(now), minutes: full ? 20 : 1, interactive: full,
            note: full ? "Call about the knee" : "", loggedAt: now)
    }

    static func monthlyReport(full: Bool) throws -> MonthlyReport {
        let month = ReportMonth(containing: now)
        let linked = LinkedClient(client: user, link: careLink, practiceName: practice.name)
        guard full else {
            return MonthlyReport(
                client: linked, month: month, generatedAt: now, preparedBy: professional.name, sessions: [],
                daysWithData: [], plannedSessions: 0, plannedMinutes: 0, outcomes: [], flags: [],
                prescriptionChanges: [], reviewTime: [])
        }
        let review = CareFlagReview(
            clientId: user.id, flagKey: flag(full: true).key, reviewedBy: professional.id,
            reviewerName: professional.name, reviewedAt: now, note: "Called her")
        return MonthlyReport(
            client: linked, month: month, generatedAt: now.addingTimeInterval(86_400 * 40),
            preparedBy: professional.name,
            sessions: [fullOverview, minimalOverview], daysWithData: [TrainingStatistics.startOfDay(now)],
            plannedSessions: 12, plannedMinutes: 120,
            outcomes: try outcomeSeries(full: true).map { series in
                MonthlyReport.OutcomeInMonth(
                    series: series,
                    indices: series.stored.indices.filter { month.contains(series.stored[$0].result.date) })
            },
            flags: [
                MonthlyReport.HandledFlag(flag: flag(full: true), review: review),
                MonthlyReport.HandledFlag(flag: flag(full: false), review: nil),
            ], prescriptionChanges: [prescriptionEntry(full: true), prescriptionEntry(full: false)],
            reviewTime: [reviewTime(full: true), reviewTime(full: false)])
    }

    static let reportSamples: [String: Entry] = [
        "ReviewTimeRequest": entry(
            full: {
                try encode(ReviewTimeRequest(date: "2026-11-10", minutes: 20, interactive: true, note: "Call"))
            },
            minimal: { try encode(ReviewTimeRequest(date: nil, minutes: 5, interactive: nil, note: nil)) }),
        "ReviewTime": entry(
            full: { try encode(ReviewTimeResponse(reviewTime(full: true))) },
            minimal: { try encode(ReviewTimeResponse(reviewTime(full: false))) }),
        "MonthlyReport": entry(
            full: { try encode(MonthlyReportResponse(try monthlyReport(full: true))) },
            minimal: { try encode(MonthlyReportResponse(try monthlyReport(full: false))) }),
    ]
}
