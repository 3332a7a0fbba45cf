import BackstepCore
import BackstepStorage
import Foundation
import SQLKit

extension SQLStore: OutcomeRepository {
    public func saveOutcome(_ outcome: StoredOutcome) async throws {
        let json = try StoredJSON.encode(outcome.result)
        try await write { db in
            try await Self.requireUser(outcome.clientId, db: db)
            try await db.insert(into: "outcome_result")
                .columns(
                    "id", "client_id", "measure", "value", "taken_at", "recorded_by", "recorder_name", "recorded_at",
                    "result_json"
                )
                .values(
                    outcome.id.uuidString, outcome.clientId.uuidString, outcome.result.measure.rawValue,
                    outcome.result.value, outcome.result.date.epochMilliseconds, outcome.recordedBy.uuidString,
                    outcome.recorderName, outcome.recordedAt.epochMilliseconds, json
                )
                .run()
        }
    }

    public func outcomes(of clientId: UserID) async throws -> [StoredOutcome] {
        try await read { db in
            try await db.raw(
                """
                SELECT id, client_id, recorded_by, recorder_name, recorded_at, result_json FROM outcome_result
                WHERE client_id = \(bind: clientId.uuidString) ORDER BY taken_at, recorded_at, id
                """
            ).all().map { row in
                let r = RowReader(row: row)
                return StoredOutcome(
                    id: try r.uuid("id"), clientId: try r.uuid("client_id"),
                    result: try r.json("result_json", as: OutcomeResult.self), recordedBy: try r.uuid("recorded_by"),
                    recorderName: try r.string("recorder_name"), recordedAt: try r.date("recorded_at"))
            }
        }
    }
}
