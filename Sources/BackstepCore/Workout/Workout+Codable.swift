/// JSON form of workouts. Keys carry their unit (`speedMps`, `gradePercent`, `durationSeconds`,
/// `distanceMeters`); alternatives carry a `type` or `kind` discriminator. Decoding checks ranges and
/// reports the offending field.

extension Workout: Codable {
    enum CodingKeys: String, CodingKey { case name, summary, items }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        summary = try c.decodeIfPresent(String.self, forKey: .summary) ?? ""
        items = try c.decode([WorkoutItem].self, forKey: .items)
        guard !items.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: .items, in: c, debugDescription: "a workout needs at least one step")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(summary, forKey: .summary)
        try c.encode(items, forKey: .items)
    }
}

extension WorkoutItem: Codable {
    enum CodingKeys: String, CodingKey { case type, count, steps }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "step":
            self = .step(try Step(from: decoder))
        case "repeat":
            let count = try c.decode(Int.self, forKey: .count)
            guard (1...100).contains(count) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .count, in: c, debugDescription: "\(count) is out of range, allowed 1–100")
            }
            let steps = try c.decode([Step].self, forKey: .steps)
            guard !steps.isEmpty else {
                throw DecodingError.dataCorruptedError(
                    forKey: .steps, in: c, debugDescription: "a repeat block needs at least one step")
            }
            self = .repeats(RepeatBlock(count: count, steps: steps))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown item type '\(type)', expected step or repeat")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .step(let step):
            try c.encode("step", forKey: .type)
            try step.encode(to: encoder)
        case .repeats(let block):
            try c.encode("repeat", forKey: .type)
            try c.encode(block.count, forKey: .count)
            try c.encode(block.steps, forKey: .steps)
        }
    }
}

extension Step: Codable {
    enum CodingKeys: String, CodingKey { case name, activity, goal, cues, note }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        activity = try c.decode(Activity.self, forKey: .activity)
        goal = try c.decode(StepGoal.self, forKey: .goal)
        cues = try c.decodeIfPresent([TechniqueCue].self, forKey: .cues) ?? []
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(activity, forKey: .activity)
        try c.encode(goal, forKey: .goal)
        try c.encode(cues, forKey: .cues)
        try c.encodeIfPresent(note, forKey: .note)
    }
}

extension Activity: Codable {
    enum CodingKeys: String, CodingKey {
        case kind, direction, gait, surface, speed, gradePercent, handrail, rest, speedMps, exercise, load
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "locomotion":
            let grade = try c.decodeIfPresent(Double.self, forKey: .gradePercent) ?? 0
            guard grade.isFinite, InputLimits.gradeRange.contains(grade) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .gradePercent, in: c, debugDescription: "\(grade) is out of range, allowed −5–40 %")
            }
            self = .locomotion(
                Locomotion(
                    direction: try c.decode(Direction.self, forKey: .direction),
                    gait: try c.decodeIfPresent(Gait.self, forKey: .gait) ?? .walk,
                    surface: try c.decodeIfPresent(Surface.self, forKey: .surface) ?? .treadmill,
                    speed: try c.decode(SpeedTarget.self, forKey: .speed),
                    grade: Grade(percent: grade),
                    handrail: try c.decodeIfPresent(HandrailLevel.self, forKey: .handrail) ?? .twoHands))
        case "rest":
            let speed = try c.decodeIfPresent(Double.self, forKey: .speedMps)
            if let speed { try Self.checkSpeed(speed, key: .speedMps, in: c) }
            self = .rest(
                Rest(kind: try c.decode(RestKind.self, forKey: .rest), speed: speed.map(Speed.init(metersPerSecond:))))
        case "strength":
            self = .strength(
                StrengthWork(
                    exercise: try c.decode(Exercise.self, forKey: .exercise),
                    load: try c.decodeIfPresent(String.self, forKey: .load)))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c,
                debugDescription: "unknown activity kind '\(kind)', expected locomotion, rest or strength")
        }
    }

    static func checkSpeed(_ value: Double, key: CodingKeys, in c: KeyedDecodingContainer<CodingKeys>) throws {
        guard value.isFinite, value >= 0, value <= InputLimits.maximumSpeed.metersPerSecond else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "\(value) is out of range, allowed 0–8.333 m/s (30 km/h)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .locomotion(let motion):
            try c.encode("locomotion", forKey: .kind)
            try c.encode(motion.direction, forKey: .direction)
            try c.encode(motion.gait, forKey: .gait)
            try c.encode(motion.surface, forKey: .surface)
            try c.encode(motion.speed, forKey: .speed)
            try c.encode(motion.grade.percent, forKey: .gradePercent)
            try c.encode(motion.handrail, forKey: .handrail)
        case .rest(let rest):
            try c.encode("rest", forKey: .kind)
            try c.encode(rest.kind, forKey: .rest)
            try c.encodeIfPresent(rest.speed?.metersPerSecond, forKey: .speedMps)
        case .strength(let work):
            try c.encode("strength", forKey: .kind)
            try c.encode(work.exercise, forKey: .exercise)
            try c.encodeIfPresent(work.load, forKey: .load)
        }
    }
}

