import BackstepCore
import BackstepStorage
import Foundation
import Testing

@testable import BackstepStorageSQL

/// Accounts, browser sessions and API tokens on SQLite and PostgreSQL.
@Suite struct AccountStorageTests {
    static let hash = "$2b$04$abcdefghijklmnopqrstuuMWDRHi6U5R0NRlTXbxNEVc3B1CYKc1u"

    static func account(_ store: SQLStore, _ name: String) async throws -> User {
        let user = User(name: name, role: .athlete, createdAt: Fixture.day(0))
        try await store.createAccount(user: user, email: "\(name.lowercased())@example.com", passwordHash: hash)
        return user
    }

    static func token(_ user: User, _ name: String, day: Int) -> APITokenRecord {
        APITokenRecord(
            tokenHash: String(repeating: "\(day % 10)", count: 8) + UUID().uuidString, userId: user.id, name: name,
            createdAt: Fixture.day(day))
    }

    static func session(_ user: User, _ label: String) -> WebSessionRecord {
        WebSessionRecord(
            tokenHash: "\(label)-\(UUID().uuidString)", userId: user.id, csrfToken: "csrf-\(label)",
            createdAt: Fixture.day(0), expiresAt: Fixture.day(30))
    }

    @Test(arguments: Engine.sql)
    func accountsAreFoundByAddressAndUser(engine: Engine) async throws {
        try await withSQLStore(engine) { store, _ in
            let ann = try await Self.account(store, "Ann")
            #expect(try await store.account(email: "ANN@example.com")?.userId == ann.id)
            #expect(try await store.account(userId: ann.id)?.email == "ann@example.com")
            #expect(try await store.account(userId: UserID()) == nil)
            // The conflict keeps its case on both engines (not a driver error wrapped by the transaction)
            await #expect(throws: StorageError.conflict("the e-mail address is already registered")) {
                try await store.createAccount(
                    user: User(name: "Ann again", role: .athlete, createdAt: Fixture.day(1)), email: "ann@example.com",
                    passwordHash: Self.hash)
            }
        }
    }

    @Test(arguments: Engine.sql)
    func tokensAreListedUsedAndRevokedOnlyByTheirOwner(engine: Engine) async throws {
        try await withSQLStore(engine) { store, _ in
            let ann = try await Self.account(store, "Ann")
            let bob = try await Self.account(store, "Bob")
            let older = Self.token(ann, "laptop", day: 1)
            let newer = Self.token(ann, "phone", day: 2)
            let bobs = Self.token(bob, "bob", day: 3)
            for token in [older, newer, bobs] { try await store.createAPIToken(token) }
            // Listed newest first, only the owner's
            #expect(try await store.apiTokens(for: ann.id) == [newer, older])
            #expect(try await store.apiToken(tokenHash: older.tokenHash) == older)
            // Use is recorded
            try await store.recordAPITokenUse(id: older.id, at: Fixture.day(4))
            #expect(try await store.apiToken(tokenHash: older.tokenHash)?.lastUsedAt == Fixture.day(4))
            // Bob cannot revoke Ann's token; Ann can, once
            #expect(try await store.deleteAPIToken(id: older.id, of: bob.id) == false)
            #expect(try await store.apiToken(tokenHash: older.tokenHash) != nil)
            #expect(try await store.deleteAPIToken(id: older.id, of: ann.id))
            #expect(try await store.deleteAPIToken(id: older.id, of: ann.id) == false)
            #expect(try await store.apiToken(tokenHash: older.tokenHash) == nil)
            #expect(try await store.apiTokens(for: ann.id) == [newer])
            #expect(try await store.apiTokens(for: bob.id) == [bobs])
            // An empty label is refused by the schema
            await #expect(throws: StorageError.self) {
                try await store.createAPIToken(Self.token(ann, "", day: 5))
            }
        }
    }

    @Test(arguments: Engine.sql)
    func aPasswordChangeRevokesEveryTokenAndEveryOtherSession(engine: Engine) async throws {
        try await withSQLStore(engine) { store, _ in
            let ann = try await Self.account(store, "Ann")
            let bob = try await Self.account(store, "Bob")
            let current = Self.session(ann, "current")
            let other = Self.session(ann, "other")
            let bobsSession = Self.session(bob, "bob")
            for session in [current, other, bobsSession] { try await store.createWebSession(session) }
            let tokens = [Self.token(ann, "a", day: 1), Self.token(ann, "b", day: 2)]
            let bobsToken = Self.token(bob, "bob", day: 1)
            for token in tokens + [bobsToken] { try await store.createAPIToken(token) }
            let newHash = "$2b$04$" + String(repeating: "n", count: 53)
            let revoked = try await store.changePassword(
                hash: newHash, for: ann.id, keepingWebSession: current.tokenHash)
            #expect(revoked == CredentialRevocation(webSessions: 1, apiTokens: 2))
            #expect(try await store.account(userId: ann.id)?.passwordHash == newHash)
            #expect(try await store.webSession(tokenHash: current.tokenHash, now: Fixture.day(1)) == current)
            #expect(try await store.webSession(tokenHash: other.tokenHash, now: Fixture.day(1)) == nil)
            #expect(try await store.apiTokens(for: ann.id).isEmpty)
            // Bob is untouched
            #expect(try await store.webSession(tokenHash: bobsSession.tokenHash, now: Fixture.day(1)) == bobsSession)
            #expect(try await store.apiTokens(for: bob.id) == [bobsToken])
            #expect(try await store.account(userId: bob.id)?.passwordHash == Self.hash)
            // Without a kept session every session goes; a user without an account is not found
            let again = try await store.changePassword(hash: Self.hash, for: ann.id, keepingWebSession: nil)
            #expect(again == CredentialRevocation(webSessions: 1, apiTokens: 0))
            await #expect(throws: StorageError.self) {
                _ = try await store.changePassword(hash: Self.hash, for: UserID(), keepingWebSession: nil)
            }
        }
    }
}
