import BackstepCore
import Foundation

/// A sign-in identity for a `User`: an e-mail address and a bcrypt password hash.
public struct Account: Hashable, Sendable, Codable {
    /// The user the account signs in as.
    public var userId: UserID
    /// The e-mail address, lower-cased and trimmed; unique.
    public var email: String
    /// The bcrypt hash of the password (never the password).
    public var passwordHash: String
    /// When the account was created.
    public var createdAt: Date

    /// Creates an account.
    public init(userId: UserID, email: String, passwordHash: String, createdAt: Date) {
        self.userId = userId
        self.email = email
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

/// A signed-in browser: the SHA-256 of its cookie token, its CSRF token and its lifetime.
public struct WebSessionRecord: Hashable, Sendable, Codable {
    /// Hex SHA-256 of the cookie's token (the token itself is never stored).
    public var tokenHash: String
    /// The signed-in user.
    public var userId: UserID
    /// The token every form of this session must echo.
    public var csrfToken: String
    /// When the session was created.
    public var createdAt: Date
    /// When the session stops being accepted.
    public var expiresAt: Date

    /// Creates a web session record.
    public init(tokenHash: String, userId: UserID, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userId = userId
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// A personal API token: its public id, the SHA-256 of the bearer token, its owner, a label and its use.
public struct APITokenRecord: Hashable, Sendable, Codable {
    /// The public id the token is listed and revoked by (never the token or its hash).
    public var id: APITokenID
    /// Hex SHA-256 of the bearer token (the token itself is never stored).
    public var tokenHash: String
    /// The owner.
    public var userId: UserID
    /// A label the user chose (1–100 characters).
    public var name: String
    /// When the token was created.
    public var createdAt: Date
    /// When the token last authenticated a request (recorded at most about once a minute), if ever.
    public var lastUsedAt: Date?

    /// Creates a token record.
    public init(
        id: APITokenID = APITokenID(), tokenHash: String, userId: UserID, name: String, createdAt: Date,
        lastUsedAt: Date? = nil
    ) {
        self.id = id
        self.tokenHash = tokenHash
        self.userId = userId
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}

/// What a password change revoked.
public struct CredentialRevocation: Hashable, Sendable {
    /// Browser sessions signed out (every one but the session that made the change).
    public var webSessions: Int
    /// API tokens revoked (all of them).
    public var apiTokens: Int

    /// Creates a revocation summary.
    public init(webSessions: Int, apiTokens: Int) {
        self.webSessions = webSessions
        self.apiTokens = apiTokens
    }
}

/// Accounts, browser sessions and API tokens for the web app. Kept apart from `BackstepStore` so the command
/// line, which has no accounts, never needs it.
public protocol AccountRepository: Sendable {
    /// Creates the user and their account in one transaction.
    /// - Throws: `StorageError.conflict` when the e-mail address is taken, `.invalid` for a bad name.
    func createAccount(user: User, email: String, passwordHash: String) async throws
    /// The account with this e-mail address (lower-cased), if any.
    func account(email: String) async throws -> Account?
    /// Replaces a user's password hash.
    func updatePasswordHash(_ hash: String, for userId: UserID) async throws
    /// Stores a new browser session.
    func createWebSession(_ session: WebSessionRecord) async throws
    /// The unexpired session with this token hash, if any.
    func webSession(tokenHash: String, now: Date) async throws -> WebSessionRecord?
    /// Deletes a browser session (sign-out).
    func deleteWebSession(tokenHash: String) async throws
    /// Stores a new API token.
    func createAPIToken(_ token: APITokenRecord) async throws
    /// The token with this hash, if any.
    func apiToken(tokenHash: String) async throws -> APITokenRecord?
    /// The account of a user, if they have one.
    func account(userId: UserID) async throws -> Account?
    /// A user's API tokens, newest first.
    func apiTokens(for userId: UserID) async throws -> [APITokenRecord]
    /// Revokes (deletes) one of a user's API tokens.
    /// - Returns: false when the user has no token with this id (someone else's token counts as none).
    func deleteAPIToken(id: APITokenID, of userId: UserID) async throws -> Bool
    /// Records that a token authenticated a request at `date`.
    func recordAPITokenUse(id: APITokenID, at date: Date) async throws
    /// Replaces a user's password hash and, in the same transaction, deletes every API token of the user and
    /// every browser session except `keepingWebSession` (the session that made the change, if any).
    /// - Throws: `StorageError.notFound` when the user has no account.
    func changePassword(
        hash: String, for userId: UserID, keepingWebSession: String?
    ) async throws -> CredentialRevocation
}
