import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Notes and messages between a client and their care team, below `/api/v1`: a professional reads and writes a
/// client's thread (messages and clinical notes) below `clients/{id}`, with consent checked and the access logged;
/// the client reads and writes their own below `messages`, without the clinical notes.
struct MessagesAPI: APIRoutes {
    let care: CareService
    let maxBodyBytes: Int
    let clock: ServerClock

    /// The operations of this feature.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.get("clients/:id/messages") { _, context in
            let now = clock.now()
            return JSONBody(MessageThreadResponse(try await care.thread(try clientAccess(context, now), now: now)))
        }
        routes.post("clients/:id/messages") { request, context in
            let now = clock.now()
            let access = try clientAccess(context, now)
            let body = try await decode(TeamMessageRequest.self, request, context)
            let message = try await care.writeMessage(
                body.kind, text: body.text, sessionId: body.sessionId, access, authorName: context.user.name, now: now)
            return JSONBody(MessageResponse(message, reader: context.user.id, unread: false), status: .created)
        }
        routes.post("clients/:id/messages/read") { _, context in
            let now = clock.now()
            try await care.markMessagesRead(try clientAccess(context, now), now: now)
            return HTTPResponse.Status.noContent
        }
        routes.get("messages") { _, context in
            JSONBody(MessageThreadResponse(try await care.thread(context.access, now: clock.now())))
        }
        routes.post("messages") { request, context in
            let body = try await decode(MessageRequest.self, request, context)
            let message = try await care.writeMessage(
                .message, text: body.text, sessionId: body.sessionId, context.access, authorName: context.user.name,
                now: clock.now())
            return JSONBody(MessageResponse(message, reader: context.user.id, unread: false), status: .created)
        }
        routes.post("messages/read") { _, context in
            try await care.markMessagesRead(context.access, now: clock.now())
            return HTTPResponse.Status.noContent
        }
        return routes
    }

    /// The signed-in professional acting on the client in the path, through the API.
    func clientAccess(_ context: SignedInContext, _ now: Date) throws -> Access {
        guard let id = UserID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        return context.access(toClient: id, through: .api, at: now)
    }
}
