import BackstepCore
import BackstepStorage
import Foundation
import SQLKit

extension SQLStore {
    /// Rows per multi-row INSERT: 15 columns × 1,000 rows stays under both engines' bind-parameter limits.
    static let sampleChunk = 1_000

    static let sampleColumns = [
        "session_id", "sequence", "t", "segment", "direction", "gait", "target_speed_mps", "speed_mps",
        "target_grade_percent", "grade_percent", "distance_m", "heart_rate_bpm", "met", "kcal", "forward_kcal",
    ]

    static func sampleValues(_ sample: SessionSample, session: String) -> [any Encodable & Sendable] {
        [
            session, sample.sequence, sample.t, sample.segment, sample.direction?.rawValue, sample.gait?.rawValue,
            sample.targetSpeed?.metersPerSecond, sample.speed?.metersPerSecond, sample.targetGrade?.percent,
            sample.grade?.percent, sample.distance.meters, sample.heartRate, sample.met, sample.kcal,
            sample.forwardKcal,
        ]
    }

    static let summaryColumns = [
        "elapsed_seconds", "active_seconds", "backward_seconds", "distance_m", "backward_distance_m", "kcal",
        "forward_kcal", "steps_completed", "steps_total", "completed_all", "stop_reason", "average_backward_speed_mps",
    ]

    static func summaryValues(_ summary: SessionSummary?) -> [any Encodable & Sendable] {
        [
            summary?.elapsedSeconds, summary?.activeSeconds, summary?.backwardSeconds, summary?.distance.meters,
            summary?.backwardDistance.meters, summary?.kcal, summary?.forwardKcal, summary?.stepsCompleted,
            summary?.stepsTotal, summary.map { $0.completed ? 1 : 0 }, summary?.stopReason?.rawValue,
            summary?.averageBackwardSpeed?.metersPerSecond,
        ]
    }

    /// Inserts samples, skipping sequence numbers already stored; returns how many were new.
    static func insertSamples(_ samples: [SessionSample], session: SessionID, db: any SQLDatabase) async throws -> Int {
        var added = 0
        var start = 0
        while start < samples.count {
            let chunk = samples[start..<min(start + sampleChunk, samples.count)]
            let builder = db.insert(into: "session_sample").columns(sampleColumns)
            for sample in chunk { builder.values(sampleValues(sample, session: session.uuidString)) }
            added += try await builder.ignoringConflicts(with: ["session_id", "sequence"]).returning("sequence").all()
                .count
            start += sampleChunk
        }
        return added
    }

    static func insertSessionRow(
        _ session: PerformedSession, userId: UserID, prescription: Prescription?, db: any SQLDatabase,
        ignoringConflicts: Bool
    ) async throws {
        let columns =
            [
                "id", "user_id", "started_at", "ended_at", "program_id", "status", "source", "workout_json",
                "prescription_json", "peak_pain", "fingerprint",
            ] + summaryColumns
        let values: [any Encodable & Sendable] =
            [
                session.id.uuidString, userId.uuidString, session.startedAt.epochMilliseconds,
                session.endedAt?.epochMilliseconds, session.programId, session.status.rawValue, session.source.rawValue,
                try StoredJSON.encode(session.workout), try prescription.map { try StoredJSON.encode($0) },
                session.feedback?.peakPain, session.status == .inProgress ? nil : SessionFingerprint(session).key,
            ] + summaryValues(session.summary)
        let builder = db.insert(into: "performed_session").columns(columns).values(values)
        if ignoringConflicts { builder.ignoringConflicts(with: ["id"]) }
        try await builder.run()
    }

    /// The status of a session, or `notFound`.
    static func status(of sessionId: SessionID, db: any SQLDatabase) async throws -> SessionStatus {
        guard
            let row = try await db.raw(
                "SELECT status FROM performed_session WHERE id = \(bind: sessionId.uuidString)"
            ).all().first
        else { throw StorageError.notFound("session \(sessionId)") }
        return try RowReader(row: row).enumeration("status", as: SessionStatus.self)
    }

