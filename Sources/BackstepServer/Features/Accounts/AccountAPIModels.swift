import BackstepCore
import BackstepStorage
import Foundation

/// The body of `POST /auth/signup` (schema `SignUp`): an athlete by default; a coach or clinician with
/// `"role": "professional"`, a `profession` and optionally a `registrationNumber`.
struct SignUpRequest: Codable, Sendable {
    var name: String
    var email: String
    var password: String
    var role: String?
    var profession: String?
    var registrationNumber: String?

    init(
        name: String, email: String, password: String, role: String? = nil, profession: String? = nil,
        registrationNumber: String? = nil
    ) {
        self.name = name
        self.email = email
        self.password = password
        self.role = role
        self.profession = profession
        self.registrationNumber = registrationNumber
    }

    /// The kind of account asked for.
    /// - Throws: `FieldProblem` naming `role`, `profession` or `registrationNumber`.
    func kind() throws(FieldProblem) -> AccountKind {
        try AccountKind.parse(role: role, profession: profession, registrationNumber: registrationNumber)
    }
}

/// The body of `POST /auth/token` (schema `Credentials`): an e-mail address, a password and a name for the token.
struct CredentialsRequest: Codable, Sendable {
    var email: String
    var password: String
    var name: String?

    /// The e-mail address as accounts are looked up by (lower case).
    var normalizedEmail: String { email.lowercased() }
}

/// A user as the API shows it (schema `User`): no e-mail address, no password hash.
struct UserResponse: Codable, Sendable {
    var id: UserID
    var name: String
    var role: String

    init(id: UserID, name: String, role: String) {
        self.id = id
        self.name = name
        self.role = role
    }

    init(_ user: User) {
        self.init(id: user.id, name: user.name, role: user.role.rawValue)
    }
}

/// A new API token with its id and its user (schema `Token`); the token itself is shown only in this answer.
struct TokenResponse: Codable, Sendable {
    var token: String
    var tokenId: APITokenID
    var user: UserResponse
}
