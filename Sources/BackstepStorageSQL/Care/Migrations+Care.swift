import SQLKit

/// The professional side's schema, applied after `LiveMigrations`. Append-only like the others.
///
/// `app_user.role` keeps the value `coach` for professionals (see `UserRole.storedValue`). Consent lives in
/// `care_link`: at most one active link per practice and client, enforced by a partial unique index. The access
/// log has no foreign keys, so it outlives the people it names, and triggers on both engines refuse to update,
/// delete or truncate its rows.
public enum CareMigrations {
    /// The migrations in the order they apply.
    public static let all: [SchemaMigration] = [
        SchemaMigration(
            name: "2026-12-05-professionals-practices-consent",
            statements: [
                """
                CREATE TABLE professional (
                    user_id TEXT PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
                    profession TEXT NOT NULL CHECK (profession IN ('coach', 'physiotherapist', 'physician', 'nurse',
                        'occupational-therapist', 'exercise-physiologist', 'other-clinician')),
                    registration_number TEXT CHECK (length(registration_number) BETWEEN 1 AND 50)
                )
                """,
                """
                CREATE TABLE practice (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                    kind TEXT NOT NULL CHECK (kind IN ('clinic', 'coaching')),
                    owner_id TEXT NOT NULL REFERENCES app_user (id),
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE practice_member (
                    id TEXT PRIMARY KEY,
                    practice_id TEXT NOT NULL REFERENCES practice (id) ON DELETE CASCADE,
                    professional_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
                    added_at BIGINT NOT NULL,
                    removed_at BIGINT CHECK (removed_at IS NULL OR removed_at >= added_at)
                )
                """,
                """
                CREATE UNIQUE INDEX practice_member_current ON practice_member (practice_id, professional_id)
                WHERE removed_at IS NULL
                """,
                "CREATE INDEX practice_member_professional ON practice_member (professional_id)",
                """
                CREATE TABLE care_invitation (
                    id TEXT PRIMARY KEY,
                    code_hash TEXT NOT NULL UNIQUE CHECK (length(code_hash) = 64),
                    practice_id TEXT NOT NULL REFERENCES practice (id) ON DELETE CASCADE,
                    invited_by TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    scope TEXT NOT NULL CHECK (scope IN ('read', 'prescribe')),
                    note TEXT NOT NULL CHECK (length(note) <= 200),
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL CHECK (expires_at > created_at),
                    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled')),
                    resolved_by TEXT,
                    resolved_at BIGINT,
                    CHECK ((status = 'pending') = (resolved_at IS NULL)),
                    CHECK ((status IN ('accepted', 'declined')) = (resolved_by IS NOT NULL))
                )
                """,
                "CREATE INDEX care_invitation_practice ON care_invitation (practice_id, created_at)",
                """
                CREATE TABLE care_link (
                    id TEXT PRIMARY KEY,
                    practice_id TEXT NOT NULL REFERENCES practice (id) ON DELETE CASCADE,
                    client_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    scope TEXT NOT NULL CHECK (scope IN ('read', 'prescribe')),
                    invitation_id TEXT REFERENCES care_invitation (id) ON DELETE SET NULL,
                    granted_at BIGINT NOT NULL,
                    revoked_at BIGINT CHECK (revoked_at IS NULL OR revoked_at >= granted_at)
                )
                """,
                "CREATE UNIQUE INDEX care_link_active ON care_link (practice_id, client_id) WHERE revoked_at IS NULL",
                "CREATE INDEX care_link_client ON care_link (client_id)",
                """
                CREATE TABLE access_log (
                    id TEXT PRIMARY KEY,
                    at BIGINT NOT NULL,
                    actor_id TEXT NOT NULL,
                    actor_name TEXT NOT NULL,
                    actor_role TEXT NOT NULL CHECK (actor_role IN ('athlete', 'professional', 'admin')),
                    client_id TEXT NOT NULL,
                    action TEXT NOT NULL CHECK (action IN ('read', 'record', 'prescribe', 'manage-account')),
                    resource TEXT NOT NULL CHECK (length(resource) BETWEEN 1 AND 200),
                    channel TEXT NOT NULL CHECK (channel IN ('page', 'api', 'live', 'cli')),
                    address TEXT CHECK (length(address) <= 100)
                )
                """,
                "CREATE INDEX access_log_client ON access_log (client_id, at)",
                """
                CREATE TABLE care_flag_review (
                    client_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    flag_key TEXT NOT NULL CHECK (length(flag_key) BETWEEN 1 AND 200),
                    reviewed_by TEXT NOT NULL,
                    reviewer_name TEXT NOT NULL,
                    reviewed_at BIGINT NOT NULL,
                    note TEXT NOT NULL CHECK (length(note) <= 2000),
                    PRIMARY KEY (client_id, flag_key)
                )
                """,
                "CREATE INDEX access_log_actor ON access_log (actor_id, at)",
            ],
            dataStep: .appendOnlyAccessLog),
        SchemaMigration(
            name: "2026-12-07-outcome-results",
            statements: [
                """
                CREATE TABLE outcome_result (
                    id TEXT PRIMARY KEY,
                    client_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    measure TEXT NOT NULL CHECK (length(measure) BETWEEN 1 AND 20),
                    value DOUBLE PRECISION NOT NULL,
                    taken_at BIGINT NOT NULL,
                    recorded_by TEXT NOT NULL,
                    recorder_name TEXT NOT NULL,
                    recorded_at BIGINT NOT NULL,
                    result_json TEXT NOT NULL
                )
                """,
                "CREATE INDEX outcome_result_client ON outcome_result (client_id, taken_at)",
            ]),
        SchemaMigration(
            name: "2026-12-07-prescription-versions",
            statements: [
                """
                CREATE TABLE prescription_version (
                    client_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    prescribed_by TEXT NOT NULL,
                    prescriber_name TEXT NOT NULL,
                    at BIGINT NOT NULL,
                    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
                    parameters_json TEXT NOT NULL,
                    plan_id TEXT NOT NULL,
                    PRIMARY KEY (client_id, version)
                )
                """
            ]),
        SchemaMigration(
            name: "2026-12-07-care-goals",
            statements: [
                """
                CREATE TABLE care_goal (
                    id TEXT PRIMARY KEY,
                    client_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    set_by TEXT NOT NULL,
                    setter_name TEXT NOT NULL,
                    due_at BIGINT NOT NULL,
                    goal_json TEXT NOT NULL
                )
                """,
                "CREATE INDEX care_goal_client ON care_goal (client_id, due_at)",
            ]),
        SchemaMigration(
            name: "2026-12-07-review-time",
            statements: [
                """
                CREATE TABLE review_time (
                    id TEXT PRIMARY KEY,
                    client_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    professional_id TEXT NOT NULL,
                    professional_name TEXT NOT NULL,
                    practice_id TEXT,
                    day BIGINT NOT NULL CHECK (day % 86400000 = 0),
                    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 240),
                    interactive BIGINT NOT NULL CHECK (interactive IN (0, 1)),
                    note TEXT NOT NULL CHECK (length(note) <= 500),
                    logged_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX review_time_client ON review_time (client_id, day)",
            ]),
    ]
}

extension SQLStore {
    /// Makes `access_log` append-only with triggers in each engine's dialect.
    static func makeAccessLogAppendOnly(db: any SQLDatabase) async throws {
        if db.dialect.name == "postgresql" {
            try await db.raw(
                """
                CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'the access log is append-only';
                END
                $$
                """
            ).run()
            try await db.raw(
                """
                CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log
                FOR EACH ROW EXECUTE FUNCTION access_log_append_only()
                """
            ).run()
            try await db.raw(
                """
                CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
                FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()
                """
            ).run()
        } else {
            for event in ["UPDATE", "DELETE"] {
                try await db.raw(
                    """
                    CREATE TRIGGER access_log_no_\(unsafeRaw: event.lowercased()) BEFORE \(unsafeRaw: event) ON access_log
                    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END
                    """
                ).run()
            }
        }
    }
}
