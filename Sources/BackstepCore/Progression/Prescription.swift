import Foundation

/// The current backward-walking dose: what the next session asks for.
///
/// Five dose variables can change from one session to the next (see `ProgressionVariable`); the progression
/// engine changes at most one of them per decision (domain brief §7: "progress one variable at a time").
/// The stage is not a dose variable: it only opens or closes caps (`SafetyPolicy`).
public struct Prescription: Hashable, Sendable {
    /// Backward belt speed.
    public var speed: Speed
    /// Treadmill incline.
    public var grade: Grade
    /// Backward walking time per session (or per bout, for bout-based programs), in seconds.
    public var duration: Seconds
    /// The most handrail support the session allows (domain brief §7: two hands → one hand → fingertips →
    /// hands free).
    public var handrail: HandrailLevel
    /// Walking or running.
    public var gait: Gait
    /// The training stage, which sets the caps.
    public var stage: TrainingStage
    /// The program's target duration, when the program sets one. `nil` uses
    /// `ProgressionThresholds.defaultDurationTarget(population:stage:)`.
    public var targetDuration: Seconds?

    /// Creates a prescription.
    public init(
        speed: Speed, grade: Grade = .level, duration: Seconds, handrail: HandrailLevel = .twoHands,
        gait: Gait = .walk, stage: TrainingStage, targetDuration: Seconds? = nil
    ) {
        self.speed = speed
        self.grade = grade
        self.duration = duration
        self.handrail = handrail
        self.gait = gait
        self.stage = stage
        self.targetDuration = targetDuration
    }

    /// Accepted durations, in seconds: 30 s (the shortest backward bout, domain brief §3.1) to 3 hours.
    public static let durationRange: ClosedRange<Double> = 30...10_800
    /// Accepted prescribed speeds, in m/s.
    public static let speedRange: ClosedRange<Double> = 0.1...InputLimits.maximumSpeed.metersPerSecond

    /// Checks every field against its accepted range.
    /// - Throws: `InputError` naming the first field out of range (JSON key names, e.g. `durationSeconds`).
    public func validate() throws(InputError) {
        try InputError.check("speedMps", speed.metersPerSecond, in: Self.speedRange, unit: "m/s")
        try InputError.check("gradePercent", grade.percent, in: InputLimits.gradeRange, unit: "%")
        try InputError.check("durationSeconds", duration, in: Self.durationRange, unit: "s")
        if let targetDuration {
            try InputError.check("targetDurationSeconds", targetDuration, in: Self.durationRange, unit: "s")
        }
    }

    /// The value of one dose variable as a number in its storage unit (m/s, %, s, weaning step, 0/1 for gait).
    public func value(of variable: ProgressionVariable) -> Double {
        switch variable {
        case .duration: duration
        case .handrail: Double(handrail.independence)
        case .grade: grade.percent
        case .speed: speed.metersPerSecond
        case .gait: gait == .run ? 1 : 0
        }
    }

    /// The dose variables whose values differ between this prescription and `other`.
    public func changedVariables(to other: Prescription) -> [ProgressionVariable] {
        ProgressionVariable.allCases.filter { abs(value(of: $0) - other.value(of: $0)) > 1e-9 }
    }

    /// Whether `other` asks for the same dose (stage and target are ignored).
    public func hasSameDose(as other: Prescription) -> Bool { changedVariables(to: other).isEmpty }
}

/// A dose variable the progression engine may change.
public enum ProgressionVariable: String, Hashable, Sendable, Codable, CaseIterable {
    /// Minutes of backward walking.
    case duration
    /// Handrail support (weaning).
    case handrail
    /// Incline.
    case grade
    /// Belt speed.
    case speed
    /// Walking or running.
    case gait

    /// Words shown to the user.
    public var label: String {
        switch self {
        case .duration: "duration"
        case .handrail: "handrail support"
        case .grade: "incline"
        case .speed: "speed"
        case .gait: "gait"
        }
    }
}
