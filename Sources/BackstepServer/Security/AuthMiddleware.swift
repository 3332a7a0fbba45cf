import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Names of the cookies the app sets.
enum CookieName {
    /// The browser session (HttpOnly, SameSite=Lax, Secure behind TLS).
    static let session = "bs_session"
    /// The CSRF token for anonymous forms (sign-in, sign-up), double-submitted.
    static let csrf = "bs_csrf"
}

/// Finds who is asking (a bearer API token or the session cookie), and refuses any state-changing request made
/// with the session cookie whose CSRF token does not match: the form field `_csrf` or the `X-CSRF-Token` header.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any WebStore
    let settings: ServerSettings
    let clock: ServerClock

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        var context = context
        var request = request
        context.isSecure = settings.secureCookies || request.headers[.forwardedProto]?.lowercased() == "https"
        let now = clock.now()
        var bearer = false
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            let token = String(authorization.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
            guard let record = try await store.apiToken(tokenHash: Tokens.hash(token)),
                let user = try await store.user(id: record.userId)
            else { throw AppError(.unauthorized, "The API token is not valid (revoked, or never issued).") }
            if record.lastUsedAt.map({ now.timeIntervalSince($0) >= Self.lastUseResolution }) ?? true {
                // Best effort: a failed bookkeeping write must not fail the request.
                try? await store.recordAPITokenUse(id: record.id, at: now)
            }
            context.identity = Identity(user: user, csrfToken: "", method: .token(id: record.id))
            bearer = true
        } else if let cookie = request.cookies[CookieName.session]?.value, !cookie.isEmpty {
            let hash = Tokens.hash(cookie)
            if let record = try await store.webSession(tokenHash: hash, now: now),
                let user = try await store.user(id: record.userId)
            {
                context.identity = Identity(user: user, csrfToken: record.csrfToken, method: .session(tokenHash: hash))
            }
        }
        var newAnonymousToken: String?
        if context.identity == nil {
            if let existing = request.cookies[CookieName.csrf]?.value, existing.count >= 20 {
                context.anonymousCSRF = existing
            } else {
                let token = Tokens.random()
                newAnonymousToken = token
                context.anonymousCSRF = token
            }
        }
        if Self.changesState(request.method) && !bearer {
            let isJSON = request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true
            // Anonymous JSON (API sign-up and sign-in) cannot be sent cross-site without a CORS preflight, which
            // this server never grants; everything else must prove it came from our own page.
            if context.identity != nil || !isJSON {
                var provided = request.headers[.csrfToken]
                if provided == nil, !isJSON,
                    let boundary = try MultipartForm.boundary(of: request)
                {
                    provided = try await MultipartForm.read(&request, boundary: boundary, settings: settings)
                        .field("_csrf")
                } else if provided == nil, !isJSON {
                    let body: ByteBuffer
                    do {
                        body = try await request.collectBody(upTo: settings.maxBodyBytes)
                    } catch {
                        throw AppError(
                            .contentTooLarge, "The request body is larger than \(settings.maxBodyBytes / 1024) KiB.")
                    }
                    provided = Form(urlEncoded: String(buffer: body)).string("_csrf")
                }
                let expected = context.csrfToken
                guard let provided, !expected.isEmpty, Tokens.constantTimeEqual(provided, expected) else {
                    throw AppError(
                        .forbidden,
                        "The form has expired or did not come from this site. Reload the page and try again.")
                }
            }
        }
        var response = try await next(request, context)
        if let newAnonymousToken {
            response.setCookie(
                Cookie(
                    name: CookieName.csrf, value: newAnonymousToken, path: "/", secure: context.isSecure,
                    httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// A token's last use is recorded at most once per this many seconds (one write a minute, not one a request).
    static let lastUseResolution: TimeInterval = 60

    static func changesState(_ method: HTTPRequest.Method) -> Bool {
        method == .post || method == .put || method == .patch || method == .delete
    }
}
