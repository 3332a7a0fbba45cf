import Foundation

/// The stable identifier of an outcome measure, as stored and sent over the API (e.g. `"3mbwt"`).
public enum OutcomeMeasureID: String, Hashable, Sendable, Codable, CaseIterable {
    /// 3-metre backward walk test.
    case threeMetreBackwardWalk = "3mbwt"
    /// Timed Up and Go.
    case timedUpAndGo = "tug"
    /// 10-metre walk test (gait speed).
    case tenMetreWalk = "10mwt"
    /// 6-minute walk test.
    case sixMinuteWalk = "6mwt"
    /// Four Square Step Test.
    case fourSquareStep = "fsst"
    /// Numeric Pain Rating Scale, 0–10.
    case numericPainRating = "nprs"

    /// Reads an identifier from its stored or typed name (case-insensitive).
    /// - Throws: `InputError` for `field`, listing the accepted names.
    public init(parsing text: String, field: String = "measure") throws(InputError) {
        guard let id = OutcomeMeasureID(rawValue: text.lowercased()) else {
            let names = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw InputError(field: field, problem: "unknown outcome measure '\(text)', expected one of \(names)")
        }
        self = id
    }

    /// The catalog entry for this identifier.
    public var measure: OutcomeMeasure { OutcomeMeasure.catalog(self) }
}

/// Which way a measure improves.
public enum OutcomeDirection: String, Hashable, Sendable, Codable, CaseIterable {
    /// A smaller value is better (timed tests, pain).
    case lowerIsBetter = "lower"
    /// A larger value is better (speed, distance).
    case higherIsBetter = "higher"

    /// Whether `value` is at least as good as `reference` in this direction.
    public func isAtLeastAsGood(_ value: Double, as reference: Double) -> Bool {
        switch self {
        case .lowerIsBetter: value <= reference
        case .higherIsBetter: value >= reference
        }
    }

    /// `later − earlier` turned so that a positive number is an improvement.
    public func improvement(from earlier: Double, to later: Double) -> Double {
        switch self {
        case .lowerIsBetter: earlier - later
        case .higherIsBetter: later - earlier
        }
    }
}

/// The unit a measure's value is kept in.
public enum OutcomeUnit: String, Hashable, Sendable, Codable, CaseIterable {
    /// Seconds (timed tests).
    case seconds = "s"
    /// Metres per second (gait speed).
    case metersPerSecond = "m/s"
    /// Metres (distance walked).
    case meters = "m"
    /// Points on a questionnaire or rating scale.
    case points
}

/// Who records a measure.
public enum OutcomeRecorder: String, Hashable, Sendable, Codable, CaseIterable {
    /// A professional times or measures it in the clinic and enters the value.
    case professional
    /// The client answers a questionnaire in the app.
    case client
}

/// One end of an interval: a value and whether the value itself belongs to the interval.
public struct OutcomeBound: Hashable, Sendable, Codable {
    /// The boundary value, in the measure's unit.
    public var value: Double
    /// Whether `value` itself lies inside.
    public var isInclusive: Bool

    /// Creates a bound.
    public init(_ value: Double, inclusive: Bool) {
        self.value = value
        self.isInclusive = inclusive
    }
}

/// An interval of values with optional, inclusive or exclusive ends; a missing end is unbounded.
public struct OutcomeInterval: Hashable, Sendable, Codable {
    /// The lower end, or nil for no lower end.
    public var lower: OutcomeBound?
    /// The upper end, or nil for no upper end.
    public var upper: OutcomeBound?

    /// Creates an interval.
    public init(lower: OutcomeBound?, upper: OutcomeBound?) {
        self.lower = lower
        self.upper = upper
    }

    /// Whether `value` lies inside. Not-a-number and infinities never do.
    public func contains(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        if let lower {
            if lower.isInclusive ? value < lower.value : value <= lower.value { return false }
        }
        if let upper {
            if upper.isInclusive ? value > upper.value : value >= upper.value { return false }
        }
        return true
    }

    /// The interval in words, e.g. `"> 0–120 s"` or `"≥ 4.5 s"`.
    public func describe(unit: OutcomeUnit) -> String {
        let suffix = unit == .points ? " points" : " \(unit.rawValue)"
        switch (lower, upper) {
        case (let lower?, let upper?):
            let from = lower.isInclusive ? "" : "above "
            let to = upper.isInclusive ? "" : " (exclusive)"
            return "\(from)\(InputError.format(lower.value))–\(InputError.format(upper.value))\(to)\(suffix)"
        case (let lower?, nil):
            return "\(lower.isInclusive ? "≥" : ">") \(InputError.format(lower.value))\(suffix)"
        case (nil, let upper?):
            return "\(upper.isInclusive ? "≤" : "<") \(InputError.format(upper.value))\(suffix)"
        case (nil, nil):
            return "any value"
        }
    }
}

/// A named group of people that published cut-offs apply to.
public struct OutcomePopulation: Hashable, Sendable, Codable {
    /// Stable identifier, e.g. `"community-older-adults"`.
    public var id: String
    /// Who they are, in words.
    public var label: String

