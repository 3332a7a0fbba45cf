import BackstepCore
import BackstepStorage
import Foundation

/// The body of `PUT /clients/{id}/prescription` (schema `PrescriptionRequest`).
struct PrescriptionRequest: Codable, Sendable {
    var programs: [String]?
    var daysPerWeek: Int
    var minutesPerSession: Int
    var weeks: Int
    var speedCapMps: Double?
    var holdProgression: Bool?
    var reason: String

    /// The parameters asked for (ranges are checked by the service).
    var parameters: PrescriptionParameters {
        PrescriptionParameters(
            programs: programs ?? [], daysPerWeek: daysPerWeek, minutesPerSession: minutesPerSession, weeks: weeks,
            speedCap: speedCapMps.map(Speed.init(metersPerSecond:)), holdProgression: holdProgression ?? false)
    }
}

/// A prescription version (schema `PrescriptionVersion`): who, when, why, what, and what changed.
struct PrescriptionVersionResponse: Codable, Sendable {
    var version: Int
    var prescribedBy: String
    var prescribedById: UserID
    var at: Date
    var reason: String
    var programs: [String]
    var daysPerWeek: Int
    var minutesPerSession: Int
    var weeks: Int
    var speedCapMps: Double?
    var holdProgression: Bool
    var changes: [String]
    var planId: PlanID

    init(_ entry: PrescriptionHistoryEntry) {
        let p = entry.prescription
        version = p.version
        prescribedBy = p.prescriberName
        prescribedById = p.prescribedBy
        at = p.at
        reason = p.reason
        programs = p.parameters.programs
        daysPerWeek = p.parameters.daysPerWeek
        minutesPerSession = p.parameters.minutesPerSession
        weeks = p.parameters.weeks
        speedCapMps = p.parameters.speedCap?.metersPerSecond
        holdProgression = p.parameters.holdProgression
        changes = entry.changes
        planId = p.planId
    }
}

/// What `PUT /clients/{id}/prescription` answers (schema `Prescribed`): the new version and the plan it made.
struct PrescribedResponse: Codable, Sendable {
    var prescription: PrescriptionVersionResponse
    var plan: PlanResponse
}
