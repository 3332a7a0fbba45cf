/// What the energy model needs to know about one bout of walking or running.
///
/// Build one per estimate; it is a small value with no allocations. `EnergyModel.estimate(_:)` checks it
/// against the accepted ranges (see `validate()`), so a value built from user input can be passed straight in.
public struct EnergyInput: Hashable, Sendable {
    /// Backward or forward.
    public var direction: Direction
    /// Walking or running. Chooses the ACSM equation and the backward correction.
    public var gait: Gait
    /// Belt or ground speed. Accepted: more than 0, up to 30 km/h.
    public var speed: Speed
    /// Treadmill or hill grade. Accepted: −5…40 %; the model is calibrated for 0…15 %.
    public var grade: Grade
    /// Body mass. Accepted: `Profile.massRange` (20…350 kg).
    public var mass: Mass
    /// Weeks of regular backward-walking practice, when known (fractions allowed). `nil` means "assume practised".
    public var practiceWeeks: Double?
    /// How the user holds the handrails, when known. `nil` is treated as hands-free.
    public var handrail: HandrailLevel?

    /// Creates an input.
    /// - Parameters:
    ///   - direction: Backward or forward.
    ///   - gait: Walking or running.
    ///   - speed: Speed over the ground or belt.
    ///   - grade: Grade in percent.
    ///   - mass: Body mass.
    ///   - practiceWeeks: Weeks of backward-walking practice, or `nil` to assume a practised walker.
    ///   - handrail: Handrail use, or `nil` for hands-free / unknown.
    public init(
        direction: Direction,
        gait: Gait,
        speed: Speed,
        grade: Grade,
        mass: Mass,
        practiceWeeks: Double? = nil,
        handrail: HandrailLevel? = nil
    ) {
        self.direction = direction
        self.gait = gait
        self.speed = speed
        self.grade = grade
        self.mass = mass
        self.practiceWeeks = practiceWeeks
        self.handrail = handrail
    }

    /// Accepted practice weeks. The practice effect is complete after four weeks; the upper bound only
    /// rejects nonsense.
    public static let practiceWeeksRange = 0.0...1000.0

    /// Checks every field against its accepted range.
    /// - Throws: `InputError` naming the field (`speed`, `grade`, `mass` or `practiceWeeks`) and the allowed range.
    public func validate() throws(InputError) {
        let maximumSpeed = InputLimits.maximumSpeed.metersPerSecond
        let metersPerSecond = speed.metersPerSecond
        // A hair of tolerance so that exactly 30 km/h entered in mph or km/h is not rejected by rounding.
        guard metersPerSecond.isFinite, metersPerSecond > 0, metersPerSecond <= maximumSpeed * (1 + 1e-12) else {
            let shown = metersPerSecond.isFinite ? "\(InputError.format(metersPerSecond)) m/s is" : "the value is"
            throw InputError(
                field: "speed",
                problem: "\(shown) out of range, allowed more than 0 and up to \(InputError.format(maximumSpeed)) m/s"
            )
        }
        try InputError.check("grade", grade.percent, in: InputLimits.gradeRange, unit: "%")
        try InputError.check("mass", mass.kilograms, in: Profile.massRange, unit: "kg")
        if let practiceWeeks {
            try InputError.check("practiceWeeks", practiceWeeks, in: Self.practiceWeeksRange, unit: "weeks")
        }
    }
}
