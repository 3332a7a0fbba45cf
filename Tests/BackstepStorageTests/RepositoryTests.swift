import BackstepCore
import BackstepStorage
import Foundation
import Testing

/// The repository suite: the same tests on every available engine (in-memory, SQLite, and PostgreSQL when
/// `BACKSTEP_TEST_POSTGRES_URL` is set).
@Suite struct RepositoryTests {
    @Test(arguments: Engine.available)
    func usersAndTheLocalAthlete(engine: Engine) async throws {
        try await withStore(engine) { store in
            // Given a coach and the local athlete
            let coach = User(name: "Coach Carter", role: .professional, createdAt: Fixture.day(0))
            try await store.createUser(coach)
            let athlete = try await store.localAthlete(now: Fixture.day(0))
            // Then the local athlete is created once and found again
            #expect(try await store.localAthlete(now: Fixture.day(1)) == athlete)
            #expect(try await store.user(id: coach.id) == coach)
            #expect(try await store.users(role: .professional) == [coach])
            #expect(try await store.users(role: nil).count == 2)
            // And a duplicate or a bad name is refused
            await #expect(throws: StorageError.self) { try await store.createUser(coach) }
            await #expect(throws: StorageError.self) {
                try await store.createUser(User(name: "", role: .athlete, createdAt: Fixture.day(0)))
            }
            #expect(try await store.users(role: nil).count == 2)
        }
    }

    @Test(arguments: Engine.available)
    func profilesKeepTheirHistory(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            #expect(try await store.currentProfile(for: user.id) == nil)
            try await store.saveProfile(Fixture.profile, for: user.id, at: Fixture.day(0))
            var edited = Fixture.profile
            edited.mass = Mass(kilograms: 68)
            let second = try await store.saveProfile(edited, for: user.id, at: Fixture.day(7))
            #expect(second.version == 2)
            #expect(try await store.currentProfile(for: user.id)?.profile == edited)
            #expect(try await store.profileHistory(for: user.id).map(\.version) == [1, 2])
            // An out-of-range age is refused and nothing is written
            var bad = edited
            bad.age = 7
            await #expect(throws: StorageError.self) {
                try await store.saveProfile(bad, for: user.id, at: Fixture.day(8))
            }
            #expect(try await store.profileHistory(for: user.id).count == 2)
            // An unknown user is refused
            await #expect(throws: StorageError.self) {
                try await store.saveProfile(Fixture.profile, for: UserID(), at: Fixture.day(8))
            }
        }
    }

    @Test(arguments: Engine.available)
    func screeningsPlansAssessmentsAndCoachLinks(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            let screening = ScreeningRecord(userId: user.id, screening: .allClear(on: Fixture.day(0)))
            try await store.saveScreening(screening)
            #expect(try await store.latestScreening(for: user.id) == screening)

            let request = PlanRequest(
                profile: Fixture.profile, goal: .knee, daysPerWeek: 3, minutesPerSession: 20, weeks: 4,
                screening: screening.screening, startDate: Fixture.day(0), now: Fixture.day(0))
            let plan = StoredPlan(
                userId: user.id, createdAt: Fixture.day(0), startDate: Fixture.day(0),
                plan: try PlanGenerator.plan(for: request))
            try await store.savePlan(plan)
            #expect(try await store.currentPlan(for: user.id) == plan)

            let test = AssessmentRecord(
                userId: user.id, takenAt: Fixture.day(1), kind: .threeMetreBackwardWalk, seconds: 4.2,
                population: .communityOlderAdults)
            try await store.saveAssessment(test)
            #expect(try await store.assessments(for: user.id) == [test])
            await #expect(throws: StorageError.self) {
                try await store.saveAssessment(
                    AssessmentRecord(userId: user.id, takenAt: Fixture.day(1), kind: .comfortableBackwardSpeed))
            }

            let coach = User(name: "Coach", role: .professional, createdAt: Fixture.day(0))
            try await store.createUser(coach)
            let link = CoachClientLink(coachId: coach.id, clientId: user.id, createdAt: Fixture.day(0))
            try await store.link(link)
            try await store.link(link)
            #expect(try await store.clients(of: coach.id) == [user])
            await #expect(throws: StorageError.self) {
                try await store.link(CoachClientLink(coachId: user.id, clientId: coach.id, createdAt: Fixture.day(0)))
            }
            try await store.unlink(coachId: coach.id, clientId: user.id)
            #expect(try await store.clients(of: coach.id).isEmpty)
        }
    }

    @Test(arguments: Engine.available)
    func theRecorderWritesWhileTheSessionRuns(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            let session = PerformedSession(
                startedAt: Fixture.day(0), programId: "x", workout: Fixture.workout, status: .inProgress,
                source: .simulated)
            let recorder = try await SessionRecorder.begin(
                session, for: user.id, prescription: Fixture.prescription, store: store)
            // When samples arrive one a second, each is acknowledged as it is written
            for sample in Fixture.samples(0..<30) {
                let ack = try await recorder.record(sample)
                #expect(ack == sample.sequence)
            }
            let events = [
                StoredSessionEvent(sequence: 0, t: 0, type: "ready", json: #"{"t":0,"type":"ready"}"#),
                StoredSessionEvent(sequence: 1, t: 1, type: "command", json: #"{"t":1,"type":"command"}"#),
            ]
            try await store.appendEvents(events, to: session.id)
            try await store.appendEvents(events, to: session.id)
            #expect(try await store.lastSampleSequence(of: session.id) == 29)
            #expect(try await store.unfinishedSessions(for: user.id).map(\.id) == [session.id])
            // And a retried batch stores nothing twice
            #expect(try await store.appendSamples(Fixture.samples(20..<40), to: session.id) == 10)
            #expect(try await store.appendSamples(Fixture.samples(20..<40), to: session.id) == 0)
            // And beginning again with the same id is harmless
            try await store.beginSession(session, for: user.id, prescription: nil)

            let summary = Fixture.summary(minutes: 0.66)
            try await recorder.finish(
                summary: summary, status: .completed, endedAt: Fixture.day(0).addingTimeInterval(40))
            try await recorder.attachFeedback(Fixture.feedback(on: Fixture.day(0), pain: 3))

            let stored = try #require(try await store.session(id: session.id))
            #expect(stored.status == .completed)
            #expect(stored.summary == summary)
            #expect(stored.samples == Fixture.samples(0..<40))
            #expect(stored.feedback == Fixture.feedback(on: Fixture.day(0), pain: 3))
            #expect(stored.workout == session.workout)
            #expect(try await store.events(of: session.id) == events)
            #expect(try await store.unfinishedSessions(for: user.id).isEmpty)
            // A finished session takes no more samples
            await #expect(throws: StorageError.self) {
                try await store.appendSamples(Fixture.samples(40..<41), to: session.id)
            }
            #expect(try await store.progressionRecords(for: user.id).map(\.prescription) == [Fixture.prescription])
        }
    }

    @Test(arguments: Engine.available)
    func aBadSampleWritesNothingOfItsBatch(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            let session = PerformedSession(
                startedAt: Fixture.day(0), workout: Fixture.workout, status: .inProgress, source: .live)
            try await store.beginSession(session, for: user.id, prescription: nil)
            var batch = Fixture.samples(0..<10)
            batch[5].speed = .kilometersPerHour(31)
            await #expect(throws: StorageError.self) { try await store.appendSamples(batch, to: session.id) }
            batch[5].speed = .kilometersPerHour(3)
            batch[6].grade = Grade(percent: 41)
            await #expect(throws: StorageError.self) { try await store.appendSamples(batch, to: session.id) }
            #expect(try await store.lastSampleSequence(of: session.id) == nil)
            await #expect(throws: StorageError.self) {
                try await store.appendSamples(Fixture.samples(0..<1), to: SessionID())
            }
            await #expect(throws: StorageError.self) {
                try await store.attachFeedback(Fixture.feedback(on: Fixture.day(0), pain: 11), to: session.id)
            }
            #expect(try await store.feedback(for: session.id) == nil)
        }
    }

    @Test(arguments: Engine.available)
    func anUnfinishedSessionIsClosedAsInterruptedWithWhatItHad(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            let session = PerformedSession(
                startedAt: Fixture.day(0), workout: Fixture.workout, status: .inProgress, source: .live)
            try await store.beginSession(session, for: user.id, prescription: nil)
            try await store.appendSamples(Fixture.samples(0..<121), to: session.id)
            let unfinished = try await store.unfinishedSessions(for: nil)
            #expect(unfinished.map(\.id) == [session.id])
            let closed = try await store.closeInterrupted(session.id, at: nil)
            #expect(closed.status == .interrupted)
            #expect(closed.summary?.activeSeconds == 120)
            #expect(closed.summary?.backwardSeconds == 120)
            #expect(abs((closed.summary?.distance.meters ?? 0) - 96) < 1e-9)
            #expect(closed.endedAt == Fixture.day(0).addingTimeInterval(120))
            #expect(try await store.unfinishedSessions(for: nil).isEmpty)
            await #expect(throws: StorageError.self) { try await store.closeInterrupted(session.id, at: nil) }
            // The recorder can resume a session from where the database left off
            let other = PerformedSession(
                startedAt: Fixture.day(1), workout: Fixture.workout, status: .inProgress, source: .live)
            try await store.beginSession(other, for: user.id, prescription: nil)
            try await store.appendSamples(Fixture.samples(0..<5), to: other.id)
            let resumed = try await SessionRecorder.resume(sessionId: other.id, store: store)
            #expect(await resumed.acknowledgedSequence == 4)
            try await resumed.record(Fixture.samples(0..<8))
            #expect(try await store.session(id: other.id)?.samples.count == 8)
        }
    }

    @Test(arguments: Engine.available)
    func loggedSessionsHistoryAndStatistics(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            // Three days in a row, then one more a week later
            let days = [0, 1, 2, 9]
            for (index, day) in days.enumerated() {
                let session = Fixture.finished(
                    on: Fixture.day(day), minutes: 20 + Double(index), speed: 0.7 + 0.05 * Double(index))
                try await store.saveFinishedSession(session, for: user.id, prescription: Fixture.prescription)
            }
            let history = try await store.sessions(for: user.id, limit: 2)
            #expect(history.map(\.startedAt) == [Fixture.day(9), Fixture.day(2)])
            #expect(try await store.sessions(for: user.id, limit: nil).count == 4)
            #expect(try await store.progressionRecords(for: user.id).count == 4)

            let stats = try await store.statistics(for: user.id, now: Fixture.day(9, hour: 20))
            #expect(stats.sessionCount == 4)
            #expect(stats.streak.longestDays == 3)
            #expect(stats.streak.currentDays == 1)
            #expect(stats.streak.currentWeeks == 2)
            #expect(abs(stats.totalMinutes - 86) < 1e-9)
            #expect(stats.weeks.last?.sessions == 1)
            #expect(stats.weeks.dropLast().last?.sessions == 3)
            #expect(stats.personalBests.longestSessionMinutes?.value == 23)
            #expect(abs((stats.personalBests.fastestAverageBackwardSpeedMps?.value ?? 0) - 0.85) < 1e-9)
            #expect(stats.comfortableSpeedTrend?.direction == .improving)
            #expect(stats.painTrend?.latestPeakPain == 2)
            #expect(stats.adherence == nil)

            // A second save of the same session is refused; an unfinished one cannot be "logged"
            let again = Fixture.finished(on: Fixture.day(20))
            try await store.saveFinishedSession(again, for: user.id, prescription: nil)
            await #expect(throws: StorageError.self) {
                try await store.saveFinishedSession(again, for: user.id, prescription: nil)
            }
            var running = Fixture.finished(on: Fixture.day(21))
            running.status = .inProgress
            await #expect(throws: StorageError.self) {
                try await store.saveFinishedSession(running, for: user.id, prescription: nil)
            }
        }
    }

    @Test(arguments: Engine.available)
    func adherenceCountsCompletedAgainstPlannedSessions(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            let request = PlanRequest(
                profile: Fixture.profile, goal: .knee, daysPerWeek: 3, minutesPerSession: 20, weeks: 4,
                screening: .allClear(on: Fixture.day(0)), startDate: Fixture.day(0, hour: 0), now: Fixture.day(0))
            let plan = try PlanGenerator.plan(for: request)
            try await store.savePlan(
                StoredPlan(userId: user.id, createdAt: Fixture.day(0), startDate: Fixture.day(0, hour: 0), plan: plan))
            try await store.saveFinishedSession(Fixture.finished(on: Fixture.day(0)), for: user.id, prescription: nil)
            let now = Fixture.day(13, hour: 23)
            let due = plan.sessions.filter { ($0.date ?? .distantFuture) <= now }.count
            let stats = try await store.statistics(for: user.id, now: now)
            let adherence = try #require(stats.adherence)
            #expect(adherence.plannedSessions == due)
            #expect(adherence.completedSessions == 1)
            #expect(adherence.ratio == 1 / Double(due))
        }
    }
}

/// Tells, in the test log, whether PostgreSQL ran; fails when CI requires it and no URL is set.
@Suite struct PostgresAvailabilityTests {
    @Test func postgresIsConfiguredWhenRequired() {
        let required = ProcessInfo.processInfo.environment["BACKSTEP_REQUIRE_POSTGRES"] == "1"
        if Engine.postgresURL == nil {
            print(Engine.skipMessage)
            #expect(!required, "BACKSTEP_REQUIRE_POSTGRES=1 but BACKSTEP_TEST_POSTGRES_URL is not set")
        }
    }

    @Test(.enabled(if: Engine.postgresURL != nil, "\(Engine.skipMessage)"))
    func postgresAnswers() async throws {
        try await withStore(.postgres) { store in #expect(store.engineName == "postgresql") }
    }
}
