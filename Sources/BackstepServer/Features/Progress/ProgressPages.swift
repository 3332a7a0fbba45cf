import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The progress dashboard and the 3-metre backward walk assessments.
struct ProgressPages: FormPageRoutes {
    let service: TrainingService
    let templates: Templates
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The pages of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("dashboard") { _, context in try await dashboard(context) }
        routes.get("assessments") { _, context in try await assessments(context, errors: [:], values: [:]) }
        routes.post("assessments") { request, context in try await saveAssessment(request, context) }
        return routes
    }

    func dashboard(_ context: SignedInContext) async throws -> HTML {
        let units = try await service.units(for: context.access)
        let stats = try await service.statistics(for: context.access, now: clock.now())
        var model = DashboardViewModel(
            chrome: PageChrome(context, title: "Progress"), sessions: stats.sessionCount,
            weeklyMinutes: ProgressionText.number(stats.averageMinutesPerWeek), streakDays: stats.streak.currentDays,
            streakWeeks: stats.streak.currentWeeks,
            adherence: stats.adherence?.ratio.map { "\(Int(($0 * 100).rounded())) %" } ?? "–",
            kcal: Fmt.kcal(stats.totalKcal), forwardKcal: Fmt.kcal(stats.totalForwardKcal),
            minutesChart: SVGChart.bars(
                title: "Minutes per week", unit: "min", labels: stats.weeks.map { Fmt.day($0.weekStart) },
                values: stats.weeks.map(\.minutes)))
        if let speed = stats.comfortableSpeedTrend {
            let perUnit = Speed(1, units.speedUnit).metersPerSecond
            model.speedChart = SVGChart.line(
                title: "Comfortable backward speed", unit: units.speedUnit.symbol,
                points: speed.points.map { .init(x: $0.date.timeIntervalSince1970, y: $0.speedMps / perUnit) },
                xLabel: "days", xScale: 86_400)
            model.speedDirection = speed.direction.rawValue
        }
        if let pain = stats.painTrend {
            model.painChart = SVGChart.line(
                title: "Weekly peak pain", unit: "0–10",
                points: pain.points.map { .init(x: $0.weekStart.timeIntervalSince1970, y: $0.meanPeakPain) },
                xLabel: "days", xScale: 86_400)
            model.painDirection = pain.direction
        }
        return page(model)
    }

    func assessments(
        _ context: SignedInContext, errors: [String: String], values: [String: String],
        result: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let records = try await service.assessments(for: context.access).filter { $0.kind == .threeMetreBackwardWalk }
        var rows: [AssessmentsViewModel.Row] = []
        var previous: Double?
        for record in records {
            guard let seconds = record.seconds else { continue }
            let population = record.population ?? .communityOlderAdults
            let meaning =
                (try? ThreeMetreBackwardWalkTest.interpret(seconds: seconds, population: population))?.summary ?? ""
            let change = previous.flatMap { try? ThreeMetreBackwardWalkTest.compare(previous: $0, current: seconds) }
            rows.append(
                .init(
                    day: Fmt.day(record.takenAt), seconds: ProgressionText.number(seconds, digits: 2),
                    meaning: meaning, change: change?.summary ?? "", notes: record.notes))
            previous = seconds
        }
        let selected = values["population"] ?? BackwardWalkTestPopulation.communityOlderAdults.rawValue
        return page(
            AssessmentsViewModel(
                chrome: PageChrome(context, title: "Assessments", errors: errors), result: result ?? "",
                seconds: values["seconds"] ?? "",
                populations: BackwardWalkTestPopulation.allCases.map {
                    Choice(value: $0.rawValue, label: $0.label, selected: $0.rawValue == selected)
                }, notes: values["notes"] ?? "",
                trendChart: SVGChart.line(
                    title: "3-metre backward walk", unit: "s",
                    points: records.compactMap { r in r.seconds.map { .init(x: r.takenAt.timeIntervalSince1970, y: $0) }
                    },
                    xLabel: "days", xScale: 86_400), rows: rows.reversed(), errors: FieldErrors(errors)),
            status: status)
    }

    func saveAssessment(_ request: Request, _ context: SignedInContext) async throws -> Response {
        var form = try await form(request)
        let seconds = form.number(
            "seconds", label: "Time", in: 0.1...ThreeMetreBackwardWalkTest.maximumSeconds, unit: "s")
        let population = form.choice("population", label: "Population", as: BackwardWalkTestPopulation.self)
        let notes = form.text("notes", label: "Notes", maxLength: 2000, required: false) ?? ""
        var values: [String: String] = [:]
        for (key, list) in form.values { values[key] = list.first }
        guard let seconds, let population, form.isValid else {
            return try await assessments(context, errors: form.errors, values: values, status: .unprocessableContent)
                .response(from: request, context: context)
        }
        let (_, result) = try await service.saveWalkTest(
            seconds: seconds, population: population, notes: notes, for: context.access, now: clock.now())
        return try await assessments(context, errors: [:], values: [:], result: result.summary)
            .response(from: request, context: context)
    }
}
