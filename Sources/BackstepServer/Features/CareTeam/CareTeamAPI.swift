import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The client's side of consent, below `/api/v1`: reading and answering an invitation, the care team and revoking
/// it, and who read the client's data.
struct CareTeamAPI: APIRoutes {
    let care: CareService
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The operations of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("invitations/:code") { _, context in
            let code = try context.parameters.require("code")
            return JSONBody(InvitationPreviewResponse(try await care.invitation(code: code, now: clock.now())))
        }
        routes.post("invitations/:code/accept") { _, context in
            let code = try context.parameters.require("code")
            let link = try await care.acceptInvitation(code: code, by: context.user, now: clock.now())
            return JSONBody(CareLinkResponse(link), status: .created)
        }
        routes.post("invitations/:code/decline") { _, context in
            let code = try context.parameters.require("code")
            try await care.declineInvitation(code: code, by: context.user, now: clock.now())
            return HTTPResponse.Status.noContent
        }
        routes.get("care-team") { _, context in
            JSONBody(try await care.careTeam(of: context.user).map(CareTeamEntryResponse.init))
        }
        routes.delete("care-team/:professionalId") { _, context in
            guard let id = UserID(uuidString: try context.parameters.require("professionalId")) else {
                throw AppError.notFound
            }
            try await care.revoke(professional: id, by: context.user, now: clock.now())
            return HTTPResponse.Status.noContent
        }
        routes.get("access-log") { request, context in
            let limit = request.uri.queryParameters.get("limit").flatMap(Int.init).map { min(max($0, 1), 1000) }
            return JSONBody(
                try await care.accessLog(of: context.user, limit: limit ?? 500).map(AccessLogEntryResponse.init))
        }
        return routes
    }
}
