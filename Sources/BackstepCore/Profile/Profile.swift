/// Who is training: body, goal, experience, health conditions, equipment and preferred units.
public struct Profile: Hashable, Sendable {
    /// Age in whole years.
    public var age: Int
    /// Sex, used only where published data differ by sex.
    public var sex: Sex
    /// Body mass.
    public var mass: Mass
    /// Height, when known.
    public var height: Distance?
    /// The main training goal.
    public var goal: Goal
    /// Backward-walking experience.
    public var experience: Experience
    /// Health conditions that change the plan or its caps.
    public var conditions: Set<Condition>
    /// What the person trains on.
    public var equipment: Equipment
    /// Units the person reads.
    public var units: UnitPreference
    /// The person's own speed cap, if they set one. Never exceeded.
    public var speedCap: Speed?
    /// Comfortable overground (forward) walking speed: the stroke protocol's baseline.
    public var overgroundWalkingSpeed: Speed?

    /// Creates a profile.
    public init(
        age: Int, sex: Sex = .unspecified, mass: Mass, height: Distance? = nil, goal: Goal,
        experience: Experience = .beginner, conditions: Set<Condition> = [], equipment: Equipment = .standard,
        units: UnitPreference = .metric, speedCap: Speed? = nil, overgroundWalkingSpeed: Speed? = nil
    ) {
        self.age = age
        self.sex = sex
        self.mass = mass
        self.height = height
        self.goal = goal
        self.experience = experience
        self.conditions = conditions
        self.equipment = equipment
        self.units = units
        self.speedCap = speedCap
        self.overgroundWalkingSpeed = overgroundWalkingSpeed
    }

    /// Accepted ages, in years.
    public static let ageRange = 10...105
    /// Accepted body masses, in kilograms.
    public static let massRange = 20.0...350.0
    /// Accepted heights, in metres.
    public static let heightRange = 0.9...2.5
    /// Accepted personal speed caps and walking speeds, in m/s (up to 30 km/h).
    public static let speedRange = 0.1...InputLimits.maximumSpeed.metersPerSecond

    /// Checks every field against its accepted range.
    /// - Throws: `InputError` naming the first field out of range and the allowed values.
    public func validate() throws(InputError) {
        try InputError.check(
            "age", Double(age), in: Double(Self.ageRange.lowerBound)...Double(Self.ageRange.upperBound), unit: "years")
        try InputError.check("mass", mass.kilograms, in: Self.massRange, unit: "kg")
        if let height { try InputError.check("height", height.meters, in: Self.heightRange, unit: "m") }
        if let speedCap { try InputError.check("speedCap", speedCap.metersPerSecond, in: Self.speedRange, unit: "m/s") }
        if let overgroundWalkingSpeed {
            try InputError.check(
                "overgroundWalkingSpeed", overgroundWalkingSpeed.metersPerSecond, in: Self.speedRange, unit: "m/s")
        }
        try equipment.validate()
    }

    /// The population whose rules apply (the most protective one when several fit).
    public var population: Population { Population(profile: self) }
}

/// Sex, as recorded.
public enum Sex: String, Hashable, Sendable, Codable, CaseIterable {
    case female, male, other, unspecified
}

/// Training goals.
public enum Goal: String, Hashable, Sendable, Codable, CaseIterable {
    /// Knee pain, osteoarthritis or tendinopathy relief and function.
    case knee
    /// Balance and fall prevention.
    case balance
    /// General fitness and conditioning.
    case fitness
    /// More energy per minute at low impact.
    case fatLoss = "fat-loss"
    /// Lower-body strength.
    case strength
    /// Gait and balance after a stroke (clinician-prescribed).
    case stroke
    /// Working up to backward running.
    case running
}

/// Backward-walking experience.
public enum Experience: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case beginner, intermediate, advanced

    var rank: Int {
        switch self {
        case .beginner: 0
        case .intermediate: 1
        case .advanced: 2
        }
    }

    public static func < (lhs: Experience, rhs: Experience) -> Bool { lhs.rank < rhs.rank }
}

