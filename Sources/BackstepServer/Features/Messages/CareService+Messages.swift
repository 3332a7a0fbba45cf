import BackstepCore
import BackstepStorage
import Foundation

/// A client's thread as one reader sees it: what they may read, newest last, and how much of it is new to them.
struct MessageThread: Sendable {
    /// The newest messages the reader sees, oldest first.
    var messages: [CareMessage]
    /// When the reader last read the thread, before this read.
    var readAt: Date?
    /// How many of the messages someone else wrote after `readAt`.
    var unread: Int
    /// Who reads it (so each message can say whether it is theirs).
    var reader: UserID

    /// Whether `message` is new to the reader: someone else wrote it after their last read.
    func isUnread(_ message: CareMessage) -> Bool {
        message.authorId != reader && readAt.map { message.createdAt > $0 } ?? true
    }
}

extension CareService {
    /// How many messages a thread shows (the newest).
    static let threadLength = 200

    /// Writes into the subject's thread: the client writes messages to their care team (about one of their
    /// sessions, optionally); a professional writes a message to the client or a clinical note for the care team
    /// only. A professional's writing is their own, so the read scope suffices; consent is checked and the access
    /// logged like any read.
    /// - Throws: `InputError` for an empty or over-long text (field `text`), a clinical note from the client
    ///   (`kind`) or a session that is not the client's (`sessionId`); `AccessDenied` (404) without consent.
    @discardableResult
    func writeMessage(
        _ kind: CareMessageKind, text: String, sessionId: SessionID?, _ access: Access, authorName: String, now: Date
    ) async throws -> CareMessage {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var message = CareMessage(
            clientId: access.subject, authorId: access.actor.userId, authorName: authorName,
            authorRole: access.actor.role, sessionId: sessionId, kind: kind, text: text, createdAt: now)
        // The input is checked first, so a refused text neither reads nor logs anything.
        try message.validate()
        try await training.authorize(
            .read, access, resource: kind == .clinicalNote ? "clinical note written" : "message written")
        if access.isOnBehalf {
            guard let practice = try await sharedPractices(access).first else {
                throw AccessDenied(actor: access.actor, subject: access.subject, action: .read, reason: .noConsent)
            }
            message.practiceId = practice
        }
        do {
            // The store checks, in the write's transaction, that the session is the client's.
            try await store.saveMessage(message)
        } catch StorageError.invalid(let problem) {
            throw problem
        }
        return message
    }

    /// The subject's thread as the actor sees it: the client reads the messages; a professional also reads the
    /// clinical notes written in their practice (a logged read). `markRead` then records the read, so a page that
    /// shows the thread leaves nothing unread.
    func thread(_ access: Access, markRead: Bool = false, now: Date) async throws -> MessageThread {
        try await training.authorize(.read, access, resource: "messages and notes")
        let audience = try await audience(access)
        let reader = access.actor.userId
        let thread = MessageThread(
            messages: try await store.messages(client: access.subject, for: audience, limit: Self.threadLength),
            readAt: try await store.messagesReadAt(client: access.subject, reader: reader),
            unread: try await store.unreadMessageCount(client: access.subject, reader: reader, for: audience),
            reader: reader)
        if markRead { try await store.markMessagesRead(client: access.subject, reader: reader, at: now) }
        return thread
    }

    /// Records that the actor read the subject's thread now (a professional's is logged).
    func markMessagesRead(_ access: Access, now: Date) async throws {
        try await training.authorize(.read, access, resource: "messages marked read")
        try await store.markMessagesRead(client: access.subject, reader: access.actor.userId, at: now)
    }

    /// How many messages from their care team the signed-in client has not read (the navigation's count).
    func unreadMessages(of user: User) async throws -> Int {
        let access = Access.own(user)
        try await training.authorize(.read, access, resource: "unread messages")
        return try await store.unreadMessageCount(client: user.id, reader: user.id, for: .client)
    }

    /// How many messages and notes of a client's thread the professional has not read, for the clients list; the
    /// caller has authorized the read of the client's summary.
    func unreadMessages(client: UserID, professional: UserID, practices: [PracticeID]) async throws -> Int {
        try await store.unreadMessageCount(
            client: client, reader: professional, for: .careTeam(practices: practices))
    }

    /// What the actor may read of the subject's thread: the client the messages, a professional also the notes of
    /// the practices they share the client with.
    private func audience(_ access: Access) async throws -> MessageAudience {
        access.isOnBehalf ? .careTeam(practices: try await sharedPractices(access)) : .client
    }

    /// The professional's current practices the client shares their data with.
    private func sharedPractices(_ access: Access) async throws -> [PracticeID] {
        let linked = Set(try await store.careTeam(of: access.subject).map(\.practice.id))
        return try await store.practices(of: access.actor.userId).map(\.id).filter { linked.contains($0) }
    }
}
