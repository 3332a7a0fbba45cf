/// How a session runs: the workout, the person's safety policy and body, the treadmill, and timings.
public struct SessionConfiguration: Hashable, Sendable {
    /// The workout.
    public var workout: Workout
    /// The person's caps.
    public var policy: SafetyPolicy
    /// The treadmill, if one is connected; nil or not controllable means manual mode.
    public var treadmill: TreadmillCapabilities?
    /// Body mass, for energy.
    public var mass: Mass
    /// Weeks of backward-walking practice, for energy (nil: practised).
    public var practiceWeeks: Double?
    /// Handrail use, for energy reliability.
    public var handrail: HandrailLevel?
    /// Speeds for effort targets (from the person's history); missing efforts start at 1.0 mph.
    public var effortSpeeds: [Effort: Speed]
    /// Countdown before every start and step change (3-2-1).
    public var countdownSeconds: Int
    /// How long before a step change it is announced.
    public var announceLeadSeconds: Seconds
    /// Seconds between ramp steps.
    public var rampIntervalSeconds: Seconds
    /// Seconds between technique cues within a step.
    public var cueIntervalSeconds: Seconds
    /// Without a treadmill reading for this long while the belt runs, the link counts as lost.
    public var readingTimeoutSeconds: Seconds
    /// A measured speed this far from the commanded one is a mismatch.
    public var mismatchTolerance: Speed
    /// A mismatch lasting this long pauses the session.
    public var mismatchGraceSeconds: Seconds

    /// Creates a configuration.
    public init(
        workout: Workout, policy: SafetyPolicy, treadmill: TreadmillCapabilities? = nil, mass: Mass,
        practiceWeeks: Double? = nil, handrail: HandrailLevel? = nil, effortSpeeds: [Effort: Speed] = [:],
        countdownSeconds: Int = 3, announceLeadSeconds: Seconds = 10, rampIntervalSeconds: Seconds = 1,
        cueIntervalSeconds: Seconds = 45, readingTimeoutSeconds: Seconds = 3,
        mismatchTolerance: Speed = .metersPerSecond(0.5), mismatchGraceSeconds: Seconds = 5
    ) {
        self.workout = workout
        self.policy = policy
        self.treadmill = treadmill
        self.mass = mass
        self.practiceWeeks = practiceWeeks
        self.handrail = handrail
        self.effortSpeeds = effortSpeeds
        self.countdownSeconds = max(1, countdownSeconds)
        self.announceLeadSeconds = announceLeadSeconds
        self.rampIntervalSeconds = rampIntervalSeconds
        self.cueIntervalSeconds = cueIntervalSeconds
        self.readingTimeoutSeconds = readingTimeoutSeconds
        self.mismatchTolerance = mismatchTolerance
        self.mismatchGraceSeconds = mismatchGraceSeconds
    }
}

/// JSON form of a configuration, part of a session checkpoint. Keys carry their unit; decoding checks every
/// value that the safety envelope depends on (caps, machine limits, timings) and names the offending field.
extension SessionConfiguration: Codable {
    enum CodingKeys: String, CodingKey {
        case workout, policy, treadmill, massKg, practiceWeeks, handrail, effortSpeedsMps, countdownSeconds
        case announceLeadSeconds, rampIntervalSeconds, cueIntervalSeconds, readingTimeoutSeconds
        case mismatchToleranceMps, mismatchGraceSeconds
    }

    enum PolicyKeys: String, CodingKey { case population, stage, personalCapMps, machineMaximumMps, clearance }

    enum TreadmillKeys: String, CodingKey {
        case minimumSpeedMps, maximumSpeedMps, speedIncrementMps, minimumGradePercent, maximumGradePercent
        case controllable
    }

    /// Creates a configuration from its checkpoint JSON.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let workout = try c.decode(Workout.self, forKey: .workout)

        let p = try c.nestedContainer(keyedBy: PolicyKeys.self, forKey: .policy)
        let policy = SafetyPolicy(
            population: try p.decode(Population.self, forKey: .population),
            stage: try p.decode(TrainingStage.self, forKey: .stage),
            personalCap: try Self.speed(p, .personalCapMps),
            machineMaximum: try Self.speed(p, .machineMaximumMps),
            clearance: try p.decode(Clearance.self, forKey: .clearance))

