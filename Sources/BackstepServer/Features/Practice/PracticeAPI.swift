import BackstepCore
import BackstepQR
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// A professional's practice and its invitations, below `/api/v1`.
struct PracticeAPI: APIRoutes {
    let care: CareService
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The operations of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.post("practices") { request, context in
            let body = try await decode(PracticeRequest.self, request, context)
            let now = clock.now()
            let practice: Practice
            do {
                practice = try await care.createPractice(name: body.name, kind: body.kind, by: context.user, now: now)
            } catch let error as FormErrors {
                throw error.first
            }
            let members = try await care.store.members(of: practice.id)
            return JSONBody(PracticeResponse(practice, members: members, invitations: [], now: now), status: .created)
        }
        routes.get("practices") { _, context in
            let now = clock.now()
            let overview = try await care.practiceOverview(for: context.user)
            return JSONBody(
                overview.map {
                    [PracticeResponse($0.practice, members: $0.members, invitations: $0.invitations, now: now)]
                } ?? [])
        }
        routes.post("invitations") { request, context in
            let body = try await decode(InvitationRequest.self, request, context)
            let (code, invitation) = try await care.createInvitation(
                scope: body.scope, note: body.note, by: context.user, now: clock.now())
            let link = InvitationLink(code: code, request: request, isSecure: context.isSecure)
            return JSONBody(
                NewInvitationResponse(
                    id: invitation.id, code: code, path: link.path, url: link.url, qrSvg: link.svg(),
                    scope: invitation.scope,
                    note: invitation.note, expiresAt: invitation.expiresAt), status: .created)
        }
        return routes
    }
}

/// Where an invitation opens: `/invite/<code>`, the absolute link when the request named its host, and that link
/// as a QR code.
struct InvitationLink: Sendable {
    /// The path below the server's root.
    let path: String
    /// The absolute link, when the request carried a `Host`.
    let url: String?

    init(code: String, request: Request, isSecure: Bool) {
        let path = "/invite/\(code)"
        self.path = path
        url = request.head.authority.map { "\(isSecure ? "https" : "http")://\($0)\(path)" }
    }

    /// The link (or the path, without a host) as an SVG QR code, empty if it cannot be encoded.
    func svg() -> String {
        let text = url ?? path
        guard let code = try? QRCode(encoding: text, correction: .medium) else { return "" }
        return code.svg(moduleSize: 4, quietZone: 4, title: "QR code of the invitation link \(text)")
    }
}
