import BackstepCore
import BackstepStorage
import Foundation
import SQLKit
import Testing

@testable import BackstepStorageSQL

/// The professional side's storage on SQLite and PostgreSQL: practices and members, invitations and consent,
/// revocation, the care link state the access policy reads, flag reviews and the append-only access log.
@Suite struct CareStorageTests {
    static let hash = AccountStorageTests.hash

    static func professional(
        _ store: SQLStore, _ name: String, _ profession: Profession = .physiotherapist
    ) async throws -> User {
        let user = User(name: name, role: .professional, createdAt: Fixture.day(0))
        try await store.createProfessionalAccount(
            user: user, email: "\(name.lowercased())@clinic.example", passwordHash: hash,
            details: ProfessionalDetails(userId: user.id, profession: profession, registrationNumber: "PH-\(name)"))
        return user
    }

    static func invitation(
        _ practice: Practice, by professional: User, scope: CareScope = .read, day: Int = 1, code: String
    ) -> CareInvitation {
        CareInvitation(
            codeHash: digest(code), practiceId: practice.id, invitedBy: professional.id, scope: scope,
            note: "for \(code)", createdAt: Fixture.day(day))
    }

    /// A 64-character stand-in for a code's SHA-256 (storage only checks the length).
    static func digest(_ code: String) -> String {
        let hex = code.unicodeScalars.map { String($0.value, radix: 16) }.joined()
        return String((hex + String(repeating: "0", count: 64)).prefix(64))
    }

