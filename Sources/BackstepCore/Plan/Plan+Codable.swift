import Foundation

/// JSON form of plans: unit-suffixed keys (`speedMps`, `gradePercent`, `durationSeconds`).

extension PlanWeek: Codable {
    enum CodingKeys: String, CodingKey {
        case number, stage, focus, isDeload, speedMps, speedCapMps, gradeCapPercent, handrail, sessions
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        number = try c.decode(Int.self, forKey: .number)
        stage = try c.decode(TrainingStage.self, forKey: .stage)
        focus = try c.decode(String.self, forKey: .focus)
        isDeload = try c.decode(Bool.self, forKey: .isDeload)
        speed = Speed(metersPerSecond: try c.decode(Double.self, forKey: .speedMps))
        speedCap = Speed(metersPerSecond: try c.decode(Double.self, forKey: .speedCapMps))
        gradeCap = Grade(percent: try c.decode(Double.self, forKey: .gradeCapPercent))
        handrail = try c.decode(HandrailLevel.self, forKey: .handrail)
        sessions = try c.decode([PlannedSession].self, forKey: .sessions)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(stage, forKey: .stage)
        try c.encode(focus, forKey: .focus)
        try c.encode(isDeload, forKey: .isDeload)
        try c.encode(speed.metersPerSecond, forKey: .speedMps)
        try c.encode(speedCap.metersPerSecond, forKey: .speedCapMps)
        try c.encode(gradeCap.percent, forKey: .gradeCapPercent)
        try c.encode(handrail, forKey: .handrail)
        try c.encode(sessions, forKey: .sessions)
    }
}

extension PlannedSession: Codable {
    enum CodingKeys: String, CodingKey { case week, day, date, programId, estimatedDurationSeconds, workout }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        week = try c.decode(Int.self, forKey: .week)
        day = try c.decode(Int.self, forKey: .day)
        date = try c.decodeIfPresent(Date.self, forKey: .date)
        programId = try c.decode(String.self, forKey: .programId)
        workout = try c.decode(Workout.self, forKey: .workout)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(week, forKey: .week)
        try c.encode(day, forKey: .day)
        try c.encodeIfPresent(date, forKey: .date)
        try c.encode(programId, forKey: .programId)
        try c.encode(estimatedSeconds, forKey: .estimatedDurationSeconds)
        try c.encode(workout, forKey: .workout)
    }
}

extension Program: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, name, summary, audience, trains, safetyNotes, evidence, sessionsPerWeek, requirements, parameters
    }

    struct SessionsPerWeek: Encodable {
        var min: Int
        var max: Int
    }

    struct Requirements: Encodable {
        var minimumStage: TrainingStage
        var excludedPopulations: [Population]
        var clinicianPrescribed: Bool
        var needsIncline: Bool
        var needsOutdoors: Bool
        var involvesRunning: Bool
    }

    struct Parameter: Encodable {
        var name: String
        var min: Int
        var max: Int
        var defaultValue: Int
        var unit: String
        var meaning: String
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(summary, forKey: .summary)
        try c.encode(audience, forKey: .audience)
        try c.encode(trains, forKey: .trains)
        try c.encode(safetyNotes, forKey: .safetyNotes)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(
            SessionsPerWeek(min: sessionsPerWeek.lowerBound, max: sessionsPerWeek.upperBound), forKey: .sessionsPerWeek)
        let r = requirements
        try c.encode(
            Requirements(
                minimumStage: r.minimumStage, excludedPopulations: r.excludedPopulations.sorted(),
                clinicianPrescribed: r.clinicianPrescribed, needsIncline: r.needsIncline,
                needsOutdoors: r.needsOutdoors,
                involvesRunning: r.involvesRunning), forKey: .requirements)
        try c.encode(
            parameters.map {
                Parameter(
                    name: $0.parameter.rawValue, min: $0.range.lowerBound, max: $0.range.upperBound,
                    defaultValue: $0.defaultValue, unit: $0.unit, meaning: $0.meaning)
            }, forKey: .parameters)
    }
}
