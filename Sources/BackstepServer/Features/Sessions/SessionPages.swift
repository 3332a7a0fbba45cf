import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// History, one session's page, its feedback and next-morning pain.
struct SessionPages: FormPageRoutes {
    let service: TrainingService
    let templates: Templates
    let maxBodyBytes: Int
    /// The plan page, shown again when the morning-pain form on it is not filled in right.
    let planPages: PlanPages

    /// The pages of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("history") { _, context in try await history(context) }
        routes.get("sessions/:id") { _, context in try await sessionPage(context) }
        routes.get("sessions/:id/feedback") { _, context in try await feedback(context, errors: [:], values: [:]) }
        routes.post("sessions/:id/feedback") { request, context in try await saveFeedback(request, context) }
        routes.post("sessions/:id/morning-pain") { request, context in try await saveMorningPain(request, context) }
        return routes
    }

    func history(
        _ context: SignedInContext, errors: [String: String] = [:],
        importSummary: HistoryViewModel.ImportSummary? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let units = try await service.units(for: context.access)
        let sessions = try await service.history(for: context.access, limit: 200)
        return page(
            HistoryViewModel(
                chrome: PageChrome(context, title: "History", errors: errors), importSummary: importSummary,
                sessions: sessions.map { overview in
                    .init(
                        id: overview.id.uuidString,
                        name: overview.programId.flatMap { try? Catalog.program(id: $0).name } ?? "Session",
                        day: Fmt.dateTime(overview.startedAt),
                        minutes: overview.summary.map { ProgressionText.duration($0.activeSeconds) } ?? "–",
                        distance: overview.summary.map { Fmt.distance($0.distance.meters, units) } ?? "–",
                        status: overview.status.rawValue,
                        needsFeedback: overview.feedback == nil && overview.status != .inProgress)
                }, errors: FieldErrors(errors)), status: status)
    }

    func sessionId(_ context: SignedInContext) throws -> SessionID {
        guard let id = SessionID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        return id
    }

    func sessionPage(_ context: SignedInContext) async throws -> HTML {
        let units = try await service.units(for: context.access)
        let (session, overview) = try await service.session(try sessionId(context), of: context.access)
        let perUnit = Speed(1, units.speedUnit).metersPerSecond
        let speed = session.samples.map { SVGChart.Point(x: $0.t, y: $0.speed.map { $0.metersPerSecond / perUnit }) }
        let target = session.samples.map {
            SVGChart.Point(x: $0.t, y: $0.targetSpeed.map { $0.metersPerSecond / perUnit })
        }
        let grade = session.samples.map { SVGChart.Point(x: $0.t, y: $0.grade?.percent ?? $0.targetGrade?.percent) }
        let heart = session.samples.map { SVGChart.Point(x: $0.t, y: $0.heartRate.map(Double.init)) }
        var model = SessionViewModel(
            chrome: PageChrome(context, title: "Session on \(Fmt.day(session.startedAt))"), id: session.id.uuidString,
            name: session.workout.name, when: Fmt.dateTime(session.startedAt), status: session.status.rawValue,
            speedChart: SVGChart.line(title: "Speed", unit: units.speedUnit.symbol, points: speed, target: target),
            gradeChart: SVGChart.line(title: "Incline", unit: "%", points: grade),
            hasHeart: heart.contains { $0.y != nil },
            heartChart: SVGChart.line(title: "Heart rate", unit: "bpm", points: heart), askFeedback: false)
        if let summary = session.summary {
            model.summary = .init(
                active: ProgressionText.duration(summary.activeSeconds),
                backward: ProgressionText.duration(summary.backwardSeconds),
                distance: Fmt.distance(summary.distance.meters, units), kcal: Fmt.kcal(summary.kcal),
                forwardKcal: Fmt.kcal(summary.forwardKcal), steps: "\(summary.stepsCompleted) of \(summary.stepsTotal)",
                stopReason: summary.stopReason.map { "\($0)" } ?? "")
        }
        if let feedback = overview.feedback {
            model.feedback = .init(
                rpe: feedback.exertion.map { ProgressionText.number($0.value) } ?? "–", painDuring: feedback.painDuring,
                painAfter: feedback.painAfter, painNextMorning: feedback.painNextMorning.map(String.init) ?? "not yet",
                handrail: feedback.handrailUsed.label, nearFall: feedback.nearFall, notes: feedback.notes)
        } else if session.status != .inProgress {
            model.askFeedback = true
        }
        return page(model)
    }

    func feedback(
        _ context: SignedInContext, errors: [String: String], values: [String: String],
        status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let (session, _) = try await service.session(try sessionId(context), of: context.access)
        let selected = values["handrail"] ?? HandrailLevel.twoHands.rawValue
        return page(
            FeedbackViewModel(
                chrome: PageChrome(context, title: "How did it go?", errors: errors), id: session.id.uuidString,
                name: session.workout.name, rpe: values["rpe"] ?? "", painDuring: values["painDuring"] ?? "0",
                painAfter: values["painAfter"] ?? "0",
                handrails: HandrailLevel.allCases.map {
                    Choice(value: $0.rawValue, label: $0.label, selected: $0.rawValue == selected)
                }, nearFall: values["nearFall"] != nil, notes: values["notes"] ?? "", errors: FieldErrors(errors)),
            status: status)
    }

    func saveFeedback(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let id = try sessionId(context)
        let (session, _) = try await service.session(id, of: context.access)
        var form = try await form(request)
        let rpe = form.number("rpe", label: "Effort (RPE)", in: 6...20, required: false)
        let painDuring = form.integer("painDuring", label: "Pain during", in: SessionFeedback.painRange)
        let painAfter = form.integer("painAfter", label: "Pain after", in: SessionFeedback.painRange)
        let handrail = form.choice("handrail", label: "Handrail use", as: HandrailLevel.self)
        let notes = form.text("notes", label: "Notes", maxLength: 2000, required: false) ?? ""
        guard let painDuring, let painAfter, let handrail, form.isValid else {
            var values: [String: String] = [:]
            for (key, list) in form.values { values[key] = list.first }
            return try await feedback(context, errors: form.errors, values: values, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        let feedback = SessionFeedback(
            date: session.startedAt, completed: session.status == .completed, exertion: rpe.map { .borg($0) },
            painDuring: painDuring, painAfter: painAfter, handrailUsed: handrail, nearFall: form.flag("nearFall"),
            notes: notes)
        try await service.saveFeedback(feedback, for: id, of: context.access)
        return redirect("/sessions/\(id.uuidString)")
    }

    func saveMorningPain(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let id = try sessionId(context)
        var form = try await form(request)
        guard let pain = form.integer("painNextMorning", label: "Pain this morning", in: SessionFeedback.painRange)
        else {
            return try await planPages.plan(context, errors: form.errors, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        try await service.saveMorningPain(pain, for: id, of: context.access)
        return redirect("/plan")
    }
}
