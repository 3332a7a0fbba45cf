import BackstepCore
import BackstepStorage
import Foundation

/// A profile as the API shows it (schema `Profile`): unit-suffixed keys (`massKg`, `heightMeters`,
/// `speedCapMps` …), conditions sorted, absent optional values left out.
struct ProfileResponse: Codable, Sendable {
    var age: Int
    var sex: Sex
    var massKg: Double
    var heightMeters: Double?
    var goal: Goal
    var experience: Experience
    var conditions: [Condition]
    var equipment: EquipmentModel
    var units: UnitPreference
    var speedCapMps: Double?
    var overgroundWalkingSpeedMps: Double?

    init(_ profile: Profile) {
        age = profile.age
        sex = profile.sex
        massKg = profile.mass.kilograms
        heightMeters = profile.height?.meters
        goal = profile.goal
        experience = profile.experience
        conditions = profile.conditions.sorted { $0.rawValue < $1.rawValue }
        equipment = EquipmentModel(profile.equipment)
        units = profile.units
        speedCapMps = profile.speedCap?.metersPerSecond
        overgroundWalkingSpeedMps = profile.overgroundWalkingSpeed?.metersPerSecond
    }
}

/// The body of `PUT /profile` (schema `Profile`): only `age`, `massKg` and `goal` are required; the rest default
/// as on the profile form (sex unspecified, beginner, no conditions, a typical treadmill, metric units).
struct ProfileRequest: Codable, Sendable {
    // Declared in the order the keys are checked, so a body with several problems reports the same one first.
    var age: Int
    var sex: Sex?
    var massKg: Double
    var heightMeters: Double?
    var goal: Goal
    var experience: Experience?
    var conditions: [Condition]?
    var equipment: EquipmentModel?
    var units: UnitPreference?
    var speedCapMps: Double?
    var overgroundWalkingSpeedMps: Double?

    init(age: Int, massKg: Double, goal: Goal) {
        self.age = age
        self.massKg = massKg
        self.goal = goal
    }

    /// The profile, checked field by field.
    /// - Throws: `InputError` naming the first field out of range.
    func domainValue() throws -> Profile {
        let profile = Profile(
            age: age, sex: sex ?? .unspecified, mass: Mass(kilograms: massKg),
            height: heightMeters.map(Distance.init(meters:)), goal: goal, experience: experience ?? .beginner,
            conditions: Set(conditions ?? []), equipment: equipment?.domainValue() ?? .standard,
            units: units ?? .metric, speedCap: speedCapMps.map(Speed.init(metersPerSecond:)),
            overgroundWalkingSpeed: overgroundWalkingSpeedMps.map(Speed.init(metersPerSecond:)))
        try profile.validate()
        return profile
    }
}

/// What the person trains on (schema `Equipment`), in requests and responses alike.
struct EquipmentModel: Codable, Sendable {
    var treadmill: TreadmillModel?
    var curvedTreadmill: Bool
    var outdoors: Bool
    var freeWeights: Bool
    var weightedVest: Bool

    init(
        treadmill: TreadmillModel?, curvedTreadmill: Bool, outdoors: Bool, freeWeights: Bool, weightedVest: Bool
    ) {
        self.treadmill = treadmill
        self.curvedTreadmill = curvedTreadmill
        self.outdoors = outdoors
        self.freeWeights = freeWeights
        self.weightedVest = weightedVest
    }

    init(_ equipment: Equipment) {
        self.init(
            treadmill: equipment.treadmill.map(TreadmillModel.init), curvedTreadmill: equipment.curvedTreadmill,
            outdoors: equipment.outdoors, freeWeights: equipment.freeWeights, weightedVest: equipment.weightedVest)
    }

    /// The equipment (ranges are checked with the profile).
    func domainValue() -> Equipment {
        Equipment(
            treadmill: treadmill?.domainValue(), curvedTreadmill: curvedTreadmill, outdoors: outdoors,
            freeWeights: freeWeights, weightedVest: weightedVest)
    }
}

/// A motorised treadmill's ranges: every key is sent; in a request the grades default to 0 % and `ftms` to false.
struct TreadmillModel: Codable, Sendable {
    var minSpeedMps: Double
    var maxSpeedMps: Double
    var minGradePercent: Double
    var maxGradePercent: Double
    var ftms: Bool

    enum CodingKeys: String, CodingKey { case minSpeedMps, maxSpeedMps, minGradePercent, maxGradePercent, ftms }

    init(minSpeedMps: Double, maxSpeedMps: Double, minGradePercent: Double, maxGradePercent: Double, ftms: Bool) {
        self.minSpeedMps = minSpeedMps
        self.maxSpeedMps = maxSpeedMps
        self.minGradePercent = minGradePercent
        self.maxGradePercent = maxGradePercent
        self.ftms = ftms
    }

    init(_ spec: TreadmillSpec) {
        self.init(
            minSpeedMps: spec.minimumSpeed.metersPerSecond, maxSpeedMps: spec.maximumSpeed.metersPerSecond,
            minGradePercent: spec.minimumGrade.percent, maxGradePercent: spec.maximumGrade.percent, ftms: spec.ftms)
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            minSpeedMps: try c.decode(Double.self, forKey: .minSpeedMps),
            maxSpeedMps: try c.decode(Double.self, forKey: .maxSpeedMps),
            minGradePercent: try c.decodeIfPresent(Double.self, forKey: .minGradePercent) ?? 0,
            maxGradePercent: try c.decodeIfPresent(Double.self, forKey: .maxGradePercent) ?? 0,
            ftms: try c.decodeIfPresent(Bool.self, forKey: .ftms) ?? false)
    }

    /// The treadmill (ranges are checked with the profile).
    func domainValue() -> TreadmillSpec {
        TreadmillSpec(
            minimumSpeed: Speed(metersPerSecond: minSpeedMps), maximumSpeed: Speed(metersPerSecond: maxSpeedMps),
            minimumGrade: Grade(percent: minGradePercent), maximumGrade: Grade(percent: maxGradePercent), ftms: ftms)
    }
}

/// The body of `POST /screening` (schema `ScreeningAnswers`): an answer per topic, by the topic's raw value.
struct ScreeningRequest: Codable, Sendable {
    var answers: [String: Bool]

    /// The answers by topic.
    /// - Throws: `AppError` for a key that is not a screening topic (field `answers.<key>`).
    func domainValue() throws -> [ScreeningTopic: Bool] {
        var result: [ScreeningTopic: Bool] = [:]
        for (key, value) in answers {
            guard let topic = ScreeningTopic(rawValue: key) else {
                throw AppError.invalid("answers.\(key.prefix(40))", "Unknown screening topic.")
            }
            result[topic] = value
        }
        return result
    }
}

/// A screening with its clearance and the advice that goes with it (schema `Screening`).
struct ScreeningResponse: Codable, Sendable {
    var date: Date
    var answers: [String: Bool]
    var clearance: String
    var advice: String

    init(_ screening: Screening) {
        date = screening.date
        answers = Dictionary(uniqueKeysWithValues: screening.answers.map { ($0.key.rawValue, $0.value) })
        clearance = screening.clearance.rawValue
        advice = screening.clearance.advice
    }
}
