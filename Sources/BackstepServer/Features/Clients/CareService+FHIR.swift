import BackstepCore
import BackstepFHIR
import BackstepStorage
import Foundation

extension CareService {
    /// A client's record as a FHIR R4 Bundle (`application/fhir+json`): the patient, the practice and its members,
    /// every session with its pain ratings, and the assessments. One logged read.
    ///
    /// The plan is left out until a professional prescribes it (a FHIR CarePlan names its author); the birth year
    /// comes from the age in the profile and may be a year late (`FHIRPatient.birthYear(age:on:)`).
    /// - Throws: `AccessDenied` (404 at the edge) without consent.
    func fhirBundle(_ access: Access, now: Date) async throws -> Data {
        let linked = try await consentedClient(access, resource: "FHIR export")
        guard let practice = try await store.practice(id: linked.link.practiceId) else {
            throw AccessDenied(actor: access.actor, subject: access.subject, action: .read, reason: .noConsent)
        }
        let profile = try await store.currentProfile(for: access.subject)
        let patient = FHIRPatient(
            id: access.subject.uuid, name: linked.client.name,
            birthYear: profile.map { FHIRPatient.birthYear(age: $0.profile.age, on: now) },
            sex: profile.map { Self.sex($0.profile.sex) },
            bodyMass: profile.map { FHIRBodyMass(kilograms: $0.profile.mass.kilograms, measuredAt: $0.recordedAt) })
        let practitioners = try await store.members(of: practice.id).map { member in
            FHIRPractitioner(
                id: member.professional.id.uuid, name: member.professional.name,
                profession: member.details?.profession.label,
                registration: member.details?.registrationNumber.map { FHIRExternalIdentifier(value: $0) })
        }
        let sessions = try await store.sessions(for: access.subject, limit: nil).compactMap(Self.session)
        let members = Set(practitioners.map(\.id))
        let measurements =
            try await store.assessments(for: access.subject).compactMap(Self.measurement)
            + store.outcomes(of: access.subject).map { Self.measurement($0, practitioners: members) }
        let export = FHIRClientExport(
            patient: patient, practice: FHIRPractice(id: practice.id.uuid, name: practice.name),
            practitioners: practitioners, sessions: sessions, measurements: measurements, exportedAt: now)
        return try FHIRExporter.bundle(for: export)
    }

    static func sex(_ sex: Sex) -> FHIRSex {
        switch sex {
        case .female: .female
        case .male: .male
        case .other: .other
        case .unspecified: .unknown
        }
    }

    /// A finished session with its totals and pain ratings (next-morning pain is dated the morning after).
    static func session(_ overview: SessionOverview) -> FHIRSession? {
        guard let summary = overview.summary, let end = overview.endedAt, end >= overview.startedAt else { return nil }
        let feedback = overview.feedback
        let morning = Calendar(identifier: .gregorian).startOfDay(for: end).addingTimeInterval(86_400 + 8 * 3600)
        return FHIRSession(
            id: overview.id.uuid, start: overview.startedAt, end: end, durationSeconds: summary.activeSeconds,
            distanceMeters: summary.distance.meters,
            averageSpeedMetersPerSecond: overview.averageBackwardSpeed?.metersPerSecond,
            energyKilocalories: summary.kcal > 0 ? summary.kcal : nil,
            painDuring: feedback.map { FHIRPainRating(score: $0.painDuring, at: end) },
            painAfter: feedback.map { FHIRPainRating(score: $0.painAfter, at: $0.date > end ? $0.date : end) },
            painNextMorning: feedback?.painNextMorning.map { FHIRPainRating(score: $0, at: morning) })
    }

    /// An outcome result as a clinic test or a questionnaire score, with its UCUM unit; the pain scale carries its
    /// LOINC code. Who recorded it is named only while they are in the exported practice.
    static func measurement(_ outcome: StoredOutcome, practitioners: Set<UUID>) -> FHIRMeasurement {
        let measure = outcome.result.measure.measure
        let unit: String
        switch measure.unit {
        case .seconds: unit = "s"
        case .metersPerSecond: unit = "m/s"
        case .meters: unit = "m"
        case .points: unit = "{score}"
        }
        return FHIRMeasurement(
            id: outcome.id.uuid, kind: measure.questionnaire == nil ? .clinicTest : .questionnaireScore,
            code: measure.id.rawValue, display: measure.name,
            loinc: measure.id == .numericPainRating ? FHIRCodes.painSeverity : nil, value: outcome.result.value,
            unit: unit, date: outcome.result.date,
            recordedBy: practitioners.contains(outcome.recordedBy.uuid) ? outcome.recordedBy.uuid : nil)
    }

    /// An assessment as a clinic test with its UCUM unit.
    static func measurement(_ record: AssessmentRecord) -> FHIRMeasurement? {
        switch record.kind {
        case .threeMetreBackwardWalk:
            record.seconds.map {
                FHIRMeasurement(
                    id: record.id.uuid, kind: .clinicTest, code: "3mbwt", display: "3-metre backward walk test",
                    value: $0, unit: "s", date: record.takenAt)
            }
        case .backwardWalkingSpeed, .comfortableBackwardSpeed:
            record.speed.map {
                FHIRMeasurement(
                    id: record.id.uuid, kind: .clinicTest, code: record.kind.rawValue,
                    display: record.kind == .backwardWalkingSpeed
                        ? "Backward walking speed" : "Comfortable backward treadmill speed",
                    value: $0.metersPerSecond, unit: "m/s", date: record.takenAt)
            }
        }
    }
}
