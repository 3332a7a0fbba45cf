import Foundation

/// Every number the progression rules use, with where it comes from. `docs/progression-rules.md` shows them as
/// a table.
public enum ProgressionThresholds {
    /// Pain up to 5/10 during (and after) exercise is acceptable (pain-monitoring model, Silbernagel et al.,
    /// Am J Sports Med 2007; domain brief §7).
    public static let acceptablePain = 5
    /// Pain at or above 7/10 during, after or next morning stops training until a professional has looked at
    /// it. The model's own limit is 5; 7 is the conventional start of "severe" on the 0–10 numeric rating scale.
    public static let severePain = 7
    /// Next-morning pain at or below 2/10 counts as settled (Silbernagel et al. 2007: pain must have settled by
    /// the next morning). 0–2 is "no or minimal pain" on the numeric rating scale.
    public static let settledMorningPain = 2
    /// When pain during or after was above this and next-morning pain is not yet known, the decision waits for
    /// it (hold when in doubt, domain brief §7).
    public static let painNeedingMorningCheck = 2
    /// Weekly mean pain must rise by at least 1 point (the smallest step of the 0–10 scale) to count as rising.
    public static let risingPainStep = 1.0
    /// …and this week's mean must be at least 2/10, so that moving from 0 to 1 is not called a rise.
    public static let risingPainFloor = 2.0
    /// Borg RPE 14 or more is too hard to progress: add load "only when the current level feels easy" (domain
    /// brief §4) and "stop before you are tired" (§5). Borg 13 is "somewhat hard", 15 "hard".
    public static let highEffortBorg = 14.0
    /// CR10 5 ("hard") or more is too hard to progress; the CR10 counterpart of Borg 14–15.
    public static let highEffortCR10 = 5.0
    /// A gap of more than 7 days between sessions is a missed week (domain brief §7: regress after a missed week).
    public static let missedWeek: TimeInterval = 7 * 86_400
    /// Two good sessions in a row at the same prescription are needed before anything increases.
    public static let goodSessionsToProgress = 2
    /// Stroke protocol: each week add 10 % of the baseline overground walking speed (Michaelsen et al. 2014;
    /// Yang et al. 2005; domain brief §3.10).
    public static let strokeWeeklyFraction = 0.10
    /// Stroke protocol: at most one speed increase per 7 days.
    public static let strokeIncreaseInterval: TimeInterval = 7 * 86_400
    /// Duration steps: 1 minute up to 10 minutes, then 2 minutes (about 10–20 % of the session).
    public static func durationStep(from duration: Seconds) -> Seconds { duration < 600 ? 60 : 120 }
    /// The shortest session a regression goes down to: a 2-minute taster (domain brief §3.1: "a 2–3 minute
    /// taster counts as a first session").
    public static let minimumDuration: Seconds = 120
    /// Incline steps: 1 % at a time, up or down.
    public static let gradeStep = 1.0
    /// A speed within this of its cap counts as at the cap (smaller steps are below what a display shows).
    public static let speedAtCapTolerance = 0.005
    /// The slowest speed a regression goes down to: 0.5 mph (0.22 m/s), or the treadmill's minimum if higher.
    public static let minimumSpeed = Speed.milesPerHour(0.5)

    /// The running gate's speed: comfortable hands-free backward walking at 1.5 m/s or more, one standard
    /// deviation below the young-adult backward walk–run transition of 1.63 ± 0.11 m/s (Hreljac et al.,
    /// J Sports Sci Med 2005).
    public static let runningGateSpeed = Speed.metersPerSecond(1.5)
    /// The running gate's look-back window: 4 weeks.
    public static let runningGateWindow: TimeInterval = 28 * 86_400
    /// The running gate's pain limit: no session above 2/10 in the window.
    public static let runningGatePain = 2
    /// The running gate's total completed sessions (about 8 weeks at 3 a week).
    public static let runningGateSessions = 24
    /// The running gate's sessions in the window (at least 1.5 a week recently).
    public static let runningGateRecentSessions = 6
    /// Goals for which the engine proposes backward running when the gate opens.
    public static let runningGoals: Set<Goal> = [.running, .fitness, .strength, .fatLoss]

