import BackstepCore
import Foundation

/// Users and the local default athlete.
public protocol UserRepository: Sendable {
    /// Stores a new user.
    /// - Throws: `StorageError.invalid` for a bad name, `StorageError.conflict` when the id exists.
    func createUser(_ user: User) async throws
    /// The user with this id, if any.
    func user(id: UserID) async throws -> User?
    /// Every user, optionally only those with one role, oldest first.
    func users(role: UserRole?) async throws -> [User]
    /// The local athlete the command line acts for, created on first use.
    func localAthlete(now: Date) async throws -> User
}

/// Profiles with their history: each save adds a version.
public protocol ProfileRepository: Sendable {
    /// Saves `profile` as the user's newest version.
    /// - Throws: `StorageError.invalid` when a field is out of range, `StorageError.notFound` for an unknown user.
    @discardableResult
    func saveProfile(_ profile: Profile, for userId: UserID, at date: Date) async throws -> ProfileVersion
    /// The newest version, if the user has a profile.
    func currentProfile(for userId: UserID) async throws -> ProfileVersion?
    /// Every version, oldest first.
    func profileHistory(for userId: UserID) async throws -> [ProfileVersion]
}

/// Health screenings.
public protocol ScreeningRepository: Sendable {
    /// Stores a screening.
    func saveScreening(_ record: ScreeningRecord) async throws
    /// The most recent screening, if any.
    func latestScreening(for userId: UserID) async throws -> ScreeningRecord?
}

/// Plans with their weeks and planned sessions.
public protocol PlanRepository: Sendable {
    /// Stores a plan; it becomes the user's current plan.
    func savePlan(_ plan: StoredPlan) async throws
    /// The most recently saved plan, if any.
    func currentPlan(for userId: UserID) async throws -> StoredPlan?
}

/// Performed sessions: the live recorder's writes, logged sessions, and reads for history.
public protocol SessionRepository: Sendable {
    /// Stores a session that is starting (status `inProgress`, no summary). A retry with the same id stores
    /// nothing more.
    /// - Throws: `StorageError.liveSessionInProgress` with the running session's id when the user already has a
    ///   session in progress (at most one per user, enforced by the database); `StorageError.conflict` when the
    ///   status is not in progress or the id belongs to a different session.
    func beginSession(_ session: PerformedSession, for userId: UserID, prescription: Prescription?) async throws
    /// Appends samples to a running session in one transaction. Samples whose sequence number is already
    /// stored are skipped, so a retry never duplicates.
    /// - Returns: How many samples were newly stored.
    /// - Throws: `StorageError.invalid` for an out-of-range sample (nothing of the batch is written),
    ///   `StorageError.notFound` / `.conflict` when the session is unknown or not running.
    @discardableResult
    func appendSamples(_ samples: [SessionSample], to sessionId: SessionID) async throws -> Int
    /// Appends engine events, idempotently by their sequence numbers.
    func appendEvents(_ events: [StoredSessionEvent], to sessionId: SessionID) async throws
    /// Closes a running session with its summary and final status (`completed` or `stopped`).
    func finishSession(
        _ sessionId: SessionID, status: SessionStatus, summary: SessionSummary, endedAt: Date) async throws
    /// Closes a running session as `interrupted`, with a summary built from the samples it has.
    /// - Returns: The closed session (without samples).
    @discardableResult
    func closeInterrupted(_ sessionId: SessionID, at date: Date?) async throws -> SessionOverview
    /// Sessions still marked in progress (a crash or a closed app left them), oldest first.
    func unfinishedSessions(for userId: UserID?) async throws -> [SessionOverview]
    /// Stores a whole finished session at once (logged or imported): the row, its samples and its feedback,
    /// in one transaction.
    func saveFinishedSession(_ session: PerformedSession, for userId: UserID, prescription: Prescription?) async throws
    /// Stores a finished session read from a file, unless the user already has a session with the same
    /// `SessionFingerprint` (a live run, a logged session or an earlier import): the check and the write are one
    /// transaction, so a failure stores nothing and a duplicate is never stored twice.
    /// - Returns: true when stored; false for a duplicate (nothing written).
    /// - Throws: `StorageError.invalid` for an out-of-range value, `.conflict` when the id is taken,
    ///   `.notFound` for an unknown user.
    func saveImportedSession(_ session: PerformedSession, for userId: UserID) async throws -> Bool
    /// The fingerprints of a user's finished sessions (every source), for duplicate detection.
    func sessionFingerprints(for userId: UserID) async throws -> Set<SessionFingerprint>
    /// One session with its samples and feedback.
    func session(id: SessionID) async throws -> PerformedSession?
    /// The newest sessions first, without samples.
    func sessions(for userId: UserID, limit: Int?) async throws -> [SessionOverview]
    /// When a user's first session (of any status and source) started, or nil when they have none.
    func firstSessionStart(for userId: UserID) async throws -> Date?
    /// One summary row per session of a user, for statistics (no samples, no JSON), in any order.
    func statisticsRows(for userId: UserID) async throws -> [SessionStatRow]
    /// What statistics read from a user's sessions as of a moment (see `SessionDigest`). The default
    /// implementation computes it from `statisticsRows(for:)`; SQL stores compute it in the database.
    func statisticsDigest(for userId: UserID, request: SessionDigest.Request) async throws -> SessionDigest
    /// The highest stored sample sequence number of a session, or nil when it has none.
    func lastSampleSequence(of sessionId: SessionID) async throws -> Int?
    /// The stored engine events of a session, in sequence order.
    func events(of sessionId: SessionID) async throws -> [StoredSessionEvent]
}

