import BackstepCore
import Foundation

/// Tag of a review-time entry's identifier.
public enum ReviewTimeTag {}
/// Identifies a review-time entry.
public typealias ReviewTimeID = Identifier<ReviewTimeTag>

/// Minutes a professional spent on a client on one day (reviewing data, adjusting the plan, talking to them), as
/// they logged it, and whether that time included an interactive communication with the client (a call, a video
/// visit, a live exchange of messages). The monthly report adds these up per calendar month.
public struct ReviewTimeEntry: Hashable, Sendable, Codable, Identifiable {
    /// Stable identifier.
    public var id: ReviewTimeID
    /// Whose care the time was spent on.
    public var clientId: UserID
    /// Who spent it.
    public var professionalId: UserID
    /// Their name at the time.
    public var professionalName: String
    /// The practice they acted for (the report shows a practice its own members' time only).
    public var practiceId: PracticeID?
    /// The day the time was spent: 00:00 UTC.
    public var day: Date
    /// How long, in whole minutes (`minutesRange`).
    public var minutes: Int
    /// Whether the time included an interactive communication with the client.
    public var interactive: Bool
    /// What was done (up to `maximumNoteLength` characters; may be empty).
    public var note: String
    /// When it was logged.
    public var loggedAt: Date

    /// Minutes accepted for one entry: 1 to 240.
    public static let minutesRange = 1...240
    /// Longest note accepted.
    public static let maximumNoteLength = 500

    /// Creates an entry.
    public init(
        id: ReviewTimeID = ReviewTimeID(), clientId: UserID, professionalId: UserID, professionalName: String,
        practiceId: PracticeID?, day: Date, minutes: Int, interactive: Bool, note: String, loggedAt: Date
    ) {
        self.id = id
        self.clientId = clientId
        self.professionalId = professionalId
        self.professionalName = professionalName
        self.practiceId = practiceId
        self.day = day
        self.minutes = minutes
        self.interactive = interactive
        self.note = note
        self.loggedAt = loggedAt
    }
}

/// Review time: what professionals logged about the time they spent on a client.
public protocol ReviewTimeRepository: Sendable {
    /// Stores an entry.
    /// - Throws: `StorageError.invalid` for minutes out of range or a long note; `.notFound` for an unknown client.
    func saveReviewTime(_ entry: ReviewTimeEntry) async throws
    /// A client's entries whose day is in `[from, to)`, oldest first (by day, then when logged).
    func reviewTime(client clientId: UserID, from: Date, to: Date) async throws -> [ReviewTimeEntry]
}
