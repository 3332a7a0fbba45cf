import BackstepCore
import Foundation

/// What can go wrong in `TrainingService`'s own work (profile, screening, plans, sessions, feedback), in the
/// product's terms. It says nothing about HTTP: the server's edge (`DomainErrors+HTTP.swift`) decides how each
/// case is answered.
enum TrainingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The user has not filled in a profile yet, and the action needs one (a plan, a live session).
    case noProfile
    /// A screening question was left without a yes or a no.
    case screeningUnanswered(ScreeningTopic)
    /// The user has no session with this id (another user's session included).
    case noSuchSession(SessionID)
    /// Next-morning pain was sent for a session whose feedback has not been given yet.
    case feedbackMissing(session: SessionID)
    /// Next-morning pain outside `SessionFeedback.painRange`.
    case painOutOfRange(Int)

    /// The input field the error is about, if any.
    var field: String? {
        switch self {
        case .noProfile: "profile"
        case .screeningUnanswered(let topic): topic.rawValue
        case .noSuchSession: nil
        case .feedbackMissing, .painOutOfRange: "painNextMorning"
        }
    }

    var description: String {
        switch self {
        case .noProfile: "Fill in your profile first."
        case .screeningUnanswered: "Answer yes or no."
        case .noSuchSession: "Not found."
        case .feedbackMissing: "Give the session's feedback first."
        case .painOutOfRange:
            "Pain must be between \(SessionFeedback.painRange.lowerBound) and \(SessionFeedback.painRange.upperBound)."
        }
    }
}

/// One form field that was filled in wrong (empty, too long, not an e-mail address, a weak password), with the
/// message shown next to it. Unlike `InputError` (whose description names the field), the message is the whole
/// sentence a person reads.
struct FieldProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field's name as the form or the JSON body has it.
    var field: String
    /// What is wrong, as a sentence.
    var message: String

    var description: String { message }
}

/// Several field errors at once (an HTML form shows them all; the API reports the first).
struct FormErrors: Error {
    /// Every problem, by field name.
    var errors: [String: String]
    /// The problem the API reports: a domain error with a field (`FieldProblem`, `CredentialError`, …).
    var first: any Error
}