    static func requireRunning(_ sessionId: SessionID, db: any SQLDatabase) async throws {
        let status = try await status(of: sessionId, db: db)
        guard status == .inProgress else {
            throw StorageError.conflict("session \(sessionId) is \(status.rawValue), not in progress")
        }
    }

    public func beginSession(_ session: PerformedSession, for userId: UserID, prescription: Prescription?) async throws
    {
        guard session.status == .inProgress else {
            throw StorageError.conflict("a session must begin in progress, not \(session.status.rawValue)")
        }
        try SessionValidation.validate(session, requireFinished: false)
        try prescription.map { p throws(StorageError) in
            try StorageError.validating { () throws(InputError) in try p.validate() }
        }
        do {
            try await write { db in
                try await Self.requireUser(userId, db: db)
                // One in-progress session per user: the unique index `performed_session_one_in_progress` holds the
                // rule; asking first names the running session in the common case.
                if let running = try await Self.runningSession(of: userId, other: session.id, db: db) {
                    throw StorageError.liveSessionInProgress(running)
                }
                try await Self.insertSessionRow(
                    session, userId: userId, prescription: prescription, db: db, ignoringConflicts: true)
                let rows = try await db.raw(
                    "SELECT user_id, started_at FROM performed_session WHERE id = \(bind: session.id.uuidString)"
                ).all()
                guard let row = rows.first, try RowReader(row: row).uuid("user_id") == userId,
                    try RowReader(row: row).int("started_at") == session.startedAt.epochMilliseconds
                else { throw StorageError.conflict("session \(session.id) already exists") }
                if !session.samples.isEmpty {
                    _ = try await Self.insertSamples(session.samples, session: session.id, db: db)
                }
            }
        } catch StorageError.engine(let reason) {
            // A concurrent start committed between the question and the insert, and the index refused this one
            // (the transaction is rolled back): name the session that won.
            let running = try await read { db in
                try await Self.runningSession(of: userId, other: session.id, db: db)
            }
            if let running { throw StorageError.liveSessionInProgress(running) }
            throw StorageError.engine(reason)
        }
    }

    /// The user's in-progress session other than `sessionId`, if any.
    static func runningSession(
        of userId: UserID, other sessionId: SessionID, db: any SQLDatabase
    ) async throws -> SessionID? {
        let rows = try await db.raw(
            """
            SELECT id FROM performed_session
            WHERE user_id = \(bind: userId.uuidString) AND status = 'in-progress' AND id <> \(bind: sessionId.uuidString)
            """
        ).all()
        return try rows.first.map { try RowReader(row: $0).uuid("id") }
    }

    public func appendSamples(_ samples: [SessionSample], to sessionId: SessionID) async throws -> Int {
        try StorageError.validating { () throws(InputError) in for sample in samples { try sample.validateForStorage() }
        }
        return try await write { db in
            try await Self.requireRunning(sessionId, db: db)
            return try await Self.insertSamples(samples, session: sessionId, db: db)
        }
    }

    public func appendEvents(_ events: [StoredSessionEvent], to sessionId: SessionID) async throws {
        for event in events where event.sequence < 0 || !(event.t >= 0) {
            throw StorageError.invalid(
                InputError(field: "events[\(event.sequence)]", problem: "sequence and t must not be negative"))
        }
        guard !events.isEmpty else { return }
        try await write { db in
            try await Self.requireRunning(sessionId, db: db)
            let builder = db.insert(into: "session_event").columns(
                "session_id", "sequence", "t", "event_type", "event_json")
            for event in events {
                builder.values(sessionId.uuidString, event.sequence, event.t, event.type, event.json)
            }
            try await builder.ignoringConflicts(with: ["session_id", "sequence"]).run()
        }
    }

