/// Why a session stops, and what the app shows for each reason.
///
/// Source: the stop rules of the domain brief §5 ("chest pain, dizziness, faintness, sharp or rising joint pain,
/// or loss of balance → stop now and show what to do"; "stop before you are tired") and the pain limit of the
/// pain-monitoring model (Silbernagel et al., Am J Sports Med 2007: up to 5/10 during exercise is acceptable).
/// The texts are Backstep's own words.
public enum StopReason: String, Hashable, Sendable, Codable, CaseIterable {
    /// The person pressed stop.
    case userStop = "user-stop"
    /// Chest pain, pressure or tightness.
    case chestPain = "chest-pain"
    /// Dizziness or light-headedness.
    case dizziness
    /// Feeling faint.
    case faintness
    /// A sudden sharp pain in a joint.
    case sharpJointPain = "sharp-joint-pain"
    /// Joint pain that keeps climbing during the session.
    case risingJointPain = "rising-joint-pain"
    /// The person lost their balance or nearly fell.
    case lossOfBalance = "loss-of-balance"
    /// Pain above the acceptable level (5/10).
    case painAboveThreshold = "pain-above-threshold"
    /// The connection to the treadmill was lost.
    case linkLost = "link-lost"
    /// The emergency-stop clip (safety key) came out.
    case safetyKey = "safety-key"
    /// The treadmill reported a fault.
    case treadmillFault = "treadmill-fault"

    /// What kind of reason it is.
    public var category: StopCategory {
        switch self {
        case .userStop: .user
        case .chestPain, .dizziness, .faintness: .medical
        case .sharpJointPain, .risingJointPain, .painAboveThreshold: .pain
        case .lossOfBalance: .balance
        case .linkLost, .safetyKey, .treadmillFault: .equipment
        }
    }

    /// Whether training should not continue until a health professional has been seen.
    public var needsProfessional: Bool { category == .medical }

    /// Whether the person may carry on later the same day once the problem is solved.
    public var mayResumeToday: Bool {
        switch category {
        case .user, .equipment: true
        case .medical, .pain, .balance: false
        }
    }

    /// What the app shows, in three parts.
    public var guidance: StopGuidance {
        switch self {
        case .userStop:
            StopGuidance(
                stopNow: "Session paused. Hold the rails and let the belt come to a stop.",
                whatNext:
                    "Step off to the side rails. Carry on when you are ready, or finish here; what you did counts.",
                seekHelp:
                    "If you stopped because something felt wrong, tell us in the feedback so the next session fits.")
        case .chestPain:
            StopGuidance(
                stopNow: "Stop now. Hold the rails, let the belt stop, and sit down.",
                whatNext: "Do not carry on today, and do not train again until a doctor has checked you.",
                seekHelp:
                    "Call emergency services if the pain is heavy, spreads to the arm, jaw or back, or comes with "
                    + "breathlessness, sweating or sickness, or if it does not ease within a few minutes of rest.")
        case .dizziness:
            StopGuidance(
                stopNow: "Stop now. Hold the rails with both hands and let the belt stop.",
                whatNext: "Step off carefully and sit or lie down until it passes. Drink some water. No more training "
                    + "today.",
                seekHelp: "See a doctor before the next session. Get urgent help if it comes with chest pain, "
                    + "confusion, slurred speech or weakness on one side.")
        case .faintness:
            StopGuidance(
                stopNow: "Stop now. Hold the rails, let the belt stop, and sit or lie down straight away.",
                whatNext: "Stay down until you feel fully normal, then get up slowly. No more training today.",
                seekHelp: "See a doctor before the next session. Call emergency services if you pass out or it comes "
                    + "with chest pain or breathlessness.")
        case .sharpJointPain:
            StopGuidance(
                stopNow: "Stop now. Let the belt stop and step off carefully.",
                whatNext: "Rest the joint. Do not test it by walking backward again today.",
                seekHelp: "If the joint swells, gives way, or still hurts sharply tomorrow, see a physiotherapist or "
                    + "doctor before the next session.")
        case .risingJointPain:
            StopGuidance(
                stopNow: "Stop now. Pain that keeps climbing means the load is too high today.",
                whatNext: "Finish with gentle forward walking or rest. Note how the joint feels tomorrow morning; the "
                    + "next session will be easier.",
                seekHelp: "If the pain has not settled by the next morning, or rises again next time, talk to a "
                    + "physiotherapist.")
        case .lossOfBalance:
            StopGuidance(
                stopNow: "Stop now. Hold the rails with both hands and let the belt stop.",
                whatNext: "Stand still for a moment before stepping off. The next session will give you more support "
                    + "or a lower speed.",
                seekHelp: "If you hit anything, fell, or felt dizzy first, see a doctor or physiotherapist before you "
                    + "train again.")
        case .painAboveThreshold:
            StopGuidance(
                stopNow: "Stop now. Pain above 5 out of 10 is more than this training should cause.",
                whatNext: "Rest and note your pain tonight and tomorrow morning. The next session will be easier.",
                seekHelp:
                    "If pain stays high the next morning, or reaches 7 out of 10, see a physiotherapist or doctor "
                    + "before training again.")
        case .linkLost:
            StopGuidance(
                stopNow: "The app lost contact with the treadmill. Press the treadmill's own stop button or pull the "
                    + "safety clip now.",
                whatNext: "Once the belt has stopped, reconnect and start again by hand; the belt will not restart on "
                    + "its own.",
                seekHelp: "If the belt did not respond to its stop button, do not use the treadmill until it has been "
                    + "serviced.")
        case .safetyKey:
            StopGuidance(
                stopNow: "The safety clip came out and the belt is stopping. Hold the rails.",
                whatNext:
                    "Check you are all right, re-attach the clip to your clothing, and restart by hand when ready.",
                seekHelp: "If you fell or were hurt, stop for today and get checked.")
        case .treadmillFault:
            StopGuidance(
                stopNow: "The treadmill reported a fault. Hold the rails and step off once the belt has stopped.",
                whatNext: "Do not restart until the fault clears. Check the treadmill's display or manual.",
                seekHelp: "If the fault comes back, have the treadmill serviced before using it again.")
        }
    }
}

