import BackstepCore
import BackstepStorage
import Foundation

/// A session the server cut short (a restart or a crash closes running sessions as interrupted) that can go on
/// where it stopped: what is left of its workout, from the step that was running.
struct ResumableSession: Sendable {
    /// The interrupted session, with its samples.
    var session: PerformedSession
    /// Its overview (status, prescription).
    var overview: SessionOverview
    /// The step that was running, from 0, of `stepsTotal`.
    var stepIndex: Int
    var stepsTotal: Int
    /// Seconds done in that step (one sample per second).
    var secondsDone: Seconds
    /// What is left to do.
    var remainder: Workout
}

extension TrainingService {
    /// How long after it started an interrupted session can still be continued.
    static let resumeWindow: TimeInterval = 12 * 3_600

    /// The subject's newest session when the server interrupted it recently and it has no feedback yet (feedback
    /// closes it for good); nil otherwise.
    func resumable(for access: Access, now: Date) async throws -> ResumableSession? {
        try await authorize(.read, access)
        guard let latest = try await store.sessions(for: access.subject, limit: 1).first,
            latest.status == .interrupted, latest.feedback == nil,
            now.timeIntervalSince(latest.startedAt) < Self.resumeWindow,
            let session = try await store.session(id: latest.id)
        else { return nil }
        return Self.resumePoint(of: session, overview: latest)
    }

    /// The session `id` of the subject, if it can be continued (to continue it is to record a session).
    /// - Throws: `AccessDenied` when the actor may not record for the subject; `TrainingError.noSuchSession` for
    ///   anyone else's or an unknown id; `LiveStartError.notResumable` when it cannot be continued.
    func resumable(_ id: SessionID, of access: Access, now: Date) async throws -> ResumableSession {
        try await authorize(.record, access)
        if let resumable = try await resumable(for: access, now: now), resumable.session.id == id { return resumable }
        _ = try await session(id, of: access)  // not found for anyone else's or an unknown id
        throw LiveStartError.notResumable(id)
    }

    /// Where an interrupted session stopped, from its stored samples.
    static func resumePoint(of session: PerformedSession, overview: SessionOverview) -> ResumableSession? {
        let steps = session.workout.performedSteps
        let step = session.samples.last?.segment ?? 0
        let inStep = session.samples.filter { $0.segment == step }
        let seconds = Double(inStep.count)
        let meters = max(0, (inStep.last?.distance.meters ?? 0) - (inStep.first?.distance.meters ?? 0))
        guard
            let remainder = session.workout.remainder(
                fromStep: step, done: (seconds, Distance(meters: meters)))
        else { return nil }
        return ResumableSession(
            session: session, overview: overview, stepIndex: step, stepsTotal: steps.count, secondsDone: seconds,
            remainder: remainder)
    }
}
