import BackstepCore
import BackstepStorage
import Foundation

/// The outcome measures' part of the OpenAPI document.
extension OpenAPIDocument {
    static let outcomeOperations: [APIOperation] = [
        .init(
            method: "post", path: "/clients/{id}/outcomes",
            summary: "Record a client's clinic test (3MBWT, TUG, 10MWT, 6MWT, FSST) or questionnaire answers; needs "
                + "the prescribe scope (logged)",
            request: "OutcomeRequest", success: (201, "Recorded", Schema.ref("Outcome"))),
        .init(
            method: "get", path: "/clients/{id}/outcomes",
            summary: "A client's outcome measures over time, with bands and clinically important changes (logged)",
            success: (200, "OK", Schema.array(Schema.ref("OutcomeSeries")))),
        .init(
            method: "post", path: "/outcomes", summary: "Answer a questionnaire (NPRS) for yourself",
            request: "OutcomeRequest", success: (201, "Recorded", Schema.ref("Outcome"))),
        .init(
            method: "get", path: "/outcomes", summary: "Your outcome measures over time",
            success: (200, "OK", Schema.array(Schema.ref("OutcomeSeries")))),
    ]

    static let outcomeSchemas: [String: JSONValue] = {
        var schemas: [String: JSONValue] = [:]
        let answers: JSONValue = ["type": "object", "additionalProperties": Schema.integer]
        schemas["OutcomeRequest"] = Schema.object(
            [
                "measure": Schema.oneOf(OutcomeMeasureID.self), "value": Schema.number, "answers": answers,
                "date": Schema.dateTime, "note": Schema.string(0...2000),
            ], optional: ["value", "answers", "date", "note"])
        schemas["Outcome"] = Schema.object(
            [
                "id": Schema.uuid, "measure": Schema.oneOf(OutcomeMeasureID.self), "value": Schema.number,
                "answers": answers, "date": Schema.dateTime, "note": Schema.string, "recordedBy": Schema.string,
                "recordedAt": Schema.dateTime,
            ], optional: ["answers", "note"])
        schemas["OutcomeBand"] = Schema.object([
            "id": Schema.string, "label": Schema.string, "meaning": Schema.string,
        ])
        schemas["OutcomeSeries"] = Schema.object(
            [
                "measure": Schema.oneOf(OutcomeMeasureID.self), "name": Schema.string,
                "unit": Schema.oneOf(OutcomeUnit.self), "betterDirection": Schema.oneOf(OutcomeDirection.self),
                "importantChange": Schema.number(atLeast: 0), "importantChangeRelative": Schema.number(0...1),
                "importantChangeBasis": Schema.oneOf(OutcomeChangeBasis.self),
                "points": Schema.array(
                    Schema.object(
                        [
                            "result": Schema.ref("Outcome"), "band": Schema.ref("OutcomeBand"),
                            "changeFromBaseline": Schema.number,
                            "significance": Schema.oneOf(OutcomeChangeSignificance.self),
                        ], optional: ["band", "changeFromBaseline", "significance"])),
            ], optional: ["importantChange", "importantChangeRelative", "importantChangeBasis"])
        return schemas
    }()
}