/// Health conditions that change what the plan may do.
public enum Condition: String, Hashable, Sendable, Codable, CaseIterable {
    case kneeOsteoarthritis = "knee-oa"
    case kneePain = "knee-pain"
    case tendinopathy
    case stroke
    case parkinsons
    case fallHistory = "fall-history"
    case balanceImpairment = "balance-impairment"
    case heartCondition = "heart-condition"
    case hypertension
    case osteoporosis
    case pregnancy
    case jointReplacement = "joint-replacement"

    /// Conditions for which backward work needs a clinician's prescription before a plan is generated.
    public var needsClinicianPrescription: Bool { self == .stroke || self == .parkinsons }

    /// Conditions that call for the knee population's pain-gated rules.
    public var isKnee: Bool {
        self == .kneeOsteoarthritis || self == .kneePain || self == .tendinopathy || self == .jointReplacement
    }

    /// Conditions that call for balance-protective caps.
    public var affectsBalance: Bool {
        self == .fallHistory || self == .balanceImpairment || self == .parkinsons || self == .stroke
    }
}

/// What the person trains on.
public struct Equipment: Hashable, Sendable, Codable {
    /// The motorised treadmill, if any.
    public var treadmill: TreadmillSpec?
    /// A manual curved treadmill is available.
    public var curvedTreadmill: Bool
    /// A safe outdoor space (flat, open, quiet) and a hill are available.
    public var outdoors: Bool
    /// Dumbbells or a kettlebell for goblet squats.
    public var freeWeights: Bool
    /// A weighted vest.
    public var weightedVest: Bool

    /// Creates an equipment description.
    public init(
        treadmill: TreadmillSpec? = .typical, curvedTreadmill: Bool = false, outdoors: Bool = false,
        freeWeights: Bool = false, weightedVest: Bool = false
    ) {
        self.treadmill = treadmill
        self.curvedTreadmill = curvedTreadmill
        self.outdoors = outdoors
        self.freeWeights = freeWeights
        self.weightedVest = weightedVest
    }

    /// A typical home or gym treadmill with no Bluetooth control.
    public static let standard = Equipment()

    /// Checks the treadmill's ranges.
    public func validate() throws(InputError) { try treadmill?.validate() }
}

/// A motorised treadmill's ranges and abilities.
public struct TreadmillSpec: Hashable, Sendable {
    /// Slowest belt speed.
    public var minimumSpeed: Speed
    /// Fastest belt speed.
    public var maximumSpeed: Speed
    /// Lowest incline.
    public var minimumGrade: Grade
    /// Highest incline.
    public var maximumGrade: Grade
    /// Speaks Bluetooth FTMS (can be driven by the app).
    public var ftms: Bool

    /// Creates a treadmill description.
    public init(minimumSpeed: Speed, maximumSpeed: Speed, minimumGrade: Grade, maximumGrade: Grade, ftms: Bool) {
        self.minimumSpeed = minimumSpeed
        self.maximumSpeed = maximumSpeed
        self.minimumGrade = minimumGrade
        self.maximumGrade = maximumGrade
        self.ftms = ftms
    }

    /// A common home treadmill: 0.8–16 km/h, 0–12 % incline, no Bluetooth control.
    public static let typical = TreadmillSpec(
        minimumSpeed: .kilometersPerHour(0.8), maximumSpeed: .kilometersPerHour(16),
        minimumGrade: .level, maximumGrade: .percent(12), ftms: false)

    /// Checks that the ranges are ordered and plausible.
    public func validate() throws(InputError) {
        try InputError.check(
            "treadmill.minimumSpeed", minimumSpeed.metersPerSecond, in: 0...InputLimits.maximumSpeed.metersPerSecond,
            unit: "m/s")
        try InputError.check(
            "treadmill.maximumSpeed", maximumSpeed.metersPerSecond,
            in: minimumSpeed.metersPerSecond...InputLimits.maximumSpeed.metersPerSecond, unit: "m/s")
        try InputError.check("treadmill.minimumGrade", minimumGrade.percent, in: InputLimits.gradeRange, unit: "%")
        try InputError.check(
            "treadmill.maximumGrade", maximumGrade.percent,
            in: minimumGrade.percent...InputLimits.gradeRange.upperBound, unit: "%")
    }
}
