import Foundation

/// The start page for visitors who are not signed in.
struct HomeViewModel: PageViewModel {
    static let template = "home"
    var chrome: PageChrome
}

/// The sign-up form, empty or shown again with what was typed and the field errors: the account's kind (someone who
/// trains, or a coach or clinician with their profession and an optional registration number) and where to go
/// afterwards.
struct SignUpViewModel: PageViewModel {
    /// The fields the form shows errors for.
    enum Field: String, FormFields { case name, email, password, role, profession, registrationNumber }

    static let template = "signup"
    var chrome: PageChrome
    /// The (checked) local path an athlete goes to after signing up, or empty for the profile form.
    var next: String
    /// The name typed.
    var name: String
    /// The e-mail address typed.
    var email: String
    /// "I train" (`athlete`) or "I'm a coach or clinician" (`professional`), the chosen one selected.
    var roles: [Choice]
    /// Every profession, the chosen one selected.
    var professions: [Choice]
    /// The registration number typed.
    var registrationNumber: String
    /// The field errors.
    var errors: FieldErrors<Field>
}

/// The sign-in form; `next` is where a successful sign-in goes.
struct SignInViewModel: PageViewModel {
    /// The fields the form shows errors for.
    enum Field: String, FormFields { case email }

    static let template = "signin"
    var chrome: PageChrome
    /// The (checked) local path to go to after signing in.
    var next: String
    /// The e-mail address typed.
    var email: String
    /// The field errors.
    var errors: FieldErrors<Field>
}
