import BackstepCore
import BackstepStorage
import Foundation
import SQLKit

extension SQLStore: GoalRepository {
    public func saveGoal(_ goal: StoredGoal) async throws {
        let json = try StoredJSON.encode(goal.goal)
        try await write { db in
            try await Self.requireUser(goal.clientId, db: db)
            try await db.insert(into: "care_goal")
                .columns("id", "client_id", "set_by", "setter_name", "due_at", "goal_json")
                .values(
                    goal.id.uuidString, goal.clientId.uuidString, goal.setBy.uuidString, goal.setterName,
                    goal.goal.due.epochMilliseconds, json
                )
                .run()
        }
    }

    public func goals(of clientId: UserID) async throws -> [StoredGoal] {
        try await read { db in
            try await db.raw(
                """
                SELECT id, client_id, set_by, setter_name, goal_json FROM care_goal
                WHERE client_id = \(bind: clientId.uuidString) ORDER BY due_at, id
                """
            ).all().map { row in
                let r = RowReader(row: row)
                return StoredGoal(
                    id: try r.uuid("id"), clientId: try r.uuid("client_id"),
                    goal: try r.json("goal_json", as: CareGoal.self), setBy: try r.uuid("set_by"),
                    setterName: try r.string("setter_name"))
            }
        }
    }
}
