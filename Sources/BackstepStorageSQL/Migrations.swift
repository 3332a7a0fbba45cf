/// The schema's history. Append-only: a shipped migration is never edited, only followed by a new one.
///
/// Every statement is plain SQL that SQLite and PostgreSQL read the same way: `BIGINT` for integers and for
/// times (epoch milliseconds, UTC), `DOUBLE PRECISION` for measurements, `TEXT` for identifiers (UUID strings) and
/// enumerations, `0/1` integers for booleans, JSON documents in `TEXT`. The invariants live here as NOT NULL,
/// foreign keys and CHECK constraints, so no writer (CLI, server, a later import) can store an impossible value.
public enum SchemaMigrations {
    /// 30 km/h in m/s (rounded up in the 4th decimal so 30 km/h itself passes).
    static let maxSpeed = "8.3334"

    /// The migrations in the order they apply.
    public static let all: [SchemaMigration] = [
        SchemaMigration(
            name: "0001_create_user",
            statements: [
                """
                CREATE TABLE app_user (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                    role TEXT NOT NULL CHECK (role IN ('athlete', 'coach', 'admin')),
                    is_local_default BIGINT NOT NULL DEFAULT 0 CHECK (is_local_default IN (0, 1)),
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX app_user_one_local_default ON app_user (is_local_default) WHERE is_local_default = 1",
                """
                CREATE TABLE coach_client (
                    coach_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    client_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (coach_id, client_id),
                    CHECK (coach_id <> client_id)
                )
                """,
            ]),
        SchemaMigration(
            name: "0002_create_profile_and_screening",
            statements: [
                """
                CREATE TABLE profile_version (
                    user_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    version BIGINT NOT NULL CHECK (version >= 1),
                    recorded_at BIGINT NOT NULL,
                    age BIGINT NOT NULL CHECK (age BETWEEN 10 AND 105),
                    mass_kg DOUBLE PRECISION NOT NULL CHECK (mass_kg BETWEEN 20 AND 350),
                    height_m DOUBLE PRECISION CHECK (height_m BETWEEN 0.9 AND 2.5),
                    goal TEXT NOT NULL,
                    experience TEXT NOT NULL CHECK (experience IN ('beginner', 'intermediate', 'advanced')),
                    speed_cap_mps DOUBLE PRECISION CHECK (speed_cap_mps > 0 AND speed_cap_mps <= \(maxSpeed)),
                    profile_json TEXT NOT NULL,
                    PRIMARY KEY (user_id, version)
                )
                """,
                """
                CREATE TABLE screening (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    screened_at BIGINT NOT NULL,
                    clearance TEXT NOT NULL,
                    answers_json TEXT NOT NULL
                )
                """,
            ]),
        SchemaMigration(
            name: "0003_create_plan",
            statements: [
                """
                CREATE TABLE training_plan (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    created_at BIGINT NOT NULL,
                    start_date BIGINT,
                    goal TEXT NOT NULL,
                    clearance TEXT NOT NULL,
                    requires_clinician BIGINT NOT NULL CHECK (requires_clinician IN (0, 1)),
                    plan_json TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE plan_week (
                    plan_id TEXT NOT NULL REFERENCES training_plan (id) ON DELETE CASCADE,
                    week_number BIGINT NOT NULL CHECK (week_number >= 1),
                    stage TEXT NOT NULL,
                    focus TEXT NOT NULL,
                    is_deload BIGINT NOT NULL CHECK (is_deload IN (0, 1)),
                    speed_mps DOUBLE PRECISION NOT NULL CHECK (speed_mps >= 0 AND speed_mps <= \(maxSpeed)),
                    speed_cap_mps DOUBLE PRECISION NOT NULL CHECK (speed_cap_mps >= 0 AND speed_cap_mps <= \(maxSpeed)),
                    grade_cap_percent DOUBLE PRECISION NOT NULL CHECK (grade_cap_percent BETWEEN -5 AND 40),
                    handrail TEXT NOT NULL CHECK (handrail IN ('two-hands', 'one-hand', 'fingertips', 'hands-free')),
                    PRIMARY KEY (plan_id, week_number)
                )
                """,
                """
                CREATE TABLE planned_session (
                    plan_id TEXT NOT NULL,
                    ordinal BIGINT NOT NULL CHECK (ordinal >= 0),
                    week_number BIGINT NOT NULL,
                    plan_day BIGINT NOT NULL CHECK (plan_day BETWEEN 1 AND 7),
                    planned_date BIGINT,
                    program_id TEXT NOT NULL,
                    estimated_seconds DOUBLE PRECISION NOT NULL CHECK (estimated_seconds >= 0),
                    workout_json TEXT NOT NULL,
                    PRIMARY KEY (plan_id, ordinal),
                    FOREIGN KEY (plan_id, week_number) REFERENCES plan_week (plan_id, week_number) ON DELETE CASCADE
                )
                """,
            ]),
        SchemaMigration(
            name: "0004_create_performed_session",
            statements: [
                """
                CREATE TABLE performed_session (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    started_at BIGINT NOT NULL,
                    ended_at BIGINT,
                    program_id TEXT,
                    status TEXT NOT NULL CHECK (status IN ('in-progress', 'completed', 'stopped', 'interrupted')),
                    source TEXT NOT NULL
                        CHECK (source IN ('live', 'manual', 'simulated', 'logged', 'fit', 'tcx', 'csv')),
                    workout_json TEXT NOT NULL,
                    elapsed_seconds DOUBLE PRECISION CHECK (elapsed_seconds BETWEEN 0 AND 86400),
                    active_seconds DOUBLE PRECISION CHECK (active_seconds BETWEEN 0 AND 86400),
                    backward_seconds DOUBLE PRECISION CHECK (backward_seconds BETWEEN 0 AND 86400),
                    distance_m DOUBLE PRECISION CHECK (distance_m >= 0),
                    backward_distance_m DOUBLE PRECISION CHECK (backward_distance_m >= 0),
                    kcal DOUBLE PRECISION CHECK (kcal >= 0),
                    forward_kcal DOUBLE PRECISION CHECK (forward_kcal >= 0),
                    steps_completed BIGINT CHECK (steps_completed >= 0),
                    steps_total BIGINT CHECK (steps_total >= 0),
                    completed_all BIGINT CHECK (completed_all IN (0, 1)),
                    stop_reason TEXT,
                    average_backward_speed_mps DOUBLE PRECISION
                        CHECK (average_backward_speed_mps >= 0 AND average_backward_speed_mps <= \(maxSpeed)),
                    CHECK (ended_at IS NULL OR ended_at >= started_at),
                    CHECK (status = 'in-progress' OR (ended_at IS NOT NULL AND elapsed_seconds IS NOT NULL))
                )
                """,
                "CREATE INDEX performed_session_user_started ON performed_session (user_id, started_at)",
                """
                CREATE TABLE session_sample (
                    session_id TEXT NOT NULL REFERENCES performed_session (id) ON DELETE CASCADE,
                    sequence BIGINT NOT NULL CHECK (sequence >= 0),
                    t DOUBLE PRECISION NOT NULL CHECK (t >= 0),
                    segment BIGINT NOT NULL CHECK (segment >= 0),
                    direction TEXT CHECK (direction IN ('backward', 'forward')),
                    gait TEXT CHECK (gait IN ('walk', 'run')),
                    target_speed_mps DOUBLE PRECISION CHECK (target_speed_mps BETWEEN 0 AND \(maxSpeed)),
                    speed_mps DOUBLE PRECISION CHECK (speed_mps BETWEEN 0 AND \(maxSpeed)),
                    target_grade_percent DOUBLE PRECISION CHECK (target_grade_percent BETWEEN -5 AND 40),
                    grade_percent DOUBLE PRECISION CHECK (grade_percent BETWEEN -5 AND 40),
                    distance_m DOUBLE PRECISION NOT NULL CHECK (distance_m >= 0),
                    heart_rate_bpm BIGINT CHECK (heart_rate_bpm BETWEEN 20 AND 260),
                    met DOUBLE PRECISION NOT NULL CHECK (met >= 0),
                    kcal DOUBLE PRECISION NOT NULL CHECK (kcal >= 0),
                    forward_kcal DOUBLE PRECISION NOT NULL CHECK (forward_kcal >= 0),
                    PRIMARY KEY (session_id, sequence)
                )
                """,
                """
                CREATE TABLE session_event (
                    session_id TEXT NOT NULL REFERENCES performed_session (id) ON DELETE CASCADE,
                    sequence BIGINT NOT NULL CHECK (sequence >= 0),
                    t DOUBLE PRECISION NOT NULL CHECK (t >= 0),
                    event_type TEXT NOT NULL,
                    event_json TEXT NOT NULL,
                    PRIMARY KEY (session_id, sequence)
                )
                """,
            ]),
        SchemaMigration(
            name: "0005_create_feedback_and_assessment",
            statements: [
                """
                CREATE TABLE session_feedback (
                    session_id TEXT PRIMARY KEY REFERENCES performed_session (id) ON DELETE CASCADE,
                    reported_at BIGINT NOT NULL,
                    completed BIGINT NOT NULL CHECK (completed IN (0, 1)),
                    rpe DOUBLE PRECISION,
                    rpe_scale TEXT CHECK (rpe_scale IN ('borg-6-20', 'cr10')),
                    pain_during BIGINT NOT NULL CHECK (pain_during BETWEEN 0 AND 10),
                    pain_after BIGINT NOT NULL CHECK (pain_after BETWEEN 0 AND 10),
                    pain_next_morning BIGINT CHECK (pain_next_morning BETWEEN 0 AND 10),
                    handrail_used TEXT NOT NULL
                        CHECK (handrail_used IN ('two-hands', 'one-hand', 'fingertips', 'hands-free')),
                    lost_balance BIGINT NOT NULL CHECK (lost_balance IN (0, 1)),
                    near_fall BIGINT NOT NULL CHECK (near_fall IN (0, 1)),
                    red_flags TEXT NOT NULL,
                    notes TEXT NOT NULL,
                    CHECK ((rpe IS NULL AND rpe_scale IS NULL)
                        OR (rpe_scale = 'borg-6-20' AND rpe BETWEEN 6 AND 20)
                        OR (rpe_scale = 'cr10' AND rpe BETWEEN 0 AND 10))
                )
                """,
                """
                CREATE TABLE assessment (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    taken_at BIGINT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN
                        ('three-metre-backward-walk', 'backward-walking-speed', 'comfortable-backward-speed')),
                    seconds DOUBLE PRECISION CHECK (seconds > 0 AND seconds <= 600),
                    speed_mps DOUBLE PRECISION CHECK (speed_mps > 0 AND speed_mps <= \(maxSpeed)),
                    population TEXT,
                    notes TEXT NOT NULL,
                    CHECK ((kind = 'three-metre-backward-walk' AND seconds IS NOT NULL)
                        OR (kind <> 'three-metre-backward-walk' AND speed_mps IS NOT NULL))
                )
                """,
                "CREATE INDEX assessment_user_taken ON assessment (user_id, taken_at)",
            ]),
        SchemaMigration(
            name: "0006_session_prescription_and_peak_pain",
            statements: [
                "ALTER TABLE performed_session ADD COLUMN prescription_json TEXT",
                "ALTER TABLE performed_session ADD COLUMN peak_pain BIGINT CHECK (peak_pain BETWEEN 0 AND 10)",
                "CREATE INDEX training_plan_user_created ON training_plan (user_id, created_at)",
                "CREATE INDEX screening_user_screened ON screening (user_id, screened_at)",
            ]),
    ]
}

/// One named schema change: statements (then an optional data step) applied in one transaction.
public struct SchemaMigration: Sendable, Hashable {
    /// The unique, never-reused name recorded in `schema_migration`.
    public var name: String
    /// The SQL statements, run in order.
    public var statements: [String]
    /// Rows to fill in after the statements, with values only Swift computes the same way on both engines.
    public var dataStep: SchemaDataStep?

    /// Creates a migration.
    public init(name: String, statements: [String], dataStep: SchemaDataStep? = nil) {
        self.name = name
        self.statements = statements
        self.dataStep = dataStep
    }
}

/// A data step of a migration, run in the migration's transaction after its statements.
public enum SchemaDataStep: String, Sendable, Hashable {
    /// Fills `performed_session.fingerprint` for every finished session.
    case sessionFingerprints = "session-fingerprints"
    /// Closes all but each user's latest in-progress session as interrupted (before at most one may run).
    case interruptDuplicateLiveSessions = "interrupt-duplicate-live-sessions"
    /// Adds the triggers that keep `access_log` append-only, in the engine's dialect.
    case appendOnlyAccessLog = "append-only-access-log"
}