        var treadmill: TreadmillCapabilities?
        if c.contains(.treadmill), try !c.decodeNil(forKey: .treadmill) {
            let m = try c.nestedContainer(keyedBy: TreadmillKeys.self, forKey: .treadmill)
            func required(_ key: TreadmillKeys) throws -> Speed {
                guard let speed = try Self.speed(m, key) else {
                    throw DecodingError.keyNotFound(
                        key, .init(codingPath: m.codingPath, debugDescription: "the treadmill needs \(key.stringValue)")
                    )
                }
                return speed
            }
            let minimum = try required(.minimumSpeedMps)
            let maximum = try required(.maximumSpeedMps)
            guard minimum <= maximum else {
                throw DecodingError.dataCorruptedError(
                    forKey: .maximumSpeedMps, in: m,
                    debugDescription: "the machine's maximum speed is below its minimum")
            }
            let lowGrade = try Self.grade(m, .minimumGradePercent)
            let highGrade = try Self.grade(m, .maximumGradePercent)
            guard lowGrade <= highGrade else {
                throw DecodingError.dataCorruptedError(
                    forKey: .maximumGradePercent, in: m,
                    debugDescription: "the machine's maximum incline is below its minimum")
            }
            treadmill = TreadmillCapabilities(
                minimumSpeed: minimum, maximumSpeed: maximum, speedIncrement: try required(.speedIncrementMps),
                minimumGrade: lowGrade, maximumGrade: highGrade,
                controllable: try m.decode(Bool.self, forKey: .controllable))
        }

