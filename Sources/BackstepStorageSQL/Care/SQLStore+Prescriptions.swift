import BackstepCore
import BackstepStorage
import Foundation
import SQLKit

extension SQLStore: PrescriptionRepository {
    public func savePrescription(_ prescription: CarePrescription, plan: StoredPlan) async throws -> CarePrescription {
        guard (1...500).contains(prescription.reason.count) else {
            throw StorageError.invalid(InputError(field: "reason", problem: "must be 1–500 characters"))
        }
        guard plan.userId == prescription.clientId, plan.id == prescription.planId else {
            throw StorageError.invalid(InputError(field: "planId", problem: "must be the client's new plan"))
        }
        let parameters = try StoredJSON.encode(prescription.parameters)
        return try await writeFeedingStatistics { db in
            try await Self.insertPlan(plan, db: db)
            let rows = try await db.raw(
                """
                SELECT MAX(version) AS latest FROM prescription_version
                WHERE client_id = \(bind: prescription.clientId.uuidString)
                """
            ).all()
            var saved = prescription
            saved.version = (try rows.first.flatMap { try RowReader(row: $0).intOrNil("latest") } ?? 0) + 1
            try await db.insert(into: "prescription_version")
                .columns(
                    "client_id", "version", "prescribed_by", "prescriber_name", "at", "reason", "parameters_json",
                    "plan_id"
                )
                .values(
                    saved.clientId.uuidString, saved.version, saved.prescribedBy.uuidString, saved.prescriberName,
                    saved.at.epochMilliseconds, saved.reason, parameters, saved.planId.uuidString
                )
                .run()
            return saved
        }
    }

    public func prescriptions(of clientId: UserID) async throws -> [CarePrescription] {
        try await read { db in
            try await db.raw(
                """
                SELECT client_id, version, prescribed_by, prescriber_name, at, reason, parameters_json, plan_id
                FROM prescription_version WHERE client_id = \(bind: clientId.uuidString) ORDER BY version DESC
                """
            ).all().map { row in
                let r = RowReader(row: row)
                return CarePrescription(
                    clientId: try r.uuid("client_id"), version: try r.int("version"),
                    prescribedBy: try r.uuid("prescribed_by"), prescriberName: try r.string("prescriber_name"),
                    at: try r.date("at"), reason: try r.string("reason"),
                    parameters: try r.json("parameters_json", as: PrescriptionParameters.self),
                    planId: try r.uuid("plan_id"))
            }
        }
    }
}
