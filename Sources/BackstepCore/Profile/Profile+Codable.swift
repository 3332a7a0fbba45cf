/// JSON form of profiles with unit-suffixed keys (`massKg`, `heightMeters`, `speedCapMps`, …).

extension Profile: Codable {
    enum CodingKeys: String, CodingKey {
        case age, sex, massKg, heightMeters, goal, experience, conditions, equipment, units, speedCapMps
        case overgroundWalkingSpeedMps
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            age: try c.decode(Int.self, forKey: .age),
            sex: try c.decodeIfPresent(Sex.self, forKey: .sex) ?? .unspecified,
            mass: Mass(kilograms: try c.decode(Double.self, forKey: .massKg)),
            height: try c.decodeIfPresent(Double.self, forKey: .heightMeters).map(Distance.init(meters:)),
            goal: try c.decode(Goal.self, forKey: .goal),
            experience: try c.decodeIfPresent(Experience.self, forKey: .experience) ?? .beginner,
            conditions: Set(try c.decodeIfPresent([Condition].self, forKey: .conditions) ?? []),
            equipment: try c.decodeIfPresent(Equipment.self, forKey: .equipment) ?? .standard,
            units: try c.decodeIfPresent(UnitPreference.self, forKey: .units) ?? .metric,
            speedCap: try c.decodeIfPresent(Double.self, forKey: .speedCapMps).map(Speed.init(metersPerSecond:)),
            overgroundWalkingSpeed: try c.decodeIfPresent(Double.self, forKey: .overgroundWalkingSpeedMps)
                .map(Speed.init(metersPerSecond:)))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(age, forKey: .age)
        try c.encode(sex, forKey: .sex)
        try c.encode(mass.kilograms, forKey: .massKg)
        try c.encodeIfPresent(height?.meters, forKey: .heightMeters)
        try c.encode(goal, forKey: .goal)
        try c.encode(experience, forKey: .experience)
        try c.encode(conditions.sorted { $0.rawValue < $1.rawValue }, forKey: .conditions)
        try c.encode(equipment, forKey: .equipment)
        try c.encode(units, forKey: .units)
        try c.encodeIfPresent(speedCap?.metersPerSecond, forKey: .speedCapMps)
        try c.encodeIfPresent(overgroundWalkingSpeed?.metersPerSecond, forKey: .overgroundWalkingSpeedMps)
    }
}

extension TreadmillSpec: Codable {
    enum CodingKeys: String, CodingKey { case minSpeedMps, maxSpeedMps, minGradePercent, maxGradePercent, ftms }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            minimumSpeed: Speed(metersPerSecond: try c.decode(Double.self, forKey: .minSpeedMps)),
            maximumSpeed: Speed(metersPerSecond: try c.decode(Double.self, forKey: .maxSpeedMps)),
            minimumGrade: Grade(percent: try c.decodeIfPresent(Double.self, forKey: .minGradePercent) ?? 0),
            maximumGrade: Grade(percent: try c.decodeIfPresent(Double.self, forKey: .maxGradePercent) ?? 0),
            ftms: try c.decodeIfPresent(Bool.self, forKey: .ftms) ?? false)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(minimumSpeed.metersPerSecond, forKey: .minSpeedMps)
        try c.encode(maximumSpeed.metersPerSecond, forKey: .maxSpeedMps)
        try c.encode(minimumGrade.percent, forKey: .minGradePercent)
        try c.encode(maximumGrade.percent, forKey: .maxGradePercent)
        try c.encode(ftms, forKey: .ftms)
    }
}
