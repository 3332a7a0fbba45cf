/// The energy cost of walking and running, backward and forward.
///
/// No validated published equation exists for backward locomotion, so this model builds one on the ACSM
/// forward equations and calibrates the backward extra to the studies the domain brief cites. The
/// derivation, calibration table, residuals, plausibility checks and limits are in `docs/energy-model.md`.
///
/// - Forward walking (ACSM): VO2 = 3.5 + 0.1·S + 1.8·S·G, S in m/min, G a fraction held at ≥ 0.
/// - Forward running (ACSM): VO2 = 3.5 + 0.2·S + 0.9·S·G.
/// - Backward walking: forward walking + p·d·v², v in m/s, d = 2.97 (least squares over Compendium 2011
///   and Hooper et al. 2004), p the practice factor (1 when practised; up to ≈ 1.66 at week 0, Heath et al. 2001).
/// - Backward running: forward running × 1.35 (Wright & Weyand 2001).
///
/// `estimate(_:)` is pure arithmetic with no heap allocation, cheap enough to call every second.
public enum EnergyModel {
    /// Resting oxygen uptake, 1 MET, in mL·kg⁻¹·min⁻¹.
    public static let restingVO2 = 3.5

    // MARK: Calibrated constants

    /// d in the backward-walking extra d·v², mL·kg⁻¹·min⁻¹ per (m/s)². Least-squares fit (2.971, rounded)
    /// to five points: Compendium 2011 backward 3.5 mph at 0 % and 5 %, Hooper et al. 2004 at 2.5 mph, 5/7.5/10 %.
    public static let backwardWalkingCoefficient = 2.97

    /// Backward running costs this many times forward running (Wright & Weyand 2001: +35 ± 6 % at 3.0 m/s).
    public static let backwardRunningFactor = 1.35

    /// The ± spread of `backwardRunningFactor` in Wright & Weyand 2001, as a fraction of the factor (0.06 / 1.35).
    static let backwardRunningFactorSpread = 0.06 / 1.35

    /// Heath et al. 2001: backward VO2 before (2.05 L/min) over after (1.66 L/min) four weeks of practice.
    public static let noviceToPractisedRatio = 2.05 / 1.66

    /// Weeks of practice after which a walker counts as practised (Heath et al. 2001).
    public static let practiceWeeksToPractised = 4.0

    /// The speed at which the novice ratio is matched: the middle of Heath's 3.2–3.7 mph, on the level.
    public static let practiceReferenceSpeed = Speed.milesPerHour(3.45)

    /// The multiplier on the backward extra at week 0, chosen so that at `practiceReferenceSpeed` a novice's
    /// whole VO2 is `noviceToPractisedRatio` times a practised walker's (≈ 1.66).
    public static let noviceExtraFactor: Double = {
        let practised = backwardWalkingVO2(speed: practiceReferenceSpeed, grade: .level, practiceFactor: 1)
        let extra = backwardWalkingExtra(speed: practiceReferenceSpeed)
        return 1 + (noviceToPractisedRatio - 1) * practised / extra
    }()

    /// Root-mean-square relative residual of the backward-walking fit over its five calibration points, percent.
    public static let calibrationResidualPercent = 2.7

    /// Half the gap between the two forward references the brief cites at 3.5 mph on the level
    /// (Compendium 4.3 MET vs ACSM ≈ 3.68 MET), in percent: the uncertainty of the forward baseline (≈ 8.4 %).
    public static let forwardReferenceUncertaintyPercent: Double = {
        let acsmMET = forwardWalkingVO2(speed: .milesPerHour(3.5), grade: .level) / restingVO2
        return (4.3 / acsmMET - 1) / 2 * 100
    }()

    /// Uncertainty is multiplied by this when the input is extrapolated.
    public static let extrapolationUncertaintyMultiplier = 2.0

    // MARK: Ranges

    /// Speeds the model is calibrated for (domain brief, section 6).
    public static let validSpeedRange = 0.4...2.0
    /// Grades the model is calibrated for, in percent (domain brief, section 6).
    public static let validGradeRange = 0.0...15.0
    /// Walking faster than this (m/s) earns a note.
    public static let unusualWalkingSpeed = 2.0
    /// Preferred backward walk–run transition, m/s (Hreljac et al. 2005: 1.63 ± 0.11).
    public static let backwardWalkRunTransition = 1.63
    /// Forward walk–run transition used for the running note, m/s (a round figure, not a cited value).
    public static let forwardWalkRunTransition = 2.0

    /// The walk–run transition speed for `direction`, m/s.
    public static func walkRunTransition(_ direction: Direction) -> Double {
        direction == .backward ? backwardWalkRunTransition : forwardWalkRunTransition
    }

    // MARK: Equations

    /// ACSM forward walking VO2, mL·kg⁻¹·min⁻¹. Downhill grades count as level.
    public static func forwardWalkingVO2(speed: Speed, grade: Grade) -> Double {
        let s = speed.metersPerMinute
        return restingVO2 + 0.1 * s + 1.8 * s * max(grade.fraction, 0)
    }

    /// ACSM forward running VO2, mL·kg⁻¹·min⁻¹. Downhill grades count as level.
    public static func forwardRunningVO2(speed: Speed, grade: Grade) -> Double {
        let s = speed.metersPerMinute
        return restingVO2 + 0.2 * s + 0.9 * s * max(grade.fraction, 0)
    }

    /// ACSM forward VO2 for `gait`, mL·kg⁻¹·min⁻¹.
    public static func forwardVO2(gait: Gait, speed: Speed, grade: Grade) -> Double {
        switch gait {
        case .walk: forwardWalkingVO2(speed: speed, grade: grade)
        case .run: forwardRunningVO2(speed: speed, grade: grade)
        }
    }