    /// Stage promotion looks back 4 weeks for pain above 3/10 and balance events.
    public static let stageWindow: TimeInterval = 28 * 86_400
    /// Stage promotion's pain limit in the window.
    public static let stagePain = 3
    /// Speed needed for the advanced stage (brisk walking, about 2.9 mph).
    public static let advancedStageSpeed = Speed.metersPerSecond(1.3)

    /// The program's target duration when the prescription does not name one. First steps: 10 min (domain brief
    /// §3.1: 5–10 min); knee: 10 min (Alghadir et al. 2019), 15 min from established; older adults, balance and
    /// Parkinson's: 15 min; general: 15 min as a novice, 20 min later (§3.2: 10–20 min); stroke: 30 min
    /// (Michaelsen et al. 2014).
    public static func defaultDurationTarget(population: Population, stage: TrainingStage) -> Seconds {
        switch population {
        case .stroke: return 1800
        case .knee: return stage <= .novice ? 600 : 900
        case .olderAdult, .balanceImpaired, .parkinsons: return stage == .firstSteps ? 600 : 900
        case .general:
            switch stage {
            case .firstSteps: return 600
            case .novice: return 900
            case .established, .advanced, .running: return 1200
            }
        }
    }
}

/// The rules of the progression engine, in the order they are checked. The first rule that applies decides.
public enum ProgressionRule: String, Hashable, Sendable, Codable, CaseIterable {
    case redFlag = "red-flag"
    case severePain = "severe-pain"
    case overCap = "over-cap"
    case balanceEvent = "balance-event"
    case painAboveAcceptable = "pain-above-acceptable"
    case painRisingTwoWeeks = "pain-rising-two-weeks"
    case missedWeek = "missed-week"
    case notCompletedTwice = "not-completed-twice"
    case notCompleted = "not-completed"
    case painNotSettled = "pain-not-settled"
    case morningPainUnknown = "morning-pain-unknown"
    case painRising = "pain-rising"
    case highEffort = "high-effort"
    case moreSupportUsed = "more-support-used"
    case oneGoodSession = "one-good-session"
    case runningGate = "running-gate"
    case stagePromotion = "stage-promotion"
    case strokeWeeklySpeed = "stroke-weekly-speed"
    case oneVariable = "one-variable"
    case atCeiling = "at-ceiling"
    /// The client's professional holds progression in the prescription.
    case professionalHold = "professional-hold"

    /// The rule's name as shown.
    public var title: String {
        switch self {
        case .redFlag: "Red-flag rule"
        case .severePain: "Severe-pain rule"
        case .overCap: "Safety-cap rule"
        case .balanceEvent: "Balance rule"
        case .painAboveAcceptable: "Pain-monitoring rule"
        case .painRisingTwoWeeks: "Rising-pain rule"
        case .missedWeek: "Missed-week rule"
        case .notCompletedTwice: "Unfinished-sessions rule"
        case .notCompleted: "Unfinished-session rule"
        case .painNotSettled: "Next-morning pain rule"
        case .morningPainUnknown: "Next-morning check"
        case .painRising: "Rising-pain rule"
        case .highEffort: "Effort rule"
        case .moreSupportUsed: "Handrail rule"
        case .oneGoodSession: "Two-good-sessions rule"
        case .runningGate: "Backward-running gate"
        case .stagePromotion: "Stage rule"
        case .strokeWeeklySpeed: "Stroke protocol"
        case .oneVariable: "One-variable rule"
        case .atCeiling: "Ceiling rule"
        case .professionalHold: "Professional's hold"
        }
    }

    /// The published source behind the rule, when there is one.
    public var source: String? {
        switch self {
        case .redFlag: "Backstep stop rules, domain brief §5"
        case .severePain, .painAboveAcceptable, .painRisingTwoWeeks, .painNotSettled, .morningPainUnknown,
            .painRising:
            "pain-monitoring model, Silbernagel et al., Am J Sports Med 2007"
        case .overCap: "Backstep safety caps, domain brief §5"
        case .balanceEvent, .missedWeek, .oneVariable: "domain brief §7"
        case .highEffort: "Borg RPE; domain brief §4–5"
        case .moreSupportUsed: "handrail weaning, domain brief §7"
        case .runningGate: "walk–run transition 1.63 ± 0.11 m/s, Hreljac et al., J Sports Sci Med 2005"
        case .strokeWeeklySpeed: "Michaelsen et al. 2014; Yang et al. 2005"
        case .notCompletedTwice, .notCompleted, .oneGoodSession, .stagePromotion, .atCeiling, .professionalHold: nil
        }
    }
}

