import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The password and the API tokens of the signed-in user.
struct SettingsAPI: APIRoutes {
    let service: TrainingService
    let maxBodyBytes: Int
    let clock: ServerClock
    let limiter: LoginRateLimiter

    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.post("account/password") { request, context in
            let body = try await decode(PasswordChangeRequest.self, request, context)
            let keep = context.webSessionHash
            do {
                let revoked = try await service.changePassword(
                    for: context.access, current: body.currentPassword, new: body.newPassword, confirmation: nil,
                    keepingWebSession: keep, limiter: limiter, now: clock.now())
                return JSONBody(
                    PasswordChangedResponse(revokedSessions: revoked.webSessions, revokedTokens: revoked.apiTokens))
            } catch let error as FormErrors {
                throw error.first
            }
        }
        routes.get("tokens") { _, context in
            JSONBody(try await service.apiTokens(for: context.access).map(APITokenResponse.init))
        }
        routes.post("tokens") { request, context in
            let body = try await decode(TokenNameRequest.self, request, context)
            let (token, record) = try await service.issueAPIToken(
                for: context.access, name: body.name, now: clock.now())
            return JSONBody(NewAPITokenResponse(record, token: token), status: .created)
        }
        routes.delete("tokens/:id") { _, context in
            guard let id = APITokenID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
            try await service.revokeAPIToken(id, of: context.access)
            return HTTPResponse.Status.noContent
        }
        return routes
    }
}
