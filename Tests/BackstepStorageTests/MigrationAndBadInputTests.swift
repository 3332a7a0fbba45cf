import BackstepCore
import BackstepStorage
import Foundation
import Testing

@testable import BackstepStorageSQL

@Suite struct MigrationTests {
    static let allNames = SchemaMigrations.everything.map { $0.name }

    @Test(arguments: Engine.sql)
    func aFreshDatabaseGetsEveryMigrationOnce(engine: Engine) async throws {
        try await withSQLStore(engine, migrate: false) { store, _ in
            let names = Self.allNames
            let pending = try await store.pendingMigrations()
            #expect(pending == names)
            let applied = try await store.migrate()
            #expect(applied == names)
            let again = try await store.migrate()
            #expect(again.isEmpty)
            let recorded = try await store.appliedMigrations()
            #expect(recorded == names)
            #expect(try await store.integrityProblems().isEmpty)
        }
    }

    /// Every earlier schema (each prefix of the migrations, with data written at that version) upgrades to the
    /// current one and keeps its data.
    @Test(arguments: Engine.sql)
    func everyEarlierSchemaUpgrades(engine: Engine) async throws {
        for prefix in 0..<SchemaMigrations.everything.count {
            try await withSQLStore(engine, migrate: false) { store, location in
                try await store.migrate(upTo: prefix)
                #expect(try await store.appliedMigrations().count == prefix)
                let userId = UserID()
                if prefix >= 1 {
                    try await store.writeUnchecked(
                        """
                        INSERT INTO app_user (id, name, role, is_local_default, created_at)
                        VALUES ('\(userId.uuidString)', 'Old user', 'athlete', 0, 0)
                        """)
                }
                // An API token stored before tokens had ids keeps working and gets one
                let tokenHash = String(repeating: "ab12", count: 16)
                // (only between the accounts table and the migration that gave tokens their ids)
                let accountsCreated = Self.allNames.firstIndex(of: AccountMigrations.all[0].name) ?? prefix
                let tokensGotIds =
                    Self.allNames.firstIndex(of: "2026-11-22-api-token-ids-and-last-use") ?? Self.allNames.count
                let withAccounts = prefix > accountsCreated && prefix <= tokensGotIds
                if withAccounts {
                    try await store.writeUnchecked(
                        """
                        INSERT INTO api_token (token_hash, user_id, name, created_at)
                        VALUES ('\(tokenHash)', '\(userId.uuidString)', 'old token', 5)
                        """)
                }
                // A finished session (with samples) and a running one, stored before fingerprints existed.
                let sessionCreated = SchemaMigrations.everything.prefix(prefix).contains {
                    $0.name == "0004_create_performed_session"
                }
                if sessionCreated {
                    for (id, status, ended) in [
                        ("00000000-0000-4000-8000-0000000000D0", "completed", "1772438460000"),
                        ("00000000-0000-4000-8000-0000000000E0", "in-progress", "NULL"),
                    ] {
                        try await store.writeUnchecked(
                            """
                            INSERT INTO performed_session (id, user_id, started_at, ended_at, status, source, workout_json,
                                elapsed_seconds, distance_m)
                            VALUES ('\(id)', '\(userId.uuidString)', 1772438400000, \(ended), '\(status)', 'fit', '{}',
                                \(status == "completed" ? "60" : "NULL"), 48)
                            """)
                    }
                    try await store.writeUnchecked(
                        """
                        INSERT INTO session_sample (session_id, sequence, t, segment, distance_m, met, kcal, forward_kcal)
                        VALUES ('00000000-0000-4000-8000-0000000000D0', 0, 0, 0, 0, 1, 0, 0), ('00000000-0000-4000-8000-0000000000D0', 1, 59.6, 0, 47.7, 1, 0, 0)
                        """)
                }
                try await store.close()
                // Reopening migrates the rest
                let reopened = try await SQLStore.open(location)
                do {
                    let recorded = try await reopened.appliedMigrations()
                    #expect(recorded == Self.allNames)
                    if prefix >= 1 { #expect(try await reopened.user(id: userId)?.name == "Old user") }
                    if withAccounts {
                        let token = try await reopened.apiToken(tokenHash: tokenHash)
                        #expect(token?.name == "old token")
                        #expect(token?.id == APITokenID(uuidString: "AB12AB12-AB12-AB12-AB12-AB12AB12AB12"))
                        #expect(token?.lastUsedAt == nil)
                        #expect(try await reopened.apiTokens(for: userId).count == 1)
                    }
                    let fingerprintsAdded =
                        Self.allNames.firstIndex(of: InteropMigrations.all[0].name) ?? Self.allNames.count
                    if sessionCreated {
                        #expect(
                            Set(try await reopened.sessions(for: userId, limit: nil).map(\.status))
                                == [.completed, .inProgress], "from \(prefix) migrations")
                    }
                    if sessionCreated && prefix <= fingerprintsAdded {
                        // The upgrade filled in the finished session's fingerprint from its last sample.
                        #expect(
                            try await reopened.sessionFingerprints(for: userId)
                                == [
                                    SessionFingerprint(
                                        startUnixSeconds: 1_772_438_400, durationSeconds: 60, distanceMeters: 50)
                                ],
                            "from \(prefix) migrations")
                    }
                    let athlete = try await reopened.localAthlete(now: Fixture.day(0))
                    try await reopened.saveFinishedSession(
                        Fixture.finished(on: Fixture.day(0)), for: athlete.id, prescription: nil)
                    #expect(try await reopened.sessions(for: athlete.id, limit: nil).count == 1)
                } catch {
                    try? await reopened.close()
                    throw error
                }
                try await reopened.close()
                // withSQLStore closes its own handle too: reopen one for it
                _ = store
            }
        }
    }

    @Test(arguments: Engine.sql)
    func aNewerDatabaseIsRefusedAndLeftAlone(engine: Engine) async throws {
        try await withSQLStore(engine) { store, location in
            try await store.writeUnchecked(
                "INSERT INTO schema_migration (name, ordinal, applied_at) VALUES ('9999_from_the_future', 9999, 0)")
            for migrate in [true, false] {
                await #expect {
                    _ = try await SQLStore.open(location, migrate: migrate)
                } throws: { error in
                    guard case StorageError.databaseNewerThanApp(let names) = error else { return false }
                    return names == ["9999_from_the_future"]
                }
            }
            #expect(try await store.appliedMigrations().last == "9999_from_the_future")
        }
    }

    @Test(arguments: Engine.sql)
    func theSchemaRefusesImpossibleValues(engine: Engine) async throws {
        try await withSQLStore(engine) { store, _ in
            let user = try await store.localAthlete(now: Fixture.day(0))
            let session = Fixture.finished(on: Fixture.day(0), pain: nil)
            try await store.saveFinishedSession(session, for: user.id, prescription: nil)
            let s = session.id.uuidString
            let bad = [
                // pain 11
                """
                INSERT INTO session_feedback (session_id, reported_at, completed, pain_during, pain_after, handrail_used,
                    lost_balance, near_fall, red_flags, notes)
                VALUES ('\(s)', 0, 1, 11, 0, 'one-hand', 0, 0, '', '')
                """,
                // RPE 25 on the Borg scale
                """
                INSERT INTO session_feedback (session_id, reported_at, completed, rpe, rpe_scale, pain_during, pain_after,
                    handrail_used, lost_balance, near_fall, red_flags, notes)
                VALUES ('\(s)', 0, 1, 25, 'borg-6-20', 0, 0, 'one-hand', 0, 0, '', '')
                """,
                // 31 km/h
                """
                INSERT INTO session_sample (session_id, sequence, t, segment, speed_mps, distance_m, met, kcal, forward_kcal)
                VALUES ('\(s)', 0, 0, 0, 8.62, 0, 1, 0, 0)
                """,
                // grade 41 %
                """
                INSERT INTO session_sample (session_id, sequence, t, segment, grade_percent, distance_m, met, kcal, forward_kcal)
                VALUES ('\(s)', 0, 0, 0, 41, 0, 1, 0, 0)
                """,
                // negative sequence
                """
                INSERT INTO session_sample (session_id, sequence, t, segment, distance_m, met, kcal, forward_kcal)
                VALUES ('\(s)', -1, 0, 0, 0, 1, 0, 0)
                """,
                // a sample for no session
                """
                INSERT INTO session_sample (session_id, sequence, t, segment, distance_m, met, kcal, forward_kcal)
                VALUES ('\(UUID().uuidString)', 0, 0, 0, 0, 1, 0, 0)
                """,
                // a finished session without a summary
                """
                INSERT INTO performed_session (id, user_id, started_at, ended_at, status, source, workout_json)
                VALUES ('\(UUID().uuidString)', '\(user.id.uuidString)', 0, 10, 'completed', 'logged', '{}')
                """,
                // an unknown role
                "INSERT INTO app_user (id, name, role, created_at) VALUES ('x', 'X', 'superuser', 0)",
            ]
            for statement in bad {
                await #expect(throws: (any Error).self, "\(statement)") { try await store.writeUnchecked(statement) }
            }
            // The duplicate sample is ignored by the upsert, never stored twice
            try await store.writeUnchecked(
                """
                INSERT INTO session_sample (session_id, sequence, t, segment, distance_m, met, kcal, forward_kcal)
                VALUES ('\(s)', 0, 0, 0, 0, 1, 0, 0)
                """)
            await #expect(throws: (any Error).self) {
                try await store.writeUnchecked(
                    """
                    INSERT INTO session_sample (session_id, sequence, t, segment, distance_m, met, kcal, forward_kcal)
                    VALUES ('\(s)', 0, 1, 0, 0, 1, 0, 0)
                    """)
            }
            #expect(try await store.session(id: session.id)?.samples.count == 1)
        }
    }

    @Test func timesAreStoredAsEpochMillisecondsUTC() {
        let date = Date(timeIntervalSince1970: 1_772_438_400.123)
        #expect(date.epochMilliseconds == 1_772_438_400_123)
        #expect(Date(epochMilliseconds: 1_772_438_400_123) == date)
    }
}

