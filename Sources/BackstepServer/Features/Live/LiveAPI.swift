import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Starting a live session (the player then connects over the WebSocket).
struct LiveAPI: APIRoutes {
    let maxBodyBytes: Int
    let live: LiveSessionManager
    let starter: LiveStarter

    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<SignedInContext> {
        let routes = RouteCollection(context: SignedInContext.self)
        routes.post("sessions/live") { request, context in
            let user = context.user
            let body = try await decode(LiveRequest.self, request, context)
            let bluetooth = try body.bluetoothConnection()
            let start = try await starter.prepare(
                access: context.access, week: body.week, day: body.day, programId: body.program,
                mode: body.mode ?? .manual,
                bluetooth: bluetooth, resume: body.resume)
            let session = try await live.start(start, for: user.id)
            return JSONBody(LiveResponse(sessionId: session.id, mode: session.mode), status: .created)
        }
        return routes
    }
}
