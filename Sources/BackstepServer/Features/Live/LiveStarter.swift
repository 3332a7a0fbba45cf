import BackstepCore
import BackstepStorage
import Foundation

/// Turns "start this planned session (or program) in this mode" into a `LiveStart`, for the page and the API.
struct LiveStarter {
    let service: TrainingService
    let clock: ServerClock
    /// Session seconds per real second (`ServerSettings.sessionSpeedup`).
    let speedup: Double

    /// - Parameter resume: an interrupted session to continue: the start is what is left of its workout, with
    ///   its prescription (see `TrainingService.resumable`).
    /// - Throws: `AccessDenied` unless the actor may record sessions for the subject.
    func prepare(
        access: Access, week: Int?, day: Int?, programId: String?, mode: LiveMode, bluetooth: BluetoothConnection?,
        resume: SessionID? = nil
    ) async throws -> LiveStart {
        try await service.authorize(.record, access)
        guard let own = try await service.profile(for: access) else { throw TrainingError.noProfile }
        // A professional's speed limit holds in the session's safety envelope too.
        let profile = TrainingService.limited(own, by: try await service.store.prescriptions(of: access.subject).first)
        if mode == .bluetooth && bluetooth == nil {
            // The page starts Bluetooth sessions over the WebSocket once the treadmill is connected.
            throw LiveStartError.treadmillNotConnected
        }
        let clearance = try await service.screening(for: access)?.clearance ?? .notScreened
        let decision = try await service.latestDecision(for: access)?.decision
        if decision?.action == .stopAndSeeProfessional {
            throw LiveStartError.seeProfessionalFirst
        }
        let (workout, program, prescription) = try await choose(
            access: access, week: week, day: day, programId: programId, decision: decision, resume: resume)
        return LiveStart(
            workout: workout, programId: program, prescription: prescription, profile: profile, clearance: clearance,
            practiceWeeks: try await practiceWeeks(access), mode: mode, bluetooth: bluetooth,
            speedup: speedup)
    }

    /// What to do: what is left of an interrupted session, a planned session (the one asked for, or the next),
    /// or a program's standard workout.
    func choose(
        access: Access, week: Int?, day: Int?, programId: String?, decision: ProgressionDecision?, resume: SessionID?
    ) async throws -> (Workout, String?, Prescription?) {
        if let resume {
            let resumable = try await service.resumable(resume, of: access, now: clock.now())
            return (resumable.remainder, resumable.session.programId, resumable.overview.prescription)
        }
        if let plan = try await service.plan(for: access) {
            let chosen: (PlanWeek, PlannedSession)?
            if let week, let day {
                chosen = service.plannedSession(plan, week: week, day: day)
                guard chosen != nil else { throw LiveStartError.noSessionOnDay(week: week, day: day) }
            } else if programId == nil {
                chosen = service.nextPlanned(plan, now: clock.now())
            } else {
                chosen = nil
            }
            if let (planWeek, session) = chosen {
                let (workout, prescription) = service.workout(for: planWeek, session: session, decision: decision)
                return (workout, session.programId, prescription)
            }
        }
        guard let id = programId ?? Catalog.programs.first?.id else {
            throw LiveStartError.noProgramChosen
        }
        do {
            return (try Catalog.program(id: id).workout(), id, nil)
        } catch {
            throw LiveStartError.unknownProgram(id)
        }
    }

    /// Weeks since the first session, for the energy model's practice effect.
    func practiceWeeks(_ access: Access) async throws -> Double {
        guard let first = try await service.firstSessionStart(for: access) else { return 0 }
        return max(0, clock.now().timeIntervalSince(first) / (7 * 86_400))
    }
}
