import Foundation

/// The player page: the running session (`/sessions/live`), or the Bluetooth connect page that starts one
/// (`/sessions/connect`, `pending`). `player.js` reads the values from the player's data attributes.
struct LiveViewModel: PageViewModel {
    static let template = "live"
    var chrome: PageChrome
    /// The running session's id; nil on the connect page (no session yet).
    var sessionId: String?
    /// `manual`, `simulated` or `bluetooth`.
    var mode: String
    /// The workout's name.
    var workout: String
    /// The symbol of the user's speed unit.
    var speedUnit: String
    /// Metres per second in one of the user's speed units.
    var speedFactor: String
    /// Whether the page relays a Bluetooth treadmill.
    var bluetooth: Bool
    /// Whether the session is still to be started from this page (the connect page).
    var pending: Bool
    /// The connect page's start request: the plan week, day, program and session to resume, as given.
    var week: String?
    /// See `week`.
    var day: String?
    /// See `week`.
    var program: String?
    /// See `week`.
    var resume: String?
}
