import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Statistics and assessments.
struct ProgressAPI: APIRoutes {
    let state: AppState

    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("dashboard") { _, context in
            JSONBody(
                DashboardResponse(try await service.statistics(for: try context.requireUser(), now: state.clock.now())))
        }
        routes.get("assessments") { _, context in
            JSONBody(try await service.assessments(for: try context.requireUser()).map(AssessmentResponse.init))
        }
        routes.post("assessments") { request, context in
            let user = try context.requireUser()
            let test = try await decode(WalkTestRequest.self, request, context).domainValue()
            let (record, result) = try await service.saveWalkTest(
                seconds: test.seconds, population: test.population, notes: test.notes, for: user,
                now: state.clock.now())
            return JSONBody(WalkTestResultResponse(record: record, result: result), status: .created)
        }
        return routes
    }
}