    public func finishSession(
        _ sessionId: SessionID, status: SessionStatus, summary: SessionSummary, endedAt: Date
    ) async throws {
        guard status == .completed || status == .stopped else {
            throw StorageError.invalid(InputError(field: "status", problem: "must be completed or stopped"))
        }
        try StorageError.validating { () throws(InputError) in try summary.validateForStorage() }
        try await writeFeedingStatistics { db in
            try await Self.requireRunning(sessionId, db: db)
            try await Self.close(sessionId, status: status, summary: summary, endedAt: endedAt, db: db)
        }
    }

    static func close(
        _ sessionId: SessionID, status: SessionStatus, summary: SessionSummary, endedAt: Date, db: any SQLDatabase
    ) async throws {
        let rows = try await db.raw(
            "SELECT started_at FROM performed_session WHERE id = \(bind: sessionId.uuidString)"
        ).all()
        let started = try rows.first.map { try RowReader(row: $0).int("started_at") } ?? 0
        guard endedAt.epochMilliseconds >= started else {
            throw StorageError.invalid(InputError(field: "endedAt", problem: "is before the session started"))
        }
        let computed = try await Self.fingerprint(
            session: sessionId.uuidString, startedAt: Date(epochMilliseconds: started), endedAt: endedAt,
            elapsedSeconds: summary.elapsedSeconds, summaryDistanceMeters: summary.distance.meters, db: db)
        let builder = db.update("performed_session")
            .set("status", to: status.rawValue)
            .set("ended_at", to: endedAt.epochMilliseconds)
            .set("fingerprint", to: computed.key)
        for (column, value) in zip(summaryColumns, summaryValues(summary)) { builder.set(column, to: value) }
        try await builder.where("id", .equal, sessionId.uuidString).run()
    }

    public func closeInterrupted(_ sessionId: SessionID, at date: Date?) async throws -> SessionOverview {
        try await writeFeedingStatistics { db in
            try await Self.requireRunning(sessionId, db: db)
            let samples = try await Self.samples(of: sessionId, db: db)
            let head = try await db.raw(
                "SELECT started_at, workout_json FROM performed_session WHERE id = \(bind: sessionId.uuidString)"
            ).all()
            guard let row = head.first else { throw StorageError.notFound("session \(sessionId)") }
            let r = RowReader(row: row)
            let startedAt = try r.date("started_at")
            let workout = try r.json("workout_json", as: Workout.self)
            let summary = SessionSummary.fromSamples(samples, stepsTotal: workout.performedSteps.count)
            let endedAt = max(date ?? startedAt.addingTimeInterval(summary.elapsedSeconds), startedAt)
            try await Self.close(sessionId, status: .interrupted, summary: summary, endedAt: endedAt, db: db)
            guard
                let overview = try await Self.overviews(where: "s.id = ", sessionId.uuidString, limit: nil, db: db)
                    .first
            else { throw StorageError.notFound("session \(sessionId)") }
            return overview
        }
    }

    public func unfinishedSessions(for userId: UserID?) async throws -> [SessionOverview] {
        try await read { db in
            let all = try await Self.overviews(
                where: "s.status = ", SessionStatus.inProgress.rawValue, limit: nil, db: db)
            return all.filter { userId == nil || $0.userId == userId }.sorted { $0.startedAt < $1.startedAt }
        }
    }

    public func saveFinishedSession(
        _ session: PerformedSession, for userId: UserID, prescription: Prescription?
    ) async throws {
        try SessionValidation.validate(session, requireFinished: true)
        try prescription.map { p throws(StorageError) in
            try StorageError.validating { () throws(InputError) in try p.validate() }
        }
        try await writeFeedingStatistics { db in
            try await Self.requireUser(userId, db: db)
            try await Self.insertFinished(session, userId: userId, prescription: prescription, db: db)
        }
    }

