import BackstepCore
import BackstepStorage
import Foundation

/// One client's monthly report for remote-monitoring documentation: plain facts about one calendar month (UTC),
/// computed from stored data by `MonthlyReport.compute`.
///
/// What it states follows what US Remote Therapeutic Monitoring documentation asks for (CMS, CY 2026 Medicare
/// Physician Fee Schedule final rule): the period with its day count, the days on which data were recorded (the
/// device-supply codes count 2–15 and 16–30 days of data in a 30-day period), the professional's logged management
/// minutes in the calendar month (thresholds of 10 and 20 minutes exist) and the dates of interactive
/// communication with the client. The report states these facts with the period's own day count; it makes no claim
/// that any service may be billed, and it names no billing code.
struct MonthlyReport: Sendable {
    /// One outcome measure's results taken in the month, with the series they belong to.
    struct OutcomeInMonth: Sendable {
        /// The whole series (changes count from the first result ever taken).
        var series: OutcomeSeries
        /// The positions in `series` of the results taken in the month.
        var indices: [Int]
    }

    /// A flag raised in the month and how it was handled.
    struct HandledFlag: Sendable {
        /// The flag.
        var flag: CareFlag
        /// The acknowledgement, if a professional acknowledged it.
        var review: CareFlagReview?
    }

    /// The client, their consent and the practice.
    var client: LinkedClient
    /// The period.
    var month: ReportMonth
    /// When the report was made.
    var generatedAt: Date
    /// Who made it.
    var preparedBy: String
    /// Sessions started in the month, oldest first.
    var sessions: [SessionOverview]
    /// The distinct UTC days with a session, in order.
    var daysWithData: [Date]
    /// Sessions planned on the days of the month that have come, from the client's current plan.
    var plannedSessions: Int
    /// Their estimated minutes.
    var plannedMinutes: Double
    /// Outcome measures with a result taken in the month.
    var outcomes: [OutcomeInMonth]
    /// Flags raised in the month, oldest first, with their handling.
    var flags: [HandledFlag]
    /// Prescription versions made in the month, oldest first, with what changed.
    var prescriptionChanges: [PrescriptionHistoryEntry]
    /// Time the professional's practice logged on the client in the month, oldest first.
    var reviewTime: [ReviewTimeEntry]

    /// Whether the month had ended when the report was made (otherwise figures are to date).
    var isComplete: Bool { generatedAt >= month.end }
    /// Sessions completed in the month.
    var completedSessions: Int { sessions.filter { $0.status == .completed }.count }
    /// Active minutes over every session of the month.
    var minutesDone: Double { sessions.reduce(0) { $0 + ($1.summary?.activeSeconds ?? 0) } / 60 }
    /// The sessions with feedback, oldest first: each one's peak pain.
    var painSessions: [SessionOverview] { sessions.filter { $0.feedback != nil } }
    /// Which way peak pain went over the month's sessions with feedback (least squares, compared with one point).
    var painTrend: PainTrend { PainTrend.of(painSessions, count: max(painSessions.count, 1)) }
    /// The highest peak pain of the month.
    var highestPain: Int? { painSessions.compactMap { $0.feedback?.peakPain }.max() }
    /// Logged minutes in the month.
    var reviewMinutes: Int { reviewTime.reduce(0) { $0 + $1.minutes } }
    /// The distinct days with an interactive communication, in order.
    var interactiveDays: [Date] { Array(Set(reviewTime.filter(\.interactive).map(\.day))).sorted() }
    /// Logged minutes per professional, by name.
    var minutesByProfessional: [(name: String, minutes: Int)] {
        var totals: [UserID: (String, Int)] = [:]
        for entry in reviewTime {
            totals[entry.professionalId, default: (entry.professionalName, 0)].1 += entry.minutes
        }
        return totals.values.map { (name: $0.0, minutes: $0.1) }.sorted {
            ($0.name, $0.minutes) < ($1.name, $1.minutes)
        }
    }

    /// Everything stored that the report reads, for one client.
    struct Input: Sendable {
        var sessions: [SessionOverview]
        var stops: [SessionID: [StopReason]]
        var decision: (decision: ProgressionDecision, sessionId: SessionID)?
        var plan: StoredPlan?
        var outcomes: [StoredOutcome]
        var flagReviews: [CareFlagReview]
        var prescriptions: [CarePrescription]
        var reviewTime: [ReviewTimeEntry]
    }

