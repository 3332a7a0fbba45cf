import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The plan and the next session with the latest progression decision.
struct PlanAPI: APIRoutes {
    let service: TrainingService
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("plan") { _, context in
            guard let plan = try await service.plan(for: context.access) else { throw AppError.notFound }
            return JSONBody(PlanResponse(plan))
        }
        routes.post("plan") { request, context in
            let options = try await decode(GeneratePlanRequest.self, request, context).domainValue()
            let plan = try await service.generatePlan(
                for: context.access, daysPerWeek: options.daysPerWeek, minutes: options.minutesPerSession,
                weeks: options.weeks, now: clock.now())
            return JSONBody(PlanResponse(plan), status: .created)
        }
        routes.get("next") { _, context in
            let decision = try await service.latestDecision(for: context.access)
            var next: NextResponse.Planned?
            if let plan = try await service.plan(for: context.access),
                let (week, session) = service.nextPlanned(plan, now: clock.now())
            {
                let (workout, prescription) = service.workout(for: week, session: session, decision: decision?.decision)
                next = .init(week: week, session: session, workout: workout, prescription: prescription)
            }
            return JSONBody(NextResponse(session: next, decision: decision?.decision))
        }
        return routes
    }
}
