import BackstepCore
import BackstepStorage
import Foundation

/// The body of `POST /plan` (schema `PlanRequest`): every key optional.
struct GeneratePlanRequest: Codable, Sendable {
    /// What to generate the plan with, the defaults filled in (ranges are checked by the plan generator).
    struct Options: Sendable, Equatable {
        var daysPerWeek: Int
        var minutesPerSession: Int
        var weeks: Int
    }

    var daysPerWeek: Int?
    var minutesPerSession: Int?
    var weeks: Int?

    /// The options: 3 days a week, 20-minute sessions and 8 weeks unless given.
    func domainValue() -> Options {
        Options(daysPerWeek: daysPerWeek ?? 3, minutesPerSession: minutesPerSession ?? 20, weeks: weeks ?? 8)
    }
}

/// A stored plan as the API shows it (schema `StoredPlan`).
struct PlanResponse: Codable, Sendable {
    var id: PlanID
    var userId: UserID
    var createdAt: Date
    var startDate: Date?
    var plan: PlanContentResponse

    init(_ stored: StoredPlan) {
        id = stored.id
        userId = stored.userId
        createdAt = stored.createdAt
        startDate = stored.startDate
        plan = PlanContentResponse(stored.plan)
    }
}

/// The plan itself (schema `Plan`): its weeks and the generator's diagnostics.
struct PlanContentResponse: Codable, Sendable {
    var goal: Goal
    var population: Population
    var clearance: Clearance
    var requiresClinician: Bool
    var weeks: [PlanWeekResponse]
    var diagnostics: [PlanDiagnosticResponse]

    init(_ plan: Plan) {
        goal = plan.goal
        population = plan.population
        clearance = plan.clearance
        requiresClinician = plan.requiresClinician
        weeks = plan.weeks.map(PlanWeekResponse.init)
        diagnostics = plan.diagnostics.map(PlanDiagnosticResponse.init)
    }
}

/// One week of a plan (schema `PlanWeek`).
struct PlanWeekResponse: Codable, Sendable {
    var number: Int
    var stage: TrainingStage
    var focus: String
    var isDeload: Bool
    var speedMps: Double
    var speedCapMps: Double
    var gradeCapPercent: Double
    var handrail: HandrailLevel
    var sessions: [PlannedSessionResponse]

    init(_ week: PlanWeek) {
        number = week.number
        stage = week.stage
        focus = week.focus
        isDeload = week.isDeload
        speedMps = week.speed.metersPerSecond
        speedCapMps = week.speedCap.metersPerSecond
        gradeCapPercent = week.gradeCap.percent
        handrail = week.handrail
        sessions = week.sessions.map(PlannedSessionResponse.init)
    }
}

/// One planned session (schema `PlannedSession`).
struct PlannedSessionResponse: Codable, Sendable {
    var week: Int
    var day: Int
    var date: Date?
    var programId: String
    var estimatedDurationSeconds: Double
    var workout: WorkoutResponse

    init(_ session: PlannedSession) {
        week = session.week
        day = session.day
        date = session.date
        programId = session.programId
        estimatedDurationSeconds = session.estimatedSeconds
        workout = WorkoutResponse(session.workout)
    }
}

/// What the plan generator said about the request.
struct PlanDiagnosticResponse: Codable, Sendable {
    var severity: String
    var field: String?
    var message: String

    init(severity: String, field: String? = nil, message: String) {
        self.severity = severity
        self.field = field
        self.message = message
    }

    init(_ diagnostic: PlanDiagnostic) {
        self.init(severity: diagnostic.severity.rawValue, field: diagnostic.field, message: diagnostic.message)
    }
}

/// The next planned session with the latest progression decision applied (schema `Next`); both keys are left
/// out when there is nothing.
struct NextResponse: Codable, Sendable {
    /// The planned session and the workout and dose it comes to.
    struct Planned: Codable, Sendable {
        var week: Int
        var day: Int
        var date: Date?
        var programId: String
        var workout: WorkoutResponse
        var prescription: PrescriptionResponse

        init(week: PlanWeek, session: PlannedSession, workout: Workout, prescription: Prescription) {
            self.week = week.number
            day = session.day
            date = session.date
            programId = session.programId
            self.workout = WorkoutResponse(workout)
            self.prescription = PrescriptionResponse(prescription)
        }
    }

    var session: Planned?
    var decision: ProgressionDecisionResponse?

    init(session: Planned?, decision: ProgressionDecision?) {
        self.session = session
        self.decision = decision.map(ProgressionDecisionResponse.init)
    }
}
