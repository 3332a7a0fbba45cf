import BackstepCore
import Foundation

/// The per-session summary row statistics read: no samples, no JSON.
public struct SessionStatRow: Hashable, Sendable {
    /// The session.
    public var id: SessionID
    /// When it started.
    public var startedAt: Date
    /// Where it stands.
    public var status: SessionStatus
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
    /// Average backward speed, m/s.
    public var averageBackwardSpeedMps: Double?
    /// Peak pain from the feedback (0–10), nil without feedback.
    public var peakPain: Int?

    /// Creates a row.
    public init(
        id: SessionID, startedAt: Date, status: SessionStatus, activeSeconds: Double, backwardSeconds: Double,
        distanceMeters: Double, kcal: Double, forwardKcal: Double, averageBackwardSpeedMps: Double?, peakPain: Int?
    ) {
        self.id = id
        self.startedAt = startedAt
        self.status = status
        self.activeSeconds = activeSeconds
        self.backwardSeconds = backwardSeconds
        self.distanceMeters = distanceMeters
        self.kcal = kcal
        self.forwardKcal = forwardKcal
        self.averageBackwardSpeedMps = averageBackwardSpeedMps
        self.peakPain = peakPain
    }

    /// The row of an overview.
    public init(_ overview: SessionOverview) {
        self.init(
            id: overview.id, startedAt: overview.startedAt, status: overview.status,
            activeSeconds: overview.summary?.activeSeconds ?? 0,
            backwardSeconds: overview.summary?.backwardSeconds ?? 0,
            distanceMeters: overview.summary?.distance.meters ?? 0, kcal: overview.summary?.kcal ?? 0,
            forwardKcal: overview.summary?.forwardKcal ?? 0,
            averageBackwardSpeedMps: overview.averageBackwardSpeed?.metersPerSecond,
            peakPain: overview.feedback?.peakPain)
    }
}

/// Training statistics computed from per-session summary rows (never from the samples), so they stay fast for
/// years of history.
///
/// Conventions: calendar days and weeks are UTC; weeks start on Monday (ISO 8601). A session counts as
/// training when it is not still in progress (completed, stopped or interrupted). Streaks are given both in
/// days (consecutive calendar days with training; the current streak is alive if the last training day is
/// today or yesterday) and in weeks (consecutive ISO weeks with training; alive if the last one is this week or
/// last week).
public struct TrainingStatistics: Hashable, Sendable, Codable {
    /// The time the statistics were computed for.
    public var asOf: Date
    /// Training sessions in total.
    public var sessionCount: Int
    /// The last 12 ISO weeks, oldest first (weeks with no training included).
    public var weeks: [Week]
    /// Mean minutes per week over the last 4 weeks (this one included).
    public var averageMinutesPerWeek: Double
    /// Mean sessions per week over the last 4 weeks.
    public var averageSessionsPerWeek: Double
    /// Completed versus planned sessions in the current plan; nil without a plan.
    public var adherence: Adherence?
    /// Streaks in days and weeks.
    public var streak: Streak
    /// Comfortable backward speed over time; nil with fewer than two points.
    public var comfortableSpeedTrend: SpeedTrend?
    /// Weekly mean peak pain (0–10) over time; nil with fewer than two weeks of feedback.
    public var painTrend: PainTrend?
    /// Personal bests.
    public var personalBests: PersonalBests
    /// Sum of all distances, metres.
    public var totalDistanceMeters: Double
    /// Sum of all energy, kcal.
    public var totalKcal: Double
    /// What the same motion done forward would have cost, kcal.
    public var totalForwardKcal: Double
    /// Sum of active time, minutes.
    public var totalMinutes: Double
    /// Sum of backward time, minutes.
    public var totalBackwardMinutes: Double

    /// One ISO week.
    public struct Week: Hashable, Sendable, Codable {
        /// Monday 00:00 UTC.
        public var weekStart: Date
        /// Active minutes.
        public var minutes: Double
        /// Backward minutes.
        public var backwardMinutes: Double
        /// Training sessions.
        public var sessions: Int
    }

    /// Plan adherence.
    public struct Adherence: Hashable, Sendable, Codable {
        /// The plan's identifier.
        public var planId: PlanID
        /// Planned sessions due by now.
        public var plannedSessions: Int
        /// Sessions completed since the plan started (at most `plannedSessions` count toward the ratio).
        public var completedSessions: Int
        /// `min(completed, planned) / planned`, nil when nothing is due yet.
        public var ratio: Double?
    }

    /// Streaks.
    public struct Streak: Hashable, Sendable, Codable {
        /// Consecutive training days up to today or yesterday.
        public var currentDays: Int
        /// The longest run of consecutive training days.
        public var longestDays: Int
        /// Consecutive training weeks up to this week or last week.
        public var currentWeeks: Int
        /// The longest run of consecutive training weeks.
        public var longestWeeks: Int

