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
    typealias Database = ServerTestDatabase

    static var databases: [Database] { Database.available }

    func make(_ database: Database) async throws -> (DatabaseLocation, @Sendable () async -> Void) {
        try await database.make()
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
