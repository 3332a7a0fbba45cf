import BackstepCore
import Foundation

/// Tag of a care message's identifier.
public enum CareMessageTag {}
/// Identifies a message or clinical note in a client's thread.
public typealias CareMessageID = Identifier<CareMessageTag>

/// What a message in a client's thread is, and so who reads it.
public enum CareMessageKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A professional's note about the client, for the care team only: the client never sees it.
    case clinicalNote = "clinical-note"
    /// A message between the client and their care team: both sides read it.
    case message
}

/// One message or clinical note in a client's thread (between the client and their care team).
public struct CareMessage: Hashable, Sendable, Codable, Identifiable {
    /// The longest text, in Unicode scalars (what both engines' `length` counts).
    public static let maximumTextLength = 4000

    /// Stable identifier.
    public var id: CareMessageID
    /// Whose thread it is in.
    public var clientId: UserID
    /// Who wrote it: the client or one of their professionals.
    public var authorId: UserID
    /// The author's name at the time.
    public var authorName: String
    /// The author's role at the time (a client is an athlete, a note's author a professional).
    public var authorRole: UserRole
    /// The practice a professional wrote it in (whose members read its clinical notes); nil for the client's own.
    public var practiceId: PracticeID?
    /// The client's session it is about, if any.
    public var sessionId: SessionID?
    /// A clinical note or a message.
    public var kind: CareMessageKind
    /// What was written, 1–4000 characters.
    public var text: String
    /// When it was written.
    public var createdAt: Date

    /// Creates a message.
    public init(
        id: CareMessageID = CareMessageID(), clientId: UserID, authorId: UserID, authorName: String,
        authorRole: UserRole, practiceId: PracticeID? = nil, sessionId: SessionID? = nil, kind: CareMessageKind,
        text: String, createdAt: Date
    ) {
        self.id = id
        self.clientId = clientId
        self.authorId = authorId
        self.authorName = authorName
        self.authorRole = authorRole
        self.practiceId = practiceId
        self.sessionId = sessionId
        self.kind = kind
        self.text = text
        self.createdAt = createdAt
    }

    /// Throws unless the text has 1–4000 characters and is not only spaces, and a clinical note has a
    /// professional author.
    public func validate() throws(InputError) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw InputError(field: "text", problem: "is required")
        }
        if text.unicodeScalars.count > Self.maximumTextLength {
            throw InputError(field: "text", problem: "must be at most \(Self.maximumTextLength) characters")
        }
        if kind == .clinicalNote, authorRole != .professional {
            throw InputError(field: "kind", problem: "a clinical note is written by a professional")
        }
    }
}

/// Who reads a client's thread, which decides what of it they see.
public enum MessageAudience: Hashable, Sendable {
    /// The client: the messages, never the clinical notes.
    case client
    /// A member of the client's care team: the messages, and the clinical notes written in these practices (the
    /// reader's current ones).
    case careTeam(practices: [PracticeID])
}

/// The messages and clinical notes of each client's thread, and when each reader last read it.
///
/// Unread means written by someone else after the reader's last read; a clinical note counts only for the care
/// team members who may read it.
public protocol MessageRepository: Sendable {
    /// Stores a message.
    /// - Throws: `StorageError.invalid` for an empty or over-long text or a client's clinical note,
    ///   `.notFound` for an unknown client.
    func saveMessage(_ message: CareMessage) async throws
    /// The newest `limit` messages of the client's thread that `audience` sees, oldest first.
    func messages(client clientId: UserID, for audience: MessageAudience, limit: Int) async throws -> [CareMessage]
    /// Records that `readerId` read the client's thread at `date` (an earlier date leaves a later read as it is).
    /// - Throws: `StorageError.notFound` for an unknown client or reader.
    func markMessagesRead(client clientId: UserID, reader readerId: UserID, at date: Date) async throws
    /// When `readerId` last read the client's thread, if ever.
    func messagesReadAt(client clientId: UserID, reader readerId: UserID) async throws -> Date?
    /// How many messages `audience` sees in the client's thread that someone other than `readerId` wrote after
    /// the reader's last read.
    func unreadMessageCount(
        client clientId: UserID, reader readerId: UserID, for audience: MessageAudience
    ) async throws -> Int
}
