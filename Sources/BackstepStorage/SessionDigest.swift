import BackstepCore
import Foundation

/// What `TrainingStatistics` reads from a user's sessions, as of one moment: counts, totals, personal bests and
/// streaks over the whole history, and only the few recent rows that the weekly figures and the trends need.
///
/// A SQL store computes it with aggregate queries, so statistics over ten years of daily sessions cost a handful
/// of small result sets rather than one decoded row per session. `init(rows:request:)` computes the same from
/// summary rows; it is what the in-memory store uses and the reference the SQL queries are tested against.
///
/// Only finished sessions count (completed, stopped or interrupted). Days and weeks are UTC, weeks start on
/// Monday, and every comparison is made on whole epoch milliseconds, the precision the stores keep.
public struct SessionDigest: Hashable, Sendable {
    /// The day a digest is computed for, and the plan start adherence counts from. Only the UTC day of the
    /// moment matters, so a digest stays right all day until a write changes the sessions (what lets a store
    /// keep one between calls).
    public struct Request: Hashable, Sendable {
        /// Today: days since 1970-01-01 UTC.
        public var today: Int
        /// Where the current plan starts, for adherence; nil without a plan.
        public var planStart: Date?

        /// A request for the day holding `now`.
        public init(now: Date, planStart: Date?) {
            self.today = SessionDigest.dayKey(SessionDigest.milliseconds(now))
            self.planStart = planStart
        }

        /// A request for the day holding `now` and for the start of `plan` (the user's current plan).
        public init(now: Date, plan: StoredPlan?) {
            self.init(now: now, planStart: plan.map(TrainingStatistics.planStart))
        }

        /// Weeks shown in `TrainingStatistics.weeks`.
        public static let shownWeeks = 12
        /// Most recent weeks with a session speed that the speed trend reads.
        public static let speedWeeks = 26
        /// Most recent weeks with pain feedback that the pain trend reads.
        public static let painWeeks = 12

        /// This week's week key.
        public var thisWeek: Int { SessionDigest.weekKey(day: today) }
        /// The first millisecond of the oldest week shown.
        public var shownFrom: Int { SessionDigest.weekStartMilliseconds(thisWeek - (Self.shownWeeks - 1)) }
        /// The first millisecond after this week.
        public var shownUntil: Int { SessionDigest.weekStartMilliseconds(thisWeek + 1) }
    }

    /// Sums over every finished session.
    public struct Totals: Hashable, Sendable {
        /// Finished sessions.
        public var sessions: Int
        /// Active time, seconds.
        public var activeSeconds: Double
        /// Backward time, seconds.
        public var backwardSeconds: Double
        /// Distance, metres.
        public var distanceMeters: Double
        /// Energy, kcal.
        public var kcal: Double
        /// The same motion done forward, kcal.
        public var forwardKcal: Double

        /// Creates totals.
        public init(
            sessions: Int, activeSeconds: Double, backwardSeconds: Double, distanceMeters: Double, kcal: Double,
            forwardKcal: Double
        ) {
            self.sessions = sessions
            self.activeSeconds = activeSeconds
            self.backwardSeconds = backwardSeconds
            self.distanceMeters = distanceMeters
            self.kcal = kcal
            self.forwardKcal = forwardKcal
        }
    }

    /// A finished session in the weeks shown.
    public struct RecentSession: Hashable, Sendable {
        /// When it started.
        public var startedAt: Date
        /// Active time, seconds.
        public var activeSeconds: Double
        /// Backward time, seconds.
        public var backwardSeconds: Double

        /// Creates a row.
        public init(startedAt: Date, activeSeconds: Double, backwardSeconds: Double) {
            self.startedAt = startedAt
            self.activeSeconds = activeSeconds
            self.backwardSeconds = backwardSeconds
        }
    }

    /// One value of a session, with when the session started: its average backward speed (m/s, > 0) or its
    /// peak pain (0–10).
    public struct Dated<Value: Hashable & Sendable>: Hashable, Sendable {
        /// When the session started.
        public var startedAt: Date
        /// The value.
        public var value: Value

        /// Creates a row.
        public init(startedAt: Date, value: Value) {
            self.startedAt = startedAt
            self.value = value
        }
    }

    /// Counts and sums over every finished session.
    public var totals: Totals
    /// Personal bests over every finished session (ties go to the earlier session).
    public var bests: TrainingStatistics.PersonalBests
    /// Current and longest streaks in days and weeks.
    public var streak: TrainingStatistics.Streak
    /// Finished sessions of the weeks shown, oldest first.
    public var recent: [RecentSession]
    /// Completed sessions since the plan's start; nil without a plan.
    public var completedInPlan: Int?
    /// Speeds of the sessions in the most recent `Request.speedWeeks` weeks that have one, oldest first.
    public var speeds: [Dated<Double>]
    /// Peak pains of the sessions in the most recent `Request.painWeeks` weeks that have one, oldest first.
    public var pains: [Dated<Int>]

    /// Creates a digest from its parts (what a store computed).
    public init(
        totals: Totals, bests: TrainingStatistics.PersonalBests, streak: TrainingStatistics.Streak,
        recent: [RecentSession], completedInPlan: Int?, speeds: [Dated<Double>], pains: [Dated<Int>]
    ) {
        self.totals = totals
        self.bests = bests
        self.streak = streak
        self.recent = recent
        self.completedInPlan = completedInPlan
        self.speeds = speeds
        self.pains = pains
    }

