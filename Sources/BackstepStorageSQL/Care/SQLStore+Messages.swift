import BackstepCore
import BackstepStorage
import Foundation
import SQLKit

extension SQLStore: MessageRepository {
    public func saveMessage(_ message: CareMessage) async throws {
        try StorageError.validating { () throws(InputError) in try message.validate() }
        if message.kind == .clinicalNote, message.practiceId == nil {
            throw StorageError.invalid(InputError(field: "kind", problem: "a clinical note belongs to a practice"))
        }
        try await write { db in
            try await Self.requireUser(message.clientId, db: db)
            if let session = message.sessionId {
                let rows = try await db.raw(
                    "SELECT user_id FROM performed_session WHERE id = \(bind: session.uuidString)"
                ).all()
                guard let row = rows.first, try RowReader(row: row).string("user_id") == message.clientId.uuidString
                else {
                    throw StorageError.invalid(
                        InputError(field: "sessionId", problem: "is not one of the client's sessions"))
                }
            }
            try await db.insert(into: "care_message")
                .columns(
                    "id", "client_id", "author_id", "author_name", "author_role", "practice_id", "session_id", "kind",
                    "text", "created_at"
                )
                .values(
                    message.id.uuidString, message.clientId.uuidString, message.authorId.uuidString,
                    message.authorName, message.authorRole.rawValue, message.practiceId?.uuidString,
                    message.sessionId?.uuidString, message.kind.rawValue, message.text,
                    message.createdAt.epochMilliseconds
                )
                .run()
        }
    }

    public func messages(
        client clientId: UserID, for audience: MessageAudience, limit: Int
    ) async throws -> [CareMessage] {
        try await read { db in
            try await db.raw(
                """
                SELECT id, client_id, author_id, author_name, author_role, practice_id, session_id, kind, text,
                created_at FROM care_message WHERE client_id = \(bind: clientId.uuidString)
                AND \(Self.visible(to: audience)) ORDER BY created_at DESC, id DESC LIMIT \(bind: max(0, limit))
                """
            ).all().map(Self.readMessage).reversed()
        }
    }

    public func markMessagesRead(client clientId: UserID, reader readerId: UserID, at date: Date) async throws {
        try await write { db in
            try await Self.requireUser(clientId, db: db)
            try await Self.requireUser(readerId, db: db)
            try await db.raw(
                """
                INSERT INTO message_read (client_id, reader_id, read_at)
                VALUES (\(bind: clientId.uuidString), \(bind: readerId.uuidString), \(bind: date.epochMilliseconds))
                ON CONFLICT (client_id, reader_id) DO UPDATE SET read_at = excluded.read_at
                WHERE message_read.read_at < excluded.read_at
                """
            ).run()
        }
    }

    public func messagesReadAt(client clientId: UserID, reader readerId: UserID) async throws -> Date? {
        try await read { db in
            try await db.raw(
                """
                SELECT read_at FROM message_read WHERE client_id = \(bind: clientId.uuidString)
                AND reader_id = \(bind: readerId.uuidString)
                """
            ).all().first.map { try RowReader(row: $0).date("read_at") }
        }
    }

    public func unreadMessageCount(
        client clientId: UserID, reader readerId: UserID, for audience: MessageAudience
    ) async throws -> Int {
        try await read { db in
            let rows = try await db.raw(
                """
                SELECT COUNT(*) AS unread FROM care_message m WHERE m.client_id = \(bind: clientId.uuidString)
                AND m.author_id <> \(bind: readerId.uuidString) AND \(Self.visible(to: audience))
                AND m.created_at > COALESCE((SELECT r.read_at FROM message_read r
                    WHERE r.client_id = m.client_id AND r.reader_id = \(bind: readerId.uuidString)), -1)
                """
            ).all()
            return try rows.first.map { try RowReader(row: $0).int("unread") } ?? 0
        }
    }

    /// The condition on `care_message` rows (unqualified columns) that keeps what `audience` may read.
    static func visible(to audience: MessageAudience) -> SQLQueryString {
        switch audience {
        case .careTeam(let practices) where !practices.isEmpty:
            "(kind = 'message' OR practice_id IN (\(binds: practices.map(\.uuidString))))"
        case .client, .careTeam:
            "kind = 'message'"
        }
    }

    static func readMessage(_ row: any SQLRow) throws -> CareMessage {
        let r = RowReader(row: row)
        let practice: String? = try r.stringOrNil("practice_id")
        let session: String? = try r.stringOrNil("session_id")
        return CareMessage(
            id: try r.uuid("id"), clientId: try r.uuid("client_id"), authorId: try r.uuid("author_id"),
            authorName: try r.string("author_name"), authorRole: try r.enumeration("author_role", as: UserRole.self),
            practiceId: try practice.map { text in
                guard let id = PracticeID(uuidString: text) else {
                    throw StorageError.engine("practice_id: '\(text)' is not a UUID")
                }
                return id
            },
            sessionId: try session.map { text in
                guard let id = SessionID(uuidString: text) else {
                    throw StorageError.engine("session_id: '\(text)' is not a UUID")
                }
                return id
            }, kind: try r.enumeration("kind", as: CareMessageKind.self), text: try r.string("text"),
            createdAt: try r.date("created_at"))
    }
}
