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
            let body = try await decode(LiveBody.self, request, context)
            var bluetooth: BluetoothConnection?
            if let hex = body.bluetooth {
                guard let feature = [UInt8](hex: hex.feature) else {
                    throw AppError.invalid("bluetooth.feature", "Expected hex bytes.")
                }
                bluetooth = BluetoothConnection(
                    feature: feature, speedRange: hex.speedRange.flatMap { [UInt8](hex: $0) },
                    inclinationRange: hex.inclinationRange.flatMap { [UInt8](hex: $0) })
            }
            let start = try await LiveStarter(state: state).prepare(
                user: user, week: body.week, day: body.day, programId: body.program, mode: body.mode ?? .manual,
                bluetooth: bluetooth, resume: body.resume)
            let session = try await state.live.start(start, for: user.id)
            return JSONBody(
                LiveDTO(
                    sessionId: session.id, mode: session.mode,
                    websocket: "/sessions/live/ws?session=\(session.id.uuidString)"),
                status: .created)
        }
        return routes
    }
}

struct LiveBody: Decodable {
    struct Bluetooth: Decodable { var feature: String; var speedRange: String?; var inclinationRange: String? }
    var mode: LiveMode?
    var week: Int?
    var day: Int?
    var program: String?
    var bluetooth: Bluetooth?
    /// An interrupted session to continue where it stopped.
    var resume: UUID?
}

struct LiveDTO: Encodable, Sendable { var sessionId: UUID; var mode: LiveMode; var websocket: String }
