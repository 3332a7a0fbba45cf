import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The plan and the next session with the latest progression decision.
struct PlanAPI: APIRoutes {
    let state: AppState

    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("plan") { _, context in
            guard let plan = try await service.plan(for: try context.requireUser()) else { throw AppError.notFound }
            return JSONBody(plan)
        }
        routes.post("plan") { request, context in
            let user = try context.requireUser()
            let body = try await decode(PlanBody.self, request, context)
            let plan = try await service.generatePlan(
                for: user, daysPerWeek: body.daysPerWeek ?? 3, minutes: body.minutesPerSession ?? 20,
                weeks: body.weeks ?? 8, now: state.clock.now())
            return JSONBody(plan, status: .created)
        }
        routes.get("next") { _, context in
            let user = try context.requireUser()
            let decision = try await service.latestDecision(for: user)
            var next: NextDTO.Planned?
            if let plan = try await service.plan(for: user),
                let (week, session) = service.nextPlanned(plan, now: state.clock.now())
            {
                let (workout, prescription) = service.workout(for: week, session: session, decision: decision?.decision)
                next = .init(
                    week: week.number, day: session.day, date: session.date, programId: session.programId,
                    workout: workout, prescription: prescription)
            }
            return JSONBody(NextDTO(session: next, decision: decision?.decision))
        }
        return routes
    }
}

struct PlanBody: Decodable { var daysPerWeek: Int?; var minutesPerSession: Int?; var weeks: Int? }

struct NextDTO: Encodable, Sendable {
    struct Planned: Encodable, Sendable {
        var week: Int
        var day: Int
        var date: Date?
        var programId: String
        var workout: Workout
        var prescription: Prescription
    }
    var session: Planned?
    var decision: ProgressionDecision?
}