    /// Creates a population.
    public init(id: String, label: String) {
        self.id = id
        self.label = label
    }
}

/// One band of a cut-off scheme: the values it covers and what a value there means.
public struct OutcomeBand: Hashable, Sendable, Codable {
    /// Stable identifier, e.g. `"high"` or `"limited-community"`.
    public var id: String
    /// Short label for a chart legend.
    public var label: String
    /// What a value in this band means, in one sentence.
    public var meaning: String
    /// The values the band covers.
    public var interval: OutcomeInterval

    /// Creates a band.
    public init(id: String, label: String, meaning: String, interval: OutcomeInterval) {
        self.id = id
        self.label = label
        self.meaning = meaning
        self.interval = interval
    }
}

/// Published cut-offs for one population: bands that together cover the measure's valid range without overlap.
public struct OutcomeCutoffs: Hashable, Sendable, Codable {
    /// Whom the cut-offs apply to.
    public var population: OutcomePopulation
    /// The bands, from the lowest values to the highest.
    public var bands: [OutcomeBand]
    /// Where the cut-offs come from.
    public var citation: Citation

    /// Creates a cut-off scheme.
    public init(population: OutcomePopulation, bands: [OutcomeBand], citation: Citation) {
        self.population = population
        self.bands = bands
        self.citation = citation
    }

    /// The band `value` falls in, if any.
    public func band(for value: Double) -> OutcomeBand? {
        bands.first { $0.interval.contains(value) }
    }
}

/// Which kind of threshold a change is judged against.
public enum OutcomeChangeBasis: String, Hashable, Sendable, Codable, CaseIterable {
    /// Minimal clinically important difference: the smallest change that matters to the person.
    case mcid
    /// Minimal detectable change: the smallest change beyond measurement error (used when no MCID is published).
    case mdc
}

/// A change threshold (an MCID or an MDC): absolute, relative or both.
///
/// When both are given a change reaches the threshold when it reaches either one; the relative part is measured
/// against the earlier value and is skipped when that value is 0.
public struct OutcomeChangeThreshold: Hashable, Sendable, Codable {
    /// MCID or MDC.
    public var basis: OutcomeChangeBasis
    /// The smallest change in the measure's unit, if published.
    public var absolute: Double?
    /// The smallest change as a fraction of the earlier value (0.3 = 30 %), if published.
    public var relative: Double?
    /// Where the figure comes from.
    public var citation: Citation

    /// Creates a threshold.
    public init(basis: OutcomeChangeBasis, absolute: Double?, relative: Double? = nil, citation: Citation) {
        self.basis = basis
        self.absolute = absolute
        self.relative = relative
        self.citation = citation
    }

    /// Allowance for binary rounding: a change of 4.0 − 6.1 s counts as 2.1 s.
    static let tolerance = 1e-9

    /// Whether a change from `earlier` to `later` (either way) reaches the threshold.
    public func isReached(from earlier: Double, to later: Double) -> Bool {
        let size = abs(later - earlier)
        if let absolute, size + Self.tolerance >= absolute { return true }
        if let relative, earlier != 0, size / abs(earlier) + Self.tolerance >= relative { return true }
        return false
    }
}

/// A clinical outcome measure: what it measures, its unit and valid range, which way is better, its cut-offs and
/// change thresholds with their sources, its licence and who records it.
///
/// The catalog (`OutcomeMeasure.all`) holds the measures Backstep ships; `docs/outcome-measures.md` lists their
/// sources and licences.
public struct OutcomeMeasure: Hashable, Sendable, Codable {
    /// Stable identifier.
    public var id: OutcomeMeasureID
    /// Full name.
    public var name: String
    /// Abbreviation shown in charts.
    public var abbreviation: String
    /// What the measure is and how it is done, in one or two sentences (Backstep's own wording).
    public var summary: String
    /// Unit of the value.
    public var unit: OutcomeUnit
    /// Which way is better.
    public var betterDirection: OutcomeDirection
    /// Values accepted; anything else is refused with `InputError`.
    public var validRange: OutcomeInterval
    /// Whether only whole numbers are accepted (rating scales).
    public var wholeNumbersOnly: Bool
    /// Cut-off schemes, one per population; the first is the default.
    public var cutoffs: [OutcomeCutoffs]
    /// Minimal clinically important difference, where a figure has been adopted.
    public var mcid: OutcomeChangeThreshold?
    /// Minimal detectable change, where a figure has been adopted.
    public var mdc: OutcomeChangeThreshold?
    /// The sources of the measure itself and its procedure.
    public var citations: [Citation]
    /// Licence status, in one sentence.
    public var licence: String
    /// Who records it.
    public var recordedBy: OutcomeRecorder
    /// The items the client answers, for questionnaires.
    public var questionnaire: Questionnaire?

