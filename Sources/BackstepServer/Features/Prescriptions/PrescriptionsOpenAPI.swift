import BackstepCore
import BackstepStorage
import Foundation

/// The prescriptions' part of the OpenAPI document.
extension OpenAPIDocument {
    static let prescriptionOperations: [APIOperation] = [
        .init(
            method: "put", path: "/clients/{id}/prescription",
            summary: "Prescribe a client's plan (programs, dose, a speed limit under the safety policy's caps, a hold "
                + "on progression) with a reason; a new version, needs the prescribe scope (logged)",
            request: "PrescriptionRequest", success: (200, "Prescribed", Schema.ref("Prescribed")), errors: [403, 409]),
        .init(
            method: "get", path: "/clients/{id}/prescription",
            summary: "A client's prescription versions, newest first, with what changed (logged)",
            success: (200, "OK", Schema.array(Schema.ref("PrescriptionVersion")))),
        .init(
            method: "get", path: "/prescriptions",
            summary: "Your prescription versions, newest first: who changed what, when and why",
            success: (200, "OK", Schema.array(Schema.ref("PrescriptionVersion")))),
    ]

    static let prescriptionSchemas: [String: JSONValue] = {
        var schemas: [String: JSONValue] = [:]
        let speed = Schema.number(Profile.speedRange)
        schemas["PrescriptionRequest"] = Schema.object(
            [
                "programs": Schema.array(Schema.string), "daysPerWeek": Schema.integer(PlanRequest.daysRange),
                "minutesPerSession": Schema.integer(PlanRequest.minutesRange),
                "weeks": Schema.integer(PlanRequest.weeksRange), "speedCapMps": speed,
                "holdProgression": Schema.boolean, "reason": Schema.string(CareService.reasonLength),
            ], optional: ["programs", "speedCapMps", "holdProgression"])
        schemas["PrescriptionVersion"] = Schema.object(
            [
                "version": Schema.integer(atLeast: 1), "prescribedBy": Schema.string, "prescribedById": Schema.uuid,
                "at": Schema.dateTime, "reason": Schema.string(CareService.reasonLength),
                "programs": Schema.array(Schema.string), "daysPerWeek": Schema.integer(PlanRequest.daysRange),
                "minutesPerSession": Schema.integer(PlanRequest.minutesRange),
                "weeks": Schema.integer(PlanRequest.weeksRange), "speedCapMps": speed,
                "holdProgression": Schema.boolean, "changes": Schema.array(Schema.string), "planId": Schema.uuid,
            ], optional: ["speedCapMps"])
        schemas["Prescribed"] = Schema.object([
            "prescription": Schema.ref("PrescriptionVersion"), "plan": Schema.ref("StoredPlan"),
        ])
        return schemas
    }()
}
