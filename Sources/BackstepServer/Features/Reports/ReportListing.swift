import BackstepCore
import BackstepStorage
import Foundation

/// What `backstep report` prints: one client's monthly report, read through the same service as the web app, so
/// consent is checked and the report is one access-log row (channel `cli`).
public enum ReportListing {
    /// Why the report cannot be made.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// No professional account has this e-mail address.
        case noSuchProfessional(String)
        /// No client with this e-mail address or id shares their data with the professional.
        case noSuchClient(String)
        /// The month is not a month like 2026-11, or it has not begun.
        case badMonth(String)

        public var description: String {
            switch self {
            case .noSuchProfessional(let email): "no coach or clinician has an account with the e-mail address \(email)"
            case .noSuchClient(let client):
                "no client with the e-mail address or id \(client) shares their data with this professional"
            case .badMonth(let problem): problem
            }
        }
    }

    /// The report of `month` (`YYYY-MM`) for `client` (an e-mail address or a user id), as text or as the API's
    /// JSON, made for the professional with `email`.
    /// - Throws: `Failure`; storage errors.
    public static func render(
        store: any WebStore, professionalEmail email: String, client: String, month: String, now: Date, json: Bool
    ) async throws -> String {
        let address = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard let account = try await store.account(email: address),
            let professional = try await store.user(id: account.userId), professional.role == .professional
        else { throw Failure.noSuchProfessional(address) }
        let wanted = client.trimmingCharacters(in: .whitespaces)
        let clientId: UserID
        if let id = UserID(uuidString: wanted) {
            clientId = id
        } else if let clientAccount = try await store.account(email: wanted.lowercased()) {
            clientId = clientAccount.userId
        } else {
            throw Failure.noSuchClient(wanted)
        }
        let care = CareService(training: TrainingService(store: store, settings: ServerSettings()))
        let access = Access.client(
            clientId, by: professional,
            origin: AccessOrigin(actorName: professional.name, channel: .cli, address: nil, at: now))
        let report: MonthlyReport
        do {
            report = try await care.monthlyReport(access, month: month, now: now)
        } catch let error as InputError {
            throw Failure.badMonth(error.problem)
        } catch is AccessDenied {
            throw Failure.noSuchClient(wanted)
        }
        if json {
            return String(decoding: try JSONEncoder.api.encode(MonthlyReportResponse(report)), as: UTF8.self)
        }
        return text(report)
    }

    /// The report as plain text, section by section.
    static func text(_ report: MonthlyReport) -> String {
        let month = report.month
        var lines = [
            "Monthly report: \(report.client.client.name) (\(report.client.practiceName))",
            "Period: \(Fmt.day(month.start)) to \(Fmt.day(month.lastDay)) (\(month.label), UTC), \(month.dayCount) days"
                + (report.isComplete
                    ? "" : "; the month is still running, figures to \(Fmt.dateTime(report.generatedAt))"),
            "Prepared by \(report.preparedBy) on \(Fmt.dateTime(report.generatedAt))",
            "",
            "Days with data: \(report.daysWithData.count) of \(month.dayCount) days",
        ]
        if !report.daysWithData.isEmpty {
            lines.append("  " + report.daysWithData.map(Fmt.day).joined(separator: ", "))
        }
        lines += [
            "",
            "Sessions: \(report.sessions.count) recorded, \(report.completedSessions) completed, "
                + "\(report.plannedSessions) planned",
            "Minutes: \(ReportPages.minutes(report.minutesDone)) done, \(ReportPages.minutes(report.plannedMinutes)) "
                + "planned",
        ]
        for session in report.sessions {
            let pain = session.feedback.map { ", peak pain \($0.peakPain)/10" } ?? ""
            lines.append(
                "  \(Fmt.dateTime(session.startedAt))  \(ReportPages.programName(session.programId)), "
                    + "\(session.status.rawValue), \(ReportPages.minutes((session.summary?.activeSeconds ?? 0) / 60))"
                    + pain)
        }
        let highest = report.highestPain.map { "\($0)/10" } ?? "–"
        let pain =
            report.painSessions.isEmpty
            ? "no ratings" : "trend \(report.painTrend.pageLabel.lowercased()), highest \(highest)"
        lines += ["", "Pain: \(pain)"]
        lines += ["", "Outcome measures: " + (report.outcomes.isEmpty ? "none taken" : "")]
        for entry in report.outcomes {
            lines.append("  \(entry.series.trend.measure.name) (\(ReportPages.threshold(entry.series.trend.measure)))")
            for point in ReportPages.outcomePoints(entry) {
                lines.append("    \(point.date)  \(point.value), band \(point.band), \(point.change): \(point.meaning)")
            }
        }
        lines += ["", "Flags: " + (report.flags.isEmpty ? "none raised" : "")]
        for handled in report.flags {
            let urgent = handled.flag.severity == .urgent ? "urgent: " : ""
            lines.append(
                "  \(Fmt.dateTime(handled.flag.raisedAt))  \(urgent)\(handled.flag.kind.label): \(handled.flag.reason)")
            lines.append("    \(ReportPages.handling(handled))")
        }
        lines += ["", "Prescription changes: " + (report.prescriptionChanges.isEmpty ? "none" : "")]
        for entry in report.prescriptionChanges {
            lines.append(
                "  Version \(entry.prescription.version), \(Fmt.dateTime(entry.prescription.at)), by "
                    + "\(entry.prescription.prescriberName): \(entry.prescription.reason)")
            for change in entry.changes.isEmpty ? ["First prescription"] : entry.changes {
                lines.append("    \(change)")
            }
        }
        lines += ["", "Review time: \(report.reviewMinutes) minutes logged in \(month.label)"]
        for (name, minutes) in report.minutesByProfessional { lines.append("  \(name): \(minutes) minutes") }
        for entry in report.reviewTime {
            let note = entry.note.isEmpty ? "" : ": \(entry.note)"
            lines.append(
                "  \(Fmt.day(entry.day))  \(entry.minutes) min by \(entry.professionalName)"
                    + (entry.interactive ? ", interactive communication" : "") + note)
        }
        lines.append(
            "Dates of interactive communication: "
                + (report.interactiveDays.isEmpty
                    ? "none logged" : report.interactiveDays.map(Fmt.day).joined(separator: ", ")))
        lines += ["", "This report states facts recorded in Backstep for the period. It makes no claim about billing."]
        return lines.joined(separator: "\n")
    }
}
