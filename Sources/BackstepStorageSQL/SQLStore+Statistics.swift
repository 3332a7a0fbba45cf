import BackstepCore
import BackstepStorage
import Foundation
import SQLKit

/// What `TrainingStatistics` is computed from, per user, kept between requests while nothing that feeds it
/// changes: the current plan, the assessments, and the session digest of one day (`SessionDigest.Request`).
///
/// The statistics themselves are still computed on every call (adherence depends on the moment asked for); only
/// the reads are saved. An entry is used only when
/// - no write that feeds statistics has gone through this store since it was read (finished, stopped,
///   interrupted or imported sessions, feedback, plans, assessments: each bumps the generation and clears the
///   cache after it commits), and
/// - on SQLite, no other connection (another `backstep` process) has committed since (`PRAGMA data_version`).
/// PostgreSQL has no such cheap signal for other processes, so there the statistics are always read afresh
/// (the digest keeps that to a few small queries).
final class StatisticsCache: @unchecked Sendable {
    struct Inputs: Sendable {
        var plan: StoredPlan?
        var assessments: [AssessmentRecord]
        var request: SessionDigest.Request
        var digest: SessionDigest
    }

    private struct Entry {
        var inputs: Inputs
        var dataVersion: Int
        var lastUsed: UInt64
    }

    private let lock = NSLock()
    private var entries: [UserID: Entry] = [:]
    private var generation: UInt64 = 0
    private var uses: UInt64 = 0
    /// Users kept at most (least recently used go first).
    let capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The current generation, taken before reading so a write that lands meanwhile is noticed.
    var currentGeneration: UInt64 {
        lock.withLock { generation }
    }

    /// Forgets everything; called after every write that feeds statistics.
    func invalidate() {
        lock.withLock {
            generation &+= 1
            entries.removeAll()
        }
    }

    func inputs(for userId: UserID, dataVersion: Int) -> Inputs? {
        lock.withLock {
            guard var entry = entries[userId], entry.dataVersion == dataVersion else { return nil }
            uses &+= 1
            entry.lastUsed = uses
            entries[userId] = entry
            return entry.inputs
        }
    }

    /// Keeps inputs read at `generation`, unless a write has happened since.
    func keep(_ inputs: Inputs, for userId: UserID, dataVersion: Int, readAt generation: UInt64) {
        lock.withLock {
            guard generation == self.generation else { return }
            if entries[userId] == nil, entries.count >= capacity,
                let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key
            {
                entries[oldest] = nil
            }
            uses &+= 1
            entries[userId] = Entry(inputs: inputs, dataVersion: dataVersion, lastUsed: uses)
        }
    }

    /// Users held now (tests).
    var count: Int { lock.withLock { entries.count } }
}

extension SQLStore {
    /// Training statistics for a user as of `now`, from the current plan, the assessments and the session
    /// digest computed in the database. On SQLite those reads are cached (see `StatisticsCache`), so a dashboard
    /// over years of history costs one `PRAGMA` when nothing changed.
    public func statistics(for userId: UserID, now: Date) async throws -> TrainingStatistics {
        let inputs = try await statisticsInputs(for: userId, now: now)
        return TrainingStatistics(
            digest: inputs.digest, plan: inputs.plan, assessments: inputs.assessments, now: now)
    }

    func statisticsInputs(for userId: UserID, now: Date) async throws -> StatisticsCache.Inputs {
        let dataVersion: Int?
        do {
            dataVersion = try await engine.dataVersion()
        } catch {
            throw StorageError.engine(describe(error))
        }
        guard let version = dataVersion else { return try await readStatisticsInputs(userId, now: now, known: nil) }
        let generation = statisticsCache.currentGeneration
        let cached = statisticsCache.inputs(for: userId, dataVersion: version)
        if let cached, cached.request == SessionDigest.Request(now: now, plan: cached.plan) { return cached }
        // A new day keeps the plan and the assessments read before; only the digest is read again.
        let inputs = try await readStatisticsInputs(userId, now: now, known: cached)
        statisticsCache.keep(inputs, for: userId, dataVersion: version, readAt: generation)
        return inputs
    }

    func readStatisticsInputs(
        _ userId: UserID, now: Date, known: StatisticsCache.Inputs?
    ) async throws
        -> StatisticsCache.Inputs
    {
        let plan: StoredPlan?
        let assessments: [AssessmentRecord]
        if let known {
            (plan, assessments) = (known.plan, known.assessments)
        } else {
            (plan, assessments) = (try await currentPlan(for: userId), try await self.assessments(for: userId))
        }
        let request = SessionDigest.Request(now: now, plan: plan)
        return StatisticsCache.Inputs(
            plan: plan, assessments: assessments, request: request,
            digest: try await statisticsDigest(for: userId, request: request))
    }