@Suite struct BadInputTests {
    @Test func anUnwritablePathIsRefusedClearly() async throws {
        // A path under a regular file cannot be created, even by root.
        await #expect {
            _ = try await SQLStore.open(.sqliteFile("/etc/hostname/backstep/backstep.sqlite"))
        } throws: { error in
            guard case StorageError.notWritable(let path, let reason) = error else { return false }
            return path.hasPrefix("/etc/hostname") && !reason.isEmpty
        }
        // A folder given as the database file
        let folder = FileManager.default.temporaryDirectory.path
        await #expect {
            _ = try await SQLStore.open(.sqliteFile(folder))
        } throws: { error in
            if case StorageError.notWritable = error { return true }
            return false
        }
    }

    @Test func aURLThatCannotConnectSaysWhich() async throws {
        let location = try DatabaseLocation(parsing: "postgres://backstep:secret@127.0.0.1:1/nowhere")
        await #expect {
            _ = try await SQLStore.open(location)
        } throws: { error in
            guard case StorageError.cannotConnect(let url, _) = error else { return false }
            return url == "postgres://backstep@127.0.0.1:1/nowhere" && !"\(error)".contains("secret")
        }
        #expect(throws: StorageError.self) { try DatabaseLocation(parsing: "postgres://127.0.0.1/x") }
        #expect(throws: StorageError.self) { try DatabaseLocation(parsing: "postgres://u@h/x?sslmode=sometimes") }
    }

    @Test func theDatabaseIsChosenByOptionThenEnvironmentThenDefault() throws {
        let env = ["HOME": "/home/a", "BACKSTEP_DATABASE": "/data/b.sqlite"]
        #expect(try DatabaseLocation.resolve(option: "/x.sqlite", environment: env) == .sqliteFile("/x.sqlite"))
        #expect(try DatabaseLocation.resolve(option: nil, environment: env) == .sqliteFile("/data/b.sqlite"))
        #expect(
            try DatabaseLocation.resolve(option: nil, environment: ["HOME": "/home/a"])
                == .sqliteFile("/home/a/.local/share/backstep/backstep.sqlite"))
        #expect(
            try DatabaseLocation.resolve(option: nil, environment: ["HOME": "/home/a", "XDG_DATA_HOME": "/xdg"])
                == .sqliteFile("/xdg/backstep/backstep.sqlite"))
        guard
            case .postgres(let url) = try DatabaseLocation.resolve(
                option: "postgres://me:pw@db.example:6543/backstep", environment: env)
        else {
            Issue.record("expected a PostgreSQL location")
            return
        }
        #expect(url.host == "db.example" && url.port == 6543 && url.database == "backstep" && url.password == "pw")
    }
}
