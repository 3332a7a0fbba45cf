import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Outcome measures, below `/api/v1`: a professional records a client's clinic tests and reads their trends; a
/// client answers questionnaires and reads their own.
struct OutcomesAPI: APIRoutes {
    let care: CareService
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The operations of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.post("clients/:id/outcomes") { request, context in
            guard let id = UserID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
            let now = clock.now()
            let access = context.access(toClient: id, through: .api, at: now)
            return JSONBody(
                OutcomeResponse(
                    try await record(try await decode(OutcomeRequest.self, request, context), access, context, now)),
                status: .created)
        }
        routes.get("clients/:id/outcomes") { _, context in
            guard let id = UserID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
            let access = context.access(toClient: id, through: .api, at: clock.now())
            return JSONBody(try await care.outcomes(access).map(OutcomeSeriesResponse.init))
        }
        routes.post("outcomes") { request, context in
            let now = clock.now()
            let body = try await decode(OutcomeRequest.self, request, context)
            return JSONBody(OutcomeResponse(try await record(body, context.access, context, now)), status: .created)
        }
        routes.get("outcomes") { _, context in
            JSONBody(try await care.outcomes(context.access).map(OutcomeSeriesResponse.init))
        }
        return routes
    }

    func record(
        _ body: OutcomeRequest, _ access: Access, _ context: SignedInContext, _ now: Date
    ) async throws
        -> StoredOutcome
    {
        try await care.recordOutcome(
            measure: body.measure, value: body.value, answers: body.answers, date: body.date, note: body.note, access,
            recorderName: context.user.name, now: now)
    }
}