    /// Inserts a whole finished session (row, samples, feedback) inside the caller's transaction.
    static func insertFinished(
        _ session: PerformedSession, userId: UserID, prescription: Prescription?, db: any SQLDatabase
    ) async throws {
        let existing = try await db.raw(
            "SELECT id FROM performed_session WHERE id = \(bind: session.id.uuidString)"
        ).all()
        guard existing.isEmpty else { throw StorageError.conflict("session \(session.id) already exists") }
        try await insertSessionRow(
            session, userId: userId, prescription: prescription, db: db, ignoringConflicts: false)
        _ = try await insertSamples(session.samples, session: session.id, db: db)
        if let feedback = session.feedback { try await upsertFeedback(feedback, session: session.id, db: db) }
    }

    public func session(id: SessionID) async throws -> PerformedSession? {
        try await read { db in
            guard
                let row = try await db.raw(
                    "SELECT workout_json FROM performed_session WHERE id = \(bind: id.uuidString)"
                ).all().first,
                let overview = try await Self.overviews(where: "s.id = ", id.uuidString, limit: nil, db: db).first
            else { return nil }
            return PerformedSession(
                id: overview.id, startedAt: overview.startedAt, endedAt: overview.endedAt,
                programId: overview.programId, workout: try RowReader(row: row).json("workout_json", as: Workout.self),
                status: overview.status, source: overview.source, summary: overview.summary,
                samples: try await Self.samples(of: id, db: db), feedback: overview.feedback)
        }
    }

    public func sessions(for userId: UserID, limit: Int?) async throws -> [SessionOverview] {
        try await read { db in
            try await Self.overviews(where: "s.user_id = ", userId.uuidString, limit: limit, db: db)
        }
    }

    public func statisticsRows(for userId: UserID) async throws -> [SessionStatRow] {
        try await read { db in
            try await db.raw(
                """
                SELECT id, started_at, status, active_seconds, backward_seconds, distance_m, kcal, forward_kcal,
                    average_backward_speed_mps, peak_pain
                FROM performed_session WHERE user_id = \(bind: userId.uuidString)
                """
            ).all().map { row in
                let r = RowReader(row: row)
                return SessionStatRow(
                    id: try r.uuid("id"), startedAt: try r.date("started_at"),
                    status: try r.enumeration("status", as: SessionStatus.self),
                    activeSeconds: try r.doubleOrNil("active_seconds") ?? 0,
                    backwardSeconds: try r.doubleOrNil("backward_seconds") ?? 0,
                    distanceMeters: try r.doubleOrNil("distance_m") ?? 0, kcal: try r.doubleOrNil("kcal") ?? 0,
                    forwardKcal: try r.doubleOrNil("forward_kcal") ?? 0,
                    averageBackwardSpeedMps: try r.doubleOrNil("average_backward_speed_mps"),
                    peakPain: try r.intOrNil("peak_pain"))
            }
        }
    }

    public func firstSessionStart(for userId: UserID) async throws -> Date? {
        try await read { db in
            let rows = try await db.raw(
                "SELECT MIN(started_at) AS first FROM performed_session WHERE user_id = \(bind: userId.uuidString)"
            ).all()
            return try rows.first.flatMap { try RowReader(row: $0).dateOrNil("first") }
        }
    }

    public func lastSampleSequence(of sessionId: SessionID) async throws -> Int? {
        try await read { db in
            _ = try await Self.status(of: sessionId, db: db)
            let rows = try await db.raw(
                "SELECT MAX(sequence) AS last FROM session_sample WHERE session_id = \(bind: sessionId.uuidString)"
            ).all()
            return try rows.first.flatMap { try RowReader(row: $0).intOrNil("last") }
        }
    }

    public func events(of sessionId: SessionID) async throws -> [StoredSessionEvent] {
        try await read { db in
            try await db.raw(
                """
                SELECT sequence, t, event_type, event_json FROM session_event
                WHERE session_id = \(bind: sessionId.uuidString) ORDER BY sequence
                """
            ).all().map { row in
                let r = RowReader(row: row)
                return StoredSessionEvent(
                    sequence: try r.int("sequence"), t: try r.double("t"), type: try r.string("event_type"),
                    json: try r.string("event_json"))
            }
        }
    }