    /// The practised backward-walking extra over forward, d·v², mL·kg⁻¹·min⁻¹.
    public static func backwardWalkingExtra(speed: Speed) -> Double {
        let v = speed.metersPerSecond
        return backwardWalkingCoefficient * v * v
    }

    /// Backward walking VO2, mL·kg⁻¹·min⁻¹: forward walking plus `practiceFactor` × the backward extra.
    public static func backwardWalkingVO2(speed: Speed, grade: Grade, practiceFactor: Double) -> Double {
        forwardWalkingVO2(speed: speed, grade: grade) + practiceFactor * backwardWalkingExtra(speed: speed)
    }

    /// Backward running VO2, mL·kg⁻¹·min⁻¹: forward running × 1.35.
    public static func backwardRunningVO2(speed: Speed, grade: Grade) -> Double {
        forwardRunningVO2(speed: speed, grade: grade) * backwardRunningFactor
    }

    /// The multiplier on the backward-walking extra after `weeks` of practice: falls linearly from
    /// `noviceExtraFactor` at week 0 to 1 at week 4 and stays 1 after. `nil` (unknown) counts as practised.
    public static func practiceFactor(weeks: Double?) -> Double {
        guard let weeks, weeks.isFinite else { return 1 }
        let progress = min(max(weeks, 0), practiceWeeksToPractised) / practiceWeeksToPractised
        return noviceExtraFactor - (noviceExtraFactor - 1) * progress
    }

    /// How much more a complete novice would spend than a practised walker, backward walking at this speed
    /// and grade, in percent of the practised VO2.
    public static func noviceExcessPercent(speed: Speed, grade: Grade) -> Double {
        let practised = backwardWalkingVO2(speed: speed, grade: grade, practiceFactor: 1)
        let novice = backwardWalkingVO2(speed: speed, grade: grade, practiceFactor: noviceExtraFactor)
        return (novice / practised - 1) * 100
    }

    /// kcal/min = MET × 3.5 × mass(kg) / 200.
    public static func kcalPerMinute(met: Double, mass: Mass) -> Double {
        met * restingVO2 * mass.kilograms / 200
    }

    /// Extra uncertainty, in percentage points, for holding the rails. Not from data: the brief gives no
    /// figure, so these are the product's cautious choice (more support, wider band).
    public static func handrailWideningPercent(_ handrail: HandrailLevel?) -> Double {
        switch handrail {
        case .twoHands: 20
        case .oneHand: 10
        case .fingertips: 5
        case .handsFree, nil: 0
        }
    }

    // MARK: Estimate

    /// Estimates the energy cost of `input`, and of the same motion done forward.
    /// - Parameter input: Direction, gait, speed, grade, mass and the optional practice and handrail use.
    /// - Returns: VO2, MET and kcal/min both ways, with extrapolation flags, uncertainty and notes.
    /// - Throws: `InputError` naming the field when a value is outside the accepted range (see
    ///   `EnergyInput.validate()`).
    public static func estimate(_ input: EnergyInput) throws(InputError) -> EnergyEstimate {
        try input.validate()
        let speed = input.speed
        let grade = input.grade
        let v = speed.metersPerSecond
        let forward = forwardVO2(gait: input.gait, speed: speed, grade: grade)

        var notes = EnergyFlags<EnergyNote>()
        var reasons = EnergyFlags<ExtrapolationReason>()
        if v < validSpeedRange.lowerBound { reasons.insert(.speedBelowRange) }
        if v > validSpeedRange.upperBound { reasons.insert(.speedAboveRange) }
        if grade.percent < validGradeRange.lowerBound { reasons.insert(.gradeBelowRange) }
        if grade.percent > validGradeRange.upperBound { reasons.insert(.gradeAboveRange) }

        var vo2 = forward
        var practice = 1.0
        // Squared components of the uncertainty, in percent, combined in quadrature.
        var variance = forwardReferenceUncertaintyPercent * forwardReferenceUncertaintyPercent
        switch (input.direction, input.gait) {
        case (.forward, _):
            break
        case (.backward, .walk):
            practice = practiceFactor(weeks: input.practiceWeeks)
            vo2 = forward + practice * backwardWalkingExtra(speed: speed)
            variance += calibrationResidualPercent * calibrationResidualPercent
            if input.practiceWeeks == nil {
                notes.insert(.practiceAssumed)
            } else if practice > 1 {
                notes.insert(.noviceAdjustment)
                // The linear fall between week 0 and week 4 is an assumption: count half the applied extra.
                let applied = (practice - 1) * backwardWalkingExtra(speed: speed) / vo2 * 100 / 2
                variance += applied * applied
            }
        case (.backward, .run):
            vo2 = forward * backwardRunningFactor
            let spread = backwardRunningFactorSpread * 100
            variance += spread * spread
            if input.practiceWeeks != nil { notes.insert(.practiceNotModelledForRunning) }
            if grade.percent > 0 { notes.insert(.backwardRunningUphill) }
        }

        let widening = handrailWideningPercent(input.handrail)
        if widening > 0 { notes.insert(.handrailSupport) }
        if input.gait == .walk, v > unusualWalkingSpeed { notes.insert(.walkingAboveTransition) }
        if input.gait == .run, v < walkRunTransition(input.direction) { notes.insert(.runningBelowTransition) }

        var uncertainty = variance.squareRoot() + widening
        if !reasons.isEmpty { uncertainty *= extrapolationUncertaintyMultiplier }

        return EnergyEstimate(
            input: input,
            vo2: vo2,
            forwardVO2: forward,
            practiceFactor: practice,
            uncertaintyPercent: uncertainty,
            extrapolationReasons: reasons,
            notes: notes
        )
    }
}
