import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Goals, below `/api/v1`: set together by a professional (prescribe scope) or by the client, read by both with
/// where each stands.
struct GoalsAPI: APIRoutes {
    let care: CareService
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The operations of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.post("clients/:id/goals") { request, context in
            guard let id = UserID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
            let now = clock.now()
            let body = try await decode(GoalRequest.self, request, context)
            return JSONBody(
                GoalResponse(
                    try await care.setGoal(
                        title: body.title, due: body.due, target: try body.target.target(),
                        context.access(toClient: id, through: .api, at: now), setterName: context.user.name,
                        now: now)), status: .created)
        }
        routes.get("clients/:id/goals") { _, context in
            guard let id = UserID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
            let now = clock.now()
            return JSONBody(
                try await care.goals(context.access(toClient: id, through: .api, at: now), now: now).map(
                    GoalResponse.init))
        }
        routes.post("goals") { request, context in
            let now = clock.now()
            let body = try await decode(GoalRequest.self, request, context)
            return JSONBody(
                GoalResponse(
                    try await care.setGoal(
                        title: body.title, due: body.due, target: try body.target.target(), context.access,
                        setterName: context.user.name, now: now)), status: .created)
        }
        routes.get("goals") { _, context in
            JSONBody(try await care.goals(context.access, now: clock.now()).map(GoalResponse.init))
        }
        return routes
    }
}
