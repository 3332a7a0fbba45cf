import BackstepCore
import Foundation

/// What a professional prescribes: the programs, the dose and the limits the plan and its progression keep to.
public struct PrescriptionParameters: Hashable, Sendable, Codable {
    /// Catalog program ids to draw from (empty: the generator's choice for the client's goal).
    public var programs: [String]
    /// Sessions a week (`PlanRequest.daysRange`).
    public var daysPerWeek: Int
    /// Minutes a session (`PlanRequest.minutesRange`).
    public var minutesPerSession: Int
    /// Weeks (`PlanRequest.weeksRange`).
    public var weeks: Int
    /// A speed limit below the safety policy's, if the professional sets one.
    public var speedCap: Speed?
    /// Whether progression holds: the next sessions keep their dose until the professional lifts it.
    public var holdProgression: Bool

    /// Creates parameters.
    public init(
        programs: [String] = [], daysPerWeek: Int, minutesPerSession: Int, weeks: Int, speedCap: Speed? = nil,
        holdProgression: Bool = false
    ) {
        self.programs = programs
        self.daysPerWeek = daysPerWeek
        self.minutesPerSession = minutesPerSession
        self.weeks = weeks
        self.speedCap = speedCap
        self.holdProgression = holdProgression
    }

    /// What changed from `previous`, in words the client reads (empty for the first prescription).
    public func changes(from previous: PrescriptionParameters?) -> [String] {
        guard let previous else { return [] }
        var changes: [String] = []
        func change(_ what: String, _ old: String, _ new: String) {
            if old != new { changes.append("\(what): \(old) → \(new)") }
        }
        change("Programs", Self.words(previous.programs), Self.words(programs))
        change("Sessions a week", "\(previous.daysPerWeek)", "\(daysPerWeek)")
        change("Minutes a session", "\(previous.minutesPerSession)", "\(minutesPerSession)")
        change("Weeks", "\(previous.weeks)", "\(weeks)")
        change("Speed limit", Self.words(previous.speedCap), Self.words(speedCap))
        change(
            "Progression", previous.holdProgression ? "held" : "adapts", holdProgression ? "held" : "adapts")
        return changes
    }

    static func words(_ programs: [String]) -> String {
        programs.isEmpty ? "chosen for the goal" : programs.joined(separator: ", ")
    }

    static func words(_ speed: Speed?) -> String {
        guard let speed else { return "the safety policy's" }
        return "\(ProgressionText.number(speed.metersPerSecond, digits: 2)) m/s"
    }
}

/// One version of a client's prescription: who, when, why, what, and the plan it made.
public struct CarePrescription: Hashable, Sendable, Codable {
    /// The client.
    public var clientId: UserID
    /// 1, 2, … per client.
    public var version: Int
    /// The professional.
    public var prescribedBy: UserID
    /// Their name at the time.
    public var prescriberName: String
    /// When.
    public var at: Date
    /// Why (1–500 characters).
    public var reason: String
    /// What.
    public var parameters: PrescriptionParameters
    /// The plan it generated.
    public var planId: PlanID

    /// Creates a version.
    public init(
        clientId: UserID, version: Int, prescribedBy: UserID, prescriberName: String, at: Date, reason: String,
        parameters: PrescriptionParameters, planId: PlanID
    ) {
        self.clientId = clientId
        self.version = version
        self.prescribedBy = prescribedBy
        self.prescriberName = prescriberName
        self.at = at
        self.reason = reason
        self.parameters = parameters
        self.planId = planId
    }
}

/// Prescription versions, stored with the plan each made in one transaction.
public protocol PrescriptionRepository: Sendable {
    /// Stores the plan as the client's current plan and the prescription as its next version, in one
    /// transaction; the version number is the next one (the given one is ignored) and is returned.
    func savePrescription(_ prescription: CarePrescription, plan: StoredPlan) async throws -> CarePrescription
    /// A client's prescription versions, newest first.
    func prescriptions(of clientId: UserID) async throws -> [CarePrescription]
}
