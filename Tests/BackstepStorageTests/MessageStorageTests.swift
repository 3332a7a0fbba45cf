import BackstepCore
import BackstepStorage
import Foundation
import Testing

@testable import BackstepStorageSQL

/// Notes and messages on SQLite and PostgreSQL: a client's thread with what each reader sees (the client never a
/// clinical note, a professional only their practices' notes), read receipts and unread counts, sessions that must
/// be the client's, and the text limits.
@Suite struct MessageStorageTests {
    /// A client, a professional with a practice, and a second practice's professional.
    struct Cast {
        var client: User
        var kim: User
        var kimsPractice: Practice
        var lee: User
        var leesPractice: Practice
    }

    static func cast(_ store: SQLStore) async throws -> Cast {
        let client = try await AccountStorageTests.account(store, "Ann")
        let kim = try await CareStorageTests.professional(store, "Kim")
        let lee = try await CareStorageTests.professional(store, "Lee", .coach)
        let kims = Practice(name: "Knee Clinic", kind: .clinic, ownerId: kim.id, createdAt: Fixture.day(0))
        let lees = Practice(name: "Run Club", kind: .coaching, ownerId: lee.id, createdAt: Fixture.day(0))
        try await store.createPractice(kims)
        try await store.createPractice(lees)
        return Cast(client: client, kim: kim, kimsPractice: kims, lee: lee, leesPractice: lees)
    }

    static func message(
        _ cast: Cast, by author: User, practice: Practice? = nil, _ text: String,
        kind: CareMessageKind = .message, day: Int, session: SessionID? = nil
    ) -> CareMessage {
        CareMessage(
            clientId: cast.client.id, authorId: author.id, authorName: author.name, authorRole: author.role,
            practiceId: practice?.id, sessionId: session, kind: kind, text: text, createdAt: Fixture.day(day))
    }

