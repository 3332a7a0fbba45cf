import ArgumentParser
import BackstepCLI
import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import Foundation
import Testing

/// `backstep clients`: a professional's clients from the database, each read written to the access log as `cli`.
@Suite("clients command") struct ClientsCommandTests {
    @Test("lists the consenting clients with their flags, logs each read and refuses an unknown professional")
    func clients() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backstep-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("b.sqlite").path
        let db = ["--database", path]
        let now = Date()

        // A physiotherapist's practice, one client who accepted and one who never did
        let store = try await SQLStore.open(.sqliteFile(path))
        let (ana, _) = try await Self.seed(store, now: now)
        try await store.close()

        let table = try await StorageCommandTests.render(["clients", "--as", "KIM@clinic.example"] + db)
        #expect(table.contains("Ana Client"))
        #expect(!table.contains("Bob Stranger"))
        #expect(table.contains("!near-fall"))
        #expect(table.contains("pain-during"))
        let json = try await StorageCommandTests.render(["clients", "--as", "kim@clinic.example", "--json"] + db)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(parsed?.map { $0["name"] as? String } == ["Ana Client"])

        let reopened = try await SQLStore.open(.sqliteFile(path))
        let log = try await reopened.accessLog(client: ana.id, limit: 10)
        try await reopened.close()
        #expect(log.count == 2)
        #expect(log.allSatisfy { $0.channel == .cli && $0.actorName == "Kim Physio" })
        await #expect(throws: ValidationError.self) {
            _ = try await StorageCommandTests.render(["clients", "--as", "nobody@example.com"] + db)
        }
    }

    /// Kim's practice with Ana, who accepted and trained with pain 8 and a near-fall, and Bob, who never linked.
    static func seed(_ store: SQLStore, now: Date) async throws -> (User, User) {
        do {
            let kim = User(name: "Kim Physio", role: .professional, createdAt: now)
            try await store.createProfessionalAccount(
                user: kim, email: "kim@clinic.example", passwordHash: String(repeating: "x", count: 60),
                details: ProfessionalDetails(userId: kim.id, profession: .physiotherapist))
            let practice = Practice(name: "Knee Clinic", kind: .clinic, ownerId: kim.id, createdAt: now)
            try await store.createPractice(practice)
            let ana = User(name: "Ana Client", role: .athlete, createdAt: now)
            let bob = User(name: "Bob Stranger", role: .athlete, createdAt: now)
            for user in [ana, bob] { try await store.createUser(user) }
            let invitation = CareInvitation(
                codeHash: String(repeating: "c", count: 64), practiceId: practice.id, invitedBy: kim.id, scope: .read,
                createdAt: now)
            try await store.createInvitation(invitation)
            _ = try await store.acceptInvitation(codeHash: invitation.codeHash, clientId: ana.id, at: now)
            let workout = try Catalog.program(id: "knee-oa").workout()
            let session = PerformedSession(
                startedAt: now.addingTimeInterval(-3600), endedAt: now.addingTimeInterval(-3000), programId: "knee-oa",
                workout: workout, status: .completed, source: .manual,
                summary: SessionSummary(
                    elapsedSeconds: 600, activeSeconds: 600, backwardSeconds: 600, distance: Distance(meters: 400),
                    backwardDistance: Distance(meters: 400), kcal: 30, forwardKcal: 22, stepsCompleted: 1,
                    stepsTotal: 1, completed: true, stopReason: nil))
            try await store.saveFinishedSession(session, for: ana.id, prescription: nil)
            try await store.attachFeedback(
                SessionFeedback(date: now, painDuring: 8, handrailUsed: .oneHand, nearFall: true), to: session.id)
            return (ana, bob)
        } catch {
            try? await store.close()
            throw error
        }
    }
}
