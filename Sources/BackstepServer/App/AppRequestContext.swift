import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// Who is making a request, once the authentication middleware has looked at the cookie or bearer token.
public struct Identity: Sendable {
    /// How the request was authenticated.
    public enum Method: Sendable {
        /// A browser session cookie (forms and JSON must carry the CSRF token).
        case session(tokenHash: String)
        /// A bearer API token, by its public id (no CSRF token needed: browsers never send it by themselves).
        case token(id: APITokenID)
    }
    /// The signed-in user.
    public var user: User
    /// The session's CSRF token (empty for token authentication).
    public var csrfToken: String
    /// How the request was authenticated.
    public var method: Method
}

/// The request context of every route: Hummingbird's core storage, the WebSocket handler slot, the identity the
/// authentication middleware found, and the CSRF token for anonymous forms. Routes that need someone signed in see
/// it as a `SignedInContext`, made from it once the middleware ran.
public struct AppRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<AppRequestContext>
    /// The signed-in user, if any.
    public var identity: Identity?
    /// The CSRF token for forms shown to anonymous visitors (double-submit cookie).
    public var anonymousCSRF: String?
    /// Whether the request arrived over TLS (through a proxy that says so).
    public var isSecure = false
    /// How many messages from their care team the signed-in client has not read, for the pages' navigation
    /// (`UnreadMessagesMiddleware` fills it on the pages' group; nil elsewhere).
    public var unreadMessages: Int?

    /// The peer's IP address (the proxy's, behind one), for the access log.
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Request bodies over this size are refused (forms and JSON are small).
    public var maxUploadSize: Int { 64 * 1024 }

    /// The CSRF token forms on this page must carry.
    public var csrfToken: String { identity?.csrfToken ?? anonymousCSRF ?? "" }
}
