import Foundation

/// The outcome measures Backstep ships. Figures and sources are listed in `docs/outcome-measures.md`.
extension OutcomeMeasure {
    /// Every measure, in the order shown to professionals.
    public static let all: [OutcomeMeasure] = OutcomeMeasureID.allCases.map(catalog)

    /// The catalog entry for an identifier.
    public static func catalog(_ id: OutcomeMeasureID) -> OutcomeMeasure {
        switch id {
        case .threeMetreBackwardWalk: threeMetreBackwardWalk
        case .timedUpAndGo: timedUpAndGo
        case .tenMetreWalk: tenMetreWalk
        case .sixMinuteWalk: sixMinuteWalk
        case .fourSquareStep: fourSquareStep
        case .numericPainRating: numericPainRating
        }
    }

    /// Timed tests: above 0 s and at most `maximum` seconds.
    static func timed(upTo maximum: Seconds) -> OutcomeInterval {
        OutcomeInterval(lower: OutcomeBound(0, inclusive: false), upper: OutcomeBound(maximum, inclusive: true))
    }

    /// The licence sentence of performance tests published in journals.
    static let performanceTestLicence =
        "A performance test: a procedure and a timing, no copyrighted form or wording is reproduced, free to use."

    // MARK: 3-metre backward walk test

    /// 3-metre backward walk test, in seconds. Cut-offs for every population of `BackwardWalkTestPopulation`, the
    /// range and the minimal detectable change come from `ThreeMetreBackwardWalkTest`, so the two never disagree.
    public static let threeMetreBackwardWalk = OutcomeMeasure(
        id: .threeMetreBackwardWalk, name: "3-metre backward walk test", abbreviation: "3MBWT",
        summary:
            "The client walks backward 3 m on a hard floor as quickly as is safe while the professional guards; the time in seconds is the score.",
        unit: .seconds, betterDirection: .lowerIsBetter,
        validRange: timed(upTo: ThreeMetreBackwardWalkTest.maximumSeconds),
        cutoffs: BackwardWalkTestPopulation.allCases.map(backwardWalkCutoffs),
        mcid: nil,
        mdc: OutcomeChangeThreshold(
            basis: .mdc, absolute: ThreeMetreBackwardWalkTest.realChange,
            citation: Citation(
                "Backstep domain brief §8 (3MBWT reliability)",
                "Minimal detectable change about 1.6–2.1 s; Backstep counts a change of 2.1 s or more as real.")),
        citations: [
            Citation(
                "Carter et al., J Geriatr Phys Ther 2019",
                "The 3MBWT identified community-dwelling older adults with a history of falls; 4.5 s or slower marks high fall risk."
            )
        ],
        licence: performanceTestLicence, recordedBy: .professional)

    /// The cut-off scheme of one 3MBWT population, built from `BackwardWalkTestPopulation`.
    static func backwardWalkCutoffs(_ population: BackwardWalkTestPopulation) -> OutcomeCutoffs {
        let high = OutcomeBand(
            id: FallRiskBand.high.rawValue, label: "high fall risk",
            meaning:
                "At or above \(InputError.format(population.highRiskCutoff)) s: higher risk of falling for \(population.label).",
            interval: OutcomeInterval(lower: OutcomeBound(population.highRiskCutoff, inclusive: true), upper: nil))
        var bands: [OutcomeBand]
        if let low = population.lowRiskCutoff {
            bands = [
                OutcomeBand(
                    id: FallRiskBand.low.rawValue, label: "low fall risk",
                    meaning: "At or below \(InputError.format(low)) s: low risk of falling for \(population.label).",
                    interval: OutcomeInterval(lower: nil, upper: OutcomeBound(low, inclusive: true))),
                OutcomeBand(
                    id: FallRiskBand.intermediate.rawValue, label: "intermediate",
                    meaning:
                        "Between \(InputError.format(low)) s and \(InputError.format(population.highRiskCutoff)) s: neither low nor high risk.",
                    interval: OutcomeInterval(
                        lower: OutcomeBound(low, inclusive: false),
                        upper: OutcomeBound(population.highRiskCutoff, inclusive: false))),
            ]
        } else {
            bands = [
                OutcomeBand(
                    id: FallRiskBand.belowCutoff.rawValue, label: "below cut-off",
                    meaning:
                        "Faster than \(InputError.format(population.highRiskCutoff)) s, the fall-risk cut-off for \(population.label).",
                    interval: OutcomeInterval(
                        lower: nil, upper: OutcomeBound(population.highRiskCutoff, inclusive: false)))
            ]
        }
        bands.append(high)
        return OutcomeCutoffs(
            population: OutcomePopulation(id: population.rawValue, label: population.label), bands: bands,
            citation: Citation(
                population.source,
                "3MBWT fall-risk cut-off of \(InputError.format(population.highRiskCutoff)) s for \(population.label).")
        )
    }