        /// Creates streaks.
        public init(currentDays: Int, longestDays: Int, currentWeeks: Int, longestWeeks: Int) {
            self.currentDays = currentDays
            self.longestDays = longestDays
            self.currentWeeks = currentWeeks
            self.longestWeeks = longestWeeks
        }
    }

    /// A speed trend.
    public struct SpeedTrend: Hashable, Sendable, Codable {
        /// `assessments` (comfortable-speed assessments) or `sessions` (weekly median average backward speed).
        public var source: String
        /// The points, oldest first.
        public var points: [SpeedPoint]
        /// Least-squares slope, m/s per week.
        public var slopeMpsPerWeek: Double
        /// Latest minus first, m/s.
        public var changeMps: Double
        /// Which way it goes.
        public var direction: TrendDirection
    }

    /// A dated speed.
    public struct SpeedPoint: Hashable, Sendable, Codable {
        /// When.
        public var date: Date
        /// The speed, m/s.
        public var speedMps: Double
    }

    /// The pain trend.
    public struct PainTrend: Hashable, Sendable, Codable {
        /// Weekly mean peak pain, oldest first.
        public var points: [PainPoint]
        /// Least-squares slope, points per week.
        public var slopePerWeek: Double
        /// `rising` (≥ 0.25 a week), `falling` (≤ −0.25 a week) or `stable`.
        public var direction: String
        /// The peak pain of the latest session with feedback.
        public var latestPeakPain: Int
    }

    /// A week's mean peak pain.
    public struct PainPoint: Hashable, Sendable, Codable {
        /// Monday 00:00 UTC.
        public var weekStart: Date
        /// Mean of the sessions' peak pain, 0–10.
        public var meanPeakPain: Double
    }

    /// One personal best.
    public struct Best: Hashable, Sendable, Codable {
        /// The value, in the unit the key names.
        public var value: Double
        /// The session that set it.
        public var sessionId: SessionID
        /// When.
        public var date: Date

        /// Creates a best.
        public init(value: Double, sessionId: SessionID, date: Date) {
            self.value = value
            self.sessionId = sessionId
            self.date = date
        }
    }

    /// Personal bests; each nil until a session sets it.
    public struct PersonalBests: Hashable, Sendable, Codable {
        /// Longest active time, minutes.
        public var longestSessionMinutes: Best?
        /// Longest backward time, minutes.
        public var longestBackwardMinutes: Best?
        /// Longest distance, metres.
        public var longestDistanceMeters: Best?
        /// Fastest average backward speed, m/s.
        public var fastestAverageBackwardSpeedMps: Best?
        /// Most energy in one session, kcal.
        public var mostKcal: Best?

        /// No bests yet.
        public init() {}
    }

    /// Computes the statistics.
    /// - Parameters:
    ///   - sessions: The user's sessions in any order (in-progress ones are ignored).
    ///   - plan: The current plan, for adherence.
    ///   - assessments: The user's assessments, for the comfortable speed trend.
    ///   - now: The moment to compute for.
    public init(sessions: [SessionOverview], plan: StoredPlan?, assessments: [AssessmentRecord], now: Date) {
        self.init(rows: sessions.map(SessionStatRow.init), plan: plan, assessments: assessments, now: now)
    }

    /// Computes the statistics from summary rows.
    public init(rows: [SessionStatRow], plan: StoredPlan?, assessments: [AssessmentRecord], now: Date) {
        let request = SessionDigest.Request(now: now, plan: plan)
        self.init(digest: SessionDigest(rows: rows, request: request), plan: plan, assessments: assessments, now: now)
    }

    /// Computes the statistics from a digest made for `now` and for this plan's start (what SQL stores read).
    public init(digest: SessionDigest, plan: StoredPlan?, assessments: [AssessmentRecord], now: Date) {
        asOf = now
        sessionCount = digest.totals.sessions

        // Weeks.
        let request = SessionDigest.Request(now: now, planStart: nil)
        var weekly: [Int: Week] = [:]
        for session in digest.recent {
            let key = SessionDigest.weekKey(day: SessionDigest.dayKey(SessionDigest.milliseconds(session.startedAt)))
            var week = weekly[key] ?? Self.emptyWeek(key)
            week.minutes += session.activeSeconds / 60
            week.backwardMinutes += session.backwardSeconds / 60
            week.sessions += 1
            weekly[key] = week
        }
        let shown = (request.thisWeek - (SessionDigest.Request.shownWeeks - 1))...request.thisWeek
        weeks = shown.map { weekly[$0] ?? Self.emptyWeek($0) }
        let lastFour = weeks.suffix(4)
        averageMinutesPerWeek = lastFour.map(\.minutes).reduce(0, +) / 4
        averageSessionsPerWeek = Double(lastFour.map(\.sessions).reduce(0, +)) / 4

        adherence = plan.map { Self.adherence(plan: $0, completed: digest.completedInPlan ?? 0, now: now) }
        streak = digest.streak
        comfortableSpeedTrend = Self.speedTrend(speeds: digest.speeds, assessments: assessments)
        painTrend = Self.painTrend(pains: digest.pains)

        personalBests = digest.bests
        totalDistanceMeters = digest.totals.distanceMeters
        totalKcal = digest.totals.kcal
        totalForwardKcal = digest.totals.forwardKcal
        totalMinutes = digest.totals.activeSeconds / 60
        totalBackwardMinutes = digest.totals.backwardSeconds / 60
    }

