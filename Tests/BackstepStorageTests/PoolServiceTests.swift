import BackstepStorage
import Foundation
import ServiceLifecycle
import Testing

@testable import BackstepStorageSQL

/// A store opened for a service group (the server) migrates over one direct connection, then answers only while
/// the group runs its pool; a store opened by a command runs its own pool.
@Suite struct PoolServiceTests {
    @Test func aSQLiteStoreHasNoServices() async throws {
        let store = try await SQLStore.open(.sqliteMemory, pool: .serviceGroup)
        #expect(store.services.isEmpty)
        #expect(try await store.pendingMigrations().isEmpty)
        try await store.close()
    }

    @Test(.enabled(if: Engine.postgresURL != nil, Comment(rawValue: Engine.skipMessage)))
    func thePoolRunsInTheServiceGroup() async throws {
        let database = try await TestDatabase.make(.postgres)
        do {
            let store = try await SQLStore.open(database.location, pool: .serviceGroup)
            // Opening migrated the new database over a direct connection; the pool is the caller's to run.
            #expect(store.services.count == 1)
            let owned = try await SQLStore.open(database.location)
            #expect(owned.services.isEmpty)
            #expect(try await owned.pendingMigrations().isEmpty)
            try await owned.close()

            // A query waits while no service group runs the pool…
            let answered = Answered()
            let early = Task {
                let count = try await store.users(role: nil).count
                answered.set()
                return count
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(!answered.value, "a query was answered before the pool ran")
            let group = ServiceGroup(services: store.services, logger: SQLStore.quietLogger)
            let running = Task { try await group.run() }
            // …and is answered once the group runs it.
            #expect(try await early.value == 0)
            try await store.createUser(User(name: "Pooled", role: .athlete, createdAt: Date()))
            #expect(try await store.users(role: nil).count == 1)
            await group.triggerGracefulShutdown()
            try await running.value
            try await store.close()
        } catch {
            await database.cleanup()
            throw error
        }
        await database.cleanup()
    }
}

/// Whether a query has been answered (set from another task).
private final class Answered: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func set() { lock.withLock { done = true } }
    var value: Bool { lock.withLock { done } }
}
