import Foundation

/// What a person asks a plan for.
public struct PlanRequest: Hashable, Sendable {
    /// Who the plan is for.
    public var profile: Profile
    /// The goal (defaults to the profile's).
    public var goal: Goal
    /// Training days per week (1–7).
    public var daysPerWeek: Int
    /// Minutes available per session (5–120).
    public var minutesPerSession: Int
    /// Plan length in weeks (1–52).
    public var weeks: Int
    /// The latest screening, if any.
    public var screening: Screening?
    /// A clinician prescribed backward training (required for the stroke protocol).
    public var clinicianPrescribed: Bool
    /// Programs the person would like included when it is safe.
    public var preferredPrograms: [String]
    /// The first day of the plan, if dates are wanted.
    public var startDate: Date?
    /// The current time (for the screening's validity); injected, never read from a clock.
    public var now: Date?

    /// Accepted days per week.
    public static let daysRange = 1...7
    /// Accepted minutes per session.
    public static let minutesRange = 5...120
    /// Accepted plan lengths in weeks.
    public static let weeksRange = 1...52

    /// Creates a request.
    public init(
        profile: Profile, goal: Goal? = nil, daysPerWeek: Int = 3, minutesPerSession: Int = 20, weeks: Int = 8,
        screening: Screening? = nil, clinicianPrescribed: Bool = false, preferredPrograms: [String] = [],
        startDate: Date? = nil, now: Date? = nil
    ) {
        self.profile = profile
        self.goal = goal ?? profile.goal
        self.daysPerWeek = daysPerWeek
        self.minutesPerSession = minutesPerSession
        self.weeks = weeks
        self.screening = screening
        self.clinicianPrescribed = clinicianPrescribed
        self.preferredPrograms = preferredPrograms
        self.startDate = startDate
        self.now = now
    }

    /// Checks every field.
    /// - Throws: `InputError` naming the first bad field.
    public func validate() throws(InputError) {
        try profile.validate()
        try InputError.check("days", daysPerWeek, in: Self.daysRange, unit: "per week")
        try InputError.check("minutes", minutesPerSession, in: Self.minutesRange, unit: "min")
        try InputError.check("weeks", weeks, in: Self.weeksRange)
        for id in preferredPrograms { _ = try Catalog.program(id: id) }
    }
}

/// A multi-week plan.
public struct Plan: Hashable, Sendable, Codable {
    /// The goal planned for.
    public var goal: Goal
    /// The population whose rules applied.
    public var population: Population
    /// The screening clearance the plan obeys.
    public var clearance: Clearance
    /// Whether a clinician must approve the plan before it is used.
    public var requiresClinician: Bool
    /// The weeks.
    public var weeks: [PlanWeek]
    /// Adjustments, warnings and explanations, in the order they arose.
    public var diagnostics: [PlanDiagnostic]

    /// Every planned session, in order.
    public var sessions: [PlannedSession] { weeks.flatMap(\.sessions) }
}

/// One week of a plan.
public struct PlanWeek: Hashable, Sendable {
    /// Week number, from 1.
    public var number: Int
    /// The training stage that week.
    public var stage: TrainingStage
    /// What the week is about.
    public var focus: String
    /// Whether this is an easier (deload) week.
    public var isDeload: Bool
    /// The planned backward walking speed.
    public var speed: Speed
    /// The highest speed any session may use this week.
    public var speedCap: Speed
    /// The highest incline any session may use this week.
    public var gradeCap: Grade
    /// The handrail guidance.
    public var handrail: HandrailLevel
    /// The sessions.
    public var sessions: [PlannedSession]
}

/// One planned session.
public struct PlannedSession: Hashable, Sendable {
    /// Week number, from 1.
    public var week: Int
    /// Day of the plan's week, 1–7.
    public var day: Int
    /// The calendar date, when the plan has a start date.
    public var date: Date?
    /// The catalog program.
    public var programId: String
    /// The workout to do.
    public var workout: Workout
    /// The estimated duration.
    public var estimatedSeconds: Seconds { workout.estimatedSeconds }
}

/// An explanation the plan generator gives about what it did with a request.
public struct PlanDiagnostic: Hashable, Sendable, Codable {
    /// How much it matters.
    public var severity: Severity
    /// The request field it concerns, if any (e.g. `minutes`).
    public var field: String?
    /// What happened and why.
    public var message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, field: String? = nil, _ message: String) {
        self.severity = severity
        self.field = field
        self.message = message
    }

    /// Diagnostic severities.
    public enum Severity: String, Hashable, Sendable, Codable {
        /// Background the person should know.
        case info
        /// The request was changed to keep the plan safe.
        case adjusted
        /// Something the person must act on (see a professional, get a prescription).
        case warning
    }
}
