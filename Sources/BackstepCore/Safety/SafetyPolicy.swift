/// Speed and incline caps by stage and population, and the rule that combines them with the person's own cap
/// and the machine's maximum. Every commanded or prescribed speed passes through `cap(for:)`.
///
/// Sources: domain brief §5 ("beginners and older adults start at or below 1.0 mph (0.45 m/s) up to 2 mph;
/// increases are small, about 0.1–0.2 mph or 10 % at a time") and §3 (first steps at 1–2 mph; the walk–run
/// transition near 1.63 m/s, Hreljac et al. 2005).
public struct SafetyPolicy: Hashable, Sendable {
    /// The population.
    public var population: Population
    /// The stage.
    public var stage: TrainingStage
    /// The person's own cap, if set.
    public var personalCap: Speed?
    /// The treadmill's maximum speed, if known.
    public var machineMaximum: Speed?
    /// The screening result.
    public var clearance: Clearance

    /// Creates a policy.
    public init(
        population: Population, stage: TrainingStage, personalCap: Speed? = nil, machineMaximum: Speed? = nil,
        clearance: Clearance = .cleared
    ) {
        self.population = population
        self.stage = stage
        self.personalCap = personalCap
        self.machineMaximum = machineMaximum
        self.clearance = clearance
    }

    /// The policy for a profile at a stage.
    public init(profile: Profile, stage: TrainingStage, clearance: Clearance) {
        self.init(
            population: profile.population, stage: stage, personalCap: profile.speedCap,
            machineMaximum: profile.equipment.treadmill?.maximumSpeed, clearance: clearance)
    }

    /// 1.0 mph: where beginners and older adults start (domain brief §5).
    public static let beginnerStartSpeed = Speed.milesPerHour(1.0)
    /// 2.0 mph: the top of the beginner range (domain brief §3.1 and §5).
    public static let beginnerCap = Speed.milesPerHour(2.0)
    /// The walk-to-run transition speed for young adults, 1.63 m/s (Hreljac et al., J Sports Sci Med 2005).
    public static let walkRunTransition = Speed.metersPerSecond(1.63)

    /// The cap for a stage, before population, personal and machine limits.
    public static func stageCap(_ stage: TrainingStage, gait: Gait) -> Speed {
        switch (stage, gait) {
        case (.firstSteps, _): beginnerCap  // 2.0 mph, 0.89 m/s
        case (.novice, _): .milesPerHour(2.5)  // 1.12 m/s
        case (.established, _): .milesPerHour(3.5)  // 1.56 m/s
        case (.advanced, .walk): .milesPerHour(4.0)  // 1.79 m/s
        case (.advanced, .run): .milesPerHour(5.0)  // 2.24 m/s, sprint bouts only
        case (.running, _): .milesPerHour(6.0)  // 2.68 m/s
        }
    }

    /// The cap a population never exceeds, whatever the stage.
    public static func populationCap(_ population: Population) -> Speed? {
        switch population {
        case .general, .knee: nil
        case .olderAdult: .milesPerHour(3.0)  // 1.34 m/s
        case .balanceImpaired, .parkinsons, .stroke: beginnerCap  // 0.89 m/s
        }
    }

    /// The cap when screening asks for a professional's opinion first or supervision.
    public static let unclearedCap = beginnerCap

    /// The highest speed that may be prescribed or commanded: the minimum of the stage, population,
    /// screening, personal and machine caps.
    public func cap(for gait: Gait = .walk) -> Speed {
        var caps = [Self.stageCap(stage, gait: gait)]
        if let populationCap = Self.populationCap(population) { caps.append(populationCap) }
        if clearance != .cleared { caps.append(Self.unclearedCap) }
        if let personalCap { caps.append(personalCap) }
        if let machineMaximum { caps.append(machineMaximum) }
        return caps.min() ?? Self.beginnerCap
    }

    /// The highest incline that may be prescribed at this stage and population.
    public var gradeCap: Grade {
        let stageGrade: Double
        switch stage {
        case .firstSteps: stageGrade = 0
        case .novice: stageGrade = 4
        case .established: stageGrade = 10
        case .advanced, .running: stageGrade = 15
        }
        // Older adults and balance populations: gentle hills only (domain brief §3.10).
        let populationGrade: Double = population.protectiveness >= Population.olderAdult.protectiveness ? 5 : 15
        let clearanceGrade: Double = clearance == .cleared ? 15 : 5
        return Grade(percent: min(stageGrade, populationGrade, clearanceGrade))
    }

    /// Whether running (backward running or sprint intervals) may be planned.
    public var allowsRunning: Bool {
        !population.excludesRunning && clearance == .cleared && stage >= .advanced
    }

    /// The largest single speed increase: about 0.1–0.2 mph or 10 % at a time (domain brief §5).
    /// Below 2 mph steps are 0.1 mph; above, 10 % of the current speed, at most 0.2 mph.
    public static func speedIncrement(from speed: Speed) -> Speed {
        if speed < beginnerCap { return .milesPerHour(0.1) }
        return min(speed * 0.10, .milesPerHour(0.2))
    }
}
