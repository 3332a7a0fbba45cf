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
            ])
    ]
}

extension SchemaMigrations {
    /// Every migration this build knows, in the order they apply: the core schema, the web app's accounts, then
    /// the import fingerprints.
    public static let everything: [SchemaMigration] = all + AccountMigrations.all + InteropMigrations.all
}
