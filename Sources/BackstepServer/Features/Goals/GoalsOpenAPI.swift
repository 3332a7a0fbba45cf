import BackstepCore
import BackstepStorage
import Foundation

/// The goals' part of the OpenAPI document.
extension OpenAPIDocument {
    static let goalOperations: [APIOperation] = [
        .init(
            method: "post", path: "/clients/{id}/goals",
            summary: "Set a goal with a client (a treadmill or an outcome target and a due date); needs the "
                + "prescribe scope (logged)",
            request: "GoalRequest", success: (201, "Set", Schema.ref("Goal"))),
        .init(
            method: "get", path: "/clients/{id}/goals", summary: "A client's goals with where each stands (logged)",
            success: (200, "OK", Schema.array(Schema.ref("Goal")))),
        .init(
            method: "post", path: "/goals", summary: "Set a goal for yourself", request: "GoalRequest",
            success: (201, "Set", Schema.ref("Goal"))),
        .init(
            method: "get", path: "/goals", summary: "Your goals with where each stands",
            success: (200, "OK", Schema.array(Schema.ref("Goal")))),
    ]

    static let goalSchemas: [String: JSONValue] = {
        var schemas: [String: JSONValue] = [:]
        schemas["GoalTarget"] = Schema.object(
            [
                "kind": Schema.oneOf(["treadmill", "outcome"]),
                "minutes": Schema.number(0...TreadmillGoalTarget.maximumMinutes),
                "minimumSpeedMps": Schema.number(atLeast: 0), "maximumHandrail": Schema.oneOf(HandrailLevel.self),
                "measure": Schema.oneOf(OutcomeMeasureID.self), "threshold": Schema.number,
            ], optional: ["minutes", "minimumSpeedMps", "maximumHandrail", "measure", "threshold"])
        schemas["GoalRequest"] = Schema.object([
            "title": Schema.string(1...CareGoal.maximumTitleLength), "due": Schema.dateTime,
            "target": Schema.ref("GoalTarget"),
        ])
        schemas["Goal"] = Schema.object(
            [
                "id": Schema.uuid, "title": Schema.string, "setBy": Schema.string, "setOn": Schema.dateTime,
                "due": Schema.dateTime, "target": Schema.ref("GoalTarget"),
                "status": Schema.oneOf(["not-started", "in-progress", "overdue", "achieved"]),
                "progress": Schema.number(0...1), "expectedProgress": Schema.number(0...1), "onTrack": Schema.boolean,
                "achievedOn": Schema.dateTime, "late": Schema.boolean,
            ], optional: ["progress", "expectedProgress", "onTrack", "achievedOn", "late"])
        return schemas
    }()
}