    /// Computes the digest from summary rows in any order (in-progress sessions are ignored).
    public init(rows: [SessionStatRow], request: Request) {
        let done = rows.filter { $0.status != .inProgress }.sorted {
            ($0.startedAt, $0.id.uuidString) < ($1.startedAt, $1.id.uuidString)
        }
        var totals = Totals(
            sessions: done.count, activeSeconds: 0, backwardSeconds: 0, distanceMeters: 0, kcal: 0, forwardKcal: 0)
        var bests = TrainingStatistics.PersonalBests()
        func consider(_ best: inout TrainingStatistics.Best?, _ value: Double?, _ session: SessionStatRow) {
            guard let value, value > 0 else { return }
            if best == nil || value > (best?.value ?? 0) {
                best = TrainingStatistics.Best(value: value, sessionId: session.id, date: session.startedAt)
            }
        }
        for session in done {
            totals.activeSeconds += session.activeSeconds
            totals.backwardSeconds += session.backwardSeconds
            totals.distanceMeters += session.distanceMeters
            totals.kcal += session.kcal
            totals.forwardKcal += session.forwardKcal
            consider(&bests.longestSessionMinutes, session.activeSeconds / 60, session)
            consider(&bests.longestBackwardMinutes, session.backwardSeconds / 60, session)
            consider(&bests.longestDistanceMeters, session.distanceMeters, session)
            consider(&bests.fastestAverageBackwardSpeedMps, session.averageBackwardSpeedMps, session)
            consider(&bests.mostKcal, session.kcal, session)
        }
        self.totals = totals
        self.bests = bests

        let days = Set(done.map { Self.dayKey(Self.milliseconds($0.startedAt)) })
        let weeks = Set(days.map { Self.weekKey(day: $0) })
        let (currentDays, longestDays) = Self.streaks(days, anchor: request.today)
        let (currentWeeks, longestWeeks) = Self.streaks(weeks, anchor: request.thisWeek)
        streak = TrainingStatistics.Streak(
            currentDays: currentDays, longestDays: longestDays, currentWeeks: currentWeeks, longestWeeks: longestWeeks)

        let (from, until) = (request.shownFrom, request.shownUntil)
        recent = done.filter { (from..<until).contains(Self.milliseconds($0.startedAt)) }.map {
            RecentSession(startedAt: $0.startedAt, activeSeconds: $0.activeSeconds, backwardSeconds: $0.backwardSeconds)
        }

        completedInPlan = request.planStart.map { start in
            let start = Self.milliseconds(start)
            return done.filter { $0.status == .completed && Self.milliseconds($0.startedAt) >= start }.count
        }

        let withSpeed = done.filter { ($0.averageBackwardSpeedMps ?? 0) > 0 }
        speeds = Self.lastWeeks(withSpeed, Request.speedWeeks).map {
            Dated(startedAt: $0.startedAt, value: $0.averageBackwardSpeedMps ?? 0)
        }
        let withPain = done.filter { $0.peakPain != nil }
        pains = Self.lastWeeks(withPain, Request.painWeeks).map {
            Dated(startedAt: $0.startedAt, value: $0.peakPain ?? 0)
        }
    }

    /// The rows (oldest first) whose week is among the `count` most recent weeks holding any of them.
    static func lastWeeks(_ rows: [SessionStatRow], _ count: Int) -> [SessionStatRow] {
        let week = { (row: SessionStatRow) in weekKey(day: dayKey(milliseconds(row.startedAt))) }
        let kept = Set(Set(rows.map(week)).sorted().suffix(count))
        return rows.filter { kept.contains(week($0)) }
    }

    /// The current and the longest run of consecutive keys; the current run must reach `anchor` or the key
    /// before it, and counts only keys up to that point.
    public static func streaks(_ keys: Set<Int>, anchor: Int) -> (current: Int, longest: Int) {
        var longest = 0
        for key in keys where !keys.contains(key - 1) {
            var length = 1
            while keys.contains(key + length) { length += 1 }
            longest = max(longest, length)
        }
        var end = anchor
        if !keys.contains(end) { end -= 1 }
        var current = 0
        while keys.contains(end - current) { current += 1 }
        return (current, longest)
    }

    /// Milliseconds per UTC day.
    public static let dayMilliseconds = 86_400_000

    /// Whole epoch milliseconds of a date, as the stores keep them.
    public static func milliseconds(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }

    /// Days since 1970-01-01 UTC (floor division, so days before 1970 are negative).
    public static func dayKey(_ milliseconds: Int) -> Int { floorDivide(milliseconds, dayMilliseconds) }

    /// Monday-based weeks: 1970-01-01 was a Thursday, so day 0 belongs to the week whose key is 0 and day 4 (a
    /// Monday) opens week 1.
    public static func weekKey(day: Int) -> Int { floorDivide(day + 3, 7) }

    /// Monday 00:00 UTC of a week key, in epoch milliseconds.
    public static func weekStartMilliseconds(_ week: Int) -> Int { (week * 7 - 3) * dayMilliseconds }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
