import BackstepCore
import BackstepStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import BackstepServer
@testable import BackstepStorageSQL

/// The server as `backstep serve` starts it, on each engine: the store opened for the service group (on PostgreSQL
/// its pool runs there), sessions a previous process left running closed as interrupted before anything is served,
/// and requests answered through the pool.
@Suite(.serialized) struct StartupTests {
    enum Database: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case sqliteFile, postgres
        var testDescription: String { rawValue }
    }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["BACKSTEP_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var databases: [Database] { postgresURL == nil ? [.sqliteFile] : Database.allCases }

    /// A fresh database and how to remove it.
    func make(_ database: Database) async throws -> (DatabaseLocation, @Sendable () async -> Void) {
        switch database {
        case .sqliteFile:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backstep-start-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return (
                .sqliteFile(folder.appendingPathComponent("b.sqlite").path),
                {
                    try? FileManager.default.removeItem(at: folder)
                }
            )
        case .postgres:
            let base = try PostgresURL(parsing: try #require(Self.postgresURL))
            let name = "backstep_start_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
            let admin = try await SQLStore.open(.postgres(base), migrate: false)
            try await admin.executeUnchecked("CREATE DATABASE \(name)")
            try await admin.close()
            var url = base
            url.database = name
            return (
                .postgres(url),
                {
                    guard let admin = try? await SQLStore.open(.postgres(base), migrate: false) else { return }
                    try? await admin.executeUnchecked("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                    try? await admin.close()
                }
            )
        }
    }

    @Test(arguments: databases) func theServerClosesLeftoverSessionsAndServesThroughItsServices(
        database: Database
    ) async throws {
        let (location, cleanup) = try await make(database)
        do {
            // A previous process left a live session running.
            let before = try await SQLStore.open(location)
            let walker = User(name: "Left Running", role: .athlete, createdAt: Date())
            try await before.createUser(walker)
            let workout = try Catalog.program(id: "knee-oa").workout()
            let leftover = PerformedSession(
                startedAt: Date().addingTimeInterval(-600), programId: "knee-oa", workout: workout,
                status: .inProgress, source: .live)
            try await before.beginSession(leftover, for: walker.id, prescription: nil)
            try await before.close()

            var settings = ServerSettings.testing()
            settings.database = location
            let app = try await buildApplication(settings: settings)
            try await app.test(.router) { client in
                let health = try await client.execute(uri: "/health", method: .get)
                #expect(health.status == .ok)
                let token = try await client.apiUser(name: "Through The Pool")
                let profile = try await client.api(
                    "/api/v1/profile", .put, token: token, json: #"{"age":52,"massKg":81,"goal":"knee"}"#)
                #expect(profile.status == .ok || profile.status == .created, "\(profile.status)")
                let read = try await client.api("/api/v1/profile", token: token)
                #expect(jsonObject(read)["age"] as? Int == 52)
            }

            let after = try await SQLStore.open(location)
            let stored = try await after.session(id: leftover.id)
            try await after.close()
            #expect(stored?.status == .interrupted, "the session left running was closed before serving")
        } catch {
            await cleanup()
            throw error
        }
        await cleanup()
    }
}
