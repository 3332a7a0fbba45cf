import BackstepCore
import BackstepStorage
import Foundation
import SQLKit

extension SQLStore: ReviewTimeRepository {
    public func saveReviewTime(_ entry: ReviewTimeEntry) async throws {
        guard ReviewTimeEntry.minutesRange.contains(entry.minutes) else {
            throw StorageError.invalid(InputError(field: "minutes", problem: "must be 1–240"))
        }
        guard entry.note.count <= ReviewTimeEntry.maximumNoteLength else {
            throw StorageError.invalid(InputError(field: "note", problem: "must be at most 500 characters"))
        }
        guard entry.day.epochMilliseconds % 86_400_000 == 0 else {
            throw StorageError.invalid(InputError(field: "date", problem: "must be a day (00:00 UTC)"))
        }
        try await write { db in
            try await Self.requireUser(entry.clientId, db: db)
            try await db.insert(into: "review_time")
                .columns(
                    "id", "client_id", "professional_id", "professional_name", "practice_id", "day", "minutes",
                    "interactive", "note", "logged_at"
                )
                .values(
                    entry.id.uuidString, entry.clientId.uuidString, entry.professionalId.uuidString,
                    entry.professionalName, entry.practiceId?.uuidString, entry.day.epochMilliseconds, entry.minutes,
                    entry.interactive ? 1 : 0, entry.note, entry.loggedAt.epochMilliseconds
                )
                .run()
        }
    }

    public func reviewTime(client clientId: UserID, from: Date, to: Date) async throws -> [ReviewTimeEntry] {
        try await read { db in
            try await db.raw(
                """
                SELECT id, client_id, professional_id, professional_name, practice_id, day, minutes, interactive, note,
                logged_at FROM review_time
                WHERE client_id = \(bind: clientId.uuidString) AND day >= \(bind: from.epochMilliseconds)
                AND day < \(bind: to.epochMilliseconds)
                ORDER BY day, logged_at, id
                """
            ).all().map { row in
                let r = RowReader(row: row)
                let practice = try r.stringOrNil("practice_id")
                return ReviewTimeEntry(
                    id: try r.uuid("id"), clientId: try r.uuid("client_id"),
                    professionalId: try r.uuid("professional_id"),
                    professionalName: try r.string("professional_name"),
                    practiceId: try practice.map { text in
                        guard let id = PracticeID(uuidString: text) else {
                            throw StorageError.engine("practice_id: '\(text)' is not a UUID")
                        }
                        return id
                    }, day: try r.date("day"), minutes: try r.int("minutes"), interactive: try r.bool("interactive"),
                    note: try r.string("note"), loggedAt: try r.date("logged_at"))
            }
        }
    }
}
