import BackstepCore
import BackstepStorage
import Foundation
import Testing

@testable import BackstepStorageSQL

/// The engines the repository suite runs on.
enum Engine: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory, sqlite, postgres

    var testDescription: String { rawValue }

    /// The PostgreSQL URL the tests use, from `BACKSTEP_TEST_POSTGRES_URL`.
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["BACKSTEP_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Engines available in this run: PostgreSQL only when a URL is given.
    static var available: [Engine] { postgresURL == nil ? [.memory, .sqlite] : allCases }

    /// SQL engines available in this run.
    static var sql: [Engine] { available.filter { $0 != .memory } }

    static let skipMessage =
        "PostgreSQL tests skipped: BACKSTEP_TEST_POSTGRES_URL is not set (start a server with scripts/start-test-postgres.sh)"
}

/// A fresh, empty database for one test; removed afterwards.
struct TestDatabase {
    var location: DatabaseLocation
    var cleanup: @Sendable () async -> Void

    static func make(_ engine: Engine) async throws -> TestDatabase {
        switch engine {
        case .memory, .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "backstep-tests-\(UUID().uuidString)")
            let path = folder.appendingPathComponent("backstep.sqlite").path
            return TestDatabase(location: .sqliteFile(path)) { try? FileManager.default.removeItem(at: folder) }
        case .postgres:
            let base = try PostgresURL(parsing: try #require(Engine.postgresURL))
            let name = "backstep_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
            let admin = try await SQLStore.open(.postgres(base), migrate: false)
            try await admin.executeUnchecked("CREATE DATABASE \(name)")
            try await admin.close()
            var url = base
            url.database = name
            return TestDatabase(location: .postgres(url)) {
                guard let admin = try? await SQLStore.open(.postgres(base), migrate: false) else { return }
                try? await admin.executeUnchecked("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                try? await admin.close()
            }
        }
    }
}

/// Runs `body` with a fresh store on `engine`, then closes and removes it.
func withStore(_ engine: Engine, _ body: (any BackstepStore) async throws -> Void) async throws {
    if engine == .memory {
        try await body(InMemoryStore())
        return
    }
    let database = try await TestDatabase.make(engine)
    do {
        let store = try await SQLStore.open(database.location)
        do {
            try await body(store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    } catch {
        await database.cleanup()
        throw error
    }
    await database.cleanup()
}

/// Runs `body` with a fresh SQL store (for tests of SQL-only behaviour).
func withSQLStore(
    _ engine: Engine, migrate: Bool = true, _ body: (SQLStore, DatabaseLocation) async throws -> Void
)
    async throws
{
    let database = try await TestDatabase.make(engine)
    do {
        let store = try await SQLStore.open(database.location, migrate: migrate)
        do {
            try await body(store, database.location)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    } catch {
        await database.cleanup()
        throw error
    }
    await database.cleanup()
}

/// Fixtures.
enum Fixture {
    /// 2026-03-02 08:00 UTC, a Monday.
    static let monday = Date(timeIntervalSince1970: 1_772_438_400)

    static func day(_ n: Int, hour: Int = 8) -> Date {
        monday.addingTimeInterval(Double(n) * 86_400 + Double(hour - 8) * 3600)
    }

    static let profile = Profile(age: 60, mass: Mass(kilograms: 70), goal: .knee, conditions: [.kneePain])

    static var workout: Workout {
        (try? Catalog.program(id: Catalog.programs[0].id).workout()) ?? Workout(name: "empty", items: [])
    }

    static func samples(_ range: Range<Int>, speed: Double = 0.8) -> [SessionSample] {
        range.map { i in
            SessionSample(
                sequence: i, t: Double(i), segment: i / 60, direction: .backward, gait: .walk,
                targetSpeed: Speed(metersPerSecond: speed), speed: Speed(metersPerSecond: speed),
                targetGrade: .level, grade: .level, distance: Distance(meters: Double(i) * speed),
                heartRate: 100 + i % 20, met: 4.5, kcal: Double(i) * 0.08, forwardKcal: Double(i) * 0.06)
        }
    }

    static func summary(minutes: Double, speed: Double = 0.8, completed: Bool = true) -> SessionSummary {
        let seconds = minutes * 60
        return SessionSummary(
            elapsedSeconds: seconds, activeSeconds: seconds, backwardSeconds: seconds,
            distance: Distance(meters: seconds * speed), backwardDistance: Distance(meters: seconds * speed),
            kcal: minutes * 5, forwardKcal: minutes * 4, stepsCompleted: 3, stepsTotal: 3, completed: completed,
            stopReason: nil)
    }

    static func feedback(on date: Date, pain: Int = 2) -> SessionFeedback {
        SessionFeedback(
            date: date, completed: true, exertion: .borg(12), painDuring: pain, painAfter: pain,
            handrailUsed: .oneHand, notes: "ok")
    }

    static let prescription = Prescription(
        speed: .kilometersPerHour(3), duration: 600, handrail: .oneHand, stage: .novice)

    static func finished(on date: Date, minutes: Double = 20, speed: Double = 0.8, pain: Int? = 2) -> PerformedSession {
        PerformedSession(
            startedAt: date, endedAt: date.addingTimeInterval(minutes * 60), programId: Catalog.programs[0].id,
            workout: workout, status: .completed, source: .logged, summary: summary(minutes: minutes, speed: speed),
            feedback: pain.map { feedback(on: date, pain: $0) })
    }
}
