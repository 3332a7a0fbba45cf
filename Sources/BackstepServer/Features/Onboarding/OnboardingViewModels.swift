import Foundation

/// The profile form: empty, filled from the stored profile, or shown again with what was typed and the errors.
/// Numbers are the text of the inputs, in the chosen units.
struct OnboardingViewModel: PageViewModel {
    /// The fields the form shows errors for.
    enum Field: String, FormFields {
        case age, mass, goal, conditions, speedCap, treadmillMax, treadmillGrade
    }

    /// A health condition's checkbox.
    struct Condition: Encodable, Sendable {
        /// The submitted value.
        var value: String
        /// What the checkbox says.
        var label: String
        /// Whether it is ticked.
        var checked: Bool
    }

    static let template = "onboarding"
    var chrome: PageChrome
    /// Metric or imperial.
    var unitChoices: [Choice]
    /// Age in years.
    var age: String
    /// Body mass in kg or lb.
    var mass: String
    /// The goals, one selected.
    var goals: [Choice]
    /// The experience levels, one selected.
    var experiences: [Choice]
    /// The health conditions.
    var conditions: [Condition]
    /// The personal speed cap (empty for none).
    var speedCap: String
    /// The treadmill's top speed (empty: not given).
    var treadmillMax: String
    /// The treadmill's top incline in % (empty: not given).
    var treadmillGrade: String
    /// Whether the treadmill speaks Bluetooth FTMS.
    var ftms: Bool
    /// The field errors.
    var errors: FieldErrors<Field>
}

/// The health screening: seven yes-or-no questions and the safety checklist.
struct ScreeningViewModel: PageViewModel {
    /// The fields the form shows errors for at the form level (each question shows its own).
    enum Field: String, FormFields { case safety }

    /// One question with the stored answer.
    struct Question: Encodable, Sendable {
        /// The field name (the topic).
        var name: String
        /// The question.
        var question: String
        /// Answered yes.
        var yes: Bool
        /// Answered no.
        var no: Bool
        /// The question's error; empty when it has none (the template's section still renders for it, as the
        /// page always did).
        var error: String
    }

    static let template = "screening"
    var chrome: PageChrome
    /// The advice of the stored screening's clearance; empty before the first screening (the template's section
    /// still renders for it, as the page always did).
    var advice: String
    /// The questions.
    var questions: [Question]
    /// The field errors.
    var errors: FieldErrors<Field>
}
