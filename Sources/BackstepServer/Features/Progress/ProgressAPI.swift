import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Statistics and assessments.
struct ProgressAPI: APIRoutes {
    let service: TrainingService
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("dashboard") { _, context in
            JSONBody(
                DashboardResponse(try await service.statistics(for: context.access, now: clock.now())))
        }
        routes.get("assessments") { _, context in
            JSONBody(try await service.assessments(for: context.access).map(AssessmentResponse.init))
        }
        routes.post("assessments") { request, context in
            let test = try await decode(WalkTestRequest.self, request, context).domainValue()
            let (record, result) = try await service.saveWalkTest(
                seconds: test.seconds, population: test.population, notes: test.notes, for: context.access,
                now: clock.now())
            return JSONBody(WalkTestResultResponse(record: record, result: result), status: .created)
        }
        return routes
    }
}
