import BackstepCore
import BackstepStorage
import Foundation

/// A goal with where it stands now.
struct GoalStanding: Sendable {
    /// The goal.
    var stored: StoredGoal
    /// Its status from the evidence at the time of asking.
    var status: CareGoalStatus
}

extension CareService {
    /// Sets a goal for the subject: a professional with the prescribe scope (agreed with the client), or the client
    /// for themself. One logged access for a professional.
    /// - Throws: `InputError` for a bad title, due date or target; `AccessDenied` (404) without consent or scope.
    func setGoal(
        title: String, due: Date, target: CareGoalTarget, _ access: Access, setterName: String, now: Date
    ) async throws -> GoalStanding {
        let goal = try CareGoal(
            title: title.trimmingCharacters(in: .whitespacesAndNewlines), setOn: now, due: due, target: target)
        try await training.authorize(access.isOnBehalf ? .prescribe : .record, access, resource: "goal set")
        let stored = StoredGoal(
            clientId: access.subject, goal: goal, setBy: access.actor.userId, setterName: setterName)
        try await store.saveGoal(stored)
        return GoalStanding(
            stored: stored, status: try await standing(of: [stored], subject: access.subject, now: now)[0])
    }

    /// The subject's goals with their status now. One logged access for a professional.
    func goals(_ access: Access, now: Date) async throws -> [GoalStanding] {
        try await training.authorize(.read, access, resource: "goals")
        let goals = try await store.goals(of: access.subject)
        return zip(goals, try await standing(of: goals, subject: access.subject, now: now)).map {
            GoalStanding(stored: $0, status: $1)
        }
    }

    /// Each goal's status from the subject's sessions and outcome results.
    private func standing(of goals: [StoredGoal], subject: UserID, now: Date) async throws -> [CareGoalStatus] {
        guard !goals.isEmpty else { return [] }
        let sessions = try await store.sessions(for: subject, limit: nil).compactMap(Self.goalEvidence)
        let outcomes = try await store.outcomes(of: subject).map(\.result)
        return try goals.map { try $0.goal.status(sessions: sessions, outcomes: outcomes, now: now) }
    }

    /// What a session says towards a treadmill goal: its backward minutes at its average backward speed, with the
    /// support the client reported. A session without feedback says nothing (the support used is not known), and the
    /// minutes are the session's backward total, taken as continuous (the samples' pauses are not read).
    static func goalEvidence(_ session: SessionOverview) -> TreadmillGoalEvidence? {
        guard let summary = session.summary, summary.backwardSeconds > 0, let speed = session.averageBackwardSpeed,
            let handrail = session.feedback?.handrailUsed
        else { return nil }
        let evidence = TreadmillGoalEvidence(
            date: session.startedAt,
            continuousMinutes: min(summary.backwardSeconds / 60, TreadmillGoalEvidence.maximumMinutes),
            speed: speed, handrail: handrail)
        return (try? evidence.validate()) == nil ? nil : evidence
    }
}
