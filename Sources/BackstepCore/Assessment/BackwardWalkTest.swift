/// The 3-metre backward walk test (3MBWT): the person walks backward 3 m on a hard floor as quickly as is safe,
/// the examiner guards, and the time in seconds is the score (domain brief §8).
///
/// Cut-offs differ by population, so every interpretation records the population it used.
public enum ThreeMetreBackwardWalkTest {
    /// The walked distance.
    public static let distance = Distance(meters: 3)
    /// The longest accepted time, in seconds. Slower than this the test was not a 3MBWT (or was timed wrongly).
    public static let maximumSeconds: Seconds = 120
    /// A change of at least this many seconds is beyond the measurement error: a real change (upper end of the
    /// minimal detectable change of about 1.6–2.1 s, domain brief §8).
    public static let realChange: Seconds = 2.1
    /// A change of at least this many seconds, but under `realChange`, may be real (lower end of the minimal
    /// detectable change).
    public static let possibleChange: Seconds = 1.6

    /// Checks a test time: more than 0 and at most 120 seconds.
    /// - Throws: `InputError` naming `field`.
    public static func validate(_ seconds: Seconds, field: String = "seconds") throws(InputError) {
        guard seconds.isFinite, seconds > 0 else {
            throw InputError(
                field: field,
                problem: "must be a time above 0 s, allowed up to \(InputError.format(maximumSeconds)) s")
        }
        try InputError.check(field, seconds, in: 0...maximumSeconds, unit: "s")
    }

    /// Interprets a time for a population.
    /// - Parameters:
    ///   - seconds: the test time.
    ///   - population: whose cut-offs to use.
    /// - Throws: `InputError` for `seconds` when the time is not above 0 and at most 120 s.
    public static func interpret(
        seconds: Seconds, population: BackwardWalkTestPopulation
    ) throws(InputError)
        -> ThreeMetreBackwardWalkResult
    {
        try validate(seconds)
        let band: FallRiskBand
        if seconds >= population.highRiskCutoff {
            band = .high
        } else if let low = population.lowRiskCutoff {
            band = seconds <= low ? .low : .intermediate
        } else {
            band = .belowCutoff
        }
        return ThreeMetreBackwardWalkResult(seconds: seconds, population: population, band: band)
    }

    /// Compares two test times against the minimal detectable change.
    /// - Parameters:
    ///   - previous: the earlier time.
    ///   - current: the later time.
    /// - Throws: `InputError` for `previous` or `seconds` when a time is out of range.
    public static func compare(previous: Seconds, current: Seconds) throws(InputError) -> ThreeMetreBackwardWalkChange {
        try validate(previous, field: "previous")
        try validate(current)
        return ThreeMetreBackwardWalkChange(previous: previous, current: current)
    }
}

/// The populations with published 3MBWT cut-offs (domain brief §8).
public enum BackwardWalkTestPopulation: String, Hashable, Sendable, Codable, CaseIterable {
    /// Community-dwelling older adults: about 3.0 s low risk, 4.5 s high fall risk (Carter et al., J Geriatr Phys
    /// Ther 2019).
    case communityOlderAdults = "community-older-adults"
    /// An older cohort (n = 483, mean age 76): 5.5 s (Polo-Ferrero et al. 2025).
    case olderCohort = "older-cohort"
    /// Nursing-home residents, prospective falls: 8.15 s (Kapan et al. 2025).
    case nursingHome = "nursing-home"
    /// People with Parkinson's disease: 4.2 s (Carter et al. 2020).
    case parkinsons

    /// Reads a population from its command-line or JSON name.
    /// - Throws: `InputError` for the field `population`, listing the accepted names.
    public init(parsing text: String) throws(InputError) {
        guard let population = BackwardWalkTestPopulation(rawValue: text.lowercased()) else {
            let names = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw InputError(field: "population", problem: "unknown population '\(text)', expected one of \(names)")
        }
        self = population
    }

    /// At or above this time the fall risk is high.
    public var highRiskCutoff: Seconds {
        switch self {
        case .communityOlderAdults: 4.5
        case .olderCohort: 5.5
        case .nursingHome: 8.15
        case .parkinsons: 4.2
        }
    }

    /// At or below this time the risk is low, when the study gives such a cut-off.
    public var lowRiskCutoff: Seconds? { self == .communityOlderAdults ? 3.0 : nil }

    /// Who the cut-offs come from.
    public var label: String {
        switch self {
        case .communityOlderAdults: "community-dwelling older adults"
        case .olderCohort: "older adults (cohort of 483, mean age 76)"
        case .nursingHome: "nursing-home residents"
        case .parkinsons: "people with Parkinson's disease"
        }
    }