    @Test(arguments: Engine.sql)
    func eachReaderSeesWhatTheyMayAndCountsWhatIsNew(engine: Engine) async throws {
        try await withSQLStore(engine) { store, _ in
            let cast = try await Self.cast(store)
            let client = cast.client.id
            let kimsTeam = MessageAudience.careTeam(practices: [cast.kimsPractice.id])
            let leesTeam = MessageAudience.careTeam(practices: [cast.leesPractice.id])
            try await store.saveMessage(Self.message(cast, by: cast.client, "Knee sore after Monday", day: 1))
            try await store.saveMessage(
                Self.message(
                    cast, by: cast.kim, practice: cast.kimsPractice, "Watch the load", kind: .clinicalNote, day: 2))
            try await store.saveMessage(
                Self.message(cast, by: cast.kim, practice: cast.kimsPractice, "Rest two days", day: 3))
            try await store.saveMessage(
                Self.message(
                    cast, by: cast.lee, practice: cast.leesPractice, "Ran too fast", kind: .clinicalNote, day: 4))

            // The client never sees a clinical note; each practice sees its own notes and every message
            #expect(
                try await store.messages(client: client, for: .client, limit: 100).map(\.text) == [
                    "Knee sore after Monday", "Rest two days",
                ])
            #expect(
                try await store.messages(client: client, for: kimsTeam, limit: 100).map(\.text) == [
                    "Knee sore after Monday", "Watch the load", "Rest two days",
                ])
            #expect(
                try await store.messages(client: client, for: leesTeam, limit: 100).map(\.text) == [
                    "Knee sore after Monday", "Rest two days", "Ran too fast",
                ])
            #expect(
                try await store.messages(client: client, for: .careTeam(practices: []), limit: 100).count == 2)
            // The newest `limit`, oldest first
            #expect(
                try await store.messages(client: client, for: kimsTeam, limit: 2).map(\.text) == [
                    "Watch the load", "Rest two days",
                ])
            let stored = try #require(try await store.messages(client: client, for: kimsTeam, limit: 100).last)
            #expect(stored.authorName == "Kim" && stored.authorRole == .professional)
            #expect(stored.practiceId == cast.kimsPractice.id && stored.createdAt == Fixture.day(3))

            // Unread: written by others after the reader's last read
            #expect(try await store.unreadMessageCount(client: client, reader: client, for: .client) == 1)
            #expect(try await store.unreadMessageCount(client: client, reader: cast.kim.id, for: kimsTeam) == 1)
            #expect(try await store.unreadMessageCount(client: client, reader: cast.lee.id, for: leesTeam) == 2)
            #expect(try await store.messagesReadAt(client: client, reader: client) == nil)
            try await store.markMessagesRead(client: client, reader: client, at: Fixture.day(5))
            #expect(try await store.messagesReadAt(client: client, reader: client) == Fixture.day(5))
            #expect(try await store.unreadMessageCount(client: client, reader: client, for: .client) == 0)
            // An earlier read leaves the later one
            try await store.markMessagesRead(client: client, reader: client, at: Fixture.day(1))
            #expect(try await store.messagesReadAt(client: client, reader: client) == Fixture.day(5))
            try await store.saveMessage(
                Self.message(cast, by: cast.kim, practice: cast.kimsPractice, "How is it now?", day: 6))
            #expect(try await store.unreadMessageCount(client: client, reader: client, for: .client) == 1)
            try await store.markMessagesRead(client: cast.client.id, reader: cast.kim.id, at: Fixture.day(6))
            #expect(try await store.unreadMessageCount(client: client, reader: cast.kim.id, for: kimsTeam) == 0)
            #expect(try await store.unreadMessageCount(client: client, reader: cast.lee.id, for: leesTeam) == 3)
        }
    }

    @Test(arguments: Engine.sql)
    func badMessagesAreRefusedAndWriteNothing(engine: Engine) async throws {
        try await withSQLStore(engine) { store, _ in
            let cast = try await Self.cast(store)
            let other = try await AccountStorageTests.account(store, "Bob")
            let bobs = Fixture.finished(on: Fixture.day(1))
            try await store.saveFinishedSession(bobs, for: other.id, prescription: nil)
            let anns = Fixture.finished(on: Fixture.day(2))
            try await store.saveFinishedSession(anns, for: cast.client.id, prescription: nil)

            let refused: [(CareMessage, String)] = [
                (Self.message(cast, by: cast.client, "   ", day: 1), "text"),
                (Self.message(cast, by: cast.client, String(repeating: "a", count: 4001), day: 1), "text"),
                (Self.message(cast, by: cast.client, "A note of mine", kind: .clinicalNote, day: 1), "kind"),
                (Self.message(cast, by: cast.kim, "No practice", kind: .clinicalNote, day: 1), "kind"),
                (Self.message(cast, by: cast.client, "About Bob's walk", day: 1, session: bobs.id), "sessionId"),
                (Self.message(cast, by: cast.client, "No such walk", day: 1, session: SessionID()), "sessionId"),
            ]
            for (message, field) in refused {
                do {
                    try await store.saveMessage(message)
                    Issue.record("accepted: \(message.text.prefix(20))")
                } catch StorageError.invalid(let input) {
                    #expect(input.field == field, "\(message.text.prefix(20))")
                }
            }
            var stranger = Self.message(cast, by: cast.client, "Nobody's", day: 1)
            stranger.clientId = UserID()
            await #expect(throws: StorageError.self) { try await store.saveMessage(stranger) }
            await #expect(throws: StorageError.self) {
                try await store.markMessagesRead(client: UserID(), reader: cast.kim.id, at: Fixture.day(1))
            }
            #expect(try await store.messages(client: cast.client.id, for: .client, limit: 100).isEmpty)

            // 4000 characters, and one of the client's own sessions, are fine
            let long = Self.message(
                cast, by: cast.client, String(repeating: "é", count: 4000), day: 2, session: anns.id)
            try await store.saveMessage(long)
            #expect(try await store.messages(client: cast.client.id, for: .client, limit: 100) == [long])
        }
    }
}
