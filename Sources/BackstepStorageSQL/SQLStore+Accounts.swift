import BackstepCore
import BackstepStorage
import Foundation
import SQLKit

extension SQLStore: AccountRepository {
    public func createAccount(user: User, email: String, passwordHash: String) async throws {
        try StorageError.validating { () throws(InputError) in try user.validate() }
        let email = email.lowercased()
        try await write { db in
            let taken = try await db.raw("SELECT user_id FROM account WHERE email = \(bind: email)").all()
            guard taken.isEmpty else { throw StorageError.conflict("the e-mail address is already registered") }
            try await Self.insertUser(user, isLocalDefault: false, db: db)
            try await db.insert(into: "account")
                .columns("user_id", "email", "password_hash", "created_at")
                .values(user.id.uuidString, email, passwordHash, user.createdAt.epochMilliseconds)
                .run()
        }
    }

    public func account(email: String) async throws -> Account? {
        try await read { db in
            try await db.raw(
                "SELECT user_id, email, password_hash, created_at FROM account WHERE email = \(bind: email.lowercased())"
            ).all().first.map(Self.readAccount)
        }
    }

    public func account(userId: UserID) async throws -> Account? {
        try await read { db in
            try await db.raw(
                "SELECT user_id, email, password_hash, created_at FROM account WHERE user_id = \(bind: userId.uuidString)"
            ).all().first.map(Self.readAccount)
        }
    }

    static func readAccount(_ row: any SQLRow) throws -> Account {
        let r = RowReader(row: row)
        return Account(
            userId: try r.uuid("user_id"), email: try r.string("email"), passwordHash: try r.string("password_hash"),
            createdAt: try r.date("created_at"))
    }

    public func updatePasswordHash(_ hash: String, for userId: UserID) async throws {
        try await write { db in
            try await db.raw(
                "UPDATE account SET password_hash = \(bind: hash) WHERE user_id = \(bind: userId.uuidString)"
            ).run()
        }
    }

    public func createWebSession(_ session: WebSessionRecord) async throws {
        try await write { db in
            try await db.insert(into: "web_session")
                .columns("token_hash", "user_id", "csrf_token", "created_at", "expires_at")
                .values(
                    session.tokenHash, session.userId.uuidString, session.csrfToken,
                    session.createdAt.epochMilliseconds, session.expiresAt.epochMilliseconds
                )
                .run()
        }
    }

    public func webSession(tokenHash: String, now: Date) async throws -> WebSessionRecord? {
        try await read { db in
            let rows = try await db.raw(
                """
                SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM web_session
                WHERE token_hash = \(bind: tokenHash) AND expires_at > \(bind: now.epochMilliseconds)
                """
            ).all()
            return try rows.first.map { row in
                let r = RowReader(row: row)
                return WebSessionRecord(
                    tokenHash: try r.string("token_hash"), userId: try r.uuid("user_id"),
                    csrfToken: try r.string("csrf_token"), createdAt: try r.date("created_at"),
                    expiresAt: try r.date("expires_at"))
            }
        }
    }

    public func deleteWebSession(tokenHash: String) async throws {
        try await write { db in
            try await db.raw("DELETE FROM web_session WHERE token_hash = \(bind: tokenHash)").run()
        }
    }

    public func createAPIToken(_ token: APITokenRecord) async throws {
        try await write { db in
            try await db.insert(into: "api_token")
                .columns("id", "token_hash", "user_id", "name", "created_at", "last_used_at")
                .values(
                    token.id.uuidString, token.tokenHash, token.userId.uuidString, token.name,
                    token.createdAt.epochMilliseconds, token.lastUsedAt?.epochMilliseconds
                )
                .run()
        }
    }

    static let tokenColumns = "id, token_hash, user_id, name, created_at, last_used_at"

    static func readAPIToken(_ row: any SQLRow) throws -> APITokenRecord {
        let r = RowReader(row: row)
        return APITokenRecord(
            id: try r.uuid("id"), tokenHash: try r.string("token_hash"), userId: try r.uuid("user_id"),
            name: try r.string("name"), createdAt: try r.date("created_at"), lastUsedAt: try r.dateOrNil("last_used_at")
        )
    }

    public func apiToken(tokenHash: String) async throws -> APITokenRecord? {
        try await read { db in
            try await db.raw(
                "SELECT \(unsafeRaw: Self.tokenColumns) FROM api_token WHERE token_hash = \(bind: tokenHash)"
            ).all().first.map(Self.readAPIToken)
        }
    }

    public func apiTokens(for userId: UserID) async throws -> [APITokenRecord] {
        try await read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.tokenColumns) FROM api_token WHERE user_id = \(bind: userId.uuidString)
                ORDER BY created_at DESC, id
                """
            ).all().map(Self.readAPIToken)
        }
    }

    public func deleteAPIToken(id: APITokenID, of userId: UserID) async throws -> Bool {
        try await write { db in
            let owned = try await db.raw(
                """
                SELECT id FROM api_token WHERE id = \(bind: id.uuidString) AND user_id = \(bind: userId.uuidString)
                """
            ).all()
            guard !owned.isEmpty else { return false }
            try await db.raw(
                "DELETE FROM api_token WHERE id = \(bind: id.uuidString) AND user_id = \(bind: userId.uuidString)"
            ).run()
            return true
        }
    }

    public func recordAPITokenUse(id: APITokenID, at date: Date) async throws {
        try await write { db in
            try await db.raw(
                "UPDATE api_token SET last_used_at = \(bind: date.epochMilliseconds) WHERE id = \(bind: id.uuidString)"
            ).run()
        }
    }

    public func changePassword(
        hash: String, for userId: UserID, keepingWebSession: String?
    ) async throws -> CredentialRevocation {
        let user = userId.uuidString
        let kept = keepingWebSession ?? ""
        return try await write { db in
            let account = try await db.raw("SELECT user_id FROM account WHERE user_id = \(bind: user)").all()
            guard !account.isEmpty else { throw StorageError.notFound("account of user \(user)") }
            let sessions = try await db.raw(
                "SELECT token_hash FROM web_session WHERE user_id = \(bind: user) AND token_hash <> \(bind: kept)"
            ).all().count
            let tokens = try await db.raw("SELECT id FROM api_token WHERE user_id = \(bind: user)").all().count
            try await db.raw("UPDATE account SET password_hash = \(bind: hash) WHERE user_id = \(bind: user)").run()
            try await db.raw(
                "DELETE FROM web_session WHERE user_id = \(bind: user) AND token_hash <> \(bind: kept)"
            ).run()
            try await db.raw("DELETE FROM api_token WHERE user_id = \(bind: user)").run()
            return CredentialRevocation(webSessions: sessions, apiTokens: tokens)
        }
    }
}
