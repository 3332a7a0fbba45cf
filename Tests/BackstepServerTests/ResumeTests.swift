import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BackstepServer

/// A session the server cut short (restart or crash) is offered on the plan page and continues with what is left of
/// its workout.
@Suite("Continuing an interrupted session")
struct ResumeTests {
    /// Stores a first-steps session (a 300 s backward walk, then a 30 s step) that ran `secondsDone` seconds of its
    /// first step, then was closed as interrupted (what a restart does to a running session).
    static func plantInterrupted(
        _ store: SQLStore, for userId: UserID, secondsDone: Int = 100, startedAgo: TimeInterval = 900
    ) async throws -> PerformedSession {
        let workout = try Catalog.firstSteps.workout()
        let steps = workout.performedSteps
        let session = PerformedSession(
            startedAt: Date().addingTimeInterval(-startedAgo), programId: Catalog.firstSteps.id, workout: workout,
            status: .inProgress, source: .simulated)
        try await store.beginSession(session, for: userId, prescription: nil)
        #expect(steps.count == 2 && steps[0].step.goal == .time(300), "first-steps changed: adjust this test")
        var samples: [SessionSample] = []
        for second in 0..<secondsDone {
            samples.append(
                SessionSample(
                    sequence: second, t: Double(second), segment: 0, direction: .backward,
                    speed: Speed(metersPerSecond: 0.4), distance: Distance(meters: 0.4 * Double(second))))
        }
        _ = try await store.appendSamples(samples, to: session.id)
        _ = try await store.closeInterrupted(session.id, at: nil)
        return session
    }

    @Test("The plan offers to continue; continuing starts what is left, from the step that was running")
    func offeredAndContinued() async throws {
        try await withSignedUpApp { client, browser, store, userId in
            let session = try await Self.plantInterrupted(store, for: userId)
            let total = session.workout.performedSteps.count
            let plan = String(buffer: try await client.page("/plan", &browser).body)
            #expect(plan.contains("Your session was interrupted"))
            #expect(plan.contains("step 1 of \(total)"))
            #expect(plan.contains(#"name="resume" value="\#(session.id.uuidString)""#))

            let started = try await client.submit(
                "/sessions/start", [("resume", session.id.uuidString), ("mode", "manual")], &browser)
            #expect(started.status == .seeOther)
            #expect(started.headers[.location] == "/sessions/live")
            let live = String(buffer: try await client.page("/sessions/live", &browser).body)
            #expect(live.contains("\(session.workout.name) (continued)"))

            // Once a newer session exists, the old one is no longer offered.
            let again = String(buffer: try await client.page("/plan", &browser).body)
            #expect(!again.contains("Your session was interrupted"))
        }
    }

    @Test("The continuation is what was left: the running step shortened by what was done")
    func remainderFromSamples() async throws {
        try await withSignedUpApp { _, _, store, userId in
            let session = try await Self.plantInterrupted(store, for: userId, secondsDone: 100)
            let service = TrainingService(store: store, settings: .testing())
            let user = try #require(try await store.user(id: userId))
            let resumable = try #require(try await service.resumable(for: user, now: Date()))
            let steps = session.workout.performedSteps
            #expect(resumable.stepIndex == 0)
            #expect(resumable.remainder.performedSteps.count == steps.count)
            #expect(resumable.remainder.performedSteps.first?.step.goal == .time(200))
            #expect(resumable.remainder.performedSteps.last?.step == steps.last?.step)
        }
    }

    @Test(
        "What cannot be continued",
        arguments: [
            ("another user's session", 404),
            ("a session already given feedback", 409),
            ("older than 12 hours", 409),
            ("not an id", 422),
        ])
    func refused(what: String, status: Int) async throws {
        try await withSignedUpApp { client, browser, store, userId in
            var id = "not-a-session"
            switch what {
            case "another user's session":
                let stranger = User(name: "Someone Else", role: .athlete, createdAt: Date())
                try await store.createUser(stranger)
                id = try await Self.plantInterrupted(store, for: stranger.id).id.uuidString
            case "a session already given feedback":
                let session = try await Self.plantInterrupted(store, for: userId)
                id = session.id.uuidString
                try await store.attachFeedback(
                    SessionFeedback(date: Date(), handrailUsed: .twoHands), to: session.id)
            case "older than 12 hours":
                id = try await Self.plantInterrupted(store, for: userId, startedAgo: 13 * 3_600).id.uuidString
            default: break
            }
            let response = try await client.submit(
                "/sessions/start", [("resume", id), ("mode", "manual")], &browser)
            #expect(Int(response.status.code) == status, "\(what)")
            #expect(try await store.unfinishedSessions(for: nil).isEmpty, "nothing was started for \(what)")
        }
    }
}
