/// A program in the catalog: who it is for, what it trains, its safety notes and evidence, the parameters it
/// accepts with their ranges, and how it builds its workout(s).
public struct Program: Sendable, Identifiable {
    /// Stable identifier used on the command line and in stored plans, e.g. `hill-repeats`.
    public var id: String
    /// Display name.
    public var name: String
    /// One sentence on what the program is.
    public var summary: String
    /// Who it is for.
    public var audience: String
    /// What it trains.
    public var trains: [String]
    /// Safety notes shown with the program.
    public var safetyNotes: [String]
    /// Where the numbers come from.
    public var evidence: [Citation]
    /// Recommended sessions per week (domain brief §3).
    public var sessionsPerWeek: ClosedRange<Int>
    /// What a person needs before the program is offered.
    public var requirements: ProgramRequirements
    /// The parameters the program accepts, with ranges and defaults.
    public var parameters: [ParameterSpec]
    /// Builds the program's workouts: the main one first, then variants.
    let build: @Sendable (ResolvedParameters, Dose) -> [Workout]

    /// Creates a program.
    public init(
        id: String, name: String, summary: String, audience: String, trains: [String], safetyNotes: [String],
        evidence: [Citation], sessionsPerWeek: ClosedRange<Int>, requirements: ProgramRequirements = .init(),
        parameters: [ParameterSpec], build: @escaping @Sendable (ResolvedParameters, Dose) -> [Workout]
    ) {
        self.id = id
        self.name = name
        self.summary = summary
        self.audience = audience
        self.trains = trains
        self.safetyNotes = safetyNotes
        self.evidence = evidence
        self.sessionsPerWeek = sessionsPerWeek
        self.requirements = requirements
        self.parameters = parameters
        self.build = build
    }

    /// The program's workouts for the given parameter values (missing ones take their defaults) and dose.
    /// - Throws: `InputError` when a parameter is unknown to this program or out of its range.
    public func workouts(
        _ values: [ProgramParameter: Int] = [:], dose: Dose = .catalogDefault
    ) throws(InputError)
        -> [Workout]
    {
        build(try resolve(values), dose)
    }

    /// The main workout for the given parameters and dose.
    public func workout(
        _ values: [ProgramParameter: Int] = [:], dose: Dose = .catalogDefault
    ) throws(InputError)
        -> Workout
    {
        let all = try workouts(values, dose: dose)
        guard let first = all.first else { throw InputError(field: "program", problem: "\(id) has no workout") }
        return first
    }

    /// Checks values against this program's parameter specs and fills in defaults.
    public func resolve(_ values: [ProgramParameter: Int]) throws(InputError) -> ResolvedParameters {
        var resolved: [ProgramParameter: Int] = [:]
        for (parameter, value) in values {
            guard let spec = parameters.first(where: { $0.parameter == parameter }) else {
                let accepted = parameters.map {
                    "\($0.parameter.rawValue) (\($0.range.lowerBound)–\($0.range.upperBound))"
                }
                let list = accepted.isEmpty ? "none" : accepted.joined(separator: ", ")
                throw InputError(
                    field: parameter.rawValue, problem: "the program \(id) has no such parameter; it accepts \(list)")
            }
            try InputError.check(parameter.rawValue, value, in: spec.range, unit: spec.unit)
            resolved[parameter] = value
        }
        for spec in parameters where resolved[spec.parameter] == nil {
            resolved[spec.parameter] = spec.defaultValue
        }
        return ResolvedParameters(values: resolved)
    }
}

/// A source for a program's numbers.
public struct Citation: Hashable, Sendable, Codable {
    /// Authors, journal and year, e.g. "Alghadir et al., BMC Musculoskelet Disord 2019".
    public var source: String
    /// What the source found or prescribes, in one sentence.
    public var finding: String
    /// Creates a citation.
    public init(_ source: String, _ finding: String) {
        self.source = source
        self.finding = finding
    }
}