    // MARK: Timed Up and Go

    /// The Timed Up and Go fall-risk cut-off for community-dwelling older adults, in seconds.
    public static let timedUpAndGoFallRiskCutoff: Seconds = 13.5

    /// Timed Up and Go, in seconds; at or above 13.5 s marks fall risk in community-dwelling older adults.
    public static let timedUpAndGo = OutcomeMeasure(
        id: .timedUpAndGo, name: "Timed Up and Go", abbreviation: "TUG",
        summary:
            "From sitting in a chair with arms, the client stands, walks 3 m at a comfortable pace, turns, walks back and sits down; the time in seconds is the score.",
        unit: .seconds, betterDirection: .lowerIsBetter, validRange: timed(upTo: 180),
        cutoffs: [
            OutcomeCutoffs(
                population: OutcomePopulation(
                    id: "community-older-adults", label: "community-dwelling older adults"),
                bands: [
                    OutcomeBand(
                        id: "below-cutoff", label: "below cut-off",
                        meaning: "Faster than 13.5 s, the fall-risk cut-off for community-dwelling older adults.",
                        interval: OutcomeInterval(
                            lower: nil, upper: OutcomeBound(timedUpAndGoFallRiskCutoff, inclusive: false))),
                    OutcomeBand(
                        id: "fall-risk", label: "fall risk",
                        meaning: "13.5 s or slower: at risk of falls among community-dwelling older adults.",
                        interval: OutcomeInterval(
                            lower: OutcomeBound(timedUpAndGoFallRiskCutoff, inclusive: true), upper: nil)),
                ],
                citation: Citation(
                    "Shumway-Cook et al., Phys Ther 2000",
                    "A TUG of 13.5 s or longer classified community-dwelling older adults as fallers."))
        ],
        mcid: nil, mdc: nil,
        citations: [
            Citation(
                "Podsiadlo & Richardson, J Am Geriatr Soc 1991",
                "Described the Timed Up and Go as a test of basic functional mobility in frail older people.")
        ],
        licence: performanceTestLicence, recordedBy: .professional)

    // MARK: 10-metre walk test