    /// The report of `month` from what is stored, as at `now`. Pure: the same input gives the same report.
    static func compute(
        client: LinkedClient, month: ReportMonth, input: Input, rules: CareFlagRules, preparedBy: String, now: Date
    ) throws -> MonthlyReport {
        let sessions = input.sessions.filter { month.contains($0.startedAt) && $0.startedAt <= now }
            .sorted { ($0.startedAt, $0.id.uuidString) < ($1.startedAt, $1.id.uuidString) }
        let days = Array(Set(sessions.map { TrainingStatistics.startOfDay($0.startedAt) })).sorted()
        let until = min(month.end, now)

        var planned = 0
        var plannedSeconds = 0.0
        for (day, session) in input.plan?.plannedDays() ?? [] where month.contains(day) && day <= until {
            planned += 1
            plannedSeconds += session.estimatedSeconds
        }

        let allSeries = try CareService.series(input.outcomes)
        let outcomes = allSeries.compactMap { series -> OutcomeInMonth? in
            let indices = series.stored.indices.filter { month.contains(series.stored[$0].result.date) }
            return indices.isEmpty ? nil : OutcomeInMonth(series: series, indices: indices)
        }

        let versions = input.prescriptions.sorted { $0.version < $1.version }
        let changes = versions.enumerated().compactMap { index, version -> PrescriptionHistoryEntry? in
            guard month.contains(version.at) else { return nil }
            let older = index > 0 ? versions[index - 1].parameters : nil
            return PrescriptionHistoryEntry(prescription: version, changes: version.parameters.changes(from: older))
        }

        return MonthlyReport(
            client: client, month: month, generatedAt: now, preparedBy: preparedBy, sessions: sessions,
            daysWithData: days, plannedSessions: planned, plannedMinutes: plannedSeconds / 60, outcomes: outcomes,
            flags: flags(in: month, input: input, rules: rules, watchedSince: client.link.grantedAt, until: until),
            prescriptionChanges: changes,
            reviewTime: input.reviewTime.filter { month.contains($0.day) }
                .sorted { ($0.day, $0.loggedAt, $0.id.uuidString) < ($1.day, $1.loggedAt, $1.id.uuidString) })
    }

    /// The flags the rules raised during the month: the rules run as at the end of each day of the month (the
    /// last one as at `until`) on the sessions started by then, so a stretch without sessions that ended is found
    /// too. Session flags count when their session is in the month; the no-recent-session flag when it was in force
    /// on a day of the month. The progression flag is judged on the latest decision only.
    static func flags(
        in month: ReportMonth, input: Input, rules: CareFlagRules, watchedSince: Date, until: Date
    ) -> [HandledFlag] {
        let ordered = input.sessions.sorted { $0.startedAt < $1.startedAt }
        var found: [String: CareFlag] = [:]
        var day = month.start
        while day < until {
            let at = min(day.addingTimeInterval(86_400 - 0.001), until)
            let known = ordered.filter { $0.startedAt <= at }
            let flagInput = CareFlagInput(
                sessions: known, stops: input.stops, decision: at == until ? input.decision : nil,
                lastSessionAt: known.last?.startedAt, watchedSince: watchedSince)
            for flag in rules.flags(flagInput, now: at) where found[flag.key] == nil {
                if flag.sessionId == nil || month.contains(flag.raisedAt) { found[flag.key] = flag }
            }
            day = day.addingTimeInterval(86_400)
        }
        return found.values.sorted { ($0.raisedAt, $0.key) < ($1.raisedAt, $1.key) }.map { flag in
            HandledFlag(flag: flag, review: input.flagReviews.first { $0.flagKey == flag.key })
        }
    }
}

