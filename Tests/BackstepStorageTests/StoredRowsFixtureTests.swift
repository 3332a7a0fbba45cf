import BackstepCore
import BackstepStorage
import Foundation
import Testing

@testable import BackstepStorageSQL

/// Rows written by an earlier Backstep stay readable: `Fixtures/stored-rows-2026-12-04.sqlite` was written by the
/// code of 2026-12-04 (through the store, as the app writes) with every kind of stored record — accounts, API
/// tokens, profile versions, a screening, a plan, live and imported sessions with samples, events, prescriptions
/// and feedback, assessments and a coach link — and is never rewritten. Each run opens a copy with today's code
/// (which migrates it) and reads every record back, equal to the values it was written from, which
/// `StoredRows` builds again here. A change to a stored `Codable` form that would strand old rows fails here.
///
/// To add a fixture for a later schema, run once with `BACKSTEP_WRITE_STORED_ROWS=<new file>` and commit the
/// file next to this one; keep the old ones.
@Suite struct StoredRowsFixtureTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/stored-rows-2026-12-04.sqlite")

    /// A copy of the fixture in a fresh folder, opened (and so migrated) by today's code.
    static func openCopy() async throws -> (folder: URL, store: SQLStore) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backstep-rows-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("old.sqlite")
        try FileManager.default.copyItem(at: fixture, to: copy)
        return (folder, try await SQLStore.open(.sqliteFile(copy.path)))
    }

    @Test func rowsWrittenByTheSchemaOf20261204StillRead() async throws {
        if let target = ProcessInfo.processInfo.environment["BACKSTEP_WRITE_STORED_ROWS"], !target.isEmpty {
            try? FileManager.default.removeItem(atPath: target)
            let store = try await SQLStore.open(.sqliteFile(target))
            try await StoredRows.write(into: store)
            try await store.executeUnchecked("VACUUM")
            try await store.executeUnchecked("PRAGMA wal_checkpoint(TRUNCATE)")
            try await store.close()
            try? FileManager.default.removeItem(atPath: target + "-wal")
            try? FileManager.default.removeItem(atPath: target + "-shm")
            return
        }
        let (folder, store) = try await Self.openCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            #expect(try await store.integrityProblems().isEmpty)
            try await StoredRows.check(store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    /// The check itself can fail: a row that differs from what was written is caught.
    @Test func theCheckNoticesAChangedRow() async throws {
        let (folder, store) = try await Self.openCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        var changed = StoredRows.profile
        changed.age += 1
        _ = try await store.saveProfile(changed, for: StoredRows.athlete.id, at: StoredRows.day(40))
        await #expect(throws: StoredRows.Mismatch.self) { try await StoredRows.check(store) }
        try await store.close()
    }
}

/// The records of the fixture, built the same way every time (fixed ids and dates).
enum StoredRows {
    /// A record read back is not the one written.
    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    static func uuid(_ n: UInt8) -> UUID { UUID(uuid: (0xB5, 0x7E, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, n)) }
    static func id<Subject>(_ n: UInt8) -> Identifier<Subject> { Identifier(uuid(n)) }

    /// 2026-11-02 07:30 UTC, a Monday.
    static func day(_ n: Double, hour: Double = 7.5) -> Date {
        Date(timeIntervalSince1970: 1_794_009_600 + n * 86_400 + hour * 3600)
    }

    static let athlete = User(id: id(1), name: "Ana Rückwärts", role: .athlete, createdAt: day(0))
    static let coach = User(id: id(2), name: "Dr. Kim Physio", role: .professional, createdAt: day(0))
    static let profile = Profile(
        age: 67, mass: Mass(kilograms: 72.5), goal: .knee, conditions: [.kneePain], units: .imperial)
    static let screening = ScreeningRecord(
        id: id(3), userId: athlete.id,
        screening: Screening(
            date: day(0), answers: Dictionary(uniqueKeysWithValues: ScreeningTopic.allCases.map { ($0, false) })))
    static let prescription = Prescription(
        speed: .kilometersPerHour(2.4), duration: 900, handrail: .fingertips, stage: .novice)

    static func plan() throws -> StoredPlan {
        let request = PlanRequest(
            profile: profile, goal: .knee, daysPerWeek: 3, minutesPerSession: 15, weeks: 6,
            screening: screening.screening, startDate: day(0), now: day(0))
        return StoredPlan(
            id: id(4), userId: athlete.id, createdAt: day(0), startDate: day(0),
            plan: try PlanGenerator.plan(for: request))
    }

    static func workout() throws -> Workout { try Catalog.program(id: "knee-oa").workout() }

    static func samples(count: Int, speed: Double) -> [SessionSample] {
        (0..<count).map { i in sample(i, speed: speed) }
    }

    static func sample(_ i: Int, speed: Double) -> SessionSample {
        let step = Double(i)
        let measured = Speed(metersPerSecond: speed - 0.01 * Double(i % 3))
        let heartRate: Int? = i % 7 == 0 ? nil : 92 + i % 15
        return SessionSample(
            sequence: i, t: step, segment: i / 120, direction: i < 60 ? .forward : .backward, gait: .walk,
            targetSpeed: Speed(metersPerSecond: speed), speed: measured, targetGrade: .level,
            grade: Grade(percent: Double(i % 2)), distance: Distance(meters: step * speed), heartRate: heartRate,
            met: 3.1, kcal: step * 0.07, forwardKcal: step * 0.05)
    }

    static func summary(seconds: Double, completed: Bool, stop: StopReason?) -> SessionSummary {
        SessionSummary(
            elapsedSeconds: seconds, activeSeconds: seconds - 5, backwardSeconds: seconds - 65,
            distance: Distance(meters: seconds * 0.66), backwardDistance: Distance(meters: (seconds - 65) * 0.66),
            kcal: seconds / 60 * 4.2, forwardKcal: seconds / 60 * 3.1, stepsCompleted: completed ? 4 : 2,
            stepsTotal: 4, completed: completed, stopReason: stop)
    }

    static let feedback = SessionFeedback(
        date: day(1, hour: 8), completed: true, exertion: .borg(13), painDuring: 3, painAfter: 2, painNextMorning: 1,
        handrailUsed: .fingertips, lostBalance: false, nearFall: false, redFlags: [], notes: "Knee fine; «ok» 👍")
    static let stoppedFeedback = SessionFeedback(
        date: day(3, hour: 8), completed: false, exertion: .cr10(6), painDuring: 5, painAfter: 4,
        handrailUsed: .oneHand, lostBalance: true, nearFall: false, redFlags: [.dizziness], notes: "")

    static let events = [
        StoredSessionEvent(sequence: 0, t: 0, type: "ready", json: #"{"t":0,"type":"ready"}"#),
        StoredSessionEvent(
            sequence: 1, t: 3, type: "command", json: #"{"command":{"start":{}},"t":3,"type":"command"}"#),
        StoredSessionEvent(sequence: 2, t: 179, type: "stop", json: #"{"reason":"user","t":179,"type":"stop"}"#),
    ]

    static func sessions() throws -> [PerformedSession] {
        let workout = try workout()
        return [
            PerformedSession(
                id: id(10), startedAt: day(1), endedAt: day(1).addingTimeInterval(180), programId: "knee-oa",
                workout: workout, status: .completed, source: .live,
                summary: summary(seconds: 180, completed: true, stop: nil), samples: samples(count: 180, speed: 0.66),
                feedback: feedback),
            PerformedSession(
                id: id(11), startedAt: day(3), endedAt: day(3).addingTimeInterval(120), programId: "knee-oa",
                workout: workout, status: .stopped, source: .simulated,
                summary: summary(seconds: 120, completed: false, stop: .dizziness),
                samples: samples(count: 120, speed: 0.6), feedback: stoppedFeedback),
        ]
    }

    static let assessments = [
        AssessmentRecord(
            id: id(20), userId: athlete.id, takenAt: day(0, hour: 9), kind: .threeMetreBackwardWalk, seconds: 4.6,
            population: .communityOlderAdults, notes: "first visit"),
        AssessmentRecord(
            id: id(21), userId: athlete.id, takenAt: day(7, hour: 9), kind: .comfortableBackwardSpeed,
            speed: Speed(metersPerSecond: 0.71)),
    ]

    static let token = APITokenRecord(
        id: id(30), tokenHash: String(repeating: "ab", count: 32), userId: athlete.id, name: "Watch",
        createdAt: day(0), lastUsedAt: day(2))

    /// Writes every record through the store, as the app does.
    static func write(into store: SQLStore) async throws {
        try await store.createAccount(
            user: athlete, email: "ana@example.com", passwordHash: "$2b$04$" + String(repeating: "x", count: 53))
        try await store.createUser(coach)
        try await store.createAPIToken(token)
        _ = try await store.saveProfile(profile, for: athlete.id, at: day(0))
        var heavier = profile
        heavier.mass = Mass(kilograms: 74)
        _ = try await store.saveProfile(heavier, for: athlete.id, at: day(5))
        try await store.saveScreening(screening)
        try await store.savePlan(try plan())
        let sessions = try sessions()
        // The live one is recorded as the live player records it: begun, samples, events, finished.
        var live = sessions[0]
        let samples = live.samples
        live.samples = []
        live.status = .inProgress
        live.summary = nil
        live.endedAt = nil
        live.feedback = nil
        try await store.beginSession(live, for: athlete.id, prescription: prescription)
        _ = try await store.appendSamples(samples, to: live.id)
        try await store.appendEvents(events, to: live.id)
        try await store.finishSession(
            live.id, status: .completed, summary: try #require(sessions[0].summary), endedAt: day(1) + 180)
        try await store.attachFeedback(feedback, to: live.id)
        var simulated = sessions[1]
        simulated.feedback = nil
        try await store.saveFinishedSession(simulated, for: athlete.id, prescription: prescription)
        try await store.attachFeedback(stoppedFeedback, to: simulated.id)
        for assessment in assessments { try await store.saveAssessment(assessment) }
        try await store.link(CoachClientLink(coachId: coach.id, clientId: athlete.id, createdAt: day(2)))
    }

    static func expect<T: Equatable>(_ read: T, _ written: T, _ what: String) throws {
        guard read == written else { throw Mismatch(description: "\(what) reads back as \(read), written \(written)") }
    }

    /// Reads every record back and compares it with what was written.
    static func check(_ store: SQLStore) async throws {
        try expect(try await store.user(id: athlete.id), athlete, "the athlete")
        try expect(try await store.user(id: coach.id), coach, "the coach")
        try expect(try await store.account(email: "ana@example.com")?.userId, athlete.id, "the account")
        try expect(try await store.apiToken(tokenHash: token.tokenHash), token, "the API token")
        let history = try await store.profileHistory(for: athlete.id)
        try expect(history.map(\.version), [1, 2], "the profile versions")
        try expect(history.first?.profile, profile, "the first profile")
        try expect(history.last?.profile.mass, Mass(kilograms: 74), "the edited mass")
        try expect(try await store.latestScreening(for: athlete.id), screening, "the screening")
        try expect(try await store.currentPlan(for: athlete.id), try plan(), "the plan")
        for written in try sessions() {
            let read = try await store.session(id: written.id)
            try expect(read, written, "session \(written.id)")
        }
        try expect(try await store.events(of: id(10)), events, "the live session's events")
        let records = try await store.progressionRecords(for: athlete.id)
        try expect(records.map(\.prescription), [prescription, prescription], "the prescriptions")
        try expect(records.map(\.feedback), [feedback, stoppedFeedback], "the feedback")
        try expect(try await store.assessments(for: athlete.id), assessments, "the assessments")
        try expect(try await store.clients(of: coach.id), [athlete], "the coach's clients")
        try expect(try await store.unfinishedSessions(for: nil).count, 0, "unfinished sessions")
    }
}
