import BackstepCore
import BackstepStorage
import Foundation

/// Passwords and API tokens: what the settings page and `/api/v1/account` and `/api/v1/tokens` do.
extension TrainingService {
    /// Accepted token label lengths.
    static let tokenNameLength = 1...100

    /// What is wrong with a new password, or nil when it is acceptable.
    static func passwordProblem(_ password: String) -> String? {
        if password.count < passwordLength.lowerBound {
            return "Password must be at least \(passwordLength.lowerBound) characters."
        }
        if password.count > passwordLength.upperBound {
            return "Password must be at most \(passwordLength.upperBound) characters."
        }
        return nil
    }

    /// Issues an API token with a label; the token itself is returned once and only its SHA-256 is stored.
    /// - Throws: `CredentialError.tokenNameLength` for an empty or over-long label.
    func issueAPIToken(
        for access: Access, name: String?, now: Date
    ) async throws -> (token: String, record: APITokenRecord) {
        try await authorize(.manageAccount, access)
        let label = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.tokenNameLength.contains(label.count) else {
            throw CredentialError.tokenNameLength
        }
        let token = "bst_" + Tokens.random()
        let record = APITokenRecord(tokenHash: Tokens.hash(token), userId: access.subject, name: label, createdAt: now)
        try await store.createAPIToken(record)
        return (token, record)
    }

    /// The subject's API tokens, newest first (labels and dates; never the tokens). Account data, not training
    /// data: it takes `.manageAccount`, not `.read`.
    func apiTokens(for access: Access) async throws -> [APITokenRecord] {
        try await authorize(.manageAccount, access)
        return try await store.apiTokens(for: access.subject)
    }

    /// Revokes one of the subject's API tokens at once.
    /// - Throws: `CredentialError.noSuchToken` when the user has no token with this id (another user's token
    ///   included).
    func revokeAPIToken(_ id: APITokenID, of access: Access) async throws {
        try await authorize(.manageAccount, access)
        guard try await store.deleteAPIToken(id: id, of: access.subject) else { throw CredentialError.noSuchToken(id) }
    }

    /// Changes the user's password after checking the current one, then revokes every API token of the user
    /// and every browser session except `keepingWebSession` (the one making the change).
    ///
    /// Wrong current passwords count against the same rate limit as sign-ins (keyed by the user), so a stolen
    /// session cannot be used to guess the password.
    /// - Parameters:
    ///   - confirmation: the new password typed again (the settings form); nil skips the check (the API).
    /// - Throws: `FormErrors` of `CredentialError`s naming `currentPassword`, `newPassword` or `confirmPassword`;
    ///   `CredentialError.tooManyWrongPasswords` while rate limited. Nothing changes when it throws.
    func changePassword(
        for access: Access, current: String?, new: String?, confirmation: String?, keepingWebSession: String?,
        limiter: LoginRateLimiter, now: Date
    ) async throws -> CredentialRevocation {
        try await authorize(.manageAccount, access)
        let key = "password-change:\(access.subject.uuidString)"
        if let wait = await limiter.retryAfter(key, now: now) {
            throw CredentialError.tooManyWrongPasswords(retryAfter: wait)
        }
        // In the order the form shows the fields (the API reports the first).
        var problems: [CredentialError] = []
        let current = current ?? ""
        let new = new ?? ""
        guard let account = try await store.account(userId: access.subject) else { throw CredentialError.noAccount }
        if current.isEmpty {
            problems.append(.currentPasswordMissing)
        } else if !(await Self.verify(current, hash: account.passwordHash)) {
            await limiter.recordFailure(key, now: now)
            problems.append(.wrongCurrentPassword)
        }
        if let problem = Self.passwordProblem(new) {
            problems.append(.newPasswordRejected(problem))
        } else if let confirmation, confirmation != new {
            problems.append(.passwordsDiffer)
        }
        if let first = problems.first {
            var errors: [String: String] = [:]
            for problem in problems { errors[problem.field ?? "currentPassword"] = problem.description }
            throw FormErrors(errors: errors, first: first)
        }
        await limiter.reset(key)
        let hash = await Self.hash(new, cost: settings.bcryptCost)
        return try await store.changePassword(hash: hash, for: access.subject, keepingWebSession: keepingWebSession)
    }
}
