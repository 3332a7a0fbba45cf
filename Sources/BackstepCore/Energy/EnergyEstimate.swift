/// The energy cost of one bout, in the requested direction and for the same motion done forward.
///
/// Rates are per minute; use `kilocalories(minutes:)` for a duration. VO2 is in mL·kg⁻¹·min⁻¹,
/// 1 MET = 3.5 mL·kg⁻¹·min⁻¹, and kcal/min = MET × 3.5 × mass(kg) / 200 (domain brief, section 6).
public struct EnergyEstimate: Hashable, Sendable {
    /// The input the estimate was made for.
    public var input: EnergyInput
    /// Oxygen uptake in the requested direction, mL·kg⁻¹·min⁻¹.
    public var vo2: Double
    /// Oxygen uptake for the same gait, speed and grade done forward (plain ACSM), mL·kg⁻¹·min⁻¹.
    public var forwardVO2: Double
    /// The multiplier applied to the backward extra for practice (1 when practised, forward, or running).
    public var practiceFactor: Double
    /// Plus-or-minus uncertainty of `vo2`, in percent (see `docs/energy-model.md` for how it is built).
    public var uncertaintyPercent: Double
    /// Why the input lies outside the calibrated range; empty when it lies inside.
    public var extrapolationReasons: EnergyFlags<ExtrapolationReason>
    /// What the user should know about this estimate.
    public var notes: EnergyFlags<EnergyNote>

    /// Creates an estimate. Normally made by `EnergyModel.estimate(_:)`.
    public init(
        input: EnergyInput,
        vo2: Double,
        forwardVO2: Double,
        practiceFactor: Double,
        uncertaintyPercent: Double,
        extrapolationReasons: EnergyFlags<ExtrapolationReason>,
        notes: EnergyFlags<EnergyNote>
    ) {
        self.input = input
        self.vo2 = vo2
        self.forwardVO2 = forwardVO2
        self.practiceFactor = practiceFactor
        self.uncertaintyPercent = uncertaintyPercent
        self.extrapolationReasons = extrapolationReasons
        self.notes = notes
    }

    /// Whether the input lies outside the calibrated range (0.4–2.0 m/s, 0–15 % grade).
    public var extrapolated: Bool { !extrapolationReasons.isEmpty }

    /// Metabolic equivalents in the requested direction.
    public var met: Double { vo2 / EnergyModel.restingVO2 }
    /// Metabolic equivalents done forward.
    public var forwardMET: Double { forwardVO2 / EnergyModel.restingVO2 }
    /// Kilocalories per minute in the requested direction.
    public var kcalPerMinute: Double { EnergyModel.kcalPerMinute(met: met, mass: input.mass) }
    /// Kilocalories per minute done forward.
    public var forwardKcalPerMinute: Double { EnergyModel.kcalPerMinute(met: forwardMET, mass: input.mass) }

    /// How much more the requested direction costs than forward, in percent (0 when forward).
    public var extraOverForwardPercent: Double { forwardVO2 > 0 ? (vo2 / forwardVO2 - 1) * 100 : 0 }

    /// Kilocalories over `minutes` in the requested direction. Negative or non-finite durations count as 0.
    public func kilocalories(minutes: Double) -> Double { kcalPerMinute * Self.sanitized(minutes) }

    /// Kilocalories over `minutes` done forward. Negative or non-finite durations count as 0.
    public func forwardKilocalories(minutes: Double) -> Double { forwardKcalPerMinute * Self.sanitized(minutes) }

    /// Kilocalories over `seconds` in the requested direction (for a session engine ticking each second).
    public func kilocalories(seconds: Seconds) -> Double { kilocalories(minutes: seconds / 60) }

    /// The extrapolation reasons as sentences.
    public var extrapolationMessages: [String] { extrapolationReasons.map { $0.message(for: input) } }

    /// The notes as sentences.
    public var noteMessages: [String] { notes.map { $0.message(for: self) } }

    private static func sanitized(_ minutes: Double) -> Double { minutes.isFinite ? max(minutes, 0) : 0 }
}
