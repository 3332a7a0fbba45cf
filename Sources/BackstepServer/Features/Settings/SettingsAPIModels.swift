import BackstepCore
import BackstepStorage
import Foundation

/// The body of `POST /account/password` (schema `PasswordChange`).
struct PasswordChangeRequest: Codable, Sendable {
    var currentPassword: String
    var newPassword: String
}

/// What a password change revoked (schema `PasswordChanged`).
struct PasswordChangedResponse: Codable, Sendable {
    var revokedSessions: Int
    var revokedTokens: Int
}

/// The body of `POST /tokens` (schema `TokenRequest`): the new token's name.
struct TokenNameRequest: Codable, Sendable {
    var name: String
}

/// An API token as listed (schema `APIToken`): never the token or its hash.
struct APITokenResponse: Codable, Sendable {
    var id: APITokenID
    var name: String
    var createdAt: Date
    var lastUsedAt: Date?

    init(id: APITokenID, name: String, createdAt: Date, lastUsedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }

    init(_ record: APITokenRecord) {
        self.init(id: record.id, name: record.name, createdAt: record.createdAt, lastUsedAt: record.lastUsedAt)
    }
}

/// A token just created (schema `NewAPIToken`): the only answer that shows the token.
struct NewAPITokenResponse: Codable, Sendable {
    var id: APITokenID
    var name: String
    var createdAt: Date
    var token: String

    init(id: APITokenID, name: String, createdAt: Date, token: String) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.token = token
    }

    init(_ record: APITokenRecord, token: String) {
        self.init(id: record.id, name: record.name, createdAt: record.createdAt, token: token)
    }
}
