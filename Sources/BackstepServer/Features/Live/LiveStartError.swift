import BackstepCore
import Foundation

/// Why a live session cannot start (or an interrupted one cannot go on), in the product's terms. A missing
/// profile is `TrainingError.noProfile`; a session already running is `StorageError.liveSessionInProgress`. The
/// server's edge (`DomainErrors+HTTP.swift`) decides how each case is answered.
enum LiveStartError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A Bluetooth session was asked for without a connected treadmill.
    case treadmillNotConnected
    /// The latest feedback reported warning signs: the user must see a health professional first.
    case seeProfessionalFirst
    /// The current plan has no session on this day of this week.
    case noSessionOnDay(week: Int, day: Int)
    /// No program was chosen and the catalog offers none.
    case noProgramChosen
    /// The catalog has no program with this id.
    case unknownProgram(String)
    /// This session of the user cannot be continued (not the latest, not interrupted, too old or with feedback).
    case notResumable(SessionID)

    /// The input field the error is about, if any.
    var field: String? {
        switch self {
        case .treadmillNotConnected: "mode"
        case .seeProfessionalFirst: nil
        case .noSessionOnDay: "day"
        case .noProgramChosen, .unknownProgram: "program"
        case .notResumable: "resume"
        }
    }

    var description: String {
        switch self {
        case .treadmillNotConnected: "Connect the Bluetooth treadmill on the session page first."
        case .seeProfessionalFirst:
            "Your last feedback reported warning signs: see a health professional before training again."
        case .noSessionOnDay: "That plan has no session on that day."
        case .noProgramChosen: "Choose a program."
        case .unknownProgram(let id): "Unknown program '\(id.prefix(60))'."
        case .notResumable:
            "Only your latest session, interrupted by the app in the last 12 hours and without feedback, can be continued."
        }
    }
}