    /// Where adherence to a plan is counted from.
    public static func planStart(_ plan: StoredPlan) -> Date { plan.startDate ?? plan.createdAt }

    static func emptyWeek(_ key: Int) -> Week {
        Week(
            weekStart: Date(timeIntervalSince1970: Double(SessionDigest.weekStartMilliseconds(key)) / 1000),
            minutes: 0, backwardMinutes: 0, sessions: 0)
    }

    /// 00:00 UTC of the day holding `date` (integer arithmetic: UTC days have 86,400 s).
    public static func startOfDay(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }

    /// Monday 00:00 UTC of the week holding `date` (1970-01-01 was a Thursday).
    public static func weekStart(of date: Date) -> Date {
        let day = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        let mondayBased = ((day + 3) % 7 + 7) % 7
        return Date(timeIntervalSince1970: Double(day - mondayBased) * 86_400)
    }

    static func adherence(plan: StoredPlan, completed: Int, now: Date) -> Adherence {
        let start = planStart(plan)
        let planned = plan.plan.sessions
        let due: Int
        if planned.contains(where: { $0.date != nil }) {
            due = planned.filter { ($0.date ?? .distantFuture) <= now }.count
        } else {
            let week = Int(max(0, now.timeIntervalSince(start)) / (7 * 86_400)) + 1
            due =
                planned.filter { $0.week < week }.count
                + min(
                    planned.filter { $0.week == week }.count, Int(max(0, now.timeIntervalSince(start)) / 86_400) % 7 + 1
                )
        }
        let ratio = due > 0 ? Double(min(completed, due)) / Double(due) : nil
        return Adherence(planId: plan.id, plannedSessions: due, completedSessions: completed, ratio: ratio)
    }

    static func slope(_ points: [(x: Double, y: Double)]) -> Double? {
        guard points.count >= 2 else { return nil }
        let mx = points.map(\.x).reduce(0, +) / Double(points.count)
        let my = points.map(\.y).reduce(0, +) / Double(points.count)
        let sxx = points.reduce(0) { $0 + ($1.x - mx) * ($1.x - mx) }
        guard sxx > 0 else { return nil }
        return points.reduce(0) { $0 + ($1.x - mx) * ($1.y - my) } / sxx
    }

    static func speedTrend(speeds: [SessionDigest.Dated<Double>], assessments: [AssessmentRecord]) -> SpeedTrend? {
        let measured = assessments.filter { $0.kind == .comfortableBackwardSpeed }.compactMap { record in
            record.speed.map { SpeedSample(date: record.takenAt, speed: $0) }
        }
        var source = "assessments"
        var samples = measured
        if (try? ComfortableSpeedTrend(samples: samples)) == nil {
            source = "sessions"
            var byWeek: [Date: [Double]] = [:]
            for session in speeds where session.value > 0 {
                byWeek[weekStart(of: session.startedAt), default: []].append(session.value)
            }
            samples = byWeek.keys.sorted().suffix(SessionDigest.Request.speedWeeks).compactMap { week in
                guard let speeds = byWeek[week]?.sorted(), !speeds.isEmpty else { return nil }
                return SpeedSample(date: week, speed: Speed(metersPerSecond: speeds[speeds.count / 2]))
            }
        }
        guard let trend = try? ComfortableSpeedTrend(samples: samples) else { return nil }
        return SpeedTrend(
            source: source,
            points: trend.samples.map { SpeedPoint(date: $0.date, speedMps: $0.speed.metersPerSecond) },
            slopeMpsPerWeek: trend.slopePerWeek, changeMps: trend.changeSinceFirst, direction: trend.direction)
    }

    static func painTrend(pains: [SessionDigest.Dated<Int>]) -> PainTrend? {
        var byWeek: [Date: [Int]] = [:]
        for session in pains {
            byWeek[weekStart(of: session.startedAt), default: []].append(session.value)
        }
        let points = byWeek.keys.sorted().suffix(SessionDigest.Request.painWeeks).map { week in
            let pains = byWeek[week] ?? []
            return PainPoint(weekStart: week, meanPeakPain: Double(pains.reduce(0, +)) / Double(max(1, pains.count)))
        }
        let xy = points.map { (x: $0.weekStart.timeIntervalSince1970 / (7 * 86_400), y: $0.meanPeakPain) }
        let latest = pains.max { ($0.startedAt, $0.value) < ($1.startedAt, $1.value) }?.value
        guard let slope = slope(xy), let latest else {
            return nil
        }
        let direction = slope >= 0.25 ? "rising" : slope <= -0.25 ? "falling" : "stable"
        return PainTrend(points: points, slopePerWeek: slope, direction: direction, latestPeakPain: latest)
    }
}
