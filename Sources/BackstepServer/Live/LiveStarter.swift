import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes

/// Turns "start this planned session (or program) in this mode" into a `LiveStart`, for the page and the API.
struct LiveStarter {
    let state: AppState

    /// - Parameter resume: an interrupted session to continue: the start is what is left of its workout, with
    ///   its prescription (see `TrainingService.resumable`).
    func prepare(
        user: User, week: Int?, day: Int?, programId: String?, mode: LiveMode, bluetooth: BluetoothConnection?,
        resume: UUID? = nil
    ) async throws -> LiveStart {
        let service = state.service
        guard let profile = try await service.profile(for: user) else {
            throw AppError(.conflict, "Fill in your profile first.", field: "profile")
        }
        if mode == .bluetooth && bluetooth == nil {
            // The page starts Bluetooth sessions over the WebSocket once the treadmill is connected.
            throw AppError.invalid("mode", "Connect the Bluetooth treadmill on the session page first.")
        }
        let clearance = try await service.screening(for: user)?.clearance ?? .notScreened
        let decision = try await service.latestDecision(for: user)?.decision
        if decision?.action == .stopAndSeeProfessional {
            throw AppError(
                .conflict, "Your last feedback reported warning signs: see a health professional before training again."
            )
        }
        var workout: Workout
        var prescription: Prescription?
        var program = programId
        if let resume {
            let resumable = try await service.resumable(resume, of: user, now: Date())
            return LiveStart(
                workout: resumable.remainder, programId: resumable.session.programId,
                prescription: resumable.overview.prescription, profile: profile, clearance: clearance,
                practiceWeeks: try await practiceWeeks(user), mode: mode, bluetooth: bluetooth,
                speedup: state.settings.sessionSpeedup)
        }
        if let plan = try await service.plan(for: user) {
            let chosen: (PlanWeek, PlannedSession)?
            if let week, let day {
                chosen = service.plannedSession(plan, week: week, day: day)
                guard chosen != nil else { throw AppError.invalid("day", "That plan has no session on that day.") }
            } else if programId == nil {
                chosen = service.nextPlanned(plan, now: Date())
            } else {
                chosen = nil
            }
            if let (planWeek, session) = chosen {
                (workout, prescription) = service.workout(for: planWeek, session: session, decision: decision)
                program = session.programId
                return LiveStart(
                    workout: workout, programId: program, prescription: prescription, profile: profile,
                    clearance: clearance, practiceWeeks: try await practiceWeeks(user), mode: mode,
                    bluetooth: bluetooth, speedup: state.settings.sessionSpeedup)
            }
        }
        guard let id = programId ?? Catalog.programs.first?.id else {
            throw AppError.invalid("program", "Choose a program.")
        }
        do {
            workout = try Catalog.program(id: id).workout()
        } catch {
            throw AppError.invalid("program", "Unknown program '\(id.prefix(60))'.")
        }
        program = id
        return LiveStart(
            workout: workout, programId: program, prescription: prescription, profile: profile, clearance: clearance,
            practiceWeeks: try await practiceWeeks(user), mode: mode, bluetooth: bluetooth,
            speedup: state.settings.sessionSpeedup)
    }

    /// Weeks since the first session, for the energy model's practice effect.
    func practiceWeeks(_ user: User) async throws -> Double {
        let sessions = try await state.service.history(for: user, limit: nil)
        guard let first = sessions.last?.startedAt else { return 0 }
        return max(0, Date().timeIntervalSince(first) / (7 * 86_400))
    }
}
