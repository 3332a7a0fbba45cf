/// The statistics' schema, applied after `InteropMigrations`. Append-only like the others.
public enum StatisticsMigrations {
    /// The migrations in the order they apply.
    public static let all: [SchemaMigration] = [
        // Every column the session digest reads, in one index led by (user_id, started_at): its queries read the
        // index alone (a covering index on SQLite, an index-only scan on PostgreSQL once vacuumed) instead of the
        // session rows with their workout JSON, so years of history stay a few hundred kilobytes to scan. It
        // replaces the (user_id, started_at) index, whose every use it serves.
        SchemaMigration(
            name: "2026-11-22-session-statistics-index",
            statements: [
                """
                CREATE INDEX performed_session_statistics ON performed_session (
                    user_id, started_at, status, active_seconds, backward_seconds, distance_m, kcal, forward_kcal,
                    average_backward_speed_mps, peak_pain, id)
                """,
                "DROP INDEX performed_session_user_started",
            ])
    ]
}