    /// A write that changes what statistics are computed from: the cache is cleared once it has committed (or
    /// failed), so no later read can keep what was read before it.
    func writeFeedingStatistics<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        defer { statisticsCache.invalidate() }
        return try await write(body)
    }
}

extension SQLStore {
    /// The session digest computed in the database: a count and sums, the five bests, day and week streaks by
    /// gaps-and-islands over distinct keys, and only the rows of the weeks shown and of the most recent weeks the
    /// trends read. Every query uses the `(user_id, started_at)` index; none returns a row per session of the
    /// whole history. Run on one connection, the queries may see a write that lands between them (as two
    /// separate requests would).
    public func statisticsDigest(for userId: UserID, request: SessionDigest.Request) async throws -> SessionDigest {
        try await read { db in
            let user = userId.uuidString
            let done: SQLQueryString = "user_id = \(bind: user) AND status <> 'in-progress'"

            let totalsRow = try await db.raw(
                """
                SELECT COUNT(*) AS sessions, COALESCE(SUM(active_seconds), 0.0) AS active,
                    COALESCE(SUM(backward_seconds), 0.0) AS backward, COALESCE(SUM(distance_m), 0.0) AS distance,
                    COALESCE(SUM(kcal), 0.0) AS kcal, COALESCE(SUM(forward_kcal), 0.0) AS forward_kcal
                FROM performed_session WHERE \(done)
                """
            ).first()
            let totals =
                try totalsRow.map { row in
                    let r = RowReader(row: row)
                    return SessionDigest.Totals(
                        sessions: try r.int("sessions"), activeSeconds: try r.double("active"),
                        backwardSeconds: try r.double("backward"), distanceMeters: try r.double("distance"),
                        kcal: try r.double("kcal"), forwardKcal: try r.double("forward_kcal"))
                }
                ?? SessionDigest.Totals(
                    sessions: 0, activeSeconds: 0, backwardSeconds: 0, distanceMeters: 0, kcal: 0, forwardKcal: 0)

            let bests = try await Self.digestBests(db, done: done)
            let (currentDays, longestDays) = try await Self.digestStreak(
                db, done: done, key: SQLDigestKeys.day, anchor: request.today)
            let (currentWeeks, longestWeeks) = try await Self.digestStreak(
                db, done: done, key: SQLDigestKeys.week, anchor: request.thisWeek)

            let recent = try await db.raw(
                """
                SELECT started_at, active_seconds, backward_seconds FROM performed_session
                WHERE \(done) AND started_at >= \(bind: request.shownFrom) AND started_at < \(bind: request.shownUntil)
                ORDER BY started_at, id
                """
            ).all().map { row in
                let r = RowReader(row: row)
                return SessionDigest.RecentSession(
                    startedAt: try r.date("started_at"), activeSeconds: try r.doubleOrNil("active_seconds") ?? 0,
                    backwardSeconds: try r.doubleOrNil("backward_seconds") ?? 0)
            }

            var completedInPlan: Int?
            if let planStart = request.planStart {
                completedInPlan =
                    try await db.raw(
                        """
                        SELECT COUNT(*) AS completed FROM performed_session
                        WHERE user_id = \(bind: user) AND status = 'completed'
                            AND started_at >= \(bind: SessionDigest.milliseconds(planStart))
                        """
                    ).first().map { try RowReader(row: $0).int("completed") } ?? 0
            }

            let speeds = try await Self.digestLastWeeks(
                db, done: done, column: "average_backward_speed_mps", having: "average_backward_speed_mps > 0",
                weeks: SessionDigest.Request.speedWeeks
            ) { r in SessionDigest.Dated(startedAt: try r.date("started_at"), value: try r.double("value")) }
            let pains = try await Self.digestLastWeeks(
                db, done: done, column: "peak_pain", having: "peak_pain IS NOT NULL",
                weeks: SessionDigest.Request.painWeeks
            ) { r in SessionDigest.Dated(startedAt: try r.date("started_at"), value: try r.int("value")) }

            return SessionDigest(
                totals: totals, bests: bests,
                streak: TrainingStatistics.Streak(
                    currentDays: currentDays, longestDays: longestDays, currentWeeks: currentWeeks,
                    longestWeeks: longestWeeks),
                recent: recent, completedInPlan: completedInPlan, speeds: speeds, pains: pains)
        }
    }