        let mass = try c.decode(Double.self, forKey: .massKg)
        guard mass.isFinite, mass > 0, mass <= 500 else {
            throw DecodingError.dataCorruptedError(
                forKey: .massKg, in: c, debugDescription: "\(mass) is out of range, allowed 0–500 kg")
        }
        let practiceWeeks = try c.decodeIfPresent(Double.self, forKey: .practiceWeeks)
        if let practiceWeeks, !practiceWeeks.isFinite || practiceWeeks < 0 {
            throw DecodingError.dataCorruptedError(
                forKey: .practiceWeeks, in: c, debugDescription: "\(practiceWeeks) weeks of practice is not valid")
        }
        var effortSpeeds: [Effort: Speed] = [:]
        let rawEfforts = try c.decode([String: Double].self, forKey: .effortSpeedsMps)
        for (name, value) in rawEfforts {
            guard let effort = Effort(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .effortSpeedsMps, in: c, debugDescription: "unknown effort '\(name)'")
            }
            guard value.isFinite, value >= 0, value <= InputLimits.maximumSpeed.metersPerSecond else {
                throw DecodingError.dataCorruptedError(
                    forKey: .effortSpeedsMps, in: c,
                    debugDescription: "\(value) m/s for '\(name)' is out of range, allowed 0–8.333 m/s (30 km/h)")
            }
            effortSpeeds[effort] = .metersPerSecond(value)
        }
        let countdown = try c.decode(Int.self, forKey: .countdownSeconds)
        guard (1...60).contains(countdown) else {
            throw DecodingError.dataCorruptedError(
                forKey: .countdownSeconds, in: c, debugDescription: "\(countdown) is out of range, allowed 1–60 s")
        }
        func seconds(_ key: CodingKeys, positive: Bool) throws -> Seconds {
            let value = try c.decode(Double.self, forKey: key)
            guard value.isFinite, positive ? value > 0 : value >= 0, value <= 3600 else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c,
                    debugDescription: "\(value) is out of range, allowed \(positive ? "above 0" : "0")–3600 s")
            }
            return value
        }
        let tolerance = try c.decode(Double.self, forKey: .mismatchToleranceMps)
        guard tolerance.isFinite, tolerance >= 0, tolerance <= InputLimits.maximumSpeed.metersPerSecond else {
            throw DecodingError.dataCorruptedError(
                forKey: .mismatchToleranceMps, in: c, debugDescription: "\(tolerance) m/s is not a valid tolerance")
        }
        self.init(
            workout: workout, policy: policy, treadmill: treadmill, mass: Mass(kilograms: mass),
            practiceWeeks: practiceWeeks, handrail: try c.decodeIfPresent(HandrailLevel.self, forKey: .handrail),
            effortSpeeds: effortSpeeds, countdownSeconds: countdown,
            announceLeadSeconds: try seconds(.announceLeadSeconds, positive: false),
            rampIntervalSeconds: try seconds(.rampIntervalSeconds, positive: true),
            cueIntervalSeconds: try seconds(.cueIntervalSeconds, positive: true),
            readingTimeoutSeconds: try seconds(.readingTimeoutSeconds, positive: true),
            mismatchTolerance: .metersPerSecond(tolerance),
            mismatchGraceSeconds: try seconds(.mismatchGraceSeconds, positive: false))
    }

    static func speed<Key: CodingKey>(_ c: KeyedDecodingContainer<Key>, _ key: Key) throws -> Speed? {
        guard let value = try c.decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard value.isFinite, value >= 0, value <= InputLimits.maximumSpeed.metersPerSecond else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "\(value) is out of range, allowed 0–8.333 m/s (30 km/h)")
        }
        return .metersPerSecond(value)
    }

    static func grade<Key: CodingKey>(_ c: KeyedDecodingContainer<Key>, _ key: Key) throws -> Grade {
        let value = try c.decode(Double.self, forKey: key)
        guard value.isFinite, InputLimits.gradeRange.contains(value) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "\(value) is out of range, allowed −5–40 %")
        }
        return .percent(value)
    }

    /// Writes the configuration's checkpoint JSON.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(workout, forKey: .workout)
        var p = c.nestedContainer(keyedBy: PolicyKeys.self, forKey: .policy)
        try p.encode(policy.population, forKey: .population)
        try p.encode(policy.stage, forKey: .stage)
        try p.encodeIfPresent(policy.personalCap?.metersPerSecond, forKey: .personalCapMps)
        try p.encodeIfPresent(policy.machineMaximum?.metersPerSecond, forKey: .machineMaximumMps)
        try p.encode(policy.clearance, forKey: .clearance)
        if let treadmill {
            var m = c.nestedContainer(keyedBy: TreadmillKeys.self, forKey: .treadmill)
            try m.encode(treadmill.minimumSpeed.metersPerSecond, forKey: .minimumSpeedMps)
            try m.encode(treadmill.maximumSpeed.metersPerSecond, forKey: .maximumSpeedMps)
            try m.encode(treadmill.speedIncrement.metersPerSecond, forKey: .speedIncrementMps)
            try m.encode(treadmill.minimumGrade.percent, forKey: .minimumGradePercent)
            try m.encode(treadmill.maximumGrade.percent, forKey: .maximumGradePercent)
            try m.encode(treadmill.controllable, forKey: .controllable)
        } else {
            try c.encodeNil(forKey: .treadmill)
        }
        try c.encode(mass.kilograms, forKey: .massKg)
        try c.encodeIfPresent(practiceWeeks, forKey: .practiceWeeks)
        try c.encodeIfPresent(handrail, forKey: .handrail)
        try c.encode(
            Dictionary(uniqueKeysWithValues: effortSpeeds.map { ($0.key.rawValue, $0.value.metersPerSecond) }),
            forKey: .effortSpeedsMps)
        try c.encode(countdownSeconds, forKey: .countdownSeconds)
        try c.encode(announceLeadSeconds, forKey: .announceLeadSeconds)
        try c.encode(rampIntervalSeconds, forKey: .rampIntervalSeconds)
        try c.encode(cueIntervalSeconds, forKey: .cueIntervalSeconds)
        try c.encode(readingTimeoutSeconds, forKey: .readingTimeoutSeconds)
        try c.encode(mismatchTolerance.metersPerSecond, forKey: .mismatchToleranceMps)
        try c.encode(mismatchGraceSeconds, forKey: .mismatchGraceSeconds)
    }
}
