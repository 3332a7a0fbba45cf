import BackstepCore
import Foundation

/// What a user may do.
public enum UserRole: String, Hashable, Sendable, Codable, CaseIterable {
    /// Trains; owns profiles, plans and sessions.
    case athlete
    /// A coach or clinician: sees and guides the clients who linked to their practice (stored as `coach` in the
    /// database, the column's value since the first schema).
    case professional
    /// Administers the installation.
    case admin
}

/// A person known to Backstep.
public struct User: Hashable, Sendable, Codable, Identifiable {
    /// Stable identifier.
    public var id: UserID
    /// Display name, 1–200 characters.
    public var name: String
    /// What the user may do.
    public var role: UserRole
    /// When the user was created.
    public var createdAt: Date

    /// Creates a user.
    public init(id: UserID = UserID(), name: String, role: UserRole, createdAt: Date) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
    }

    /// Checks the name's length.
    /// - Throws: `InputError` for `name`.
    public func validate() throws(InputError) {
        try InputError.check("name", name.count, in: 1...200, unit: "characters")
    }
}

/// One version of a user's profile; the highest version is the current profile.
public struct ProfileVersion: Hashable, Sendable, Codable {
    /// The user.
    public var userId: UserID
    /// 1 for the first profile, one more for each edit.
    public var version: Int
    /// When this version was saved.
    public var recordedAt: Date
    /// The profile.
    public var profile: Profile

    /// Creates a profile version.
    public init(userId: UserID, version: Int, recordedAt: Date, profile: Profile) {
        self.userId = userId
        self.version = version
        self.recordedAt = recordedAt
        self.profile = profile
    }
}

/// A stored health screening.
public struct ScreeningRecord: Hashable, Sendable, Codable, Identifiable {
    /// Stable identifier.
    public var id: ScreeningID
    /// The user screened.
    public var userId: UserID
    /// The answers and their date.
    public var screening: Screening

    /// Creates a screening record.
    public init(id: ScreeningID = ScreeningID(), userId: UserID, screening: Screening) {
        self.id = id
        self.userId = userId
        self.screening = screening
    }
}

/// A stored plan; a user's most recently saved plan is the current one.
public struct StoredPlan: Hashable, Sendable, Codable, Identifiable {
    /// Stable identifier.
    public var id: PlanID
    /// The user the plan is for.
    public var userId: UserID
    /// When the plan was saved.
    public var createdAt: Date
    /// The plan's first day, when it has dates.
    public var startDate: Date?
    /// The plan with its weeks and planned sessions.
    public var plan: Plan

    /// Creates a stored plan.
    public init(id: PlanID = PlanID(), userId: UserID, createdAt: Date, startDate: Date? = nil, plan: Plan) {
        self.id = id
        self.userId = userId
        self.createdAt = createdAt
        self.startDate = startDate
        self.plan = plan
    }
}

/// Kinds of assessment (domain brief §8).
public enum AssessmentKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// The 3-metre backward walk test: a time in seconds.
    case threeMetreBackwardWalk = "three-metre-backward-walk"
    /// Backward walking speed measured overground: a speed.
    case backwardWalkingSpeed = "backward-walking-speed"
    /// The comfortable backward treadmill speed, hands-free at 0 % grade: a speed.
    case comfortableBackwardSpeed = "comfortable-backward-speed"
}

/// A stored assessment result.
public struct AssessmentRecord: Hashable, Sendable, Codable, Identifiable {
    /// Stable identifier.
    public var id: AssessmentID
    /// The user assessed.
    public var userId: UserID
    /// When the assessment was taken.
    public var takenAt: Date
    /// Which assessment.
    public var kind: AssessmentKind
    /// The time, for the 3-metre backward walk test (0–600 s).
    public var seconds: Seconds?
    /// The speed, for the speed assessments.
    public var speed: Speed?
    /// The population used to interpret the 3MBWT.
    public var population: BackwardWalkTestPopulation?
    /// Free-text notes.
    public var notes: String

