import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import BackstepServer

/// The pain-monitoring model needs the next morning's pain: the plan page asks for it the next time the user opens
/// the app, once, and the answer is stored with the session's feedback.
@Suite("Next-morning pain")
struct MorningPainTests {
    /// A finished session with feedback, started `daysAgo` days before now (at least an hour back).
    static func finishedSession(daysAgo: Double, morningPain: Int? = nil) throws -> PerformedSession {
        let started = Date().addingTimeInterval(-daysAgo * 86_400 - 3_600)
        let workout = try Catalog.firstSteps.workout()
        return PerformedSession(
            startedAt: started, endedAt: started.addingTimeInterval(600), programId: Catalog.firstSteps.id,
            workout: workout, status: .completed, source: .manual,
            summary: SessionSummary(
                elapsedSeconds: 600, activeSeconds: 600, backwardSeconds: 540, distance: Distance(meters: 300),
                backwardDistance: Distance(meters: 270), kcal: 40, forwardKcal: 30, stepsCompleted: 3, stepsTotal: 3,
                completed: true, stopReason: nil),
            feedback: SessionFeedback(
                date: started.addingTimeInterval(700), exertion: PerceivedExertion(12), painDuring: 2, painAfter: 3,
                painNextMorning: morningPain, handrailUsed: .fingertips))
    }

    @Test("Yesterday's session: the plan asks once, checks the answer, stores it, then stops asking")
    func askedOnceAndStored() async throws {
        try await withSignedUpApp { client, browser, store, userId in
            let session = try Self.finishedSession(daysAgo: 1)
            try await store.saveFinishedSession(session, for: userId, prescription: nil)
            let plan = String(buffer: try await client.page("/plan", &browser).body)
            #expect(plan.contains("How is the pain this morning?"))
            #expect(plan.contains("/sessions/\(session.id.uuidString)/morning-pain"))

            // Out of range: the field's message, and nothing stored.
            let bad = try await client.submit(
                "/sessions/\(session.id.uuidString)/morning-pain", [("painNextMorning", "11")], &browser)
            #expect(String(buffer: bad.body).contains("field-error"))
            #expect(try await store.session(id: session.id)?.feedback?.painNextMorning == nil)

            // Without the CSRF token: refused, nothing stored.
            let forged = try await client.submit(
                "/sessions/\(session.id.uuidString)/morning-pain", [("painNextMorning", "4")], &browser, csrf: false)
            #expect(forged.status == .forbidden)
            #expect(try await store.session(id: session.id)?.feedback?.painNextMorning == nil)

            let good = try await client.submit(
                "/sessions/\(session.id.uuidString)/morning-pain", [("painNextMorning", "4")], &browser)
            #expect(good.status == .seeOther)
            let stored = try await store.session(id: session.id)?.feedback
            #expect(stored?.painNextMorning == 4)
            #expect(stored?.painAfter == 3, "the rest of the feedback is kept")
            let again = String(buffer: try await client.page("/plan", &browser).body)
            #expect(!again.contains("How is the pain this morning?"))
        }
    }

    @Test(
        "When the plan does not ask",
        arguments: [
            (0.0, nil as Int?, "a session from today is asked about tomorrow"),
            (1.0, 2, "already answered"),
            (4.0, nil, "more than three days ago"),
        ])
    func notAsked(daysAgo: Double, morningPain: Int?, why: String) async throws {
        try await withSignedUpApp { client, browser, store, userId in
            // Today's session: started a few minutes ago, so it is on today's calendar day.
            var session = try Self.finishedSession(daysAgo: daysAgo, morningPain: morningPain)
            if daysAgo == 0 {
                // Earlier today, even just after midnight.
                let sinceMidnight = Date().timeIntervalSince(TrainingStatistics.startOfDay(Date()))
                session.startedAt = Date().addingTimeInterval(-min(120, sinceMidnight / 2))
                session.endedAt = Date()
            }
            try await store.saveFinishedSession(session, for: userId, prescription: nil)
            let plan = String(buffer: try await client.page("/plan", &browser).body)
            #expect(!plan.contains("How is the pain this morning?"), "\(why)")
        }
    }

    @Test("Another user's session cannot be given a morning rating")
    func otherUsersSession() async throws {
        try await withSignedUpApp { client, browser, store, _ in
            let stranger = User(name: "Someone Else", role: .athlete, createdAt: Date())
            try await store.createUser(stranger)
            let theirs = try Self.finishedSession(daysAgo: 1)
            try await store.saveFinishedSession(theirs, for: stranger.id, prescription: nil)
            let response = try await client.submit(
                "/sessions/\(theirs.id.uuidString)/morning-pain", [("painNextMorning", "4")], &browser)
            #expect(response.status == .notFound)
            #expect(try await store.session(id: theirs.id)?.feedback?.painNextMorning == nil)
        }
    }
}