/// Feedback after a session.
public protocol FeedbackRepository: Sendable {
    /// Attaches (or replaces) the feedback for a session.
    /// - Throws: `StorageError.invalid` for out-of-range pain or RPE, `.notFound` for an unknown session.
    func attachFeedback(_ feedback: SessionFeedback, to sessionId: SessionID) async throws
    /// The feedback for a session, if any.
    func feedback(for sessionId: SessionID) async throws -> SessionFeedback?
}

/// Assessment results.
public protocol AssessmentRepository: Sendable {
    /// Stores an assessment.
    func saveAssessment(_ record: AssessmentRecord) async throws
    /// A user's assessments, oldest first.
    func assessments(for userId: UserID) async throws -> [AssessmentRecord]
}

/// Coach–client links.
public protocol CoachLinkRepository: Sendable {
    /// Links a coach to a client (idempotent).
    /// - Throws: `StorageError.invalid` when the coach is not a coach or links to themself.
    func link(_ link: CoachClientLink) async throws
    /// Removes a link.
    func unlink(coachId: UserID, clientId: UserID) async throws
    /// The clients a coach may watch.
    func clients(of coachId: UserID) async throws -> [User]
}

/// Everything Backstep stores, behind one value the composition root creates and passes inward.
public protocol BackstepStore: UserRepository, ProfileRepository, ScreeningRepository, PlanRepository,
    SessionRepository, FeedbackRepository, AssessmentRepository, CoachLinkRepository
{
    /// The engine's name: `sqlite`, `postgresql` or `memory`.
    var engineName: String { get }
    /// Training statistics for a user as of `now` (see `TrainingStatistics`). The default implementation reads
    /// the current plan, the session digest and the assessments on every call; a store may keep reads between
    /// calls as long as every write that changes them is seen.
    func statistics(for userId: UserID, now: Date) async throws -> TrainingStatistics
    /// Releases connections. The store must not be used afterwards.
    func close() async throws
}

extension SessionRepository {
    /// The digest computed from every summary row (`SessionDigest.init(rows:request:)`).
    public func statisticsDigest(for userId: UserID, request: SessionDigest.Request) async throws -> SessionDigest {
        SessionDigest(rows: try await statisticsRows(for: userId), request: request)
    }
}

extension BackstepStore {
    /// The progression history: sessions that have both a prescription and feedback, oldest first.
    public func progressionRecords(for userId: UserID) async throws -> [SessionRecord] {
        try await sessions(for: userId, limit: nil).reversed().compactMap { overview in
            guard let prescription = overview.prescription, let feedback = overview.feedback else { return nil }
            return SessionRecord(prescription: prescription, feedback: feedback)
        }
    }

    /// Training statistics for a user as of `now` (see `TrainingStatistics`): the current plan, the session
    /// digest for that plan and moment, and the assessments.
    public func statistics(for userId: UserID, now: Date) async throws -> TrainingStatistics {
        let plan = try await currentPlan(for: userId)
        let request = SessionDigest.Request(now: now, plan: plan)
        let digest = try await statisticsDigest(for: userId, request: request)
        let assessments = try await assessments(for: userId)
        return TrainingStatistics(digest: digest, plan: plan, assessments: assessments, now: now)
    }
}
