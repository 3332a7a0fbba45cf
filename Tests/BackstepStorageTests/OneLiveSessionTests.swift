import BackstepCore
import BackstepStorage
import Foundation
import Testing

@testable import BackstepStorageSQL

/// At most one in-progress session per user, enforced by the store (a unique index on the SQL engines), so two
/// tabs, two replicas or a retried request cannot leave two belts recorded at once.
struct OneLiveSessionTests {
    static func running(on day: Int, id: SessionID = SessionID()) -> PerformedSession {
        PerformedSession(
            id: id, startedAt: Fixture.day(day), workout: Fixture.workout, status: .inProgress, source: .live)
    }

    @Test(arguments: Engine.available)
    func aSecondStartIsRefusedNamingTheRunningSession(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            let other = User(name: "Other", role: .athlete, createdAt: Fixture.day(0))
            try await store.createUser(other)
            let first = Self.running(on: 0)
            try await store.beginSession(first, for: user.id, prescription: nil)
            // Beginning the same session again (a retried request) is harmless.
            try await store.beginSession(first, for: user.id, prescription: nil)
            let second = Self.running(on: 0)
            await #expect(throws: StorageError.liveSessionInProgress(first.id)) {
                try await store.beginSession(second, for: user.id, prescription: nil)
            }
            #expect(try await store.session(id: second.id) == nil, "the refused session left nothing")
            // Someone else's session is not in the way.
            try await store.beginSession(Self.running(on: 0), for: other.id, prescription: nil)
            // Once the first has ended, the next one starts.
            try await store.appendSamples(Fixture.samples(0..<10), to: first.id)
            try await store.finishSession(
                first.id, status: .stopped, summary: Fixture.summary(minutes: 0.15, completed: false),
                endedAt: Fixture.day(0).addingTimeInterval(10))
            try await store.beginSession(second, for: user.id, prescription: nil)
            // And after an interrupted one too.
            _ = try await store.closeInterrupted(second.id, at: nil)
            try await store.beginSession(Self.running(on: 1), for: user.id, prescription: nil)
            #expect(try await store.unfinishedSessions(for: user.id).count == 1)
            #expect(try await store.session(id: first.id)?.samples.count == 10, "the ended session kept its samples")
        }
    }

    @Test(arguments: Engine.available)
    func concurrentStartsLeaveExactlyOneRunning(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            let attempts = (0..<12).map { _ in Self.running(on: 0) }
            let outcomes = await withTaskGroup(of: Result<SessionID, any Error>.self) { group in
                for session in attempts {
                    group.addTask {
                        do {
                            try await store.beginSession(session, for: user.id, prescription: nil)
                            return .success(session.id)
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                var all: [Result<SessionID, any Error>] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let started = outcomes.compactMap { try? $0.get() }
            #expect(started.count == 1, "exactly one start wins: \(outcomes)")
            let winner = try #require(started.first)
            for case .failure(let error) in outcomes {
                #expect(error as? StorageError == .liveSessionInProgress(winner), "\(error)")
            }
            #expect(try await store.unfinishedSessions(for: user.id).map(\.id) == [winner])
        }
    }

    /// A database written by an earlier version, where concurrent starts left one user with several sessions in
    /// progress, upgrades: the latest stays in progress, the others are closed as interrupted with their samples.
    @Test(arguments: Engine.sql)
    func anUpgradeKeepsEachUsersLatestRunningSession(engine: Engine) async throws {
        try await withSQLStore(engine, migrate: false) { store, location in
            let before = try #require(
                SchemaMigrations.everything.firstIndex { $0.name == LiveMigrations.all[0].name })
            try await store.migrate(upTo: before)
            let ann = try await store.localAthlete(now: Fixture.day(0))
            let bob = User(name: "Bob", role: .athlete, createdAt: Fixture.day(0))
            try await store.createUser(bob)
            let older = Self.running(on: 0)
            let middle = Self.running(on: 1)
            let latest = Self.running(on: 2)
            // Rows as the earlier version wrote them (one without a readable workout, which must not stop the upgrade).
            for (session, workout) in [(older, "{}"), (latest, "{}"), (middle, "{\"broken\"")] {
                try await store.writeUnchecked(
                    """
                    INSERT INTO performed_session (id, user_id, started_at, status, source, workout_json)
                    VALUES ('\(session.id.uuidString)', '\(ann.id.uuidString)', \(session.startedAt.epochMilliseconds),
                        'in-progress', 'live', '\(workout)')
                    """)
                _ = try await store.appendSamples(Fixture.samples(0..<61), to: session.id)
            }
            let bobs = Self.running(on: 0)
            try await store.beginSession(bobs, for: bob.id, prescription: nil)
            try await store.close()

            let upgraded = try await SQLStore.open(location)
            do {
                #expect(try await upgraded.appliedMigrations() == SchemaMigrations.everything.map(\.name))
                #expect(Set(try await upgraded.unfinishedSessions(for: nil).map(\.id)) == [latest.id, bobs.id])
                let overviews = Dictionary(
                    uniqueKeysWithValues: try await upgraded.sessions(for: ann.id, limit: nil).map { ($0.id, $0) })
                for id in [older.id, middle.id] {
                    let closed = try #require(overviews[id])
                    #expect(closed.status == .interrupted)
                    #expect(closed.summary?.activeSeconds == 60)
                    #expect(closed.endedAt == closed.startedAt.addingTimeInterval(60))
                    #expect(try await upgraded.lastSampleSequence(of: id) == 60, "its samples are kept")
                }
                #expect(overviews[latest.id]?.status == .inProgress)
                #expect(try await upgraded.lastSampleSequence(of: latest.id) == 60)
                #expect(try await upgraded.integrityProblems().isEmpty)
                // From now on the database holds the rule itself.
                await #expect(throws: StorageError.liveSessionInProgress(latest.id)) {
                    try await upgraded.beginSession(Self.running(on: 3), for: ann.id, prescription: nil)
                }
            } catch {
                try? await upgraded.close()
                throw error
            }
            try await upgraded.close()
        }
    }
}