    @Test(arguments: Engine.sql)
    func professionalsAndPracticesAreStoredWithTheirMembers(engine: Engine) async throws {
        try await withSQLStore(engine) { store, _ in
            let kim = try await Self.professional(store, "Kim")
            let lee = try await Self.professional(store, "Lee", .coach)
            let ann = try await AccountStorageTests.account(store, "Ann")
            #expect(try await store.professionalDetails(for: kim.id)?.profession == .physiotherapist)
            #expect(try await store.professionalDetails(for: ann.id) == nil)
            #expect(try await store.user(id: kim.id)?.role == .professional)

            let practice = Practice(name: "Knee Clinic", kind: .clinic, ownerId: kim.id, createdAt: Fixture.day(1))
            try await store.createPractice(practice)
            #expect(try await store.practice(id: practice.id) == practice)
            #expect(try await store.practices(of: kim.id) == [practice])
            try await store.addMember(lee.id, to: practice.id, at: Fixture.day(2))
            let members = try await store.members(of: practice.id)
            #expect(members.map(\.professional.id) == [kim.id, lee.id])
            #expect(members.map(\.role) == [.owner, .member])
            #expect(members.last?.details?.profession == .coach)

            // An athlete cannot own or join a practice; a member cannot join twice; the owner cannot leave
            await #expect(throws: StorageError.self) {
                try await store.createPractice(
                    Practice(name: "Mine", kind: .coaching, ownerId: ann.id, createdAt: Fixture.day(1)))
            }
            await #expect(throws: StorageError.self) {
                try await store.addMember(ann.id, to: practice.id, at: Fixture.day(2))
            }
            await #expect(throws: CareStoreError.alreadyMember) {
                try await store.addMember(lee.id, to: practice.id, at: Fixture.day(3))
            }
            await #expect(throws: CareStoreError.ownerCannotLeave) {
                _ = try await store.removeMember(kim.id, from: practice.id, at: Fixture.day(3))
            }
            #expect(try await store.removeMember(lee.id, from: practice.id, at: Fixture.day(3)))
            #expect(try await !store.removeMember(lee.id, from: practice.id, at: Fixture.day(4)))
            #expect(try await store.members(of: practice.id).map(\.professional.id) == [kim.id])
            #expect(try await store.practices(of: lee.id).isEmpty)
            // Bad names are refused
            await #expect(throws: StorageError.self) {
                try await store.createPractice(
                    Practice(name: "  ", kind: .clinic, ownerId: kim.id, createdAt: Fixture.day(1)))
            }
        }
    }

    @Test(arguments: Engine.sql)
    func consentIsGivenByAcceptingAndEndsOnRevocation(engine: Engine) async throws {
        try await withSQLStore(engine) { store, _ in
            let kim = try await Self.professional(store, "Kim")
            let lee = try await Self.professional(store, "Lee")
            let stranger = try await Self.professional(store, "Sam")
            let ann = try await AccountStorageTests.account(store, "Ann")
            let practice = Practice(name: "Knee Clinic", kind: .clinic, ownerId: kim.id, createdAt: Fixture.day(0))
            try await store.createPractice(practice)
            try await store.addMember(lee.id, to: practice.id, at: Fixture.day(0))

            let invitation = Self.invitation(practice, by: kim, code: "first")
            try await store.createInvitation(invitation)
            #expect(try await store.invitation(codeHash: invitation.codeHash) == invitation)
            #expect(try await store.careLinkState(professional: kim.id, client: ann.id) == CareLinkState.none)

            // Accepting links the client to the practice: every current member sees the client
            let link = try await store.acceptInvitation(
                codeHash: invitation.codeHash, clientId: ann.id, at: Fixture.day(2))
            #expect(link.scope == .read && link.isActive && link.invitationId == invitation.id)
            #expect(try await store.careLinkState(professional: kim.id, client: ann.id) == .active(.read))
            #expect(try await store.careLinkState(professional: lee.id, client: ann.id) == .active(.read))
            #expect(try await store.careLinkState(professional: stranger.id, client: ann.id) == CareLinkState.none)
            #expect(try await store.linkedClients(of: lee.id).map(\.client.id) == [ann.id])
            #expect(try await store.linkedClients(of: stranger.id).isEmpty)
            let team = try await store.careTeam(of: ann.id)
            #expect(team.map(\.practice.id) == [practice.id])
            #expect(team.first?.members.map(\.professional.id) == [kim.id, lee.id])

            // The invitation is single-use
            await #expect(throws: CareStoreError.invitationNotPending(.accepted)) {
                _ = try await store.acceptInvitation(
                    codeHash: invitation.codeHash, clientId: ann.id, at: Fixture.day(3))
            }
            #expect(try await store.invitation(codeHash: invitation.codeHash)?.status(at: Fixture.day(3)) == .accepted)

            // A second invitation with the prescribe scope widens the same link
            let widen = Self.invitation(practice, by: lee, scope: .prescribe, day: 3, code: "second")
            try await store.createInvitation(widen)
            let widened = try await store.acceptInvitation(
                codeHash: widen.codeHash, clientId: ann.id, at: Fixture.day(4))
            #expect(widened.id == link.id && widened.scope == .prescribe)
            #expect(try await store.careLinkState(professional: kim.id, client: ann.id) == .active(.prescribe))

            // A member removed from the practice stops seeing the client at once
            #expect(try await store.removeMember(lee.id, from: practice.id, at: Fixture.day(5)))
            #expect(try await store.careLinkState(professional: lee.id, client: ann.id) == CareLinkState.none)
            #expect(try await store.linkedClients(of: lee.id).isEmpty)

            // Revoking ends it for everyone at once, and only once
            #expect(try await store.revokeCareLink(practiceId: practice.id, clientId: ann.id, at: Fixture.day(6)))
            #expect(try await !store.revokeCareLink(practiceId: practice.id, clientId: ann.id, at: Fixture.day(7)))
            #expect(try await store.careLinkState(professional: kim.id, client: ann.id) == .revoked)
            #expect(try await store.careTeam(of: ann.id).isEmpty)
            #expect(try await store.linkedClients(of: kim.id).isEmpty)

            // A new invitation after revocation makes a new link
            let again = Self.invitation(practice, by: kim, day: 8, code: "third")
            try await store.createInvitation(again)
            let relinked = try await store.acceptInvitation(
                codeHash: again.codeHash, clientId: ann.id, at: Fixture.day(8))
            #expect(relinked.id != link.id)
            #expect(try await store.careLinkState(professional: kim.id, client: ann.id) == .active(.read))
        }
    }

    @Test(arguments: Engine.sql)
    func invitationsExpireCanBeDeclinedOrWithdrawnAndRefuseMembers(engine: Engine) async throws {
        try await withSQLStore(engine) { store, _ in
            let kim = try await Self.professional(store, "Kim")
            let lee = try await Self.professional(store, "Lee")
            let ann = try await AccountStorageTests.account(store, "Ann")
            let practice = Practice(name: "Knee Clinic", kind: .clinic, ownerId: kim.id, createdAt: Fixture.day(0))
            try await store.createPractice(practice)
            try await store.addMember(lee.id, to: practice.id, at: Fixture.day(0))

            // Expired after 14 days, to the millisecond
            let old = Self.invitation(practice, by: kim, day: 1, code: "old")
            try await store.createInvitation(old)
            #expect(old.expiresAt == Fixture.day(15))
            await #expect(throws: CareStoreError.invitationNotPending(.expired)) {
                _ = try await store.acceptInvitation(codeHash: old.codeHash, clientId: ann.id, at: Fixture.day(15))
            }
            // Declined
            let declined = Self.invitation(practice, by: kim, day: 2, code: "declined")
            try await store.createInvitation(declined)
            try await store.declineInvitation(codeHash: declined.codeHash, clientId: ann.id, at: Fixture.day(3))
            #expect(try await store.invitation(codeHash: declined.codeHash)?.status(at: Fixture.day(3)) == .declined)
            await #expect(throws: CareStoreError.invitationNotPending(.declined)) {
                _ = try await store.acceptInvitation(codeHash: declined.codeHash, clientId: ann.id, at: Fixture.day(3))
            }
            // Withdrawn, once, and only by its practice
            let withdrawn = Self.invitation(practice, by: kim, day: 2, code: "withdrawn")
            try await store.createInvitation(withdrawn)
            #expect(try await !store.cancelInvitation(withdrawn.id, of: PracticeID(), at: Fixture.day(3)))
            #expect(try await store.cancelInvitation(withdrawn.id, of: practice.id, at: Fixture.day(3)))
            #expect(try await !store.cancelInvitation(withdrawn.id, of: practice.id, at: Fixture.day(4)))
            // Unknown codes, and a member of the practice accepting its own invitation
            await #expect(throws: CareStoreError.invitationNotFound) {
                _ = try await store.acceptInvitation(
                    codeHash: Self.digest("nope"), clientId: ann.id, at: Fixture.day(3))
            }
            let own = Self.invitation(practice, by: kim, day: 2, code: "own")
            try await store.createInvitation(own)
            await #expect(throws: CareStoreError.clientIsMember) {
                _ = try await store.acceptInvitation(codeHash: own.codeHash, clientId: lee.id, at: Fixture.day(3))
            }
            // The refused acceptance changed nothing: the invitation is still open
            #expect(try await store.invitation(codeHash: own.codeHash)?.status(at: Fixture.day(3)) == .pending)
            // Only members invite
            let outsider = try await Self.professional(store, "Out")
            await #expect(throws: StorageError.self) {
                try await store.createInvitation(Self.invitation(practice, by: outsider, code: "outsider"))
            }
            #expect(try await store.invitations(of: practice.id).map(\.id).contains(old.id))
        }
    }

    @Test(arguments: Engine.sql)
    func theAccessLogIsReadByClientAndPracticeAndCannotBeChanged(engine: Engine) async throws {
        try await withSQLStore(engine) { store, location in
            let kim = try await Self.professional(store, "Kim")
            let ann = try await AccountStorageTests.account(store, "Ann")
            let bob = try await AccountStorageTests.account(store, "Bob")
            let practice = Practice(name: "Knee Clinic", kind: .clinic, ownerId: kim.id, createdAt: Fixture.day(0))
            try await store.createPractice(practice)
            let invitation = Self.invitation(practice, by: kim, code: "ann")
            try await store.createInvitation(invitation)
            _ = try await store.acceptInvitation(codeHash: invitation.codeHash, clientId: ann.id, at: Fixture.day(1))

            func entry(_ client: User, _ resource: String, day: Int) -> AccessLogEntry {
                AccessLogEntry(
                    at: Fixture.day(day), actorId: kim.id, actorName: kim.name, actorRole: .professional,
                    clientId: client.id, action: .read, resource: resource, channel: .page, address: "127.0.0.1")
            }
            let first = entry(ann, "sessions", day: 2)
            let second = entry(ann, "profile", day: 3)
            let bobs = entry(bob, "sessions", day: 3)
            for e in [first, second, bobs] { try await store.appendAccessLog(e) }
            #expect(try await store.accessLog(client: ann.id, limit: 10) == [second, first])
            #expect(try await store.accessLog(client: ann.id, limit: 1) == [second])
            // The practice sees its members' access to its clients, not to others
            #expect(try await store.accessLog(practice: practice.id, limit: 10) == [second, first])
            await #expect(throws: StorageError.self) { try await store.appendAccessLog(entry(ann, "", day: 4)) }

            // Append-only: the database itself refuses to change or delete a row
            let db = try await SQLStore.open(location)
            for statement in ["UPDATE access_log SET resource = 'x'", "DELETE FROM access_log"] {
                await #expect(throws: (any Error).self) {
                    try await db.write { db in try await db.raw(SQLQueryString(statement)).run() }
                }
            }
            try await db.close()
            #expect(try await store.accessLog(client: ann.id, limit: 10) == [second, first])
        }
    }

    @Test(arguments: Engine.sql)
    func flagReviewsAreKeptPerFlagAndReplaced(engine: Engine) async throws {
        try await withSQLStore(engine) { store, _ in
            let kim = try await Self.professional(store, "Kim")
            let ann = try await AccountStorageTests.account(store, "Ann")
            func review(_ key: String, day: Int, note: String) -> CareFlagReview {
                CareFlagReview(
                    clientId: ann.id, flagKey: key, reviewedBy: kim.id, reviewerName: kim.name,
                    reviewedAt: Fixture.day(day), note: note)
            }
            try await store.saveFlagReview(review("pain-during:a", day: 1, note: "called her"))
            try await store.saveFlagReview(review("inactive:1", day: 2, note: ""))
            try await store.saveFlagReview(review("pain-during:a", day: 3, note: "called again"))
            let reviews = try await store.flagReviews(client: ann.id)
            #expect(reviews.map(\.flagKey) == ["pain-during:a", "inactive:1"])
            #expect(reviews.first?.note == "called again")
            await #expect(throws: StorageError.self) {
                try await store.saveFlagReview(review("x", day: 4, note: String(repeating: "n", count: 2001)))
            }
            #expect(try await store.flagReviews(client: kim.id).isEmpty)
        }
    }
}
