import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Prescriptions, below `/api/v1`: a professional with the prescribe scope prescribes a client's plan; both sides
/// read the versions with what changed.
struct PrescriptionsAPI: APIRoutes {
    let care: CareService
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The operations of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.put("clients/:id/prescription") { request, context in
            guard let id = UserID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
            let now = clock.now()
            let body = try await decode(PrescriptionRequest.self, request, context)
            let (version, plan) = try await care.prescribe(
                body.parameters, reason: body.reason, context.access(toClient: id, through: .api, at: now),
                prescriberName: context.user.name, now: now)
            return JSONBody(
                PrescribedResponse(prescription: PrescriptionVersionResponse(version), plan: PlanResponse(plan)))
        }
        routes.get("clients/:id/prescription") { _, context in
            guard let id = UserID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
            let access = context.access(toClient: id, through: .api, at: clock.now())
            return JSONBody(try await care.prescriptions(access).map(PrescriptionVersionResponse.init))
        }
        routes.get("prescriptions") { _, context in
            JSONBody(try await care.prescriptions(context.access).map(PrescriptionVersionResponse.init))
        }
        return routes
    }
}
