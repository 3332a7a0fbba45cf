import SQLKit

/// Notes and messages between a client and their care team, applied after `CareMigrations`. Append-only like the
/// others.
///
/// `care_message` holds each client's thread: messages both sides read and professionals' clinical notes, which
/// only the members of the practice they were written in read. The author's id, name and role are kept as they
/// were (no foreign key on the author, so a thread outlives a professional's account). `message_read` holds, per
/// client and reader, when the reader last read the thread: unread is what others wrote after it.
public enum MessageMigrations {
    /// The migrations in the order they apply.
    public static let all: [SchemaMigration] = [
        SchemaMigration(
            name: "2026-12-09-care-messages",
            statements: [
                """
                CREATE TABLE care_message (
                    id TEXT PRIMARY KEY,
                    client_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    author_id TEXT NOT NULL,
                    author_name TEXT NOT NULL CHECK (length(author_name) BETWEEN 1 AND 200),
                    author_role TEXT NOT NULL CHECK (author_role IN ('athlete', 'professional', 'admin')),
                    practice_id TEXT,
                    session_id TEXT REFERENCES performed_session (id) ON DELETE SET NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('clinical-note', 'message')),
                    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
                    created_at BIGINT NOT NULL,
                    CHECK (kind = 'message' OR (author_role = 'professional' AND practice_id IS NOT NULL))
                )
                """,
                "CREATE INDEX care_message_client ON care_message (client_id, created_at)",
                """
                CREATE TABLE message_read (
                    client_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    reader_id TEXT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
                    read_at BIGINT NOT NULL,
                    PRIMARY KEY (client_id, reader_id)
                )
                """,
            ])
    ]
}