    /// 10-metre walk test as gait speed in m/s; enter a time with `OutcomeMeasure.tenMetreWalkSpeed(seconds:)`.
    public static let tenMetreWalk = OutcomeMeasure(
        id: .tenMetreWalk, name: "10-metre walk test", abbreviation: "10MWT",
        summary:
            "The client walks at a comfortable speed; the time over the middle 10 m is converted to gait speed in m/s.",
        unit: .metersPerSecond, betterDirection: .higherIsBetter,
        validRange: OutcomeInterval(
            lower: OutcomeBound(0, inclusive: false),
            upper: OutcomeBound(BackwardWalkingSpeed.maximumSpeed.metersPerSecond, inclusive: true)),
        cutoffs: [
            OutcomeCutoffs(
                population: OutcomePopulation(id: "stroke", label: "people after stroke"),
                bands: [
                    OutcomeBand(
                        id: "household", label: "household ambulation",
                        meaning: "Slower than 0.4 m/s: walking mostly limited to the home.",
                        interval: OutcomeInterval(lower: nil, upper: OutcomeBound(0.4, inclusive: false))),
                    OutcomeBand(
                        id: "limited-community", label: "limited community ambulation",
                        meaning: "0.4 m/s to under 0.8 m/s: walking in the community is limited.",
                        interval: OutcomeInterval(
                            lower: OutcomeBound(0.4, inclusive: true), upper: OutcomeBound(0.8, inclusive: false))),
                    OutcomeBand(
                        id: "community", label: "community ambulation",
                        meaning: "0.8 m/s or faster: walking in the community.",
                        interval: OutcomeInterval(lower: OutcomeBound(0.8, inclusive: true), upper: nil)),
                ],
                citation: Citation(
                    "Perry et al., Stroke 1995",
                    "Gait speed classified walking after stroke: under 0.4 m/s household, 0.4–0.8 m/s limited community, above 0.8 m/s community."
                ))
        ],
        mcid: OutcomeChangeThreshold(
            basis: .mcid, absolute: 0.1,
            citation: Citation(
                "Perera et al., J Am Geriatr Soc 2006",
                "In older adults, 0.05 m/s is a small and 0.10 m/s a substantial meaningful change in gait speed; Backstep uses 0.10 m/s."
            )),
        mdc: nil,
        citations: [
            Citation(
                "Perera et al., J Am Geriatr Soc 2006",
                "Gait speed is a responsive measure of physical performance in older adults.")
        ],
        licence: performanceTestLicence, recordedBy: .professional)

    /// The distance the 10-metre walk test times.
    public static let tenMetreWalkDistance = Distance(meters: 10)

    /// Converts a 10-metre walk time to the gait speed recorded for the 10MWT (10 m ÷ time).
    /// - Throws: `InputError` for `field` when the time is not above 0 s, or so short that the speed would exceed
    ///   the 10MWT's valid range (3 m/s, i.e. under about 3.33 s).
    public static func tenMetreWalkSpeed(seconds: Seconds, field: String = "seconds") throws(InputError) -> Speed {
        let slowest = tenMetreWalkDistance.meters / (tenMetreWalk.validRange.upper?.value ?? 3)
        guard seconds.isFinite, seconds >= slowest else {
            throw InputError(
                field: field,
                problem:
                    "must be a time of at least \(InputError.format(slowest)) s over 10 m (at most 3 m/s), got \(InputError.format(seconds))"
            )
        }
        return Speed(metersPerSecond: tenMetreWalkDistance.meters / seconds)
    }

    // MARK: 6-minute walk test

    /// 6-minute walk test, in metres.
    public static let sixMinuteWalk = OutcomeMeasure(
        id: .sixMinuteWalk, name: "6-minute walk test", abbreviation: "6MWT",
        summary:
            "The client walks as far as possible in 6 minutes along a flat corridor, following the ATS procedure; the distance in metres is the score.",
        unit: .meters, betterDirection: .higherIsBetter,
        validRange: OutcomeInterval(
            lower: OutcomeBound(0, inclusive: true), upper: OutcomeBound(1000, inclusive: true)),
        cutoffs: [],
        mcid: OutcomeChangeThreshold(
            basis: .mcid, absolute: 30,
            citation: Citation(
                "Bohannon & Crouch, J Eval Clin Pract 2017",
                "Across adults with pathology the MCID of the 6MWT ranged from 14 to 30.5 m; Backstep uses 30 m.")),
        mdc: nil,
        citations: [
            Citation(
                "American Thoracic Society, Am J Respir Crit Care Med 2002",
                "ATS statement: guidelines for the six-minute walk test (course, instructions, encouragement).")
        ],
        licence: performanceTestLicence, recordedBy: .professional)

    // MARK: Four Square Step Test

