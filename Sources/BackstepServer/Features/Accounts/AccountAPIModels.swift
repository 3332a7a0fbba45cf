import BackstepCore
import BackstepStorage
import Foundation

/// The body of `POST /auth/signup` (schema `SignUp`).
struct SignUpRequest: Codable, Sendable {
    var name: String
    var email: String
    var password: String
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
