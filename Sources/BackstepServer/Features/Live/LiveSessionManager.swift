import BackstepCore
import BackstepStorage
import Foundation
import Logging

/// Keeps one `LiveSession` per running session, at most one per user, and ends them all on shutdown.
actor LiveSessionManager {
    private var sessions: [SessionID: LiveSession] = [:]
    private var byUser: [UserID: SessionID] = [:]
    let store: any WebStore
    let clock: ServerClock
    let logger: Logger
    /// How long a closed session stays in memory for late reconnects.
    let retention: TimeInterval

    init(store: any WebStore, clock: ServerClock, retention: TimeInterval = 60, logger: Logger) {
        self.store = store
        self.clock = clock
        self.retention = retention
        self.logger = logger
    }

    /// Starts a session for a user, or returns the one already running.
    func start(_ start: LiveStart, for userId: UserID) async throws -> LiveSession {
        if let running = try await active(for: userId) { return running }
        let id = SessionID()
        let performed = PerformedSession(
            id: id, startedAt: clock.now(), programId: start.programId, workout: start.workout, status: .inProgress,
            source: start.mode.source)
        let recorder: SessionRecorder
        do {
            recorder = try await SessionRecorder.begin(
                performed, for: userId, prescription: start.prescription, store: store)
        } catch StorageError.liveSessionInProgress(let running) {
            // The database allows one in-progress session per user: a concurrent start won. Hand back that one
            // when this process runs it; a session this process ran but could not close in the store is closed as
            // interrupted and the start tried once more; one running elsewhere (another replica) gives 409.
            guard let session = sessions[running] else { throw StorageError.liveSessionInProgress(running) }
            if !(await session.isClosed) { return session }
            _ = try? await store.closeInterrupted(running, at: clock.now())
            recorder = try await SessionRecorder.begin(
                performed, for: userId, prescription: start.prescription, store: store)
        }
        let session = LiveSession(
            id: id, userId: userId, start: start, recorder: recorder, clock: clock, logger: logger)
        sessions[id] = session
        byUser[userId] = id
        await session.begin(start)
        return session
    }

    /// The user's running session, if any (finished ones are dropped).
    func active(for userId: UserID) async throws -> LiveSession? {
        guard let id = byUser[userId], let session = sessions[id] else { return nil }
        if await session.isClosed {
            byUser[userId] = nil
            return nil
        }
        return session
    }

    /// A session of this user (nil for anyone else's, so it reads as not found).
    func session(_ id: SessionID, of userId: UserID) -> LiveSession? {
        guard let session = sessions[id], session.userId == userId else { return nil }
        return session
    }

    /// How many sessions are running.
    var count: Int { sessions.count }

    /// Drops sessions that have ended and been saved more than `retention` seconds ago (a page that reconnects
    /// late still reads the closing message within that time; afterwards it finds the stored session).
    func sweep() async {
        let now = clock.now()
        for (id, session) in sessions {
            guard let closedAt = await session.closedAt, now.timeIntervalSince(closedAt) >= retention else {
                continue
            }
            sessions[id] = nil
            if byUser[session.userId] == id { byUser[session.userId] = nil }
        }
    }

    /// Ends every running session (server shutdown) and waits briefly for them to be saved.
    func shutdown() async {
        for session in sessions.values { await session.end() }
        for _ in 0..<50 {
            var open = 0
            for session in sessions.values where !(await session.isClosed) { open += 1 }
            if open == 0 { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
