import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The plan page (the week view, the next session and the progression decision) and plan generation.
struct PlanPages: FormPageRoutes {
    let service: TrainingService
    let templates: Templates
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The pages of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("plan") { _, context in try await plan(context, errors: [:]) }
        routes.post("plan") { request, context in try await generatePlan(request, context) }
        return routes
    }

    func plan(
        _ context: SignedInContext, errors: [String: String], status: HTTPResponse.Status = .ok
    ) async throws
        -> HTML
    {
        guard let profile = try await service.profile(for: context.access) else { throw Redirect(to: "/onboarding") }
        let units = profile.units
        let now = clock.now()
        let screening = try await service.screening(for: context.access)
        var model = PlanViewModel(
            chrome: PageChrome(context, title: "My plan", errors: errors), needsScreening: screening == nil,
            modes: LiveMode.allCases.map { Choice(value: $0.rawValue, label: Self.modeLabel($0), selected: false) },
            hasPlan: false, clearance: (screening?.clearance ?? .notScreened).advice, weeks: [], downloads: [],
            diagnostics: [], errors: FieldErrors(errors))
        if let pending = try await service.pendingMorningPain(for: context.access, now: now) {
            model.morningPain = .init(sessionId: pending.id.uuidString, day: Fmt.day(pending.startedAt))
        }
        if let resumable = try await service.resumable(for: context.access, now: now) {
            model.resume = .init(
                sessionId: resumable.session.id.uuidString, name: resumable.session.workout.name,
                step: resumable.stepIndex + 1, steps: resumable.stepsTotal,
                left: ProgressionText.duration(resumable.remainder.estimatedSeconds),
                stepsLeft: resumable.remainder.performedSteps.count)
        }
        let decision = try await service.latestDecision(for: context.access)
        if let decision {
            model.decision = Self.decision(decision.decision, units: units)
        }
        if let stored = try await service.plan(for: context.access) {
            let today = TrainingStatistics.startOfDay(now)
            if let (week, next) = service.nextPlanned(stored, now: now) {
                let (workout, prescription) = service.workout(for: week, session: next, decision: decision?.decision)
                model.next = .init(
                    week: week.number, day: next.day, name: workout.name,
                    when: next.date.map { $0 == today ? "Today" : Fmt.weekday($0) } ?? "Next",
                    duration: ProgressionText.duration(workout.estimatedSeconds),
                    speed: Fmt.speed(prescription.speed, units), handrail: prescription.handrail.label,
                    steps: CatalogPages.steps(workout))
            }
            let currentWeek = stored.plan.weeks.first { week in
                week.sessions.contains { ($0.date ?? .distantPast) >= today } || week.number == stored.plan.weeks.count
            }
            model.weeks = stored.plan.weeks.map { week in
                .init(
                    number: week.number, focus: week.focus, current: week.number == currentWeek?.number,
                    speed: Fmt.speed(week.speed, units), cap: Fmt.speed(week.speedCap, units),
                    handrail: week.handrail.label,
                    sessions: week.sessions.map { session in
                        .init(
                            day: session.date.map(Fmt.weekday) ?? "Day \(session.day)", name: session.workout.name,
                            duration: ProgressionText.duration(session.estimatedSeconds),
                            isToday: session.date == today)
                    })
            }
            model.diagnostics = stored.plan.diagnostics.map(\.message)
            model.downloads = InteropRoutes.planDownloads(stored, now: now)
            model.hasPlan = true
        }
        return page(model, status: status)
    }

    static func modeLabel(_ mode: LiveMode) -> String {
        switch mode {
        case .manual: "Manual: I set the treadmill myself"
        case .bluetooth: "Bluetooth treadmill (FTMS)"
        case .simulated: "Simulated treadmill (demo)"
        }
    }

    static func decision(_ decision: ProgressionDecision, units: UnitPreference) -> PlanViewModel.Decision {
        PlanViewModel.Decision(
            action: decision.action.label.prefix(1).uppercased() + decision.action.label.dropFirst(),
            stop: decision.action == .stopAndSeeProfessional,
            changes: decision.changedVariables.map { variable in
                "\(variable.label): \(value(of: variable, in: decision.current, units: units)) → \(value(of: variable, in: decision.next, units: units))"
            }, reasons: decision.reasons.map(\.sentence))
    }

    static func value(of variable: ProgressionVariable, in prescription: Prescription, units: UnitPreference) -> String
    {
        switch variable {
        case .duration: ProgressionText.duration(prescription.duration)
        case .handrail: prescription.handrail.label
        case .grade: "\(ProgressionText.number(prescription.grade.percent)) %"
        case .speed: Fmt.speed(prescription.speed, units)
        case .gait: prescription.gait.rawValue
        }
    }

    func generatePlan(_ request: Request, _ context: SignedInContext) async throws -> Response {
        var form = try await form(request)
        let days = form.integer("days", label: "Days per week", in: PlanRequest.daysRange)
        let minutes = form.integer("minutes", label: "Minutes per session", in: PlanRequest.minutesRange)
        let weeks = form.integer("weeks", label: "Weeks", in: PlanRequest.weeksRange)
        guard let days, let minutes, let weeks else {
            return try await plan(context, errors: form.errors, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        do {
            _ = try await service.generatePlan(
                for: context.access, daysPerWeek: days, minutes: minutes, weeks: weeks, now: clock.now())
        } catch let error as InputError {
            return try await plan(context, errors: [error.field: error.description], status: .unprocessableContent)
                .response(from: request, context: context)
        }
        return redirect("/plan")
    }
}
