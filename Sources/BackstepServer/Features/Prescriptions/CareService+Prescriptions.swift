import BackstepCore
import BackstepStorage
import Foundation

/// A prescription version as the client and the professional read it: what changed from the one before.
struct PrescriptionHistoryEntry: Sendable {
    /// The version.
    var prescription: CarePrescription
    /// What changed from the version before, in words (empty for the first).
    var changes: [String]
}

extension CareService {
    /// Longest reason accepted.
    static let reasonLength = 1...500

    /// A professional with the prescribe scope prescribes the client's plan: the programs, the dose, a speed limit
    /// (the safety policy's caps stay the ceiling: the plan generator applies them below any limit given here) and
    /// whether progression holds. Makes the plan, stores it as the client's current plan with the prescription's
    /// next version, in one transaction. One logged access.
    /// - Throws: `FieldProblem` for a missing or long reason; `InputError` for a value out of range or an unknown
    ///   program; `AccessDenied` (404) without consent or scope; `CareError.needsClinician` for a clinician-only
    ///   program prescribed by a coach; `TrainingError.noProfile` before the client has a profile.
    func prescribe(
        _ parameters: PrescriptionParameters, reason: String?, _ access: Access, prescriberName: String, now: Date
    ) async throws -> (version: PrescriptionHistoryEntry, plan: StoredPlan) {
        let reason = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.reasonLength.contains(reason.count) else {
            throw FieldProblem(field: "reason", message: "Say why, in 1 to 500 characters: the client reads it.")
        }
        try InputError.check("daysPerWeek", parameters.daysPerWeek, in: PlanRequest.daysRange, unit: "per week")
        try InputError.check(
            "minutesPerSession", parameters.minutesPerSession, in: PlanRequest.minutesRange, unit: "min")
        try InputError.check("weeks", parameters.weeks, in: PlanRequest.weeksRange)
        if let cap = parameters.speedCap {
            try InputError.check("speedCapMps", cap.metersPerSecond, in: Profile.speedRange, unit: "m/s")
        }
        let programs = try parameters.programs.map { id throws(InputError) in try Catalog.program(id: id) }

        try await training.authorize(.prescribe, access, resource: "prescription changed")
        let isClinician = try await store.professionalDetails(for: access.actor.userId)?.profession.isClinician ?? false
        if let clinical = programs.first(where: { $0.requirements.clinicianPrescribed }), !isClinician {
            throw CareError.needsClinician(program: clinical.name)
        }
        guard let profile = try await store.currentProfile(for: access.subject)?.profile else {
            throw TrainingError.noProfile
        }
        let draft = CarePrescription(
            clientId: access.subject, version: 0, prescribedBy: access.actor.userId, prescriberName: prescriberName,
            at: now, reason: reason, parameters: parameters, planId: PlanID())
        let start = TrainingStatistics.startOfDay(now)
        let request = PlanRequest(
            profile: TrainingService.limited(profile, by: draft), daysPerWeek: parameters.daysPerWeek,
            minutesPerSession: parameters.minutesPerSession, weeks: parameters.weeks,
            screening: try await store.latestScreening(for: access.subject)?.screening,
            clinicianPrescribed: isClinician, preferredPrograms: parameters.programs, startDate: start, now: now)
        try request.validate()
        let plan = StoredPlan(
            id: draft.planId, userId: access.subject, createdAt: now, startDate: start,
            plan: try PlanGenerator.plan(for: request))
        let previous = try await store.prescriptions(of: access.subject).first
        let saved = try await store.savePrescription(draft, plan: plan)
        return (
            PrescriptionHistoryEntry(prescription: saved, changes: parameters.changes(from: previous?.parameters)), plan
        )
    }

    /// The subject's prescription versions, newest first, each with what changed. A professional's read is logged.
    func prescriptions(_ access: Access) async throws -> [PrescriptionHistoryEntry] {
        try await training.authorize(.read, access, resource: "prescriptions")
        let versions = try await store.prescriptions(of: access.subject)
        return versions.enumerated().map { index, version in
            let older = index + 1 < versions.count ? versions[index + 1].parameters : nil
            return PrescriptionHistoryEntry(prescription: version, changes: version.parameters.changes(from: older))
        }
    }
}