/// Kinds of stop reason.
public enum StopCategory: String, Hashable, Sendable, Codable, CaseIterable {
    case user, medical, pain, balance, equipment
}

/// What the app shows when a session stops.
public struct StopGuidance: Hashable, Sendable, Codable {
    /// The immediate instruction.
    public var stopNow: String
    /// What to do next.
    public var whatNext: String
    /// When to seek help.
    public var seekHelp: String

    /// Creates guidance.
    public init(stopNow: String, whatNext: String, seekHelp: String) {
        self.stopNow = stopNow
        self.whatNext = whatNext
        self.seekHelp = seekHelp
    }
}

/// What is known during a session, checked by `StopRules.reasons(for:)`.
public struct LiveCheck: Hashable, Sendable {
    /// Red-flag symptoms the person reported.
    public var symptoms: Set<RedFlagSymptom>
    /// Joint pain now, 0–10, when asked.
    public var painNow: Int?
    /// Joint pain at the start of the session, 0–10, when asked.
    public var painAtStart: Int?
    /// The person reported a sharp joint pain.
    public var sharpJointPain: Bool
    /// The person lost their balance or nearly fell.
    public var lostBalance: Bool
    /// The person pressed stop.
    public var userStopped: Bool
    /// The treadmill link is lost.
    public var linkLost: Bool
    /// The safety clip came out.
    public var safetyKeyPulled: Bool
    /// The treadmill reported a fault.
    public var treadmillFault: Bool

    /// Creates a check; everything defaults to "nothing wrong".
    public init(
        symptoms: Set<RedFlagSymptom> = [], painNow: Int? = nil, painAtStart: Int? = nil, sharpJointPain: Bool = false,
        lostBalance: Bool = false, userStopped: Bool = false, linkLost: Bool = false, safetyKeyPulled: Bool = false,
        treadmillFault: Bool = false
    ) {
        self.symptoms = symptoms
        self.painNow = painNow
        self.painAtStart = painAtStart
        self.sharpJointPain = sharpJointPain
        self.lostBalance = lostBalance
        self.userStopped = userStopped
        self.linkLost = linkLost
        self.safetyKeyPulled = safetyKeyPulled
        self.treadmillFault = treadmillFault
    }
}

/// The live stop rules.
public enum StopRules {
    /// Pain above this stops the session (Silbernagel et al. 2007: up to 5/10 is acceptable).
    public static let painThreshold = ProgressionThresholds.acceptablePain
    /// Pain that has risen by this many points since the start of the session counts as rising joint pain, even
    /// below the threshold (two points is about the smallest change people notice on the 0–10 scale).
    public static let risingPainPoints = 2

    /// Every reason to stop, most urgent first: medical symptoms, balance, pain, then equipment, then the user's
    /// own stop. An empty array means carry on.
    public static func reasons(for check: LiveCheck) -> [StopReason] {
        var reasons: [StopReason] = []
        if check.symptoms.contains(.chestPain) { reasons.append(.chestPain) }
        if check.symptoms.contains(.faintness) { reasons.append(.faintness) }
        if check.symptoms.contains(.dizziness) { reasons.append(.dizziness) }
        if check.lostBalance { reasons.append(.lossOfBalance) }
        if check.sharpJointPain { reasons.append(.sharpJointPain) }
        if let pain = check.painNow {
            if pain > painThreshold {
                reasons.append(.painAboveThreshold)
            } else if let start = check.painAtStart, pain - start >= risingPainPoints {
                reasons.append(.risingJointPain)
            }
        }
        if check.safetyKeyPulled { reasons.append(.safetyKey) }
        if check.treadmillFault { reasons.append(.treadmillFault) }
        if check.linkLost { reasons.append(.linkLost) }
        if check.userStopped { reasons.append(.userStop) }
        return reasons
    }
}
