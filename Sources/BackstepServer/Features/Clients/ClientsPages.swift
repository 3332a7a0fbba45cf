import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// A professional's clients: the list, who needs attention first, and one client's page with flag
/// acknowledgement. Every client read goes through the client's `Access` (consent checked, the access log
/// written); a client who never shared, or stopped sharing, answers 404 like an unknown id.
struct ClientsPages: FormPageRoutes {
    let care: CareService
    let templates: Templates
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The pages of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("clients") { request, context in try await clients(request, context) }
        routes.get("clients/:id") { _, context in try await client(context) }
        routes.post("clients/:id/flags/acknowledge") { request, context in try await acknowledge(request, context) }
        routes.post("clients/:id/review-time") { request, context in try await logReviewTime(request, context) }
        return routes
    }

    func clients(_ request: Request, _ context: SignedInContext) async throws -> Response {
        guard try await care.practice(of: context.user) != nil else { return redirect("/practice") }
        let clients = try await care.clients(
            of: context.user, through: .page, address: context.remoteAddress, now: clock.now())
        return try page(
            ClientsViewModel(
                chrome: PageChrome(context, title: "Clients"), hasClients: !clients.isEmpty,
                clients: clients.map { summary in
                    let urgent = summary.openFlags.filter { $0.severity == .urgent }.count
                    let count =
                        summary.openFlags.isEmpty
                        ? "None" : "\(summary.openFlags.count) open" + (urgent > 0 ? ", \(urgent) urgent" : "")
                    return ClientsViewModel.Client(
                        id: summary.linked.client.id.uuidString, name: summary.linked.client.name,
                        practice: summary.linked.practiceName, adherence7: summary.adherence7.pageText,
                        adherence30: summary.adherence30.pageText,
                        lastSession: summary.lastSessionAt.map(Fmt.dateTime) ?? "None yet",
                        painTrend: summary.painTrend.pageLabel, flagCount: count, urgent: urgent > 0,
                        flags: summary.openFlags.map(FlagRow.init),
                        unread: MessagesPages.newCount(summary.unreadMessages))
                })
        ).response(from: request, context: context)
    }

    /// The signed-in professional acting on the client in the path, through a page.
    func clientAccess(_ context: SignedInContext) throws -> Access {
        guard let id = UserID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        return context.access(toClient: id, through: .page, at: clock.now())
    }

    /// What the review-time form held, when it is shown again.
    struct ReviewTimeValues: Sendable {
        var date: String?
        var minutes: String?
        var interactive: Bool
        var note: String
    }

    /// One client's page; `notes` and `flagErrors` (by flag key) fill the acknowledge forms when shown again,
    /// `messageForm` the message form, `review` and `reviewErrors` (by field) the review-time form.
    func client(
        _ context: SignedInContext, notice: String? = nil, notes: [String: String] = [:],
        flagErrors: [String: String] = [:], messageForm: MessageFormInput = MessageFormInput(),
        review: ReviewTimeValues? = nil, reviewErrors: [String: String] = [:],
        status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let access = try clientAccess(context)
        let now = clock.now()
        let overview = try await care.client(access, now: now)
        let summary = overview.summary
        let units = overview.profile?.units ?? .metric
        let month = ReportMonth(containing: now)
        var model = ClientViewModel(
            chrome: PageChrome(
                context, title: summary.linked.client.name,
                errors: flagErrors.merging(reviewErrors) { first, _ in first }),
            id: summary.linked.client.id.uuidString, notice: notice, practice: summary.linked.practiceName,
            scope: summary.linked.link.scope.pageLabel, since: Fmt.dateTime(summary.linked.link.grantedAt),
            adherence7: summary.adherence7.pageText, adherence30: summary.adherence30.pageText,
            painTrend: summary.painTrend.pageLabel, hasSessions: !overview.sessions.isEmpty,
            sessions: overview.sessions.map { Self.session($0, units: units) },
            hasAssessments: !overview.assessments.isEmpty,
            assessments: overview.assessments.map { Self.assessment($0, units: units) },
            hasOpenFlags: !summary.openFlags.isEmpty,
            openFlags: summary.openFlags.enumerated().map { index, flag in
                ClientViewModel.OpenFlag(
                    flag: FlagRow(flag), key: flag.key, index: index + 1, note: notes[flag.key] ?? "",
                    error: flagErrors[flag.key])
            }, hasReviewedFlags: !overview.reviewedFlags.isEmpty,
            reviewedFlags: overview.reviewedFlags.map { flag, review in
                ClientViewModel.ReviewedFlag(
                    flag: FlagRow(flag), by: review.reviewerName, when: Fmt.dateTime(review.reviewedAt),
                    note: review.note.isEmpty ? "–" : review.note)
            },
            reviewTime: .init(
                date: review?.date ?? Fmt.day(now), today: Fmt.day(now), minutes: review?.minutes ?? "",
                interactive: review?.interactive ?? false, note: review?.note ?? "", errors: FieldErrors(reviewErrors),
                month: month.id, monthLabel: month.label))
        model.messages = try await MessagesPages.section(
            care: care, access, sessions: overview.sessions, form: messageForm, now: now)
        model.chrome.hasErrors = model.chrome.hasErrors || !messageForm.errors.isEmpty
        if let profile = overview.profile {
            model.profile = .init(
                age: "\(profile.age) years", sex: profile.sex.rawValue,
                mass: units == .metric
                    ? "\(ProgressionText.number(profile.mass.kilograms, digits: 1)) kg"
                    : "\(ProgressionText.number(profile.mass.pounds, digits: 0)) lb",
                goal: OnboardingPages.goalLabel(profile.goal), experience: profile.experience.rawValue.capitalized,
                speedCap: profile.speedCap.map { Fmt.speed($0, units) } ?? "None set",
                conditions: profile.conditions.isEmpty
                    ? "None given"
                    : profile.conditions.map(OnboardingPages.conditionLabel).sorted().joined(separator: ", "))
        }
        if let screening = overview.screening {
            let clearance = screening.clearance
            model.screening = .init(
                date: Fmt.day(screening.date), clearance: Self.clearanceLabel(clearance), advice: clearance.advice,
                consultFirst: clearance == .seeProfessionalFirst || clearance == .supervisedOnly,
                yes: screening.yesTopics.map(\.question))
        }
        if let stored = overview.plan {
            let weeks = stored.plan.weeks
            let perWeek = weeks.map(\.sessions.count).max() ?? 0
            let current = care.training.nextPlanned(stored, now: now).map { week, _ in
                "Week \(week.number) of \(weeks.count): \(week.focus)"
            }
            model.plan = .init(
                weeks: weeks.count == 1 ? "1 week" : "\(weeks.count) weeks",
                sessionsPerWeek: perWeek == 1 ? "1 session a week" : "\(perWeek) sessions a week",
                currentWeek: current ?? "Finished: no session left in the plan")
        }
        if let (decision, _) = overview.decision {
            let shown = PlanPages.decision(decision, units: units)
            model.decision = .init(
                action: shown.action, stop: shown.stop, changes: shown.changes, reasons: shown.reasons)
        }
        return page(model, status: status)
    }

    func acknowledge(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let access = try clientAccess(context)
        let form = try await form(request)
        let key = form.string("flagKey") ?? ""
        let note = form.values["note"]?.first ?? ""
        do {
            try await care.acknowledgeFlag(key, note: note, access, now: clock.now())
        } catch let error as CareError where error != .noSuchFlag {
            return try await client(
                context, notes: [key: note], flagErrors: [key: error.description], status: error.httpError.status
            ).response(from: request, context: context)
        }
        return try await client(context, notice: "Flag acknowledged: it left the open list.")
            .response(from: request, context: context)
    }

    /// Logs time spent on the client from the page's form; a refused entry shows the form again with the field's
    /// error.
    func logReviewTime(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let access = try clientAccess(context)
        let form = try await form(request)
        let values = ReviewTimeValues(
            date: form.string("date"), minutes: form.string("minutes"), interactive: form.string("interactive") != nil,
            note: form.values["note"]?.first ?? "")
        let labels = ["date": "The date", "minutes": "Minutes", "note": "The note"]
        do {
            let minutes = try values.minutes.map { text throws(InputError) in
                guard let number = Int(text) else {
                    throw InputError(field: "minutes", problem: "must be a whole number of minutes, 1–240")
                }
                return number
            }
            let now = clock.now()
            let (entry, total) = try await care.logReviewTime(
                date: values.date, minutes: minutes, interactive: values.interactive, note: values.note, access,
                now: now)
            let month = ReportMonth(containing: entry.day)
            return try await client(
                context,
                notice: "Logged \(entry.minutes) minutes on \(Fmt.day(entry.day)). \(month.label): \(total) minutes "
                    + "logged by your practice."
            ).response(from: request, context: context)
        } catch let error as InputError {
            return try await client(
                context, review: values,
                reviewErrors: [error.field: "\(labels[error.field] ?? error.field) \(error.problem)."],
                status: .unprocessableContent
            ).response(from: request, context: context)
        }
    }

    static func clearanceLabel(_ clearance: Clearance) -> String {
        switch clearance {
        case .cleared: "Cleared"
        case .notScreened: "Not screened"
        case .seeProfessionalFirst: "See a professional first"
        case .supervisedOnly: "Supervised exercise only"
        }
    }

    static func session(_ overview: SessionOverview, units: UnitPreference) -> ClientViewModel.Session {
        let feedback = overview.feedback
        return ClientViewModel.Session(
            date: Fmt.dateTime(overview.startedAt),
            program: overview.programId.flatMap { try? Catalog.program(id: $0).name } ?? "Session",
            status: overview.status.rawValue,
            minutes: overview.summary.map { ProgressionText.duration($0.activeSeconds) } ?? "–",
            distance: overview.summary.map { Fmt.distance($0.distance.meters, units) } ?? "–",
            painDuring: feedback.map { "\($0.painDuring)/10" } ?? "–",
            painAfter: feedback.map { "\($0.painAfter)/10" } ?? "–",
            painNextMorning: feedback.map { $0.painNextMorning.map { "\($0)/10" } ?? "not yet" } ?? "–",
            handrail: feedback?.handrailUsed.label ?? "–",
            nearFall: feedback.map { $0.hadBalanceEvent ? "Yes" : "No" } ?? "–")
    }

    static func assessment(_ record: AssessmentRecord, units: UnitPreference) -> ClientViewModel.Assessment {
        let kind =
            switch record.kind {
            case .threeMetreBackwardWalk: "3-metre backward walk test"
            case .backwardWalkingSpeed: "Backward walking speed"
            case .comfortableBackwardSpeed: "Comfortable backward speed"
            }
        let result =
            record.seconds.map { "\(ProgressionText.number($0, digits: 2)) s" } ?? Fmt.speed(record.speed, units)
        return ClientViewModel.Assessment(
            date: Fmt.day(record.takenAt), kind: kind, result: result, notes: record.notes.isEmpty ? "–" : record.notes)
    }
}
