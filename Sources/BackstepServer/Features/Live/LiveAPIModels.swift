import BackstepCore
import BackstepStorage
import Foundation

/// The body of `POST /sessions/live` (schema `LiveStart`): every key optional.
struct LiveRequest: Codable, Sendable {
    /// The Bluetooth treadmill's characteristics as hex bytes, read by the page.
    struct Bluetooth: Codable, Sendable {
        var feature: String
        var speedRange: String?
        var inclinationRange: String?
    }

    var mode: LiveMode?
    var week: Int?
    var day: Int?
    var program: String?
    var bluetooth: Bluetooth?
    /// An interrupted session to continue where it stopped.
    var resume: SessionID?

    /// The Bluetooth connection the page described, if any.
    /// - Throws: `AppError` for `bluetooth.feature` when it is not hex bytes.
    func bluetoothConnection() throws -> BluetoothConnection? {
        guard let hex = bluetooth else { return nil }
        guard let feature = [UInt8](hex: hex.feature) else {
            throw AppError.invalid("bluetooth.feature", "Expected hex bytes.")
        }
        return BluetoothConnection(
            feature: feature, speedRange: hex.speedRange.flatMap { [UInt8](hex: $0) },
            inclinationRange: hex.inclinationRange.flatMap { [UInt8](hex: $0) })
    }
}

/// A started live session and the WebSocket path the player connects to (schema `LiveSession`).
struct LiveResponse: Codable, Sendable {
    var sessionId: SessionID
    var mode: LiveMode
    var websocket: String

    init(sessionId: SessionID, mode: LiveMode) {
        self.sessionId = sessionId
        self.mode = mode
        websocket = "/sessions/live/ws?session=\(sessionId.uuidString)"
    }
}
