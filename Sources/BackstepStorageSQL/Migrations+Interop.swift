import BackstepCore
import BackstepStorage
import Foundation
import SQLKit

/// Import's schema, applied after `AccountMigrations`. Append-only like the others.
public enum InteropMigrations {
    /// The migrations in the order they apply.
    public static let all: [SchemaMigration] = [
        // The duplicate fingerprint of every finished session (`SessionFingerprint.key`), so importing a file of a
        // session already stored is found to be a duplicate across runs. NULL while a session is in progress.
        SchemaMigration(
            name: "2026-11-22-session-fingerprint",
            statements: [
                "ALTER TABLE performed_session ADD COLUMN fingerprint TEXT",
                "CREATE INDEX performed_session_user_fingerprint ON performed_session (user_id, fingerprint)",
            ],
            dataStep: .sessionFingerprints)
    ]
}

extension SchemaDataStep {
    /// Runs the step inside the migration's transaction.
    func run(on db: any SQLDatabase) async throws {
        switch self {
        case .sessionFingerprints:
            let rows = try await db.raw(
                """
                SELECT id, started_at, ended_at, elapsed_seconds, distance_m FROM performed_session
                WHERE fingerprint IS NULL AND status <> 'in-progress'
                """
            ).all()
            for row in rows {
                let r = RowReader(row: row)
                let id = try r.string("id")
                let fingerprint = try await SQLStore.fingerprint(
                    session: id, startedAt: try r.date("started_at"), endedAt: try r.dateOrNil("ended_at"),
                    elapsedSeconds: try r.doubleOrNil("elapsed_seconds"),
                    summaryDistanceMeters: try r.doubleOrNil("distance_m"), db: db)
                try await db.update("performed_session").set("fingerprint", to: fingerprint.key)
                    .where("id", .equal, id).run()
            }
        case .interruptDuplicateLiveSessions:
            try await SQLStore.interruptDuplicateLiveSessions(db: db)
        case .appendOnlyAccessLog:
            try await SQLStore.makeAccessLogAppendOnly(db: db)
        }
    }
}

extension SQLStore {
    /// The fingerprint of a stored session: from its last sample (by time), else from its row.
    static func fingerprint(
        session id: String, startedAt: Date, endedAt: Date?, elapsedSeconds: Double?, summaryDistanceMeters: Double?,
        db: any SQLDatabase
    ) async throws -> SessionFingerprint {
        let last = try await db.raw(
            """
            SELECT t, distance_m FROM session_sample WHERE session_id = \(bind: id)
            ORDER BY t DESC, sequence DESC LIMIT 1
            """
        ).all().first.map { row in
            let r = RowReader(row: row)
            return (t: try r.double("t"), distanceMeters: try r.double("distance_m"))
        }
        return SessionFingerprint(
            startedAt: startedAt, lastSample: last, endedAt: endedAt, elapsedSeconds: elapsedSeconds,
            summaryDistanceMeters: summaryDistanceMeters)
    }

    public func sessionFingerprints(for userId: UserID) async throws -> Set<SessionFingerprint> {
        try await read { db in
            Set(
                try await db.raw(
                    """
                    SELECT fingerprint FROM performed_session
                    WHERE user_id = \(bind: userId.uuidString) AND fingerprint IS NOT NULL
                    """
                ).all().compactMap { SessionFingerprint(key: try RowReader(row: $0).string("fingerprint")) })
        }
    }

    public func saveImportedSession(_ session: PerformedSession, for userId: UserID) async throws -> Bool {
        try SessionValidation.validate(session, requireFinished: true)
        let key = SessionFingerprint(session).key
        return try await writeFeedingStatistics { db in
            try await Self.requireUser(userId, db: db)
            // Two imports of the same file at once: the check and the insert must not interleave. SQLite has one
            // writer; on PostgreSQL this row lock on the user (held to the commit) makes the second import wait
            // and then see the first one's session. It does not block sessions being recorded meanwhile.
            try await db.raw("UPDATE app_user SET name = name WHERE id = \(bind: userId.uuidString)").run()
            let duplicate = try await db.raw(
                """
                SELECT id FROM performed_session
                WHERE user_id = \(bind: userId.uuidString) AND fingerprint = \(bind: key)
                """
            ).all()
            guard duplicate.isEmpty else { return false }
            try await Self.insertFinished(session, userId: userId, prescription: nil, db: db)
            return true
        }
    }
}
