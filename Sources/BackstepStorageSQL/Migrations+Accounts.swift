/// The web app's account tables, applied after `SchemaMigrations.core`. Append-only like the core list.
public enum AccountMigrations {
    /// The migrations in the order they apply.
    public static let all: [SchemaMigration] = [
        SchemaMigration(
            name: "1001_create_account_web_session_api_token",
            statements: [
                """
                CREATE TABLE account (
                    user_id TEXT PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
                    email TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
                    password_hash TEXT NOT NULL CHECK (length(password_hash) >= 20),
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE web_session (
                    token_hash TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX web_session_user ON web_session (user_id)",
                """
                CREATE TABLE api_token (
                    token_hash TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                    created_at BIGINT NOT NULL
                )
                """,
            ]),
        // API tokens get a public id (to list and revoke them without showing their hash) and the time of their
        // last use. SQLite cannot add NOT NULL or PRIMARY KEY columns in place, so the table is rebuilt; existing
        // tokens keep working and get an id in UUID form made from their hash's first 128 bits.
        SchemaMigration(
            name: "2026-11-22-api-token-ids-and-last-use",
            statements: [
                """
                CREATE TABLE api_token_v2 (
                    id TEXT PRIMARY KEY CHECK (length(id) = 36),
                    token_hash TEXT NOT NULL UNIQUE,
                    user_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                    created_at BIGINT NOT NULL,
                    last_used_at BIGINT
                )
                """,
                """
                INSERT INTO api_token_v2 (id, token_hash, user_id, name, created_at)
                SELECT upper(substr(token_hash, 1, 8) || '-' || substr(token_hash, 9, 4) || '-'
                    || substr(token_hash, 13, 4) || '-' || substr(token_hash, 17, 4) || '-'
                    || substr(token_hash, 21, 12)),
                    token_hash, user_id, name, created_at
                FROM api_token
                """,
                "DROP TABLE api_token",
                "ALTER TABLE api_token_v2 RENAME TO api_token",
                "CREATE INDEX api_token_user ON api_token (user_id)",
            ]),
    ]
}

extension SchemaMigrations {
    /// Every migration this build knows, in the order they apply: the core schema, the web app's accounts, the
    /// import fingerprints, the statistics index, the live sessions' rules, then the professional side and its
    /// notes and messages.
    public static let everything: [SchemaMigration] =
        all + AccountMigrations.all + InteropMigrations.all + StatisticsMigrations.all + LiveMigrations.all
        + CareMigrations.all + MessageMigrations.all
}
