import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird

/// Starting a live session (the player then connects over the WebSocket).
struct LiveAPI: APIRoutes {
    let state: AppState

    /// The operations of this feature, below `/api/v1`.
    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("sessions/live") { request, context in
            let user = try context.requireUser()
            let body = try await decode(LiveRequest.self, request, context)
            let bluetooth = try body.bluetoothConnection()
            let start = try await LiveStarter(state: state).prepare(
                user: user, week: body.week, day: body.day, programId: body.program, mode: body.mode ?? .manual,
                bluetooth: bluetooth, resume: body.resume)
            let session = try await state.live.start(start, for: user.id)
            return JSONBody(LiveResponse(sessionId: session.id, mode: session.mode), status: .created)
        }
        return routes
    }
}
