import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Sign-up, API sign-in (a token for an e-mail address and password) and who is signed in.
struct AccountAPI: APIRoutes {
    let service: TrainingService
    let maxBodyBytes: Int
    let clock: ServerClock
    let limiter: LoginRateLimiter

    /// The operations of this feature anyone may call, below `/api/v1`.
    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("auth/signup") { request, context in
            let body = try await decode(SignUpRequest.self, request, context)
            let user: User
            do {
                user = try await service.signUp(
                    name: body.name, email: body.email, password: body.password, as: try body.kind(),
                    now: clock.now())
            } catch let error as FormErrors {
                throw error.first
            }
            let (token, record) = try await service.issueAPIToken(for: .own(user), name: "sign-up", now: clock.now())
            return JSONBody(TokenResponse(token: token, tokenId: record.id, user: UserResponse(user)), status: .created)
        }
        routes.post("auth/token") { request, context in
            let body = try await decode(CredentialsRequest.self, request, context)
            let email = body.normalizedEmail
            let now = clock.now()
            if let wait = await limiter.retryAfter(email, now: now) {
                throw AppError(
                    .tooManyRequests, "Too many failed sign-ins; try again later.", field: "email",
                    headers: [.retryAfter: String(Int(wait.rounded(.up)))])
            }
            guard let user = try await service.authenticate(email: email, password: body.password) else {
                await limiter.recordFailure(email, now: now)
                throw AppError(.unauthorized, "The e-mail address or password is not right.", field: "password")
            }
            await limiter.reset(email)
            let (token, record) = try await service.issueAPIToken(for: .own(user), name: body.name ?? "api", now: now)
            return JSONBody(TokenResponse(token: token, tokenId: record.id, user: UserResponse(user)), status: .created)
        }
        return routes
    }

    /// The operations of this feature for the signed-in user, below `/api/v1`.
    var signedInRoutes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("me") { _, context in JSONBody(UserResponse(context.user)) }
        return routes
    }
}
