import BackstepCore
import BackstepStorage
import Foundation
import Hummingbird
import Logging

/// The request context of every route that needs someone signed in: the parent `AppRequestContext` once the
/// authentication middleware found an identity, with the user no longer optional.
///
/// The composition root registers signed-in routes on `group(context: SignedInContext.self)` of the pages' and the
/// API's groups. Hummingbird builds this context after the group's middleware ran (error middleware, then
/// `AuthMiddleware`) and right before the handler, so a request without an identity fails with the 401 below,
/// which the group's error middleware turns into a redirect to sign in (pages) or the JSON error body (API).
struct SignedInContext: ChildRequestContext {
    typealias ParentContext = AppRequestContext

    var coreContext: CoreRequestContextStorage
    /// The signed-in user.
    let user: User
    /// How the user signed in (the session cookie or an API token) and the session's CSRF token.
    let identity: Identity
    /// Whether the request arrived over TLS (through a proxy that says so).
    let isSecure: Bool
    /// Request bodies over this size are refused, as in the parent context.
    let maxUploadSize: Int
    /// The peer's IP address, for the access log.
    let remoteAddress: String?
    /// The signed-in client's unread messages, for the pages' navigation (nil on the API and for professionals).
    let unreadMessages: Int?

    /// The parent context's identity, or the 401 `AppError` every signed-in route answers anonymous requests with.
    init(context: AppRequestContext) throws {
        guard let identity = context.identity else { throw AppError(.unauthorized, "Sign in first.") }
        self.coreContext = context.coreContext
        self.identity = identity
        self.user = identity.user
        self.isSecure = context.isSecure
        self.maxUploadSize = context.maxUploadSize
        self.remoteAddress = context.remoteAddress
        self.unreadMessages = context.unreadMessages
    }

    /// The signed-in user acting on their own data: what route handlers pass to the services.
    var access: Access { .own(user) }

    /// The signed-in professional acting on a client's data through `channel` at `now`: what the routes below
    /// `/clients/{id}` pass to the services, which check consent and write the access log.
    func access(toClient client: UserID, through channel: AccessChannel, at now: Date) -> Access {
        .client(
            client, by: user,
            origin: AccessOrigin(actorName: user.name, channel: channel, address: remoteAddress, at: now))
    }

    /// The CSRF token forms on this page must carry (empty for API token authentication).
    var csrfToken: String { identity.csrfToken }

    /// The hash of the browser session's token, or nil for API token authentication.
    var webSessionHash: String? {
        if case .session(let hash) = identity.method { return hash }
        return nil
    }
}
