import BackstepCore
import BackstepStorage
import Foundation
import Testing

@testable import BackstepStorageSQL

/// The statistics a store returns (cached on SQLite) always equal what its rows say now.
@Suite("Statistics stay right after every write")
struct StatisticsCacheTests {
    /// The statistics computed from fresh reads, bypassing any cache.
    func fresh(_ store: any BackstepStore, _ userId: UserID, now: Date) async throws -> TrainingStatistics {
        TrainingStatistics(
            rows: try await store.statisticsRows(for: userId), plan: try await store.currentPlan(for: userId),
            assessments: try await store.assessments(for: userId), now: now)
    }

    @Test(arguments: Engine.available)
    func followEveryWrite(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            for day in 0..<5 {
                try await store.saveFinishedSession(
                    Fixture.finished(on: Fixture.day(day), pain: 1), for: user.id, prescription: Fixture.prescription)
            }
            let now = Fixture.day(12, hour: 20)
            let before = try await store.statistics(for: user.id, now: now)
            #expect(before.sessionCount == 5)
            #expect(try await store.statistics(for: user.id, now: now) == before)

            // A logged (imported) session.
            try await store.saveFinishedSession(Fixture.finished(on: Fixture.day(7)), for: user.id, prescription: nil)
            let logged = try await store.statistics(for: user.id, now: now)
            #expect(logged.sessionCount == 6)
            #expect(logged == (try await fresh(store, user.id, now: now)))

            // A live session: in progress it does not count; finished, it does.
            var live = Fixture.finished(on: Fixture.day(10), minutes: 45)
            live.status = .inProgress
            live.endedAt = nil
            live.summary = nil
            live.feedback = nil
            try await store.beginSession(live, for: user.id, prescription: Fixture.prescription)
            #expect(try await store.statistics(for: user.id, now: now).sessionCount == 6)
            try await store.finishSession(
                live.id, status: .completed, summary: Fixture.summary(minutes: 45), endedAt: Fixture.day(10, hour: 9))
            let finished = try await store.statistics(for: user.id, now: now)
            #expect(finished.sessionCount == 7)
            #expect(finished.personalBests.longestSessionMinutes?.value == 45)
            #expect(finished == (try await fresh(store, user.id, now: now)))

            // Feedback on it changes the pain trend.
            try await store.attachFeedback(Fixture.feedback(on: Fixture.day(10, hour: 10), pain: 6), to: live.id)
            let feedback = try await store.statistics(for: user.id, now: now)
            #expect(feedback.painTrend?.latestPeakPain == 6)
            #expect(feedback == (try await fresh(store, user.id, now: now)))

            // An interrupted session counts too.
            var dropped = Fixture.finished(on: Fixture.day(11))
            dropped.status = .inProgress
            dropped.endedAt = nil
            dropped.summary = nil
            dropped.feedback = nil
            dropped.samples = Fixture.samples(0..<120)
            try await store.beginSession(dropped, for: user.id, prescription: nil)
            _ = try await store.closeInterrupted(dropped.id, at: nil)
            #expect(try await store.statistics(for: user.id, now: now).sessionCount == 8)

            // A session imported from a file.
            #expect(try await store.saveImportedSession(Fixture.finished(on: Fixture.day(9)), for: user.id))
            let imported = try await store.statistics(for: user.id, now: now)
            #expect(imported.sessionCount == 9)
            #expect(imported == (try await fresh(store, user.id, now: now)))

            // A plan brings adherence; an assessment becomes the speed trend's source.
            let request = PlanRequest(
                profile: Fixture.profile, goal: .knee, daysPerWeek: 3, minutesPerSession: 20, weeks: 4,
                screening: .allClear(on: Fixture.day(0)), startDate: Fixture.day(0, hour: 0), now: Fixture.day(0))
            try await store.savePlan(
                StoredPlan(
                    userId: user.id, createdAt: Fixture.day(0), startDate: Fixture.day(0, hour: 0),
                    plan: try PlanGenerator.plan(for: request)))
            #expect(try await store.statistics(for: user.id, now: now).adherence != nil)
            for (day, speed) in [(1, 0.7), (8, 0.8)] {
                try await store.saveAssessment(
                    AssessmentRecord(
                        userId: user.id, takenAt: Fixture.day(day), kind: .comfortableBackwardSpeed,
                        speed: Speed(metersPerSecond: speed)))
            }
            let assessed = try await store.statistics(for: user.id, now: now)
            #expect(assessed.comfortableSpeedTrend?.source == "assessments")
            #expect(assessed == (try await fresh(store, user.id, now: now)))

            // The moment asked for still matters: a later day moves the weeks along.
            let later = Fixture.day(40)
            #expect(
                try await store.statistics(for: user.id, now: later) == (try await fresh(store, user.id, now: later)))
        }
    }

    @Test("SQLite keeps the reads between calls and drops them on a write")
    func sqliteCaches() async throws {
        try await withSQLStore(.sqlite) { store, _ in
            let user = try await store.localAthlete(now: Fixture.day(0))
            try await store.saveFinishedSession(Fixture.finished(on: Fixture.day(0)), for: user.id, prescription: nil)
            #expect(store.statisticsCache.count == 0)
            _ = try await store.statistics(for: user.id, now: Fixture.day(1))
            #expect(store.statisticsCache.count == 1)
            // Another day reads the digest again and keeps it (the streak moves on: yesterday still counts,
            // two days later it does not).
            #expect(try await store.statistics(for: user.id, now: Fixture.day(1)).streak.currentDays == 1)
            #expect(try await store.statistics(for: user.id, now: Fixture.day(2)).streak.currentDays == 0)
            #expect(store.statisticsCache.count == 1)
            #expect(try await store.statistics(for: user.id, now: Fixture.day(1, hour: 23)).streak.currentDays == 1)
            // Writes that do not feed statistics keep the entry.
            _ = try await store.saveProfile(Fixture.profile, for: user.id, at: Fixture.day(1))
            #expect(store.statisticsCache.count == 1)
            try await store.saveFinishedSession(Fixture.finished(on: Fixture.day(1)), for: user.id, prescription: nil)
            #expect(store.statisticsCache.count == 0)
        }
    }

    @Test("A write by another process (another connection to the SQLite file) is seen at once")
    func anotherProcessWrites() async throws {
        try await withSQLStore(.sqlite) { store, location in
            let user = try await store.localAthlete(now: Fixture.day(0))
            try await store.saveFinishedSession(Fixture.finished(on: Fixture.day(0)), for: user.id, prescription: nil)
            let now = Fixture.day(9)
            #expect(try await store.statistics(for: user.id, now: now).sessionCount == 1)
            let other = try await SQLStore.open(location)
            let session = Fixture.finished(on: Fixture.day(8), pain: nil)
            try await other.saveFinishedSession(session, for: user.id, prescription: nil)
            #expect(try await store.statistics(for: user.id, now: now).sessionCount == 2)
            try await other.attachFeedback(Fixture.feedback(on: Fixture.day(8, hour: 9), pain: 7), to: session.id)
            try await other.close()
            let stats = try await store.statistics(for: user.id, now: now)
            #expect(stats.painTrend?.latestPeakPain == 7)
            #expect(stats == (try await fresh(store, user.id, now: now)))
        }
    }
}