    /// Creates a measure.
    public init(
        id: OutcomeMeasureID, name: String, abbreviation: String, summary: String, unit: OutcomeUnit,
        betterDirection: OutcomeDirection, validRange: OutcomeInterval, wholeNumbersOnly: Bool = false,
        cutoffs: [OutcomeCutoffs], mcid: OutcomeChangeThreshold?, mdc: OutcomeChangeThreshold?,
        citations: [Citation], licence: String, recordedBy: OutcomeRecorder, questionnaire: Questionnaire? = nil
    ) {
        self.id = id
        self.name = name
        self.abbreviation = abbreviation
        self.summary = summary
        self.unit = unit
        self.betterDirection = betterDirection
        self.validRange = validRange
        self.wholeNumbersOnly = wholeNumbersOnly
        self.cutoffs = cutoffs
        self.mcid = mcid
        self.mdc = mdc
        self.citations = citations
        self.licence = licence
        self.recordedBy = recordedBy
        self.questionnaire = questionnaire
    }

    /// The threshold changes are judged against: the MCID when one is adopted, otherwise the MDC, otherwise nil
    /// (then no change is called clinically important).
    public var changeThreshold: OutcomeChangeThreshold? { mcid ?? mdc }

    /// Checks a value against the valid range (and whole numbers, for rating scales).
    /// - Throws: `InputError` naming `field`, with the allowed range.
    public func validate(_ value: Double, field: String = "value") throws(InputError) {
        let allowed = "allowed \(validRange.describe(unit: unit))"
        guard value.isFinite else {
            throw InputError(field: field, problem: "must be a number, \(allowed)")
        }
        guard validRange.contains(value) else {
            throw InputError(
                field: field, problem: "\(InputError.format(value)) is out of range for the \(abbreviation), \(allowed)"
            )
        }
        if wholeNumbersOnly, value != value.rounded() {
            throw InputError(
                field: field, problem: "\(InputError.format(value)) is not a whole number, \(allowed)")
        }
    }

    /// The cut-off scheme for a population, or the default (first) one when `population` is nil.
    /// - Throws: `InputError` for `population` when the measure has no cut-offs for that population.
    public func cutoffs(for population: String? = nil) throws(InputError) -> OutcomeCutoffs? {
        guard let population else { return cutoffs.first }
        guard let scheme = cutoffs.first(where: { $0.population.id == population }) else {
            let names = cutoffs.map(\.population.id)
            let expected =
                names.isEmpty ? "this measure has no cut-offs" : "expected one of \(names.joined(separator: ", "))"
            throw InputError(
                field: "population", problem: "no \(abbreviation) cut-offs for '\(population)', \(expected)")
        }
        return scheme
    }

    /// The band a value falls in, for a population (the default one when nil).
    /// - Returns: nil when the measure has no cut-offs.
    /// - Throws: `InputError` for `field` when the value is invalid, or for `population` when unknown.
    public func band(
        for value: Double, population: String? = nil, field: String = "value"
    ) throws(InputError) -> OutcomeBand? {
        try validate(value, field: field)
        return try cutoffs(for: population)?.band(for: value)
    }

    /// Compares two values of this measure.
    /// - Throws: `InputError` for `earlier` or `later` when a value is invalid.
    public func change(from earlier: Double, to later: Double) throws(InputError) -> OutcomeChange {
        try validate(earlier, field: "earlier")
        try validate(later, field: "later")
        return OutcomeChange(measure: self, from: earlier, to: later)
    }
}

/// Whether a change matters clinically.
public enum OutcomeChangeSignificance: String, Hashable, Sendable, Codable, CaseIterable {
    /// Better by at least the threshold.
    case importantImprovement = "important-improvement"
    /// Worse by at least the threshold.
    case importantWorsening = "important-worsening"
    /// Smaller than the threshold either way.
    case withinThreshold = "within-threshold"
    /// The measure has no adopted MCID or MDC, so the change cannot be judged.
    case noThreshold = "no-threshold"
}

/// The change between two values of one measure, judged against its MCID (or MDC) and its better direction.
public struct OutcomeChange: Hashable, Sendable, Codable {
    /// The earlier value.
    public var from: Double
    /// The later value.
    public var to: Double
    /// `to − from`, in the measure's unit.
    public var difference: Double
    /// `difference / |from|`, or nil when `from` is 0.
    public var relativeDifference: Double?
    /// The change turned so that positive is better.
    public var improvement: Double
    /// How it compares with the threshold.
    public var significance: OutcomeChangeSignificance
    /// What it was judged against (MCID or MDC), nil when there is no threshold.
    public var basis: OutcomeChangeBasis?

    /// Judges a change. Values are not validated here; use `OutcomeMeasure.change(from:to:)` for outside data.
    public init(measure: OutcomeMeasure, from: Double, to: Double) {
        self.from = from
        self.to = to
        self.difference = to - from
        self.relativeDifference = from == 0 ? nil : (to - from) / abs(from)
        self.improvement = measure.betterDirection.improvement(from: from, to: to)
        let threshold = measure.changeThreshold
        self.basis = threshold?.basis
        if let threshold {
            if !threshold.isReached(from: from, to: to) || improvement == 0 {
                significance = .withinThreshold
            } else {
                significance = improvement > 0 ? .importantImprovement : .importantWorsening
            }
        } else {
            significance = .noThreshold
        }
    }

    /// Whether the change reaches the threshold, either way.
    public var isClinicallyImportant: Bool {
        significance == .importantImprovement || significance == .importantWorsening
    }
}
