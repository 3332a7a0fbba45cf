/// What can go wrong creating an account, in the product's terms (field problems are `FieldProblem`s in a
/// `FormErrors`). The server's edge (`DomainErrors+HTTP.swift`) decides how it is answered.
enum AccountError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Another account already uses this e-mail address.
    case emailTaken

    /// The input field the error is about.
    var field: String? {
        switch self {
        case .emailTaken: "email"
        }
    }

    var description: String {
        switch self {
        case .emailTaken: "An account with this e-mail address already exists."
        }
    }
}
