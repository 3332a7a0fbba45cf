import BackstepCore
import BackstepStorage
import Foundation

/// A session in the history (schema `SessionOverview`): the session with its summary and feedback, no samples.
struct SessionOverviewResponse: Codable, Sendable {
    var id: SessionID
    var userId: UserID
    var startedAt: Date
    var endedAt: Date?
    var programId: String?
    var status: SessionStatus
    var source: SessionSource
    var summary: SessionSummaryResponse?
    var averageBackwardSpeed: SpeedResponse?
    var feedback: FeedbackResponse?
    var prescription: PrescriptionResponse?

    init(_ overview: SessionOverview) {
        id = overview.id
        userId = overview.userId
        startedAt = overview.startedAt
        endedAt = overview.endedAt
        programId = overview.programId
        status = overview.status
        source = overview.source
        summary = overview.summary.map(SessionSummaryResponse.init)
        averageBackwardSpeed = overview.averageBackwardSpeed.map(SpeedResponse.init)
        feedback = overview.feedback.map(FeedbackResponse.init)
        prescription = overview.prescription.map(PrescriptionResponse.init)
    }
}

/// One session with its workout, samples and feedback (schema `PerformedSession`).
struct SessionResponse: Codable, Sendable {
    var id: SessionID
    var startedAt: Date
    var endedAt: Date?
    var programId: String?
    var workout: WorkoutResponse
    var status: SessionStatus
    var source: SessionSource
    var summary: SessionSummaryResponse?
    var samples: [SessionSampleResponse]
    var feedback: FeedbackResponse?

    init(_ session: PerformedSession) {
        id = session.id
        startedAt = session.startedAt
        endedAt = session.endedAt
        programId = session.programId
        workout = WorkoutResponse(session.workout)
        status = session.status
        source = session.source
        summary = session.summary.map(SessionSummaryResponse.init)
        samples = session.samples.map(SessionSampleResponse.init)
        feedback = session.feedback.map(FeedbackResponse.init)
    }
}

/// A session's totals (schema `SessionSummary`).
struct SessionSummaryResponse: Codable, Sendable {
    var elapsedSeconds: Double
    var activeSeconds: Double
    var backwardSeconds: Double
    var distanceMeters: Double
    var backwardDistanceMeters: Double
    var kcal: Double
    var forwardKcal: Double
    var stepsCompleted: Int
    var stepsTotal: Int
    var completed: Bool
    var stopReason: StopReason?

    init(_ summary: SessionSummary) {
        elapsedSeconds = summary.elapsedSeconds
        activeSeconds = summary.activeSeconds
        backwardSeconds = summary.backwardSeconds
        distanceMeters = summary.distance.meters
        backwardDistanceMeters = summary.backwardDistance.meters
        kcal = summary.kcal
        forwardKcal = summary.forwardKcal
        stepsCompleted = summary.stepsCompleted
        stepsTotal = summary.stepsTotal
        completed = summary.completed
        stopReason = summary.stopReason
    }
}

/// One once-a-second sample of a session (schema `SessionSample`).
struct SessionSampleResponse: Codable, Sendable {
    var sequence: Int
    var t: Double
    var segment: Int
    var direction: Direction?
    var gait: Gait?
    var targetSpeedMps: Double?
    var speedMps: Double?
    var targetGradePercent: Double?
    var gradePercent: Double?
    var distanceMeters: Double
    var heartRateBpm: Int?
    var met: Double
    var kcal: Double
    var forwardKcal: Double

    init(_ sample: SessionSample) {
        sequence = sample.sequence
        t = sample.t
        segment = sample.segment
        direction = sample.direction
        gait = sample.gait
        targetSpeedMps = sample.targetSpeed?.metersPerSecond
        speedMps = sample.speed?.metersPerSecond
        targetGradePercent = sample.targetGrade?.percent
        gradePercent = sample.grade?.percent
        distanceMeters = sample.distance.meters
        heartRateBpm = sample.heartRate
        met = sample.met
        kcal = sample.kcal
        forwardKcal = sample.forwardKcal
    }
}

/// What the person reported about a session (schema `SessionFeedback`); `rpe` and `rpeScale` only when an
/// exertion was given, `painNextMorning` once reported.
struct FeedbackResponse: Codable, Sendable {
    var date: Date
    var completed: Bool
    var rpe: Double?
    var rpeScale: ExertionScale?
    var painDuring: Int
    var painAfter: Int
    var painNextMorning: Int?
    var handrailUsed: HandrailLevel
    var lostBalance: Bool
    var nearFall: Bool
    var redFlags: [RedFlagSymptom]
    var notes: String

    init(_ feedback: SessionFeedback) {
        date = feedback.date
        completed = feedback.completed
        rpe = feedback.exertion?.value
        rpeScale = feedback.exertion?.scale
        painDuring = feedback.painDuring
        painAfter = feedback.painAfter
        painNextMorning = feedback.painNextMorning
        handrailUsed = feedback.handrailUsed
        lostBalance = feedback.lostBalance
        nearFall = feedback.nearFall
        redFlags = feedback.redFlags.sorted()
        notes = feedback.notes
    }
}

/// The body of `POST /sessions/{id}/feedback` (schema `Feedback`).
struct FeedbackRequest: Codable, Sendable {
    var rpe: Double?
    var painDuring: Int
    var painAfter: Int
    var handrailUsed: String?
    var nearFall: Bool?
    var notes: String?

    init(painDuring: Int, painAfter: Int) {
        self.painDuring = painDuring
        self.painAfter = painAfter
    }

    /// The feedback for `session` (its date and whether it was completed come from the session; the RPE is on the
    /// Borg scale; the handrail defaults to two hands).
    /// - Throws: `AppError` for an unknown `handrailUsed` or `notes` over 2000 characters (the pain and RPE ranges
    ///   are checked when the feedback is saved).
    func domainValue(for session: PerformedSession) throws -> SessionFeedback {
        guard let handrail = HandrailLevel(rawValue: handrailUsed ?? HandrailLevel.twoHands.rawValue) else {
            throw AppError.invalid("handrailUsed", "Expected one of \(HandrailLevel.allCases.map(\.rawValue)).")
        }
        if let notes, notes.count > 2000 {
            throw AppError.invalid("notes", "At most 2000 characters.")
        }
        return SessionFeedback(
            date: session.startedAt, completed: session.status == .completed, exertion: rpe.map { .borg($0) },
            painDuring: painDuring, painAfter: painAfter, handrailUsed: handrail, nearFall: nearFall ?? false,
            notes: notes ?? "")
    }
}

/// The body of `POST /sessions/{id}/morning-pain` (schema `MorningPain`).
struct MorningPainRequest: Codable, Sendable {
    var painNextMorning: Int
}
