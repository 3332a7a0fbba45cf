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
            let rows = try await db.raw(
                "SELECT user_id, email, password_hash, created_at FROM account WHERE email = \(bind: email.lowercased())"
            ).all()
            return try rows.first.map { row in
                let r = RowReader(row: row)
                return Account(
                    userId: try r.uuid("user_id"), email: try r.string("email"),
                    passwordHash: try r.string("password_hash"), createdAt: try r.date("created_at"))
            }
        }
    }

    public func updatePasswordHash(_ hash: String, for userId: UUID) async throws {
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
                .columns("token_hash", "user_id", "name", "created_at")
                .values(token.tokenHash, token.userId.uuidString, token.name, token.createdAt.epochMilliseconds)
                .run()
        }
    }

    public func apiToken(tokenHash: String) async throws -> APITokenRecord? {
        try await read { db in
            let rows = try await db.raw(
                "SELECT token_hash, user_id, name, created_at FROM api_token WHERE token_hash = \(bind: tokenHash)"
            ).all()
            return try rows.first.map { row in
                let r = RowReader(row: row)
                return APITokenRecord(
                    tokenHash: try r.string("token_hash"), userId: try r.uuid("user_id"), name: try r.string("name"),
                    createdAt: try r.date("created_at"))
            }
        }
    }
}
