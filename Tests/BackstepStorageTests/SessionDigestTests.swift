import BackstepCore
import BackstepStorage
import BackstepTreadmill
import Foundation
import Testing

/// The digest a SQL store computes in the database equals the one computed from its summary rows
/// (`SessionDigest.init(rows:request:)`) for random histories and many moments: streak edges, week edges,
/// sessions in the future, ties, days before 1970, statuses that do not count.
@Suite("The session digest: SQL equals rows")
struct SessionDigestTests {
    /// About 120 sessions over a year and a half from `Fixture.day(-400)`: runs of days and gaps, two sessions
    /// on some days, every status, no speed or no pain on some, equal bests, one at midnight exactly.
    static func history(seed: UInt64) -> [PerformedSession] {
        var random = SplitMix64(seed: seed)
        var sessions: [PerformedSession] = []
        var day = -400
        while day < 20 {
            let runLength = Int.random(in: 1...9, using: &random)
            for _ in 0..<runLength where day < 20 {
                let perDay = Int.random(in: 0..<5, using: &random) == 0 ? 2 : 1
                for slot in 0..<perDay {
                    let minutes = Double(Int.random(in: 5...40, using: &random))
                    let speed = [0.0, 0.6, 0.8, 1.0, 1.2].randomElement(using: &random) ?? 0.8
                    let pain: Int? =
                        Int.random(in: 0..<3, using: &random) == 0 ? nil : Int.random(in: 0...10, using: &random)
                    let start =
                        slot == 0 && Int.random(in: 0..<10, using: &random) == 0
                        ? Fixture.day(day, hour: 0)
                        : Fixture.day(day, hour: 6 + 6 * slot).addingTimeInterval(
                            Double(Int.random(in: 0..<3_600_000, using: &random)) / 1000)
                    var session = Fixture.finished(on: start, minutes: minutes, speed: speed, pain: pain)
                    if speed == 0 { session.summary?.backwardSeconds = 0 }
                    session.status =
                        [.completed, .completed, .completed, .stopped, .interrupted].randomElement(
                            using: &random) ?? .completed
                    sessions.append(session)
                }
                day += 1
            }
            day += Int.random(in: 1...6, using: &random)
        }
        return sessions
    }

    /// Moments: inside a run, the day after one, a Monday at midnight, before everything, after everything.
    static let moments: [Date] = [
        Fixture.day(0, hour: 20), Fixture.day(3, hour: 0), Fixture.day(7, hour: 0).addingTimeInterval(-0.001),
        Fixture.day(-30, hour: 12), Fixture.day(-500), Fixture.day(60), Fixture.day(10, hour: 23),
    ]

    static let planStarts: [Date?] = [nil, Fixture.day(-60, hour: 0), Fixture.day(5, hour: 9)]

    @Test(arguments: Engine.sql, [UInt64(1), 2, 3])
    func sqlDigestEqualsRowDigest(engine: Engine, seed: UInt64) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            for session in Self.history(seed: seed) {
                try await store.saveFinishedSession(session, for: user.id, prescription: nil)
            }
            var running = Fixture.finished(on: Fixture.day(2, hour: 10), minutes: 90)
            running.status = .inProgress
            running.endedAt = nil
            running.summary = nil
            running.feedback = nil
            try await store.beginSession(running, for: user.id, prescription: nil)

            let rows = try await store.statisticsRows(for: user.id)
            for now in Self.moments {
                for planStart in Self.planStarts {
                    let request = SessionDigest.Request(now: now, planStart: planStart)
                    let expected = SessionDigest(rows: rows, request: request)
                    let actual = try await store.statisticsDigest(for: user.id, request: request)
                    expectSame(
                        actual, expected, "seed \(seed), now \(now), plan start \(String(describing: planStart))")
                }
            }
        }
    }

    /// Sessions before 1970 fall on the right days and weeks (floor division, not truncation).
    @Test(arguments: Engine.sql)
    func daysBefore1970(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            // 1969-12-29 (a Monday) to 1970-01-05, one a day, then 1969-12-20.
            for day in -3...4 {
                let start = Date(timeIntervalSince1970: Double(day) * 86_400 + 3_600)
                try await store.saveFinishedSession(
                    Fixture.finished(on: start, minutes: 10), for: user.id, prescription: nil)
            }
            try await store.saveFinishedSession(
                Fixture.finished(on: Date(timeIntervalSince1970: -12 * 86_400 + 60), minutes: 10), for: user.id,
                prescription: nil)
            let rows = try await store.statisticsRows(for: user.id)
            let request = SessionDigest.Request(now: Date(timeIntervalSince1970: 4 * 86_400 + 7_200), planStart: nil)
            let actual = try await store.statisticsDigest(for: user.id, request: request)
            expectSame(actual, SessionDigest(rows: rows, request: request), "before 1970")
            #expect(actual.streak.currentDays == 8)
            #expect(actual.streak.longestWeeks == 2)
            #expect(actual.streak.currentWeeks == 2)
        }
    }

    /// With no sessions at all, every figure is empty.
    @Test(arguments: Engine.sql)
    func emptyHistory(engine: Engine) async throws {
        try await withStore(engine) { store in
            let user = try await store.localAthlete(now: Fixture.day(0))
            let request = SessionDigest.Request(now: Fixture.day(1), planStart: Fixture.day(0))
            let actual = try await store.statisticsDigest(for: user.id, request: request)
            expectSame(actual, SessionDigest(rows: [], request: request), "empty")
            #expect(actual.totals.sessions == 0)
            #expect(actual.completedInPlan == 0)
            #expect(
                actual.streak
                    == TrainingStatistics.Streak(currentDays: 0, longestDays: 0, currentWeeks: 0, longestWeeks: 0))
        }
    }

    /// Equal except for sums, which may differ in their last bits (the database adds in its own order).
    func expectSame(_ actual: SessionDigest, _ expected: SessionDigest, _ context: String) {
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }
        let (a, e) = (actual.totals, expected.totals)
        #expect(a.sessions == e.sessions, "\(context)")
        #expect(
            close(a.activeSeconds, e.activeSeconds) && close(a.backwardSeconds, e.backwardSeconds)
                && close(a.distanceMeters, e.distanceMeters) && close(a.kcal, e.kcal)
                && close(a.forwardKcal, e.forwardKcal), "\(context): \(a) vs \(e)")
        #expect(actual.bests == expected.bests, "\(context)")
        #expect(actual.streak == expected.streak, "\(context)")
        #expect(actual.recent == expected.recent, "\(context)")
        #expect(actual.completedInPlan == expected.completedInPlan, "\(context)")
        #expect(actual.speeds == expected.speeds, "\(context)")
        #expect(actual.pains == expected.pains, "\(context)")
    }
}