extension SpeedTarget: Codable {
    enum CodingKeys: String, CodingKey { case kind, speedMps, minSpeedMps, maxSpeedMps, effort }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        func speed(_ key: CodingKeys) throws -> Speed {
            let value = try c.decode(Double.self, forKey: key)
            guard value.isFinite, value >= 0, value <= InputLimits.maximumSpeed.metersPerSecond else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: "\(value) is out of range, allowed 0–8.333 m/s (30 km/h)")
            }
            return Speed(metersPerSecond: value)
        }
        switch kind {
        case "fixed":
            self = .fixed(try speed(.speedMps))
        case "range":
            let lower = try speed(.minSpeedMps)
            let upper = try speed(.maxSpeedMps)
            guard lower <= upper else {
                throw DecodingError.dataCorruptedError(
                    forKey: .maxSpeedMps, in: c, debugDescription: "maxSpeedMps must not be below minSpeedMps")
            }
            self = .range(lower, upper)
        case "effort":
            self = .effort(try c.decode(Effort.self, forKey: .effort))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c, debugDescription: "unknown speed kind '\(kind)', expected fixed, range or effort")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .fixed(let speed):
            try c.encode("fixed", forKey: .kind)
            try c.encode(speed.metersPerSecond, forKey: .speedMps)
        case .range(let lower, let upper):
            try c.encode("range", forKey: .kind)
            try c.encode(lower.metersPerSecond, forKey: .minSpeedMps)
            try c.encode(upper.metersPerSecond, forKey: .maxSpeedMps)
        case .effort(let effort):
            try c.encode("effort", forKey: .kind)
            try c.encode(effort, forKey: .effort)
        }
    }
}

extension StepGoal: Codable {
    enum CodingKeys: String, CodingKey { case kind, durationSeconds, distanceMeters, reps }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "time":
            let seconds = try c.decode(Double.self, forKey: .durationSeconds)
            guard seconds.isFinite, seconds > 0, seconds <= 4 * 3600 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .durationSeconds, in: c, debugDescription: "\(seconds) is out of range, allowed 0–14400 s")
            }
            self = .time(seconds)
        case "distance":
            let meters = try c.decode(Double.self, forKey: .distanceMeters)
            guard meters.isFinite, meters > 0, meters <= 100_000 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .distanceMeters, in: c, debugDescription: "\(meters) is out of range, allowed 0–100000 m")
            }
            self = .distance(Distance(meters: meters))
        case "reps", "reps-for-time":
            let reps = try c.decode(Int.self, forKey: .reps)
            guard (1...1000).contains(reps) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .reps, in: c, debugDescription: "\(reps) is out of range, allowed 1–1000")
            }
            self = kind == "reps" ? .reps(reps) : .repsForTime(reps)
        case "open":
            self = .open
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c,
                debugDescription: "unknown goal kind '\(kind)', expected time, distance, reps, reps-for-time or open")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .time(let seconds):
            try c.encode("time", forKey: .kind)
            try c.encode(seconds, forKey: .durationSeconds)
        case .distance(let distance):
            try c.encode("distance", forKey: .kind)
            try c.encode(distance.meters, forKey: .distanceMeters)
        case .reps(let reps):
            try c.encode("reps", forKey: .kind)
            try c.encode(reps, forKey: .reps)
        case .repsForTime(let reps):
            try c.encode("reps-for-time", forKey: .kind)
            try c.encode(reps, forKey: .reps)
        case .open:
            try c.encode("open", forKey: .kind)
        }
    }
}