    static func samples(of sessionId: SessionID, db: any SQLDatabase) async throws -> [SessionSample] {
        try await db.raw(
            """
            SELECT sequence, t, segment, direction, gait, target_speed_mps, speed_mps, target_grade_percent,
                grade_percent, distance_m, heart_rate_bpm, met, kcal, forward_kcal
            FROM session_sample WHERE session_id = \(bind: sessionId.uuidString) ORDER BY sequence
            """
        ).all().map { row in
            let r = RowReader(row: row)
            return SessionSample(
                sequence: try r.int("sequence"), t: try r.double("t"), segment: try r.int("segment"),
                direction: try r.enumerationOrNil("direction", as: Direction.self),
                gait: try r.enumerationOrNil("gait", as: Gait.self),
                targetSpeed: try r.doubleOrNil("target_speed_mps").map(Speed.init(metersPerSecond:)),
                speed: try r.doubleOrNil("speed_mps").map(Speed.init(metersPerSecond:)),
                targetGrade: try r.doubleOrNil("target_grade_percent").map(Grade.init(percent:)),
                grade: try r.doubleOrNil("grade_percent").map(Grade.init(percent:)),
                distance: Distance(meters: try r.double("distance_m")), heartRate: try r.intOrNil("heart_rate_bpm"),
                met: try r.double("met"), kcal: try r.double("kcal"), forwardKcal: try r.double("forward_kcal"))
        }
    }

    /// Session rows joined with their feedback, newest first. `condition` is a fixed SQL fragment ending in
    /// `= ` and `value` is bound.
    static func overviews(
        where condition: String, _ value: String, limit: Int?, db: any SQLDatabase
    ) async throws -> [SessionOverview] {
        var query = SQLQueryString(
            """
            SELECT s.id, s.user_id, s.started_at, s.ended_at, s.program_id, s.status, s.source, s.prescription_json,
                s.elapsed_seconds, s.active_seconds, s.backward_seconds, s.distance_m, s.backward_distance_m, s.kcal,
                s.forward_kcal, s.steps_completed, s.steps_total, s.completed_all, s.stop_reason,
                s.average_backward_speed_mps,
                f.session_id AS f_session_id, f.reported_at AS f_reported_at, f.completed AS f_completed,
                f.rpe AS f_rpe, f.rpe_scale AS f_rpe_scale, f.pain_during AS f_pain_during,
                f.pain_after AS f_pain_after, f.pain_next_morning AS f_pain_next_morning,
                f.handrail_used AS f_handrail_used, f.lost_balance AS f_lost_balance, f.near_fall AS f_near_fall,
                f.red_flags AS f_red_flags, f.notes AS f_notes
            FROM performed_session s LEFT JOIN session_feedback f ON f.session_id = s.id
            WHERE \(unsafeRaw: condition)\(bind: value)
            ORDER BY s.started_at DESC, s.id DESC
            """)
        if let limit { query.appendInterpolation(unsafeRaw: " LIMIT \(max(0, limit))") }
        return try await db.raw(query).all().map(Self.readOverview)
    }