    /// The study behind the cut-offs.
    public var source: String {
        switch self {
        case .communityOlderAdults: "Carter et al., J Geriatr Phys Ther 2019"
        case .olderCohort: "Polo-Ferrero et al. 2025"
        case .nursingHome: "Kapan et al. 2025"
        case .parkinsons: "Carter et al. 2020"
        }
    }
}

/// Where a 3MBWT time falls.
public enum FallRiskBand: String, Hashable, Sendable, Codable, CaseIterable {
    /// At or below the low-risk cut-off.
    case low
    /// Between the low-risk and the high-risk cut-offs.
    case intermediate
    /// Below the only published cut-off (the study gives no low-risk value).
    case belowCutoff = "below-cutoff"
    /// At or above the high-risk cut-off.
    case high
}

/// An interpreted 3MBWT time.
public struct ThreeMetreBackwardWalkResult: Hashable, Sendable {
    /// The time.
    public var seconds: Seconds
    /// The population whose cut-offs were used.
    public var population: BackwardWalkTestPopulation
    /// Where the time falls.
    public var band: FallRiskBand

    /// Creates a result.
    public init(seconds: Seconds, population: BackwardWalkTestPopulation, band: FallRiskBand) {
        self.seconds = seconds
        self.population = population
        self.band = band
    }

    /// Average speed over the 3 metres.
    public var averageSpeed: Speed {
        Speed(metersPerSecond: ThreeMetreBackwardWalkTest.distance.meters / seconds)
    }

    /// One sentence on what the time means, naming the population and the source.
    public var summary: String {
        let time = "\(ProgressionText.number(seconds, digits: 2)) s"
        let high = "\(ProgressionText.number(population.highRiskCutoff, digits: 2)) s"
        let meaning: String
        switch band {
        case .low:
            let low = ProgressionText.number(population.lowRiskCutoff ?? 0, digits: 2)
            meaning = "at or below the low-risk value of \(low) s"
        case .intermediate:
            let low = ProgressionText.number(population.lowRiskCutoff ?? 0, digits: 2)
            meaning = "between the low-risk value of \(low) s and the high-fall-risk cut-off of \(high)"
        case .belowCutoff: meaning = "below the fall-risk cut-off of \(high)"
        case .high: meaning = "at or above the fall-risk cut-off of \(high): higher risk of falling"
        }
        return "\(time) is \(meaning) for \(population.label) (\(population.source))."
    }
}

/// How a change between two 3MBWT times compares with the minimal detectable change (1.6–2.1 s).
public enum TestChangeBand: String, Hashable, Sendable, Codable, CaseIterable {
    /// At least 2.1 s: beyond measurement error.
    case real
    /// 1.6 s to under 2.1 s: may be real; repeat the test to confirm.
    case possible
    /// Under 1.6 s: within measurement error.
    case withinError = "within-error"
}

/// The change between two 3MBWT times.
public struct ThreeMetreBackwardWalkChange: Hashable, Sendable {
    /// The earlier time.
    public var previous: Seconds
    /// The later time.
    public var current: Seconds

    /// Creates a change.
    public init(previous: Seconds, current: Seconds) {
        self.previous = previous
        self.current = current
    }

    /// Later minus earlier, in seconds: negative is faster (better).
    public var difference: Seconds { current - previous }

    /// How the size of the change compares with the minimal detectable change. Differences are rounded to 0.01 s
    /// first, so 6.1 → 4.0 counts as 2.1 s despite binary rounding.
    public var band: TestChangeBand {
        let size = (abs(difference) * 100).rounded() / 100
        if size >= ThreeMetreBackwardWalkTest.realChange { return .real }
        if size >= ThreeMetreBackwardWalkTest.possibleChange { return .possible }
        return .withinError
    }

    /// Whether the later time is faster.
    public var isFaster: Bool { difference < 0 }

    /// One sentence on what the change means.
    public var summary: String {
        let size = "\(ProgressionText.number(abs(difference), digits: 2)) s"
        let way = difference == 0 ? "no change" : isFaster ? "\(size) faster" : "\(size) slower"
        switch band {
        case .real:
            return
                "\(way): larger than the minimal detectable change (2.1 s), a real \(isFaster ? "improvement" : "decline")."
        case .possible:
            return
                "\(way): within the minimal detectable change range (1.6–2.1 s), possibly real; repeat the test to confirm."
        case .withinError:
            return "\(way): smaller than the minimal detectable change (1.6 s), within measurement error."
        }
    }
}