extension CareService {
    /// A professional logs minutes spent on the client (reviewing data, adjusting the plan, a call) on `date`
    /// (`YYYY-MM-DD`, today when nil), with whether it included an interactive communication with the client. The
    /// input is checked first; then consent (the read scope is enough) and one access-log row.
    /// - Returns: the entry, and the minutes the professional's practice logged on the client in that month.
    /// - Throws: `InputError` naming `minutes`, `date` or `note`; `AccessDenied` (404) without consent.
    func logReviewTime(
        date: String?, minutes: Int?, interactive: Bool, note: String?, _ access: Access, now: Date
    ) async throws -> (entry: ReviewTimeEntry, monthMinutes: Int) {
        guard let minutes else { throw InputError(field: "minutes", problem: "is required") }
        try InputError.check("minutes", minutes, in: ReviewTimeEntry.minutesRange, unit: "min")
        let today = TrainingStatistics.startOfDay(now)
        let day = try date.map { text throws(InputError) in try ReportMonth.parseDay(text, field: "date") } ?? today
        guard day <= today else { throw InputError(field: "date", problem: "is in the future") }
        let note = (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= ReviewTimeEntry.maximumNoteLength else {
            throw InputError(field: "note", problem: "must be at most \(ReviewTimeEntry.maximumNoteLength) characters")
        }
        let linked = try await linkedClient(access, resource: "review time logged")
        guard let origin = access.origin else {
            throw AccessDenied(actor: access.actor, subject: access.subject, action: .read, reason: .noConsent)
        }
        let entry = ReviewTimeEntry(
            clientId: access.subject, professionalId: access.actor.userId, professionalName: origin.actorName,
            practiceId: linked.link.practiceId, day: day, minutes: minutes, interactive: interactive, note: note,
            loggedAt: now)
        try await store.saveReviewTime(entry)
        let month = ReportMonth(containing: day)
        let logged = try await practiceReviewTime(access, from: month.start, to: month.end)
        return (entry, logged.reduce(0) { $0 + $1.minutes })
    }

    /// The client's monthly report for `month` (`YYYY-MM`; the current month when nil). A bad month is refused
    /// before anything is read; then consent is checked and one access-log row written.
    /// - Throws: `InputError` for the field `month`; `AccessDenied` (404) without consent.
    func monthlyReport(_ access: Access, month text: String?, now: Date) async throws -> MonthlyReport {
        let month = try ReportMonth.parse(text, now: now)
        let linked = try await linkedClient(access, resource: "monthly report \(month.id)")
        let client = access.subject
        let sessions = try await store.sessions(for: client, limit: nil)
        let lookback = month.start.addingTimeInterval(-Double(Self.flagRules.lookbackDays) * 86_400)
        var stops: [SessionID: [StopReason]] = [:]
        for session in sessions where session.startedAt >= lookback && session.startedAt < month.end {
            if session.source == .live { stops[session.id] = Self.stopReasons(try await store.events(of: session.id)) }
        }
        let input = MonthlyReport.Input(
            sessions: sessions, stops: stops,
            decision: try await TrainingService.progressionDecision(of: client, in: store),
            plan: try await store.currentPlan(for: client), outcomes: try await store.outcomes(of: client),
            flagReviews: try await store.flagReviews(client: client),
            prescriptions: try await store.prescriptions(of: client),
            reviewTime: try await practiceReviewTime(access, from: month.start, to: month.end))
        return try MonthlyReport.compute(
            client: linked, month: month, input: input, rules: Self.flagRules,
            preparedBy: access.origin?.actorName ?? "", now: now)
    }

    /// Checks consent and logs the access, then finds the consenting client among the professional's clients.
    /// - Throws: `AccessDenied` for anyone but a professional acting on a client who shares with them.
    private func linkedClient(_ access: Access, resource: String) async throws -> LinkedClient {
        guard access.isOnBehalf, access.actor.role == .professional else {
            throw AccessDenied(actor: access.actor, subject: access.subject, action: .read, reason: .noConsent)
        }
        try await training.authorize(.read, access, resource: resource)
        guard
            let linked = try await store.linkedClients(of: access.actor.userId).first(where: {
                $0.client.id == access.subject
            })
        else {
            throw AccessDenied(actor: access.actor, subject: access.subject, action: .read, reason: .noConsent)
        }
        return linked
    }

    /// The time the members of the acting professional's practices logged on the client in `[from, to)` (another
    /// practice the client also shares with keeps its own). Read after the caller's logged access.
    private func practiceReviewTime(_ access: Access, from: Date, to: Date) async throws -> [ReviewTimeEntry] {
        let practices = Set(try await store.practices(of: access.actor.userId).map(\.id))
        return try await store.reviewTime(client: access.subject, from: from, to: to).filter { entry in
            entry.practiceId.map(practices.contains) ?? (entry.professionalId == access.actor.userId)
        }
    }
}
