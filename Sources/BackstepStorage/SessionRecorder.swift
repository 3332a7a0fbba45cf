import BackstepCore
import Foundation

/// Writes a live session while it runs: the session runner's one handle on storage.
///
/// Use it like this:
/// ```swift
/// let recorder = try await SessionRecorder.begin(session, for: user.id, prescription: dose, store: store)
/// for output in engine.outputs { try await recorder.record(output) }   // samples and events, written as they come
/// try await recorder.finish(summary: summary, status: .completed, endedAt: Date())
/// try await recorder.attachFeedback(feedback)
/// ```
/// Samples are buffered and written in batches of `batchSize` (1 by default: at 1 Hz that is one small
/// transaction a second, so a crash loses at most the last unsent second). Every write is idempotent by
/// sequence number, so after an error the same batch is simply sent again by the next `record` or `flush`.
public actor SessionRecorder {
    /// The session being recorded.
    public nonisolated let sessionId: SessionID
    /// Samples per write.
    public nonisolated let batchSize: Int
    private let store: any SessionRepository & FeedbackRepository
    private var pendingSamples: [SessionSample] = []
    private var pendingEvents: [StoredSessionEvent] = []
    private var nextEventSequence: Int
    /// The highest sample sequence number the database has confirmed; nil before the first write.
    public private(set) var acknowledgedSequence: Int?

    private init(
        sessionId: SessionID, store: any SessionRepository & FeedbackRepository, batchSize: Int, acknowledged: Int?,
        nextEventSequence: Int
    ) {
        self.sessionId = sessionId
        self.store = store
        self.batchSize = max(1, batchSize)
        self.acknowledgedSequence = acknowledged
        self.nextEventSequence = nextEventSequence
    }

    /// Stores `session` as in progress and returns a recorder for it.
    /// - Parameters:
    ///   - session: The session; its status must be `inProgress`. Samples it already holds are written too.
    ///   - userId: Whose session it is.
    ///   - prescription: The dose the session was prescribed at, for the progression history.
    ///   - store: Where to write.
    ///   - batchSize: Samples per write (at least 1).
    /// - Throws: `StorageError` when the session cannot be stored.
    public static func begin(
        _ session: PerformedSession, for userId: UserID, prescription: Prescription? = nil,
        store: any SessionRepository & FeedbackRepository, batchSize: Int = 1
    ) async throws -> SessionRecorder {
        var head = session
        head.samples = []
        try await store.beginSession(head, for: userId, prescription: prescription)
        let recorder = SessionRecorder(
            sessionId: session.id, store: store, batchSize: batchSize, acknowledged: nil, nextEventSequence: 0)
        if !session.samples.isEmpty { try await recorder.record(session.samples) }
        return recorder
    }

    /// A recorder that continues an unfinished session (after `SessionRepository.unfinishedSessions`).
    /// - Throws: `StorageError.notFound` when the session is unknown.
    public static func resume(
        sessionId: SessionID, store: any SessionRepository & FeedbackRepository, batchSize: Int = 1
    ) async throws -> SessionRecorder {
        let last = try await store.lastSampleSequence(of: sessionId)
        let events = try await store.events(of: sessionId)
        return SessionRecorder(
            sessionId: sessionId, store: store, batchSize: batchSize, acknowledged: last,
            nextEventSequence: (events.map(\.sequence).max() ?? -1) + 1)
    }

    /// Buffers one sample and writes the buffer when it holds `batchSize` samples.
    /// - Returns: The acknowledged sequence number after any write.
    @discardableResult
    public func record(_ sample: SessionSample) async throws -> Int? {
        try await record([sample])
    }

    /// Buffers samples and writes whole batches. Samples already acknowledged are ignored.
    /// - Returns: The acknowledged sequence number after any write.
    @discardableResult
    public func record(_ samples: [SessionSample]) async throws -> Int? {
        let floor = acknowledgedSequence ?? -1
        pendingSamples += samples.filter { $0.sequence > floor }
        if pendingSamples.count >= batchSize { try await flush() }
        return acknowledgedSequence
    }

    /// Records an engine output: a `.sample` event goes to the samples, anything else to the events.
    public func record(_ output: SessionOutput) async throws {
        if case .event(.sample(let sample)) = output.kind {
            try await record(sample)
            return
        }
        pendingEvents.append(try StoredSessionEvent(sequence: nextEventSequence, output: output))
        nextEventSequence += 1
        if pendingEvents.count >= batchSize { try await flushEvents() }
    }

    /// Writes every buffered sample and event now.
    public func flush() async throws {
        if !pendingSamples.isEmpty {
            let batch = pendingSamples
            try await store.appendSamples(batch, to: sessionId)
            pendingSamples.removeFirst(batch.count)
            let highest = batch.map(\.sequence).max() ?? -1
            acknowledgedSequence = max(acknowledgedSequence ?? -1, highest)
        }
        try await flushEvents()
    }

    private func flushEvents() async throws {
        guard !pendingEvents.isEmpty else { return }
        let batch = pendingEvents
        try await store.appendEvents(batch, to: sessionId)
        pendingEvents.removeFirst(batch.count)
    }

    /// Writes what is buffered and closes the session with its summary.
    /// - Parameters:
    ///   - status: `completed` or `stopped`.
    public func finish(summary: SessionSummary, status: SessionStatus, endedAt: Date) async throws {
        try await flush()
        try await store.finishSession(sessionId, status: status, summary: summary, endedAt: endedAt)
    }

    /// Writes what is buffered (if it can) and closes the session as interrupted.
    @discardableResult
    public func markInterrupted(at date: Date?) async throws -> SessionOverview {
        try? await flush()
        return try await store.closeInterrupted(sessionId, at: date)
    }

    /// Attaches the person's feedback to the session.
    public func attachFeedback(_ feedback: SessionFeedback) async throws {
        try await store.attachFeedback(feedback, to: sessionId)
    }
}
