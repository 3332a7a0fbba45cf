import Foundation

/// The start page for visitors who are not signed in.
struct HomeViewModel: PageViewModel {
    static let template = "home"
    var chrome: PageChrome
}

/// The sign-up form, empty or shown again with what was typed and the field errors.
struct SignUpViewModel: PageViewModel {
    /// The fields the form shows errors for.
    enum Field: String, FormFields { case name, email, password }

    static let template = "signup"
    var chrome: PageChrome
    /// The name typed.
    var name: String
    /// The e-mail address typed.
    var email: String
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
