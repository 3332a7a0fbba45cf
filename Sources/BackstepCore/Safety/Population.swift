/// The population whose safety rules apply to a person. When several fit, the most protective wins
/// (stroke, then Parkinson's, then impaired balance, then older adult, then knee, then general).
public enum Population: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// Adults without a condition that changes the rules.
    case general
    /// Knee pain, knee osteoarthritis, tendinopathy or a joint replacement: pain-gated progression.
    case knee
    /// 60 years or older (domain brief §1): conservative caps, time and incline before speed.
    case olderAdult = "older-adult"
    /// A fall history or impaired balance.
    case balanceImpaired = "balance-impaired"
    /// Parkinson's disease.
    case parkinsons
    /// Stroke survivors: only with a clinician's prescription, handrails, strict caps.
    case stroke

    /// Age from which the older-adult rules apply (domain brief §1: "older adult (60+)").
    public static let olderAdultAge = 60

    /// The population for a profile.
    public init(profile: Profile) {
        let conditions = profile.conditions
        if conditions.contains(.stroke) {
            self = .stroke
        } else if conditions.contains(.parkinsons) {
            self = .parkinsons
        } else if conditions.contains(.fallHistory) || conditions.contains(.balanceImpairment) {
            self = .balanceImpaired
        } else if profile.age >= Self.olderAdultAge {
            self = .olderAdult
        } else if conditions.contains(where: \.isKnee) || profile.goal == .knee {
            self = .knee
        } else {
            self = .general
        }
    }

    /// How protective the population's rules are (higher is more protective).
    public var protectiveness: Int {
        switch self {
        case .general: 0
        case .knee: 1
        case .olderAdult: 2
        case .balanceImpaired: 3
        case .parkinsons: 4
        case .stroke: 5
        }
    }

    /// Populations that progress time and incline before speed (domain brief §7).
    public var progressesSpeedLast: Bool { self != .general && self != .knee }

    /// Populations for which backward running and sprint intervals are never planned.
    public var excludesRunning: Bool { protectiveness >= Population.olderAdult.protectiveness }

    public static func < (lhs: Population, rhs: Population) -> Bool { lhs.protectiveness < rhs.protectiveness }
}

/// How far along backward training a person is. Stages gate speed, incline and gait.
public enum TrainingStage: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// First sessions: short bouts, slow, both hands on the rails.
    case firstSteps = "first-steps"
    /// Walking backward regularly; level walking still being learned.
    case novice
    /// Level walking is comfortable; hills are open.
    case established
    /// Confident at brisk backward walking; sprint intervals are open.
    case advanced
    /// Backward running (domain brief §3.8).
    case running

    var rank: Int {
        switch self {
        case .firstSteps: 0
        case .novice: 1
        case .established: 2
        case .advanced: 3
        case .running: 4
        }
    }

    public static func < (lhs: TrainingStage, rhs: TrainingStage) -> Bool { lhs.rank < rhs.rank }

    /// The stage a person starts at, from their stated experience.
    public static func starting(for experience: Experience) -> TrainingStage {
        switch experience {
        case .beginner: .firstSteps
        case .intermediate: .established
        case .advanced: .advanced
        }
    }
}
