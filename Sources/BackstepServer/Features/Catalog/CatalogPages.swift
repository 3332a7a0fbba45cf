import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The program catalog: every program with its evidence, audience and steps.
struct CatalogPages: PageRoutes {
    let templates: Templates

    /// The pages of this feature.
    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("programs") { _, context in try programs(context) }
        routes.get("programs/:id") { _, context in try program(context) }
        return routes
    }

    func programs(_ context: AppRequestContext) throws -> HTML {
        page(
            ProgramsViewModel(
                chrome: PageChrome(context, title: "Programs"),
                programs: Catalog.programs.map {
                    .init(id: $0.id, name: $0.name, summary: $0.summary, audience: $0.audience)
                }))
    }

    func program(_ context: AppRequestContext) throws -> HTML {
        let id = try context.parameters.require("id")
        guard let program = try? Catalog.program(id: id) else { throw AppError.notFound }
        let workout = try? program.workout()
        return page(
            ProgramViewModel(
                chrome: PageChrome(context, title: program.name), summary: program.summary,
                audience: program.audience, trains: program.trains, safety: program.safetyNotes,
                sessionsPerWeek: "\(program.sessionsPerWeek.lowerBound)–\(program.sessionsPerWeek.upperBound)",
                steps: workout.map(Self.steps) ?? [],
                evidence: program.evidence.map { .init(source: $0.source, finding: $0.finding) }))
    }

    static func steps(_ workout: Workout) -> [WorkoutStepRow] {
        workout.performedSteps.map { performed in
            var text = performed.step.name
            if let round = performed.round, let rounds = performed.rounds { text += " (round \(round) of \(rounds))" }
            return WorkoutStepRow(name: text, time: ProgressionText.duration(performed.step.estimatedSeconds))
        }
    }
}
