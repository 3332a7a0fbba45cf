import BackstepCore
import BackstepStorage
import Foundation
import Testing

/// The first session's start, read as one value on every engine (the live start's practice weeks use it).
@Suite struct FirstSessionTests {
    @Test(arguments: Engine.available)
    func theFirstSessionIsTheEarliestOfAnyStatusAndOnlyTheUsers(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            let other = User(name: "Someone Else", role: .athlete, createdAt: Fixture.day(0))
            try await store.createUser(other)
            #expect(try await store.firstSessionStart(for: user.id) == nil)
            func session(_ day: Int, _ status: SessionStatus) -> PerformedSession {
                PerformedSession(
                    startedAt: Fixture.day(day), endedAt: Fixture.day(day).addingTimeInterval(600), programId: "x",
                    workout: Fixture.workout, status: status, source: .logged,
                    summary: Fixture.summary(minutes: 10, completed: status == .completed))
            }
            // Stored out of order, with an earlier session of someone else's.
            try await store.saveFinishedSession(session(5, .completed), for: user.id, prescription: nil)
            try await store.saveFinishedSession(session(2, .stopped), for: user.id, prescription: nil)
            try await store.saveFinishedSession(session(9, .completed), for: user.id, prescription: nil)
            try await store.saveFinishedSession(session(1, .completed), for: other.id, prescription: nil)
            let first = try await store.firstSessionStart(for: user.id)
            #expect(first == Fixture.day(2))
            #expect(first == (try await store.sessions(for: user.id, limit: nil)).last?.startedAt)
            #expect(try await store.firstSessionStart(for: other.id) == Fixture.day(1))
        }
    }
}
