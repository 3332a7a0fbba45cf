/// A small set of energy-model flags kept in one machine word, so an estimate carries its notes and
/// extrapolation reasons without allocating. Iterating yields the flags in declaration order.
public struct EnergyFlags<Flag: CaseIterable & RawRepresentable & Hashable & Sendable>: Hashable, Sendable, Sequence
where Flag.RawValue == Int {
    /// One bit per flag, at the flag's raw value.
    public private(set) var bits: UInt64

    /// The empty set.
    public init() { bits = 0 }

    /// A set holding `flags`.
    public init(_ flags: Flag...) {
        bits = 0
        for flag in flags { insert(flag) }
    }

    /// Adds `flag`.
    public mutating func insert(_ flag: Flag) { bits |= Self.mask(flag) }

    /// Whether `flag` is in the set.
    public func contains(_ flag: Flag) -> Bool { bits & Self.mask(flag) != 0 }

    /// Whether the set is empty.
    public var isEmpty: Bool { bits == 0 }

    /// How many flags are set.
    public var count: Int { bits.nonzeroBitCount }

    /// The flags in declaration order.
    public func makeIterator() -> AnyIterator<Flag> {
        var remaining = Flag.allCases.makeIterator()
        let bits = bits
        return AnyIterator {
            while let next = remaining.next() {
                if bits & Self.mask(next) != 0 { return next }
            }
            return nil
        }
    }

    private static func mask(_ flag: Flag) -> UInt64 {
        let raw = flag.rawValue
        return (0..<64).contains(raw) ? UInt64(1) << UInt64(raw) : 0
    }
}

/// Why an estimate lies outside the range the model was calibrated for (0.4–2.0 m/s, 0–15 % grade).
public enum ExtrapolationReason: Int, CaseIterable, Hashable, Sendable {
    /// Slower than 0.4 m/s.
    case speedBelowRange
    /// Faster than 2.0 m/s.
    case speedAboveRange
    /// Downhill (below 0 %).
    case gradeBelowRange
    /// Steeper than 15 %.
    case gradeAboveRange

    /// A sentence for the user, with the input's numbers.
    public func message(for input: EnergyInput) -> String {
        let speed = EnergyModel.validSpeedRange
        let grade = EnergyModel.validGradeRange
        let speedText = "\(formatEnergyNumber(input.speed.metersPerSecond)) m/s"
        let rangeText = "\(formatEnergyNumber(speed.lowerBound))–\(formatEnergyNumber(speed.upperBound)) m/s"
        let gradeText = "\(formatEnergyNumber(input.grade.percent)) %"
        let gradeRangeText = "\(formatEnergyNumber(grade.lowerBound))–\(formatEnergyNumber(grade.upperBound)) %"
        switch self {
        case .speedBelowRange:
            return "Speed \(speedText) is below the calibrated range \(rangeText); the value is extrapolated."
        case .speedAboveRange:
            return "Speed \(speedText) is above the calibrated range \(rangeText); the value is extrapolated."
        case .gradeBelowRange:
            return "Grade \(gradeText) is downhill, outside the calibrated range \(gradeRangeText); "
                + "the grade term is held at zero, so the value is extrapolated."
        case .gradeAboveRange:
            return "Grade \(gradeText) is steeper than the calibrated range \(gradeRangeText); "
                + "the value is extrapolated."
        }
    }
}

/// Something the user should know about an estimate.
public enum EnergyNote: Int, CaseIterable, Hashable, Sendable {
    /// Backward walking without practice weeks: the model assumed a practised walker.
    case practiceAssumed
    /// Backward walking in the first four weeks of practice: the backward extra was raised.
    case noviceAdjustment
    /// Practice weeks were given for running, where no practice data exist; they were not applied.
    case practiceNotModelledForRunning
    /// The user holds the handrails: less reliable, uncertainty widened.
    case handrailSupport
    /// Walking faster than about 2.0 m/s is unusual.
    case walkingAboveTransition
    /// Running slower than the walk–run transition is unusual.
    case runningBelowTransition
    /// Backward running uphill: the extra is known to grow with gradient, which the model does not capture.
    case backwardRunningUphill

    /// A sentence for the user, with the estimate's numbers.
    public func message(for estimate: EnergyEstimate) -> String {
        let input = estimate.input
        switch self {
        case .practiceAssumed:
            let novice = EnergyModel.noviceExcessPercent(speed: input.speed, grade: input.grade)
            return "Assumes at least \(formatEnergyNumber(EnergyModel.practiceWeeksToPractised)) weeks of "
                + "backward-walking practice; in the first weeks this can cost up to "
                + "\(formatEnergyNumber(novice, digits: 0)) % more."
        case .noviceAdjustment:
            let weeks = input.practiceWeeks ?? 0
            let weeksText = "\(formatEnergyNumber(weeks, digits: 1)) week\(weeks == 1 ? "" : "s")"
            return "With \(weeksText) of practice, backward walking still costs more than it will once "
                + "learned: the backward extra is ×\(formatEnergyNumber(estimate.practiceFactor)) here."
        case .practiceNotModelledForRunning:
            return "Practice weeks are not applied to running: the practice data are for backward walking only."
        case .handrailSupport:
            let widening = EnergyModel.handrailWideningPercent(input.handrail)
            return "Holding the rails takes some body weight off the legs, so this number is less reliable "
                + "(uncertainty widened by \(formatEnergyNumber(widening, digits: 0)) points)."
        case .walkingAboveTransition:
            return "Walking faster than about \(formatEnergyNumber(EnergyModel.unusualWalkingSpeed)) m/s is "
                + "unusual; most people run at this speed and the walking equation is least accurate here."
        case .runningBelowTransition:
            let transition = EnergyModel.walkRunTransition(input.direction)
            return "Running slower than about \(formatEnergyNumber(transition)) m/s is unusual; most people "
                + "walk at this speed."
        case .backwardRunningUphill:
            return "Backward running uphill: its extra cost over forward is reported to grow with gradient, "
                + "but no figure is available, so this may under-count."
        }
    }
}

/// Formats a number with at most `digits` decimals and no trailing zeros (core-side, no Foundation formatter).
func formatEnergyNumber(_ value: Double, digits: Int = 2) -> String {
    var scale = 1.0
    for _ in 0..<max(digits, 0) { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
    return String(rounded)
}
