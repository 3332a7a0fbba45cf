import BackstepStorage
import Foundation
import SQLKit

/// Applies `SchemaMigrations.everything` in order, each in its own transaction, and records each one in
/// `schema_migration (name, ordinal, applied_at)`.
///
/// A database whose `schema_migration` names a migration this build does not know was written by a newer
/// Backstep: the migrator refuses it (`StorageError.databaseNewerThanApp`) and changes nothing.
struct Migrator {
    let engine: any SQLEngine
    let migrations: [SchemaMigration]

    init(engine: any SQLEngine, migrations: [SchemaMigration] = SchemaMigrations.everything) {
        self.engine = engine
        self.migrations = migrations
    }

    static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migration (
            name TEXT PRIMARY KEY,
            ordinal BIGINT NOT NULL UNIQUE,
            applied_at BIGINT NOT NULL
        )
        """

    /// Whether `schema_migration` exists (read-only; the one dialect switch of the migrator).
    func tableExists() async throws -> Bool {
        try await engine.read { db in
            switch engine.kind {
            case .sqlite:
                !(try await db.raw(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'"
                ).all().isEmpty)
            case .postgresql:
                !(try await db.raw(
                    """
                    SELECT table_name FROM information_schema.tables
                    WHERE table_name = 'schema_migration' AND table_schema = current_schema()
                    """
                ).all().isEmpty)
            }
        }
    }

    /// Serialises concurrent migrators inside a transaction (SQLite's BEGIN IMMEDIATE already does).
    func lock(_ db: any SQLDatabase) async throws {
        if engine.kind == .postgresql {
            _ = try await db.raw("SELECT pg_advisory_xact_lock(4206150001) AS locked").all()
        }
    }

    /// The names applied so far, in order. Reads only: a missing table means none.
    func applied() async throws -> [String] {
        guard try await tableExists() else { return [] }
        return try await engine.read { db in
            try await db.raw("SELECT name FROM schema_migration ORDER BY ordinal").all().map {
                try $0.decode(column: "name", as: String.self)
            }
        }
    }

    /// Checks that the applied migrations are a prefix of the known ones.
    /// - Throws: `StorageError.databaseNewerThanApp` for unknown names, `.engine` for a gap or reordering.
    func check(_ applied: [String]) throws {
        let known = Set(migrations.map(\.name))
        let unknown = applied.filter { !known.contains($0) }
        guard unknown.isEmpty else { throw StorageError.databaseNewerThanApp(unknownMigrations: unknown) }
        guard applied == Array(migrations.prefix(applied.count).map(\.name)) else {
            throw StorageError.engine("the applied migrations \(applied) are not in this build's order")
        }
    }

    /// The migrations not yet applied.
    func pending() async throws -> [SchemaMigration] {
        let done = try await applied()
        try check(done)
        return Array(migrations.dropFirst(done.count))
    }

    /// Applies the pending migrations (up to `limit` of the known ones in total) and returns their names.
    func migrate(upTo limit: Int? = nil, now: Date = Date()) async throws -> [String] {
        let done = try await applied()
        try check(done)
        let target = min(limit ?? migrations.count, migrations.count)
        var appliedNow: [String] = []
        for (ordinal, migration) in migrations.enumerated() where ordinal >= done.count && ordinal < target {
            let didApply = try await engine.transaction { db -> Bool in
                try await lock(db)
                try await db.raw(SQLQueryString(Self.createTable)).run()
                // Another process may have applied it since we looked.
                let existing = try await db.raw(
                    "SELECT name FROM schema_migration WHERE name = \(bind: migration.name)"
                ).all()
                guard existing.isEmpty else { return false }
                for statement in migration.statements { try await db.raw(SQLQueryString(statement)).run() }
                if let step = migration.dataStep { try await step.run(on: db) }
                try await db.raw(
                    """
                    INSERT INTO schema_migration (name, ordinal, applied_at)
                    VALUES (\(bind: migration.name), \(bind: ordinal), \(bind: now.epochMilliseconds))
                    """
                ).run()
                return true
            }
            if didApply { appliedNow.append(migration.name) }
        }
        return appliedNow
    }
}

extension Date {
    /// Milliseconds since 1970-01-01 UTC: how every time is stored, on both engines.
    var epochMilliseconds: Int { Int((timeIntervalSince1970 * 1000).rounded()) }

    /// The date for stored epoch milliseconds.
    init(epochMilliseconds: Int) { self.init(timeIntervalSince1970: Double(epochMilliseconds) / 1000) }
}
