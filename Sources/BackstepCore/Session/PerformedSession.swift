import Foundation

/// A session as it happened: the record storage keeps, history and statistics read, and exports write.
public struct PerformedSession: Hashable, Sendable, Identifiable {
    /// Stable identifier.
    public var id: SessionID
    /// When the session started (the first belt start or the manual start).
    public var startedAt: Date
    /// When it ended; nil while it is running.
    public var endedAt: Date?
    /// The catalog program, if the workout came from one.
    public var programId: String?
    /// The workout that was run.
    public var workout: Workout
    /// Where it stands.
    public var status: SessionStatus
    /// Where the record came from.
    public var source: SessionSource
    /// The totals, once known.
    public var summary: SessionSummary?
    /// The once-a-second samples, in sequence order.
    public var samples: [SessionSample]
    /// What the person reported afterwards.
    public var feedback: SessionFeedback?

    /// Creates a record.
    public init(
        id: SessionID = SessionID(), startedAt: Date, endedAt: Date? = nil, programId: String? = nil, workout: Workout,
        status: SessionStatus, source: SessionSource, summary: SessionSummary? = nil, samples: [SessionSample] = [],
        feedback: SessionFeedback? = nil
    ) {
        self.id = id
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.programId = programId
        self.workout = workout
        self.status = status
        self.source = source
        self.summary = summary
        self.samples = samples
        self.feedback = feedback
    }
}

/// Where a session stands.
public enum SessionStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Running now (samples are being written).
    case inProgress = "in-progress"
    /// Done to the end.
    case completed
    /// Ended early by a stop (the summary says why).
    case stopped
    /// The app or machine went away mid-session; closed with what it had.
    case interrupted
}

/// Where a session record came from.
public enum SessionSource: String, Hashable, Sendable, Codable, CaseIterable {
    /// A live session with a controlled treadmill.
    case live
    /// A live session in manual mode (targets shown, set by hand).
    case manual
    /// A live session on the simulated treadmill.
    case simulated
    /// Entered afterwards with `backstep log` or the web form.
    case logged
    /// Imported from a FIT file.
    case fit
    /// Imported from a TCX file.
    case tcx
    /// Imported from a CSV file.
    case csv
}

extension PerformedSession: Codable {
    enum CodingKeys: String, CodingKey {
        case id, startedAt, endedAt, programId, workout, status, source, summary, samples, feedback
    }
}

extension SessionSample: Codable {
    enum CodingKeys: String, CodingKey {
        case sequence, t, segment, direction, gait, targetSpeedMps, speedMps, targetGradePercent, gradePercent
        case distanceMeters, heartRateBpm, met, kcal, forwardKcal
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sequence: try c.decode(Int.self, forKey: .sequence), t: try c.decode(Double.self, forKey: .t),
            segment: try c.decodeIfPresent(Int.self, forKey: .segment) ?? 0,
            direction: try c.decodeIfPresent(Direction.self, forKey: .direction),
            gait: try c.decodeIfPresent(Gait.self, forKey: .gait),
            targetSpeed: try c.decodeIfPresent(Double.self, forKey: .targetSpeedMps).map(Speed.init(metersPerSecond:)),
            speed: try c.decodeIfPresent(Double.self, forKey: .speedMps).map(Speed.init(metersPerSecond:)),
            targetGrade: try c.decodeIfPresent(Double.self, forKey: .targetGradePercent).map(Grade.init(percent:)),
            grade: try c.decodeIfPresent(Double.self, forKey: .gradePercent).map(Grade.init(percent:)),
            distance: Distance(meters: try c.decodeIfPresent(Double.self, forKey: .distanceMeters) ?? 0),
            heartRate: try c.decodeIfPresent(Int.self, forKey: .heartRateBpm),
            met: try c.decodeIfPresent(Double.self, forKey: .met) ?? 0,
            kcal: try c.decodeIfPresent(Double.self, forKey: .kcal) ?? 0,
            forwardKcal: try c.decodeIfPresent(Double.self, forKey: .forwardKcal) ?? 0)
        guard sequence >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .sequence, in: c, debugDescription: "must not be negative")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(t, forKey: .t)
        try c.encode(segment, forKey: .segment)
        try c.encodeIfPresent(direction, forKey: .direction)
        try c.encodeIfPresent(gait, forKey: .gait)
        try c.encodeIfPresent(targetSpeed?.metersPerSecond, forKey: .targetSpeedMps)
        try c.encodeIfPresent(speed?.metersPerSecond, forKey: .speedMps)
        try c.encodeIfPresent(targetGrade?.percent, forKey: .targetGradePercent)
        try c.encodeIfPresent(grade?.percent, forKey: .gradePercent)
        try c.encode(distance.meters, forKey: .distanceMeters)
        try c.encodeIfPresent(heartRate, forKey: .heartRateBpm)
        try c.encode(met, forKey: .met)
        try c.encode(kcal, forKey: .kcal)
        try c.encode(forwardKcal, forKey: .forwardKcal)
    }
}
