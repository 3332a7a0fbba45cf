import BackstepCore
import BackstepStorage
import Foundation
import SQLKit

/// The live sessions' schema, applied after `StatisticsMigrations`. Append-only like the others.
public enum LiveMigrations {
    /// The migrations in the order they apply.
    public static let all: [SchemaMigration] = [
        // Before the rule below: a user with several sessions still in progress (left by concurrent starts of
        // earlier versions) keeps the latest; the others are closed as interrupted, with their samples and a
        // summary computed from them, as `closeInterrupted` does.
        SchemaMigration(
            name: "2026-12-04-interrupt-duplicate-live-sessions", statements: [],
            dataStep: .interruptDuplicateLiveSessions),
        // At most one in-progress session per user, enforced by the database on both engines: concurrent starts
        // cannot both succeed, whatever the server's memory says and however many replicas there are.
        SchemaMigration(
            name: "2026-12-04-one-live-session-per-user",
            statements: [
                """
                CREATE UNIQUE INDEX performed_session_one_in_progress ON performed_session (user_id)
                WHERE status = 'in-progress'
                """
            ]),
    ]
}

extension SQLStore {
    /// Closes every in-progress session but each user's latest as interrupted.
    static func interruptDuplicateLiveSessions(db: any SQLDatabase) async throws {
        let rows = try await db.raw(
            """
            SELECT id, user_id, started_at, workout_json FROM performed_session WHERE status = 'in-progress'
            ORDER BY user_id, started_at DESC, id DESC
            """
        ).all()
        var seen: Set<String> = []
        for row in rows {
            let r = RowReader(row: row)
            let user = try r.string("user_id")
            guard !seen.insert(user).inserted else { continue }
            // Not the user's latest: close it with what it recorded.
            guard let id = SessionID(uuidString: try r.string("id")) else { continue }
            let startedAt = try r.date("started_at")
            // A workout the earlier version stored unreadably does not stop the upgrade: its step count is unknown.
            let stepsTotal = (try? r.json("workout_json", as: Workout.self))?.performedSteps.count ?? 0
            let summary = SessionSummary.fromSamples(try await samples(of: id, db: db), stepsTotal: stepsTotal)
            try await close(
                id, status: .interrupted, summary: summary,
                endedAt: startedAt.addingTimeInterval(max(0, summary.elapsedSeconds)), db: db)
        }
    }
}
