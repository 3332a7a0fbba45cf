import BackstepCore
import BackstepStorage
import Foundation

/// The body of `POST /clients/{id}/messages` (schema `TeamMessageRequest`): a professional's message to the
/// client or clinical note for the care team, optionally about one of the client's sessions.
struct TeamMessageRequest: Codable, Sendable {
    var kind: CareMessageKind
    var text: String
    var sessionId: SessionID?
}

/// The body of `POST /messages` (schema `MessageRequest`): the client's message to their care team, optionally
/// about one of their sessions.
struct MessageRequest: Codable, Sendable {
    var text: String
    var sessionId: SessionID?
}

/// One message or clinical note of a thread as its reader sees it (schema `Message`).
struct MessageResponse: Codable, Sendable {
    var id: CareMessageID
    var kind: CareMessageKind
    var text: String
    var sessionId: SessionID?
    var authorId: UserID
    var authorName: String
    var authorRole: UserRole
    /// Whether the reader wrote it.
    var mine: Bool
    /// Whether someone else wrote it after the reader's last read.
    var unread: Bool
    var createdAt: Date

    init(_ message: CareMessage, reader: UserID, unread: Bool) {
        id = message.id
        kind = message.kind
        text = message.text
        sessionId = message.sessionId
        authorId = message.authorId
        authorName = message.authorName
        authorRole = message.authorRole
        mine = message.authorId == reader
        self.unread = unread
        createdAt = message.createdAt
    }
}

/// A client's thread (schema `MessageThread`): how many messages are new to the reader, when they last read it,
/// and the newest messages, oldest first.
struct MessageThreadResponse: Codable, Sendable {
    var unread: Int
    var readAt: Date?
    var messages: [MessageResponse]

    init(_ thread: MessageThread) {
        unread = thread.unread
        readAt = thread.readAt
        messages = thread.messages.map {
            MessageResponse($0, reader: thread.reader, unread: thread.isUnread($0))
        }
    }
}