    /// The Four Square Step Test cut-off for older adults, in seconds: slower than this marks fall risk.
    public static let fourSquareStepFallRiskCutoff: Seconds = 15

    /// Four Square Step Test, in seconds; more than 15 s marks risk of multiple falls in older adults.
    public static let fourSquareStep = OutcomeMeasure(
        id: .fourSquareStep, name: "Four Square Step Test", abbreviation: "FSST",
        summary:
            "The client steps forward, sideways and backward through four squares laid out with four sticks on the floor, clockwise then anticlockwise; the time in seconds is the score.",
        unit: .seconds, betterDirection: .lowerIsBetter, validRange: timed(upTo: 120),
        cutoffs: [
            OutcomeCutoffs(
                population: OutcomePopulation(id: "older-adults", label: "older adults"),
                bands: [
                    OutcomeBand(
                        id: "below-cutoff", label: "below cut-off",
                        meaning: "15 s or faster: below the fall-risk cut-off for older adults.",
                        interval: OutcomeInterval(
                            lower: nil, upper: OutcomeBound(fourSquareStepFallRiskCutoff, inclusive: true))),
                    OutcomeBand(
                        id: "fall-risk", label: "fall risk",
                        meaning: "Slower than 15 s: at risk of multiple falls among older adults.",
                        interval: OutcomeInterval(
                            lower: OutcomeBound(fourSquareStepFallRiskCutoff, inclusive: false), upper: nil)),
                ],
                citation: Citation(
                    "Dite & Temple, Arch Phys Med Rehabil 2002",
                    "A time above 15 s identified older adults who fell more than once."))
        ],
        mcid: nil, mdc: nil,
        citations: [
            Citation(
                "Dite & Temple, Arch Phys Med Rehabil 2002",
                "Introduced the Four Square Step Test of stepping and change of direction.")
        ],
        licence: performanceTestLicence, recordedBy: .professional)

    // MARK: Numeric Pain Rating Scale

    /// The single NPRS item, in Backstep's own wording.
    public static let numericPainRatingQuestionnaire = Questionnaire(
        items: [
            QuestionnaireItem(
                id: "pain",
                text:
                    "Over the past week, how strong has your pain been on average? 0 is no pain, 10 is the worst pain you can imagine.",
                options: (0...10).map { score in
                    QuestionnaireOption(
                        score: score, label: score == 0 ? "No pain" : score == 10 ? "Worst pain imaginable" : nil)
                })
        ],
        subscales: [QuestionnaireSubscale(id: "pain", name: "Pain", itemIDs: ["pain"], scoring: .sum)])

    /// Numeric Pain Rating Scale, 0–10 points, answered by the client; a change of 2 points or 30 % matters.
    public static let numericPainRating = OutcomeMeasure(
        id: .numericPainRating, name: "Numeric Pain Rating Scale", abbreviation: "NPRS",
        summary: "The client rates their average pain from 0 (no pain) to 10 (worst pain imaginable).",
        unit: .points, betterDirection: .lowerIsBetter,
        validRange: OutcomeInterval(lower: OutcomeBound(0, inclusive: true), upper: OutcomeBound(10, inclusive: true)),
        wholeNumbersOnly: true, cutoffs: [],
        mcid: OutcomeChangeThreshold(
            basis: .mcid, absolute: 2, relative: 0.3,
            citation: Citation(
                "Farrar et al., Pain 2001",
                "On the 11-point pain rating scale a fall of about 2 points or about 30 % matched a much-improved rating by patients."
            )),
        mdc: nil,
        citations: [
            Citation(
                "Farrar et al., Pain 2001",
                "Clinical importance of changes in chronic pain intensity measured on an 11-point numerical rating scale."
            )
        ],
        licence:
            "Public domain: a 0–10 rating with no copyrighted wording; the question is Backstep's own.",
        recordedBy: .client, questionnaire: numericPainRatingQuestionnaire)
}
