import Foundation

/// The seven yes/no topics of a PAR-Q+-shaped pre-participation screening (domain brief §5; topics follow
/// the PAR-Q+ general health questions, worded here in Backstep's own words).
public enum ScreeningTopic: String, Hashable, Sendable, Codable, CaseIterable {
    case heartConditionOrHighBloodPressure = "heart-or-blood-pressure"
    case chestPain = "chest-pain"
    case dizzinessOrFainting = "dizziness-or-fainting"
    case otherChronicCondition = "chronic-condition"
    case chronicMedication = "chronic-medication"
    case boneOrJointProblem = "bone-or-joint"
    case supervisedExerciseOnly = "supervised-only"

    /// The question as Backstep asks it.
    public var question: String {
        switch self {
        case .heartConditionOrHighBloodPressure:
            "Has a doctor ever told you that you have a heart condition or high blood pressure?"
        case .chestPain: "Do you get chest pain at rest, in daily life, or when you are active?"
        case .dizzinessOrFainting:
            "In the past 12 months, have you lost your balance because of dizziness, or lost consciousness?"
        case .otherChronicCondition: "Have you been diagnosed with another long-term (chronic) medical condition?"
        case .chronicMedication: "Do you take prescribed medicine for a long-term condition?"
        case .boneOrJointProblem:
            "Do you have a bone, joint or soft-tissue problem (muscle, ligament, tendon) that being more active could make worse?"
        case .supervisedExerciseOnly: "Has a doctor said you should only be active under medical supervision?"
        }
    }
}

/// A completed screening: the answers and the date they were given.
public struct Screening: Hashable, Sendable, Codable {
    /// When the answers were given.
    public var date: Date
    /// The answer to each topic (true = yes).
    public var answers: [ScreeningTopic: Bool]

    /// Creates a screening.
    public init(date: Date, answers: [ScreeningTopic: Bool]) {
        self.date = date
        self.answers = answers
    }

    /// A screening with every topic answered "no".
    public static func allClear(on date: Date) -> Screening {
        Screening(date: date, answers: Dictionary(uniqueKeysWithValues: ScreeningTopic.allCases.map { ($0, false) }))
    }

    /// Topics answered "yes".
    public var yesTopics: [ScreeningTopic] { ScreeningTopic.allCases.filter { answers[$0] == true } }

    /// Topics with no answer.
    public var unanswered: [ScreeningTopic] { ScreeningTopic.allCases.filter { answers[$0] == nil } }

    /// How long a screening stays current: a year, after which it is asked again.
    public static let validity: TimeInterval = 365 * 24 * 3600

    /// Whether the screening is still current at `now`.
    public func isCurrent(at now: Date) -> Bool {
        now.timeIntervalSince(date) <= Self.validity && now >= date.addingTimeInterval(-24 * 3600)
    }

    /// The clearance the answers give.
    public var clearance: Clearance {
        if !unanswered.isEmpty { return .notScreened }
        if answers[.supervisedExerciseOnly] == true { return .supervisedOnly }
        if yesTopics.isEmpty { return .cleared }
        return .seeProfessionalFirst
    }
}

/// What the screening allows.
public enum Clearance: String, Hashable, Sendable, Codable, CaseIterable {
    /// Every answer "no": the plan may follow the person's experience.
    case cleared
    /// No complete, current screening: the plan stays conservative until the screening is done.
    case notScreened = "not-screened"
    /// At least one "yes": see a health professional first; the plan stays conservative.
    case seeProfessionalFirst = "see-professional-first"
    /// A doctor advised supervised exercise only: train under supervision; the plan stays conservative.
    case supervisedOnly = "supervised-only"

    /// The advice shown with this clearance.
    public var advice: String {
        switch self {
        case .cleared: "Screening clear. Start gently and follow the stop rules."
        case .notScreened:
            "Answer the seven screening questions before your first session. Until then the plan stays conservative."
        case .seeProfessionalFirst:
            "You answered yes to at least one screening question. Please talk to a doctor or physiotherapist before starting; the plan stays conservative."
        case .supervisedOnly:
            "A doctor advised supervised exercise only. Train with a professional present; the plan stays conservative."
        }
    }
}

extension ScreeningTopic: CodingKeyRepresentable {}
