import BackstepCore
import BackstepStorage
import Foundation

/// The monthly report's and review time's part of the OpenAPI document.
extension OpenAPIDocument {
    static let reportOperations: [APIOperation] = [
        .init(
            method: "post", path: "/clients/{id}/review-time",
            summary: "Log minutes spent on a client on a day (1–240), and whether the time included an interactive "
                + "communication with the client (logged)",
            request: "ReviewTimeRequest", success: (201, "Logged", Schema.ref("ReviewTime"))),
        .init(
            method: "get", path: "/clients/{id}/report",
            summary: "A client's monthly report for a calendar month (UTC): the period, the days with data, sessions "
                + "against the plan, pain, outcome measures, flags and their handling, prescription changes and the "
                + "logged review time; facts only, no billing claim (logged)",
            success: (200, "OK", Schema.ref("MonthlyReport")), errors: [422],
            query: [
                [
                    "name": "month", "in": "query", "required": false,
                    "description": "The month, YYYY-MM (default: the current month, UTC)",
                    "schema": ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"],
                ]
            ]),
    ]

    static let reportSchemas: [String: JSONValue] = {
        var schemas: [String: JSONValue] = [:]
        let day: JSONValue = ["type": "string", "format": "date"]
        let minutes = Schema.integer(ReviewTimeEntry.minutesRange)
        let note = Schema.string(0...ReviewTimeEntry.maximumNoteLength)
        schemas["ReviewTimeRequest"] = Schema.object(
            ["date": day, "minutes": minutes, "interactive": Schema.boolean, "note": note],
            optional: ["date", "interactive", "note"])
        schemas["ReviewTime"] = Schema.object(
            [
                "id": Schema.uuid, "date": day, "minutes": minutes, "interactive": Schema.boolean, "note": note,
                "loggedBy": Schema.string, "loggedById": Schema.uuid, "loggedAt": Schema.dateTime,
            ], optional: ["note"])
        let pain = Schema.integer(0...10)
        schemas["MonthlyReport"] = Schema.object([
            "client": Schema.object([
                "id": Schema.uuid, "name": Schema.string, "practiceName": Schema.string,
                "consentSince": Schema.dateTime,
            ]),
            "period": Schema.object([
                "month": ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"], "label": Schema.string,
                "firstDay": day, "lastDay": day, "days": Schema.integer(28...31), "complete": Schema.boolean,
            ]),
            "generatedAt": Schema.dateTime, "preparedBy": Schema.string,
            "daysWithData": Schema.object([
                "count": Schema.integer(0...31), "periodDays": Schema.integer(28...31), "dates": Schema.array(day),
            ]),
            "sessions": Schema.object([
                "recorded": Schema.integer(atLeast: 0), "completed": Schema.integer(atLeast: 0),
                "planned": Schema.integer(atLeast: 0), "minutesDone": Schema.number(atLeast: 0),
                "minutesPlanned": Schema.number(atLeast: 0),
                "list": Schema.array(
                    Schema.object(
                        [
                            "id": Schema.uuid, "startedAt": Schema.dateTime, "programId": Schema.string,
                            "status": Schema.oneOf(SessionStatus.self), "activeMinutes": Schema.number(atLeast: 0),
                            "peakPain": pain,
                        ], optional: ["programId", "peakPain"])),
            ]),
            "pain": Schema.object(
                [
                    "trend": Schema.oneOf(PainTrend.self), "highest": pain,
                    "sessions": Schema.array(
                        Schema.object(
                            [
                                "sessionId": Schema.uuid, "date": Schema.dateTime, "peak": pain, "during": pain,
                                "after": pain, "nextMorning": pain,
                            ], optional: ["nextMorning"])),
                ], optional: ["highest"]),
            "outcomes": Schema.array(
                Schema.object(
                    [
                        "measure": Schema.oneOf(OutcomeMeasureID.self), "name": Schema.string,
                        "unit": Schema.oneOf(OutcomeUnit.self), "betterDirection": Schema.oneOf(OutcomeDirection.self),
                        "importantChange": Schema.number(atLeast: 0),
                        "importantChangeBasis": Schema.oneOf(OutcomeChangeBasis.self),
                        "points": Schema.array(
                            Schema.object(
                                [
                                    "date": Schema.dateTime, "value": Schema.number, "band": Schema.ref("OutcomeBand"),
                                    "changeFromBaseline": Schema.number,
                                    "significance": Schema.oneOf(OutcomeChangeSignificance.self),
                                ], optional: ["band", "changeFromBaseline", "significance"])),
                    ], optional: ["importantChange", "importantChangeBasis"])),
            "flags": Schema.array(
                Schema.object(
                    [
                        "flag": Schema.ref("CareFlag"),
                        "acknowledged": Schema.object([
                            "by": Schema.string, "at": Schema.dateTime,
                            "note": Schema.string(0...CareFlagReview.maximumNoteLength),
                        ]),
                    ], optional: ["acknowledged"])),
            "prescriptionChanges": Schema.array(Schema.ref("PrescriptionVersion")),
            "reviewTime": Schema.object([
                "totalMinutes": Schema.integer(atLeast: 0),
                "byProfessional": Schema.array(
                    Schema.object(["name": Schema.string, "minutes": Schema.integer(atLeast: 1)])),
                "interactiveCommunicationDates": Schema.array(day), "entries": Schema.array(Schema.ref("ReviewTime")),
            ]),
        ])
        return schemas
    }()
}