    static func readOverview(_ row: any SQLRow) throws -> SessionOverview {
        let r = RowReader(row: row)
        var summary: SessionSummary?
        if let elapsed = try r.doubleOrNil("elapsed_seconds") {
            summary = SessionSummary(
                elapsedSeconds: elapsed, activeSeconds: try r.doubleOrNil("active_seconds") ?? 0,
                backwardSeconds: try r.doubleOrNil("backward_seconds") ?? 0,
                distance: Distance(meters: try r.doubleOrNil("distance_m") ?? 0),
                backwardDistance: Distance(meters: try r.doubleOrNil("backward_distance_m") ?? 0),
                kcal: try r.doubleOrNil("kcal") ?? 0, forwardKcal: try r.doubleOrNil("forward_kcal") ?? 0,
                stepsCompleted: try r.intOrNil("steps_completed") ?? 0, stepsTotal: try r.intOrNil("steps_total") ?? 0,
                completed: (try r.intOrNil("completed_all") ?? 0) != 0,
                stopReason: try r.enumerationOrNil("stop_reason", as: StopReason.self))
        }
        var feedback: SessionFeedback?
        if try r.stringOrNil("f_session_id") != nil {
            let scale = try r.enumerationOrNil("f_rpe_scale", as: ExertionScale.self)
            let rpe = try r.doubleOrNil("f_rpe")
            let flags = try r.string("f_red_flags").split(separator: ",").compactMap {
                RedFlagSymptom(rawValue: String($0))
            }
            feedback = SessionFeedback(
                date: try r.date("f_reported_at"), completed: try r.bool("f_completed"),
                exertion: rpe.map { PerceivedExertion($0, scale: scale ?? .borg) },
                painDuring: try r.int("f_pain_during"), painAfter: try r.int("f_pain_after"),
                painNextMorning: try r.intOrNil("f_pain_next_morning"),
                handrailUsed: try r.enumeration("f_handrail_used", as: HandrailLevel.self),
                lostBalance: try r.bool("f_lost_balance"), nearFall: try r.bool("f_near_fall"),
                redFlags: Set(flags), notes: try r.string("f_notes"))
        }
        return SessionOverview(
            id: try r.uuid("id"), userId: try r.uuid("user_id"), startedAt: try r.date("started_at"),
            endedAt: try r.dateOrNil("ended_at"), programId: try r.stringOrNil("program_id"),
            status: try r.enumeration("status", as: SessionStatus.self),
            source: try r.enumeration("source", as: SessionSource.self), summary: summary,
            averageBackwardSpeed: try r.doubleOrNil("average_backward_speed_mps").map(Speed.init(metersPerSecond:)),
            feedback: feedback, prescription: try r.jsonOrNil("prescription_json", as: Prescription.self))
    }

    // MARK: Feedback

    public func attachFeedback(_ feedback: SessionFeedback, to sessionId: SessionID) async throws {
        try feedback.validateForStorageSQL()
        try await writeFeedingStatistics { db in
            _ = try await Self.status(of: sessionId, db: db)
            try await Self.upsertFeedback(feedback, session: sessionId, db: db)
        }
    }

    static func upsertFeedback(_ feedback: SessionFeedback, session: SessionID, db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM session_feedback WHERE session_id = \(bind: session.uuidString)").run()
        try await db.insert(into: "session_feedback")
            .columns(
                "session_id", "reported_at", "completed", "rpe", "rpe_scale", "pain_during", "pain_after",
                "pain_next_morning", "handrail_used", "lost_balance", "near_fall", "red_flags", "notes"
            )
            .values(
                session.uuidString, feedback.date.epochMilliseconds, feedback.completed ? 1 : 0,
                feedback.exertion?.value, feedback.exertion?.scale.rawValue, feedback.painDuring, feedback.painAfter,
                feedback.painNextMorning, feedback.handrailUsed.rawValue, feedback.lostBalance ? 1 : 0,
                feedback.nearFall ? 1 : 0, feedback.redFlags.sorted().map(\.rawValue).joined(separator: ","),
                feedback.notes
            )
            .run()
        try await db.update("performed_session").set("peak_pain", to: feedback.peakPain)
            .where("id", .equal, session.uuidString).run()
    }

    public func feedback(for sessionId: SessionID) async throws -> SessionFeedback? {
        try await read { db in
            try await Self.overviews(where: "s.id = ", sessionId.uuidString, limit: nil, db: db).first?.feedback
        }
    }
}

extension SessionFeedback {
    func validateForStorageSQL() throws(StorageError) {
        do { try validate() } catch {
            throw .invalid(InputError(field: "feedback.\(error.field)", problem: error.problem))
        }
    }
}
