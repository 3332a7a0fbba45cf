import BackstepCore
import BackstepFHIR
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A professional's clients, below `/api/v1`. Every route below `clients/{id}` checks the client's consent on the
/// request (404 without it) and writes the access log.
struct ClientsAPI: APIRoutes {
    let care: CareService
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The operations of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("clients") { _, context in
            let clients = try await care.clients(
                of: context.user, through: .api, address: context.remoteAddress, now: clock.now())
            return JSONBody(clients.map(ClientSummaryResponse.init))
        }
        routes.get("clients/:id") { _, context in
            let access = try clientAccess(context)
            return JSONBody(ClientOverviewResponse(try await care.client(access, now: clock.now())))
        }
        routes.get("clients/:id/sessions") { request, context in
            let limit = request.uri.queryParameters.get("limit").flatMap(Int.init).map { min(max($0, 1), 1000) }
            let sessions = try await care.training.history(for: try clientAccess(context), limit: limit ?? 100)
            return JSONBody(sessions.map(SessionOverviewResponse.init))
        }
        routes.get("clients/:id/fhir") { _, context in
            let bundle = try await care.fhirBundle(try clientAccess(context), now: clock.now())
            return Response(
                status: .ok, headers: [.contentType: FHIRExporter.mediaType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bundle)))
        }
        routes.post("clients/:id/flag-reviews") { request, context in
            let access = try clientAccess(context)
            let body = try await decode(FlagReviewRequest.self, request, context)
            try await care.acknowledgeFlag(body.flagKey, note: body.note, access, now: clock.now())
            return HTTPResponse.Status.noContent
        }
        return routes
    }

    /// The signed-in professional acting on the client in the path, through the API.
    func clientAccess(_ context: SignedInContext) throws -> Access {
        guard let id = UserID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        return context.access(toClient: id, through: .api, at: clock.now())
    }
}
