import ArgumentParser
import BackstepCore

/// `backstep assess`: balance and gait assessments.
public struct AssessCommand: RenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Interpret balance and gait assessments.",
        subcommands: [ThreeMetreBackwardWalkCommand.self])

    public init() {}

    /// Without a subcommand, the help text.
    public func render() throws -> String { Self.helpMessage() }
}

/// `backstep assess 3mbwt --seconds <s> [--population …] [--previous <s>] [--json]`: interprets a 3-metre
/// backward walk test time against the population's cut-offs and, with `--previous`, the change against the
/// minimal detectable change.
public struct ThreeMetreBackwardWalkCommand: RenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "3mbwt",
        abstract: "Interpret a 3-metre backward walk test time.",
        discussion: """
            Walk backward 3 m on a hard floor as quickly as is safe, with someone guarding, and time it. \
            Cut-offs: community older adults 3.0 s low / 4.5 s high risk (Carter et al. 2019); older cohort \
            5.5 s (Polo-Ferrero et al. 2025); nursing home 8.15 s (Kapan et al. 2025); Parkinson's 4.2 s \
            (Carter et al. 2020). Minimal detectable change 1.6–2.1 s.
            """)

    /// The test time.
    @Option(name: .long, parsing: .unconditional, help: "The test time in seconds (above 0, at most 120).")
    public var seconds: Double

    /// The population whose cut-offs apply.
    @Option(
        name: .long,
        help: "Whose cut-offs to use: community-older-adults, older-cohort, nursing-home or parkinsons.")
    public var population: String = BackwardWalkTestPopulation.communityOlderAdults.rawValue

    /// An earlier time to compare with.
    @Option(name: .long, parsing: .unconditional, help: "An earlier time in seconds, to judge the change.")
    public var previous: Double?

    /// Print JSON instead of text.
    @Flag(name: .long, help: "Print the result as JSON with unit-suffixed keys.")
    public var json = false

    public init() {}

    public func render() throws -> String {
        let result: ThreeMetreBackwardWalkResult
        let change: ThreeMetreBackwardWalkChange?
        do {
            let population = try BackwardWalkTestPopulation(parsing: population)
            result = try ThreeMetreBackwardWalkTest.interpret(seconds: seconds, population: population)
            change = try previous.map { previous throws(InputError) in
                try ThreeMetreBackwardWalkTest.compare(previous: previous, current: seconds)
            }
        } catch {
            throw ValidationError("--\(error.description)")
        }
        if json { return try CLIJSON.encode(AssessmentJSON(result: result, change: change)) }
        var lines = [
            "3-metre backward walk test: \(formatNumber(result.seconds)) s "
                + "(average \(formatNumber(result.averageSpeed.metersPerSecond)) m/s)",
            "Population: \(result.population.label) (\(result.population.rawValue))",
            "Result: \(Self.bandLabel(result.band)). \(result.summary)",
        ]
        if let change {
            lines.append("Change since \(formatNumber(change.previous)) s: \(change.summary)")
        }
        return lines.joined(separator: "\n")
    }

    static func bandLabel(_ band: FallRiskBand) -> String {
        switch band {
        case .low: "low fall risk"
        case .intermediate: "intermediate"
        case .belowCutoff: "below the cut-off"
        case .high: "high fall risk"
        }
    }
}

/// JSON form of a 3MBWT result.
struct AssessmentJSON: Encodable {
    var test = "3mbwt"
    var seconds: Double
    var averageSpeedMps: Double
    var population: String
    var populationLabel: String
    var source: String
    var band: FallRiskBand
    var highRiskCutoffSeconds: Double
    var lowRiskCutoffSeconds: Double?
    var summary: String
    var change: ChangeJSON?

    struct ChangeJSON: Encodable {
        var previousSeconds: Double
        var differenceSeconds: Double
        var faster: Bool
        var band: TestChangeBand
        var minimalDetectableChangeSeconds = [
            ThreeMetreBackwardWalkTest.possibleChange, ThreeMetreBackwardWalkTest.realChange,
        ]
        var summary: String
    }

    init(result: ThreeMetreBackwardWalkResult, change: ThreeMetreBackwardWalkChange?) {
        seconds = result.seconds
        averageSpeedMps = result.averageSpeed.metersPerSecond
        population = result.population.rawValue
        populationLabel = result.population.label
        source = result.population.source
        band = result.band
        highRiskCutoffSeconds = result.population.highRiskCutoff
        lowRiskCutoffSeconds = result.population.lowRiskCutoff
        summary = result.summary
        self.change = change.map {
            ChangeJSON(
                previousSeconds: $0.previous, differenceSeconds: $0.difference, faster: $0.isFaster, band: $0.band,
                summary: $0.summary)
        }
    }

    enum CodingKeys: String, CodingKey {
        case test, seconds, averageSpeedMps, population, populationLabel, source, band, highRiskCutoffSeconds
        case lowRiskCutoffSeconds, summary, change
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(test, forKey: .test)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(averageSpeedMps, forKey: .averageSpeedMps)
        try c.encode(population, forKey: .population)
        try c.encode(populationLabel, forKey: .populationLabel)
        try c.encode(source, forKey: .source)
        try c.encode(band, forKey: .band)
        try c.encode(highRiskCutoffSeconds, forKey: .highRiskCutoffSeconds)
        try c.encode(lowRiskCutoffSeconds, forKey: .lowRiskCutoffSeconds)
        try c.encode(summary, forKey: .summary)
        try c.encode(change, forKey: .change)
    }
}