/// What a person needs before a program is offered.
public struct ProgramRequirements: Hashable, Sendable {
    /// The lowest training stage the program suits.
    public var minimumStage: TrainingStage
    /// Populations the program is never offered to.
    public var excludedPopulations: Set<Population>
    /// Only with a clinician's prescription.
    public var clinicianPrescribed: Bool
    /// Needs a treadmill with incline, or a hill.
    public var needsIncline: Bool
    /// Needs a safe outdoor space.
    public var needsOutdoors: Bool
    /// Involves running or sprinting.
    public var involvesRunning: Bool

    /// Creates requirements.
    public init(
        minimumStage: TrainingStage = .firstSteps, excludedPopulations: Set<Population> = [],
        clinicianPrescribed: Bool = false, needsIncline: Bool = false, needsOutdoors: Bool = false,
        involvesRunning: Bool = false
    ) {
        self.minimumStage = minimumStage
        self.excludedPopulations = excludedPopulations
        self.clinicianPrescribed = clinicianPrescribed
        self.needsIncline = needsIncline
        self.needsOutdoors = needsOutdoors
        self.involvesRunning = involvesRunning
    }
}

/// Parameters programs accept.
public enum ProgramParameter: String, Hashable, Sendable, Codable, CaseIterable {
    /// Minutes of the main backward walk.
    case minutes
    /// Rounds of a repeat block.
    case rounds
    /// Seconds of each effort bout.
    case boutSeconds = "bout-seconds"
    /// Seconds of each rest.
    case restSeconds = "rest-seconds"
    /// Incline in whole percent.
    case gradePercent = "grade-percent"
    /// Repetitions of each strength set.
    case reps
    /// Strength sets.
    case sets
    /// Week of a protocol (1-based).
    case week
}

/// One accepted parameter: its range, default and meaning.
public struct ParameterSpec: Hashable, Sendable {
    /// Which parameter.
    public var parameter: ProgramParameter
    /// Accepted values.
    public var range: ClosedRange<Int>
    /// The value used when none is given.
    public var defaultValue: Int
    /// The unit shown after values ("min", "s", "%", or empty).
    public var unit: String
    /// What the parameter controls.
    public var meaning: String

    /// Creates a parameter spec.
    public init(
        _ parameter: ProgramParameter, _ range: ClosedRange<Int>, default defaultValue: Int, unit: String,
        _ meaning: String
    ) {
        self.parameter = parameter
        self.range = range
        self.defaultValue = defaultValue
        self.unit = unit
        self.meaning = meaning
    }
}

/// Parameter values after checking, with every default filled in.
public struct ResolvedParameters: Hashable, Sendable {
    /// The values.
    public var values: [ProgramParameter: Int]
    /// The value of a parameter (0 when the program does not declare it).
    public subscript(_ parameter: ProgramParameter) -> Int { values[parameter] ?? 0 }
}

/// The current dose used to turn effort targets into numbers: a plan's week, or the progression engine's
/// prescription. With no speed, programs keep the catalog's own ranges and effort targets.
public struct Dose: Hashable, Sendable {
    /// The backward walking speed at this point in training, if known.
    public var speed: Speed?
    /// The incline to use on hills, if known.
    public var grade: Grade?
    /// The handrail guidance.
    public var handrail: HandrailLevel
    /// The highest speed allowed; every speed a program builds is clamped to it.
    public var speedCap: Speed?

    /// Creates a dose.
    public init(speed: Speed? = nil, grade: Grade? = nil, handrail: HandrailLevel = .twoHands, speedCap: Speed? = nil) {
        self.speed = speed
        self.grade = grade
        self.handrail = handrail
        self.speedCap = speedCap
    }

    /// The catalog's own targets: ranges and efforts from the domain brief, both hands on the rails.
    public static let catalogDefault = Dose()

    /// `speed` clamped to the cap.
    func clamped(_ speed: Speed) -> Speed {
        guard let speedCap else { return speed }
        return min(speed, speedCap)
    }

    /// A target for a steady backward walk: the dose's speed when known, otherwise `fallback`.
    func walkTarget(fallback: SpeedTarget) -> SpeedTarget {
        if let speed { return .fixed(clamped(speed)) }
        switch fallback {
        case .fixed(let speed): return .fixed(clamped(speed))
        case .range(let lower, let upper): return .range(clamped(lower), clamped(upper))
        case .effort: return fallback
        }
    }
}