    /// The five personal bests in one statement: per best, the largest positive value, the earliest session on
    /// a tie.
    static func digestBests(
        _ db: any SQLDatabase, done: SQLQueryString
    ) async throws
        -> TrainingStatistics.PersonalBests
    {
        let columns = [
            ("active", "active_seconds"), ("backward", "backward_seconds"), ("distance", "distance_m"),
            ("speed", "average_backward_speed_mps"), ("kcal", "kcal"),
        ]
        var query: SQLQueryString = ""
        for (index, (name, column)) in columns.enumerated() {
            if index > 0 { query += " UNION ALL " }
            query += """
                SELECT * FROM (SELECT \(literal: name) AS best, id, started_at, \(ident: column) AS value
                FROM performed_session WHERE \(done) AND \(ident: column) > 0
                ORDER BY \(ident: column) DESC, started_at, id LIMIT 1) AS best_\(unsafeRaw: name)
                """
        }
        var bests = TrainingStatistics.PersonalBests()
        for row in try await db.raw(query).all() {
            let r = RowReader(row: row)
            let value = try r.double("value")
            let best = TrainingStatistics.Best(
                value: value, sessionId: try r.uuid("id"), date: try r.date("started_at"))
            switch try r.string("best") {
            case "active": bests.longestSessionMinutes = best.with(value: value / 60)
            case "backward": bests.longestBackwardMinutes = best.with(value: value / 60)
            case "distance": bests.longestDistanceMeters = best
            case "speed": bests.fastestAverageBackwardSpeedMps = best
            default: bests.mostKcal = best
            }
        }
        return bests
    }

    /// The current and the longest run of consecutive keys (days or weeks with a finished session), as
    /// `SessionDigest.streaks(_:anchor:)` defines them: runs are the groups of distinct keys whose difference
    /// from their rank is equal.
    static func digestStreak(
        _ db: any SQLDatabase, done: SQLQueryString, key: SQLQueryString, anchor: Int
    )
        async throws -> (current: Int, longest: Int)
    {
        let row = try await db.raw(
            """
            SELECT COALESCE(MAX(length), 0) AS longest,
                COALESCE(MAX(CASE WHEN first_key <= \(bind: anchor) AND last_key >= \(bind: anchor - 1)
                    THEN (CASE WHEN last_key >= \(bind: anchor) THEN \(bind: anchor) ELSE last_key END) - first_key + 1
                    ELSE 0 END), 0) AS current_run
            FROM (
                SELECT MIN(k) AS first_key, MAX(k) AS last_key, COUNT(*) AS length FROM (
                    SELECT k, k - ROW_NUMBER() OVER (ORDER BY k) AS island FROM (
                        SELECT DISTINCT \(key) AS k FROM performed_session WHERE \(done)
                    ) AS distinct_keys
                ) AS ranked
                GROUP BY island
            ) AS runs
            """
        ).first()
        guard let row else { return (0, 0) }
        let r = RowReader(row: row)
        return (try r.int("current_run"), try r.int("longest"))
    }

    /// The rows (oldest first) of the `weeks` most recent weeks that hold a session matching `having`.
    static func digestLastWeeks<T>(
        _ db: any SQLDatabase, done: SQLQueryString, column: String, having: String, weeks: Int,
        _ make: (RowReader) throws -> T
    ) async throws -> [T] {
        try await db.raw(
            """
            SELECT started_at, \(ident: column) AS value FROM performed_session
            WHERE \(done) AND \(unsafeRaw: having) AND started_at >= (
                SELECT (MIN(w) * 7 - 3) * \(literal: SessionDigest.dayMilliseconds) FROM (
                    SELECT DISTINCT \(SQLDigestKeys.week) AS w FROM performed_session
                    WHERE \(done) AND \(unsafeRaw: having) ORDER BY w DESC LIMIT \(literal: weeks)
                ) AS recent_weeks
            )
            ORDER BY started_at, id
            """
        ).all().map { try make(RowReader(row: $0)) }
    }
}

/// Day and week keys of `started_at` in SQL, equal to `SessionDigest.dayKey` and `weekKey` on both engines:
/// integer division truncates toward zero on both, so the remainder is made non-negative first (floor division
/// for times before 1970 too).
enum SQLDigestKeys {
    static let day: SQLQueryString = floorDivide("started_at", SessionDigest.dayMilliseconds)
    static let week: SQLQueryString = floorDivide(
        "(\(floorDivideText("started_at", SessionDigest.dayMilliseconds)) + 3)", 7)

    static func floorDivide(_ expression: String, _ divisor: Int) -> SQLQueryString {
        "\(unsafeRaw: floorDivideText(expression, divisor))"
    }

    static func floorDivideText(_ expression: String, _ divisor: Int) -> String {
        "((\(expression) - ((\(expression) % \(divisor)) + \(divisor)) % \(divisor)) / \(divisor))"
    }
}

extension TrainingStatistics.Best {
    func with(value: Double) -> Self {
        var copy = self
        copy.value = value
        return copy
    }
}