/// What the engine recommends.
public enum ProgressionAction: String, Hashable, Sendable, Codable, CaseIterable {
    /// Increase one dose variable.
    case progress
    /// Keep the same dose.
    case hold
    /// Decrease one dose variable.
    case regress
    /// Stop training until a health professional has been seen.
    case stopAndSeeProfessional = "stop-and-see-professional"
    /// The backward-running gate is open: the next session introduces backward running.
    case readyForBackwardRunning = "ready-for-backward-running"

    /// Words shown to the user.
    public var label: String {
        switch self {
        case .progress: "progress"
        case .hold: "hold"
        case .regress: "step back"
        case .stopAndSeeProfessional: "stop and see a health professional"
        case .readyForBackwardRunning: "ready for backward running"
        }
    }
}

/// One reason behind a decision: the rule and what it found.
public struct ProgressionReason: Hashable, Sendable {
    /// The rule.
    public var rule: ProgressionRule
    /// What the rule found and what follows, without the rule's name or source.
    public var message: String

    /// Creates a reason.
    public init(rule: ProgressionRule, message: String) {
        self.rule = rule
        self.message = message
    }

    /// The full sentence: rule name, finding, and source in brackets when there is one.
    public var sentence: String {
        "\(rule.title): \(message)\(rule.source.map { " (\($0))" } ?? "")."
    }
}

/// Whether the person may move from backward walking to backward running, and what is still missing.
public struct RunningGateStatus: Hashable, Sendable {
    /// All conditions are met.
    public var isOpen: Bool { missing.isEmpty }
    /// The conditions not yet met, each in words.
    public var missing: [String]

    /// Creates a gate status.
    public init(missing: [String]) { self.missing = missing }
}

/// The engine's answer: what to do, the next prescription, and why.
public struct ProgressionDecision: Hashable, Sendable {
    /// What to do.
    public var action: ProgressionAction
    /// The rule that decided.
    public var rule: ProgressionRule
    /// The prescription the latest session was done at.
    public var current: Prescription
    /// The prescription for the next session.
    public var next: Prescription
    /// Why, one sentence per rule that contributed (the deciding rule first).
    public var reasons: [ProgressionReason]
    /// The backward-running gate.
    public var runningGate: RunningGateStatus

    /// Creates a decision.
    public init(
        action: ProgressionAction, rule: ProgressionRule, current: Prescription, next: Prescription,
        reasons: [ProgressionReason], runningGate: RunningGateStatus
    ) {
        self.action = action
        self.rule = rule
        self.current = current
        self.next = next
        self.reasons = reasons
        self.runningGate = runningGate
    }

    /// Every dose variable that differs between `current` and `next`. One at most, except when the safety-cap
    /// rule brings a prescription that is over several caps back under them.
    public var changedVariables: [ProgressionVariable] { current.changedVariables(to: next) }

    /// The single dose variable that changed, if exactly one did.
    public var changedVariable: ProgressionVariable? {
        let changed = changedVariables
        return changed.count == 1 ? changed.first : nil
    }

    /// The new stage, when the stage changes.
    public var newStage: TrainingStage? { next.stage != current.stage ? next.stage : nil }
}

extension ProgressionDecision {
    /// The decision with progression held by a professional: an increase (progress, or the step to backward
    /// running) becomes a hold at the current dose, with the professional's reason first; holds and decreases stand,
    /// since a hold never stops the rules that lower the load.
    public func held(by professional: String, because reason: String) -> ProgressionDecision {
        guard action == .progress || action == .readyForBackwardRunning else { return self }
        let hold = ProgressionReason(
            rule: .professionalHold, message: "\(professional) holds your progression for now: \(reason)")
        return ProgressionDecision(
            action: .hold, rule: .professionalHold, current: current, next: current, reasons: [hold] + reasons,
            runningGate: runningGate)
    }
}
