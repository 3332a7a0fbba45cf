import Foundation

/// What the person reports after a session (domain brief §7 and §8: RPE, pain during, after and next morning).
public struct SessionFeedback: Hashable, Sendable {
    /// When the session took place.
    public var date: Date
    /// Whether the whole prescribed session was done.
    public var completed: Bool
    /// Rating of perceived exertion, when given.
    public var exertion: PerceivedExertion?
    /// Pain during the session, numeric rating scale 0–10.
    public var painDuring: Int
    /// Pain just after the session, 0–10.
    public var painAfter: Int
    /// Pain the next morning, 0–10; `nil` until the person has reported it.
    public var painNextMorning: Int?
    /// The most handrail support actually used.
    public var handrailUsed: HandrailLevel
    /// The person lost their balance (caught themselves, grabbed the rails).
    public var lostBalance: Bool
    /// The person nearly fell.
    public var nearFall: Bool
    /// Red-flag symptoms felt during or after the session.
    public var redFlags: Set<RedFlagSymptom>
    /// Free-text notes.
    public var notes: String

    /// Creates session feedback.
    public init(
        date: Date, completed: Bool = true, exertion: PerceivedExertion? = nil, painDuring: Int = 0,
        painAfter: Int = 0, painNextMorning: Int? = nil, handrailUsed: HandrailLevel, lostBalance: Bool = false,
        nearFall: Bool = false, redFlags: Set<RedFlagSymptom> = [], notes: String = ""
    ) {
        self.date = date
        self.completed = completed
        self.exertion = exertion
        self.painDuring = painDuring
        self.painAfter = painAfter
        self.painNextMorning = painNextMorning
        self.handrailUsed = handrailUsed
        self.lostBalance = lostBalance
        self.nearFall = nearFall
        self.redFlags = redFlags
        self.notes = notes
    }

    /// Accepted pain ratings (numeric rating scale, domain brief §8).
    public static let painRange = 0...10

    /// Checks every field against its accepted range.
    /// - Throws: `InputError` naming the first field out of range (JSON key names, e.g. `painDuring`).
    public func validate() throws(InputError) {
        try InputError.check("painDuring", painDuring, in: Self.painRange)
        try InputError.check("painAfter", painAfter, in: Self.painRange)
        if let painNextMorning { try InputError.check("painNextMorning", painNextMorning, in: Self.painRange) }
        try exertion?.validate()
    }

    /// The highest pain reported for the session (during, after, next morning).
    public var peakPain: Int { max(painDuring, painAfter, painNextMorning ?? 0) }

    /// Whether the person lost their balance or nearly fell.
    public var hadBalanceEvent: Bool { lostBalance || nearFall }
}

/// A symptom that ends training until a professional has been seen (domain brief §5 stop rules).
public enum RedFlagSymptom: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case chestPain = "chest-pain"
    case dizziness
    case faintness

    /// Words shown to the user.
    public var label: String {
        switch self {
        case .chestPain: "chest pain"
        case .dizziness: "dizziness"
        case .faintness: "faintness"
        }
    }

    /// The live stop reason for this symptom.
    public var stopReason: StopReason {
        switch self {
        case .chestPain: .chestPain
        case .dizziness: .dizziness
        case .faintness: .faintness
        }
    }

    public static func < (lhs: RedFlagSymptom, rhs: RedFlagSymptom) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The scale a rating of perceived exertion was given on.
public enum ExertionScale: String, Hashable, Sendable, Codable, CaseIterable {
    /// Borg's 6–20 RPE scale.
    case borg = "borg-6-20"
    /// Borg's category-ratio CR10 scale, 0–10.
    case cr10

    /// The accepted values.
    public var range: ClosedRange<Double> {
        switch self {
        case .borg: 6...20
        case .cr10: 0...10
        }
    }
}

/// A rating of perceived exertion on the Borg 6–20 or the CR10 scale (domain brief §7).
public struct PerceivedExertion: Hashable, Sendable {
    /// The rating.
    public var value: Double
    /// The scale.
    public var scale: ExertionScale

    /// Creates a rating.
    public init(_ value: Double, scale: ExertionScale = .borg) {
        self.value = value
        self.scale = scale
    }

    /// A rating on the Borg 6–20 scale.
    public static func borg(_ value: Double) -> PerceivedExertion { PerceivedExertion(value, scale: .borg) }
    /// A rating on the CR10 scale.
    public static func cr10(_ value: Double) -> PerceivedExertion { PerceivedExertion(value, scale: .cr10) }

    /// Checks the rating against its scale.
    /// - Throws: `InputError` for the field `rpe`.
    public func validate() throws(InputError) {
        try InputError.check("rpe", value, in: scale.range, unit: "on the \(scale.rawValue) scale")
    }

    /// Whether the effort was too high to progress: Borg ≥ 14 or CR10 ≥ 5 (see
    /// `ProgressionThresholds.highEffortBorg`).
    public var isHigh: Bool {
        switch scale {
        case .borg: value >= ProgressionThresholds.highEffortBorg
        case .cr10: value >= ProgressionThresholds.highEffortCR10
        }
    }

    /// The rating as written, e.g. "RPE 13/20" or "CR10 4/10".
    public var label: String {
        let number = value == value.rounded() ? String(Int(value)) : String(value)
        return scale == .borg ? "RPE \(number) (Borg 6–20)" : "effort \(number)/10 (CR10)"
    }
}

/// One earlier session: the prescription it was done at and what the person reported.
public struct SessionRecord: Hashable, Sendable {
    /// The dose the session asked for.
    public var prescription: Prescription
    /// What the person reported.
    public var feedback: SessionFeedback

    /// Creates a record.
    public init(prescription: Prescription, feedback: SessionFeedback) {
        self.prescription = prescription
        self.feedback = feedback
    }
}
