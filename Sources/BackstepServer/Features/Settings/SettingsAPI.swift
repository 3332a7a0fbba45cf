import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// The password and the API tokens of the signed-in user.
struct SettingsAPI: APIRoutes {
    let state: AppState

    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("account/password") { request, context in
            let user = try context.requireUser()
            let body = try await decode(PasswordChangeRequest.self, request, context)
            var keep: String?
            if case .session(let hash) = context.identity?.method { keep = hash }
            do {
                let revoked = try await service.changePassword(
                    for: user, current: body.currentPassword, new: body.newPassword, confirmation: nil,
                    keepingWebSession: keep, limiter: state.limiter, now: state.clock.now())
                return JSONBody(
                    PasswordChangedResponse(revokedSessions: revoked.webSessions, revokedTokens: revoked.apiTokens))
            } catch let error as FormErrors {
                throw error.first
            }
        }
        routes.get("tokens") { _, context in
            JSONBody(try await service.apiTokens(for: try context.requireUser()).map(APITokenResponse.init))
        }
        routes.post("tokens") { request, context in
            let user = try context.requireUser()
            let body = try await decode(TokenNameRequest.self, request, context)
            let (token, record) = try await service.issueAPIToken(for: user, name: body.name, now: state.clock.now())
            return JSONBody(NewAPITokenResponse(record, token: token), status: .created)
        }
        routes.delete("tokens/:id") { _, context in
            let user = try context.requireUser()
            guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
            try await service.revokeAPIToken(id, of: user)
            return HTTPResponse.Status.noContent
        }
        return routes
    }
}