    /// Creates an assessment record.
    public init(
        id: AssessmentID = AssessmentID(), userId: UserID, takenAt: Date, kind: AssessmentKind, seconds: Seconds? = nil,
        speed: Speed? = nil, population: BackwardWalkTestPopulation? = nil, notes: String = ""
    ) {
        self.id = id
        self.userId = userId
        self.takenAt = takenAt
        self.kind = kind
        self.seconds = seconds
        self.speed = speed
        self.population = population
        self.notes = notes
    }

    /// Accepted test times, in seconds.
    public static let secondsRange = 0.1...600.0

    /// Checks that the value the kind needs is present and in range.
    /// - Throws: `InputError` for `seconds` or `speed`.
    public func validate() throws(InputError) {
        switch kind {
        case .threeMetreBackwardWalk:
            guard let seconds else { throw InputError(field: "seconds", problem: "required for \(kind.rawValue)") }
            try InputError.check("seconds", seconds, in: Self.secondsRange, unit: "s")
        case .backwardWalkingSpeed, .comfortableBackwardSpeed:
            guard let speed else { throw InputError(field: "speed", problem: "required for \(kind.rawValue)") }
            try InputError.check("speed", speed.metersPerSecond, in: Profile.speedRange, unit: "m/s")
        }
    }
}

/// A coach–client link: the coach may watch the client's adherence.
public struct CoachClientLink: Hashable, Sendable, Codable {
    /// The coach.
    public var coachId: UserID
    /// The client (an athlete).
    public var clientId: UserID
    /// When the link was made.
    public var createdAt: Date

    /// Creates a link.
    public init(coachId: UserID, clientId: UserID, createdAt: Date) {
        self.coachId = coachId
        self.clientId = clientId
        self.createdAt = createdAt
    }
}

/// One engine output as stored: its per-session sequence number, session time, type and JSON form.
public struct StoredSessionEvent: Hashable, Sendable, Codable {
    /// Sequence number within the session, from 0; a retry with the same number stores nothing.
    public var sequence: Int
    /// Session time in seconds.
    public var t: Seconds
    /// The JSON `type` (e.g. `segmentStart`, `command`, `stop`).
    public var type: String
    /// The output as one JSON object (`SessionOutput`'s JSON-lines form).
    public var json: String

    /// Creates a stored event.
    public init(sequence: Int, t: Seconds, type: String, json: String) {
        self.sequence = sequence
        self.t = t
        self.type = type
        self.json = json
    }

    /// Encodes an engine output in its JSON-lines form.
    /// - Throws: `EncodingError` if the output cannot be encoded.
    public init(sequence: Int, output: SessionOutput) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(output), as: UTF8.self)
        let type: String
        switch output.kind {
        case .command: type = "command"
        case .event:
            struct TypeOnly: Decodable { var type: String }
            type = (try? JSONDecoder().decode(TypeOnly.self, from: Data(text.utf8)).type) ?? "event"
        }
        self.init(sequence: sequence, t: output.t, type: type, json: text)
    }
}

/// A session as history and statistics read it: the session row with its summary and feedback, no samples.
public struct SessionOverview: Hashable, Sendable, Codable, Identifiable {
    /// The session's identifier.
    public var id: SessionID
    /// The user who did it.
    public var userId: UserID
    /// When it started.
    public var startedAt: Date
    /// When it ended.
    public var endedAt: Date?
    /// The catalog program.
    public var programId: String?
    /// Where it stands.
    public var status: SessionStatus
    /// Where the record came from.
    public var source: SessionSource
    /// The totals (nil while in progress).
    public var summary: SessionSummary?
    /// Average backward speed: backward distance over backward time.
    public var averageBackwardSpeed: Speed?
    /// What the person reported, if anything.
    public var feedback: SessionFeedback?
    /// The prescription the session was done at, when known.
    public var prescription: Prescription?

    /// Creates an overview.
    public init(
        id: SessionID, userId: UserID, startedAt: Date, endedAt: Date? = nil, programId: String? = nil,
        status: SessionStatus, source: SessionSource, summary: SessionSummary? = nil,
        averageBackwardSpeed: Speed? = nil, feedback: SessionFeedback? = nil, prescription: Prescription? = nil
    ) {
        self.id = id
        self.userId = userId
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.programId = programId
        self.status = status
        self.source = source
        self.summary = summary
        self.averageBackwardSpeed = averageBackwardSpeed
        self.feedback = feedback
        self.prescription = prescription
    }
}
