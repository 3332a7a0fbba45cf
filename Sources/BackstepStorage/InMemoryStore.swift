import BackstepCore
import Foundation

/// A `BackstepStore` held in memory, for fast tests and demos. It follows the same rules as the SQL store
/// (validation, idempotent samples, states), but is no substitute for running the repository suite on SQL.
public actor InMemoryStore: BackstepStore {
    private struct SessionState {
        var userId: UserID
        var session: PerformedSession
        var prescription: Prescription?
        var samples: [Int: SessionSample] = [:]
        var events: [Int: StoredSessionEvent] = [:]
    }

    private var users: [UserID: User] = [:]
    private var localAthleteId: UserID?
    private var profiles: [UserID: [ProfileVersion]] = [:]
    private var screenings: [ScreeningRecord] = []
    private var plans: [StoredPlan] = []
    private var sessions: [SessionID: SessionState] = [:]
    private var assessmentRecords: [AssessmentRecord] = []
    private var links: [CoachClientLink] = []

    /// Creates an empty store.
    public init() {}

    public nonisolated var engineName: String { "memory" }

    public func close() async throws {}

    // MARK: Users

    public func createUser(_ user: User) async throws {
        try StorageError.validating { () throws(InputError) in try user.validate() }
        guard users[user.id] == nil else { throw StorageError.conflict("user \(user.id) already exists") }
        users[user.id] = user
    }

    public func user(id: UserID) async throws -> User? { users[id] }

    public func users(role: UserRole?) async throws -> [User] {
        users.values.filter { role == nil || $0.role == role }.sorted { $0.createdAt < $1.createdAt }
    }

    public func localAthlete(now: Date) async throws -> User {
        if let localAthleteId, let user = users[localAthleteId] { return user }
        let user = User(name: "Local athlete", role: .athlete, createdAt: now)
        users[user.id] = user
        localAthleteId = user.id
        return user
    }

    private func requireUser(_ id: UserID) throws -> User {
        guard let user = users[id] else { throw StorageError.notFound("user \(id)") }
        return user
    }

    // MARK: Profiles, screenings, plans

    public func saveProfile(_ profile: Profile, for userId: UserID, at date: Date) async throws -> ProfileVersion {
        try StorageError.validating { () throws(InputError) in try profile.validate() }
        _ = try requireUser(userId)
        let version = ProfileVersion(
            userId: userId, version: (profiles[userId]?.count ?? 0) + 1, recordedAt: date, profile: profile)
        profiles[userId, default: []].append(version)
        return version
    }

    public func currentProfile(for userId: UserID) async throws -> ProfileVersion? { profiles[userId]?.last }

    public func profileHistory(for userId: UserID) async throws -> [ProfileVersion] { profiles[userId] ?? [] }

    public func saveScreening(_ record: ScreeningRecord) async throws {
        _ = try requireUser(record.userId)
        screenings.append(record)
    }

    public func latestScreening(for userId: UserID) async throws -> ScreeningRecord? {
        screenings.filter { $0.userId == userId }.max { $0.screening.date < $1.screening.date }
    }

    public func savePlan(_ plan: StoredPlan) async throws {
        _ = try requireUser(plan.userId)
        plans.append(plan)
    }

    public func currentPlan(for userId: UserID) async throws -> StoredPlan? {
        plans.last { $0.userId == userId }
    }

    // MARK: Sessions

    public func beginSession(_ session: PerformedSession, for userId: UserID, prescription: Prescription?) async throws
    {
        guard session.status == .inProgress else {
            throw StorageError.conflict("a session must begin in progress, not \(session.status.rawValue)")
        }
        try SessionValidation.validate(session, requireFinished: false)
        _ = try requireUser(userId)
        if let existing = sessions[session.id] {
            guard existing.userId == userId, existing.session.startedAt == session.startedAt else {
                throw StorageError.conflict("session \(session.id) already exists")
            }
            return
        }
        // At most one in-progress session per user, as the SQL store's unique index enforces.
        if let running = sessions.first(where: { $0.value.userId == userId && $0.value.session.status == .inProgress })
        {
            throw StorageError.liveSessionInProgress(running.key)
        }
        var head = session
        head.samples = []
        var state = SessionState(userId: userId, session: head, prescription: prescription)
        for sample in session.samples { state.samples[sample.sequence] = sample }
        sessions[session.id] = state
    }

    private func running(_ id: SessionID) throws -> SessionState {
        guard let state = sessions[id] else { throw StorageError.notFound("session \(id)") }
        guard state.session.status == .inProgress else {
            throw StorageError.conflict("session \(id) is \(state.session.status.rawValue), not in progress")
        }
        return state
    }

    public func appendSamples(_ samples: [SessionSample], to sessionId: SessionID) async throws -> Int {
        try StorageError.validating { () throws(InputError) in for sample in samples { try sample.validateForStorage() }
        }
        var state = try running(sessionId)
        var added = 0
        for sample in samples where state.samples[sample.sequence] == nil {
            state.samples[sample.sequence] = sample
            added += 1
        }
        sessions[sessionId] = state
        return added
    }

    public func appendEvents(_ events: [StoredSessionEvent], to sessionId: SessionID) async throws {
        var state = try running(sessionId)
        for event in events where state.events[event.sequence] == nil {
            guard event.sequence >= 0 else {
                throw StorageError.invalid(InputError(field: "events.sequence", problem: "must not be negative"))
            }
            state.events[event.sequence] = event
        }
        sessions[sessionId] = state
    }

    public func finishSession(
        _ sessionId: SessionID, status: SessionStatus, summary: SessionSummary, endedAt: Date
    ) async throws {
        guard status == .completed || status == .stopped else {
            throw StorageError.invalid(InputError(field: "status", problem: "must be completed or stopped"))
        }
        try StorageError.validating { () throws(InputError) in try summary.validateForStorage() }
        var state = try running(sessionId)
        guard endedAt >= state.session.startedAt else {
            throw StorageError.invalid(InputError(field: "endedAt", problem: "is before the session started"))
        }
        state.session.status = status
        state.session.summary = summary
        state.session.endedAt = endedAt
        sessions[sessionId] = state
    }

    public func closeInterrupted(_ sessionId: SessionID, at date: Date?) async throws -> SessionOverview {
        var state = try running(sessionId)
        let samples = state.samples.values.sorted { $0.sequence < $1.sequence }
        let summary = SessionSummary.fromSamples(samples, stepsTotal: state.session.workout.performedSteps.count)
        state.session.status = .interrupted
        state.session.summary = summary
        state.session.endedAt = max(
            date ?? state.session.startedAt.addingTimeInterval(summary.elapsedSeconds), state.session.startedAt)
        sessions[sessionId] = state
        return overview(state)
    }

    public func unfinishedSessions(for userId: UserID?) async throws -> [SessionOverview] {
        sessions.values.filter { $0.session.status == .inProgress && (userId == nil || $0.userId == userId) }
            .map(overview).sorted { $0.startedAt < $1.startedAt }
    }

    public func saveFinishedSession(
        _ session: PerformedSession, for userId: UserID, prescription: Prescription?
    ) async throws {
        try SessionValidation.validate(session, requireFinished: true)
        _ = try requireUser(userId)
        guard sessions[session.id] == nil else { throw StorageError.conflict("session \(session.id) already exists") }
        var head = session
        head.samples = []
        var state = SessionState(userId: userId, session: head, prescription: prescription)
        for sample in session.samples { state.samples[sample.sequence] = sample }
        sessions[session.id] = state
    }

    public func saveImportedSession(_ session: PerformedSession, for userId: UserID) async throws -> Bool {
        let fingerprint = SessionFingerprint(session)
        let existing = try await sessionFingerprints(for: userId)
        guard !existing.contains(fingerprint) else { return false }
        try await saveFinishedSession(session, for: userId, prescription: nil)
        return true
    }

    public func sessionFingerprints(for userId: UserID) async throws -> Set<SessionFingerprint> {
        var result: Set<SessionFingerprint> = []
        for state in sessions.values where state.userId == userId && state.session.status != .inProgress {
            var session = state.session
            session.samples = Array(state.samples.values)
            result.insert(SessionFingerprint(session))
        }
        return result
    }

    public func session(id: SessionID) async throws -> PerformedSession? {
        guard let state = sessions[id] else { return nil }
        var session = state.session
        session.samples = state.samples.values.sorted { $0.sequence < $1.sequence }
        return session
    }

    public func sessions(for userId: UserID, limit: Int?) async throws -> [SessionOverview] {
        let all = sessions.values.filter { $0.userId == userId }.map(overview).sorted { $0.startedAt > $1.startedAt }
        return limit.map { Array(all.prefix(max(0, $0))) } ?? all
    }

    public func firstSessionStart(for userId: UserID) async throws -> Date? {
        sessions.values.filter { $0.userId == userId }.map(\.session.startedAt).min()
    }

    public func statisticsRows(for userId: UserID) async throws -> [SessionStatRow] {
        try await sessions(for: userId, limit: nil).map(SessionStatRow.init)
    }

    public func lastSampleSequence(of sessionId: SessionID) async throws -> Int? {
        guard let state = sessions[sessionId] else { throw StorageError.notFound("session \(sessionId)") }
        return state.samples.keys.max()
    }

    public func events(of sessionId: SessionID) async throws -> [StoredSessionEvent] {
        sessions[sessionId]?.events.values.sorted { $0.sequence < $1.sequence } ?? []
    }

    private func overview(_ state: SessionState) -> SessionOverview {
        let session = state.session
        return SessionOverview(
            id: session.id, userId: state.userId, startedAt: session.startedAt, endedAt: session.endedAt,
            programId: session.programId, status: session.status, source: session.source, summary: session.summary,
            averageBackwardSpeed: session.summary?.averageBackwardSpeed, feedback: session.feedback,
            prescription: state.prescription)
    }

    // MARK: Feedback, assessments, links

    public func attachFeedback(_ feedback: SessionFeedback, to sessionId: SessionID) async throws {
        try feedback.validateForStorage()
        guard var state = sessions[sessionId] else { throw StorageError.notFound("session \(sessionId)") }
        state.session.feedback = feedback
        sessions[sessionId] = state
    }

    public func feedback(for sessionId: SessionID) async throws -> SessionFeedback? {
        sessions[sessionId]?.session.feedback
    }

    public func saveAssessment(_ record: AssessmentRecord) async throws {
        try StorageError.validating { () throws(InputError) in try record.validate() }
        _ = try requireUser(record.userId)
        assessmentRecords.append(record)
    }

    public func assessments(for userId: UserID) async throws -> [AssessmentRecord] {
        assessmentRecords.filter { $0.userId == userId }.sorted { $0.takenAt < $1.takenAt }
    }

    public func link(_ link: CoachClientLink) async throws {
        let coach = try requireUser(link.coachId)
        _ = try requireUser(link.clientId)
        guard coach.role == .professional, link.coachId != link.clientId else {
            throw StorageError.invalid(
                InputError(field: "coachId", problem: "must be another user with the coach role"))
        }
        if !links.contains(where: { $0.coachId == link.coachId && $0.clientId == link.clientId }) { links.append(link) }
    }

    public func unlink(coachId: UserID, clientId: UserID) async throws {
        links.removeAll { $0.coachId == coachId && $0.clientId == clientId }
    }

    public func clients(of coachId: UserID) async throws -> [User] {
        links.filter { $0.coachId == coachId }.compactMap { users[$0.clientId] }.sorted { $0.createdAt < $1.createdAt }
    }
}
