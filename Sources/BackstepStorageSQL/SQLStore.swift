import BackstepCore
import BackstepStorage
import Foundation
import Logging
import SQLKit
import ServiceLifecycle

/// The one SQL implementation of `BackstepStore`, over `any SQLDatabase`, for SQLite and PostgreSQL alike.
///
/// Open it with `SQLStore.open(_:)`; it migrates the schema unless asked not to, and refuses a database written
/// by a newer Backstep. Times are stored as BIGINT epoch milliseconds UTC on both engines.
public final class SQLStore: BackstepStore {
    let engine: any SQLEngine
    /// The reads behind `statistics(for:now:)`, kept per user until a write changes them.
    let statisticsCache = StatisticsCache()

    init(engine: any SQLEngine, services: [any Service] = []) {
        self.engine = engine
        self.services = services
    }

    /// Opens (and by default migrates) the database at `location`.
    /// - Parameters:
    ///   - location: A SQLite file, `:memory:` or a PostgreSQL URL.
    ///   - migrate: Apply pending migrations now (the default). When false, the schema must already be current
    ///     or older; `migrate()` can then be called explicitly.
    ///   - logger: Where the drivers log (errors only by default).
    /// - Throws: `StorageError.notWritable` for a SQLite path that cannot be written, `.cannotConnect` for a
    ///   PostgreSQL server that cannot be reached, `.databaseNewerThanApp` for a newer schema.
    ///   - pool: Who runs a PostgreSQL connection pool: the store itself (the default, for commands), or the
    ///     caller's service group (the server), which must then run `services`; until it does, every query
    ///     waits. Opening migrates over one direct connection in that case. SQLite has no pool and ignores it.
    public static func open(
        _ location: DatabaseLocation, migrate: Bool = true, pool: PoolRunner = .store,
        logger: Logger = SQLStore.quietLogger
    ) async throws -> SQLStore {
        let engine: any SQLEngine
        switch (location, pool) {
        case (.sqliteFile, _), (.sqliteMemory, _): engine = try await SQLiteEngine.open(location, logger: logger)
        case (.postgres(let url), .store): engine = try await PostgresEngine.open(url, logger: logger)
        case (.postgres(let url), .serviceGroup):
            let (pooled, connection) = try await PostgresEngine.openForServiceGroup(url, logger: logger)
            let setup = PostgresConnectionEngine(connection: connection)
            do {
                try await prepare(SQLStore(engine: setup), migrate: migrate)
            } catch {
                try? await setup.close()
                throw error
            }
            try? await setup.close()
            return SQLStore(engine: pooled, services: [pooled.client])
        }
        let store = SQLStore(engine: engine)
        do {
            try await prepare(store, migrate: migrate)
        } catch {
            try? await engine.close()
            throw error
        }
        return store
    }

    /// Migrates, or only checks that the schema is not newer than this build.
    private static func prepare(_ store: SQLStore, migrate: Bool) async throws {
        if migrate {
            _ = try await store.migrate()
        } else {
            _ = try await store.pendingMigrations()
        }
    }

    /// Who runs a PostgreSQL store's connection pool.
    public enum PoolRunner: Sendable {
        /// The store, in a task it owns, stopped by `close()`.
        case store
        /// The caller's service group, which runs `SQLStore.services` and stops them on shutdown.
        case serviceGroup
    }

    /// What the caller's service group must run for this store to answer: the PostgreSQL connection pool of a store
    /// opened with `pool: .serviceGroup`, else nothing. Put them before anything that uses the store, so that the
    /// group stops them last.
    public let services: [any Service]

    /// A logger that reports only errors.
    public static var quietLogger: Logger {
        var logger = Logger(label: "backstep.storage")
        logger.logLevel = .error
        return logger
    }

    public var engineName: String { engine.kind.rawValue }

    public func close() async throws { try await engine.close() }

    /// Applies pending migrations, each in its own transaction.
    /// - Parameter limit: Stop after this many migrations in total (tests build older schemas with it).
    /// - Returns: The names applied now, in order (empty when the schema was current).
    @discardableResult
    public func migrate(upTo limit: Int? = nil) async throws -> [String] {
        try await Migrator(engine: engine).migrate(upTo: limit)
    }

    /// The names of the applied migrations, in order.
    public func appliedMigrations() async throws -> [String] { try await Migrator(engine: engine).applied() }

    /// The names of the migrations not yet applied.
    /// - Throws: `StorageError.databaseNewerThanApp` for a newer schema.
    public func pendingMigrations() async throws -> [String] {
        try await Migrator(engine: engine).pending().map(\.name)
    }

    /// Checks the database's integrity (`PRAGMA integrity_check` and `foreign_key_check` on SQLite).
    /// - Returns: The problems found; empty when all is well.
    public func integrityProblems() async throws -> [String] { try await engine.integrityProblems() }

    /// Runs a write; engine errors become `StorageError.engine` with the driver's message.
    func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await engine.transaction(body)
        } catch let error as StorageError {
            throw error
        } catch let error as CareStoreError {
            throw error
        } catch {
            throw StorageError.engine(describe(error))
        }
    }

    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await engine.read(body)
        } catch let error as StorageError {
            throw error
        } catch let error as CareStoreError {
            throw error
        } catch {
            throw StorageError.engine(describe(error))
        }
    }

    func describe(_ error: any Error) -> String {
        engine.kind == .sqlite ? describeSQLite(error) : describePostgres(error)
    }

    // MARK: Users

    public func createUser(_ user: User) async throws {
        try StorageError.validating { () throws(InputError) in try user.validate() }
        try await write { db in
            let existing = try await db.raw("SELECT id FROM app_user WHERE id = \(bind: user.id.uuidString)").all()
            guard existing.isEmpty else { throw StorageError.conflict("user \(user.id) already exists") }
            try await Self.insertUser(user, isLocalDefault: false, db: db)
        }
    }

    static func insertUser(_ user: User, isLocalDefault: Bool, db: any SQLDatabase) async throws {
        try await db.insert(into: "app_user")
            .columns("id", "name", "role", "is_local_default", "created_at")
            .values(
                user.id.uuidString, user.name, user.role.storedValue, isLocalDefault ? 1 : 0,
                user.createdAt.epochMilliseconds
            )
            .run()
    }

    static func readUser(_ row: any SQLRow) throws -> User {
        let r = RowReader(row: row)
        return User(
            id: try r.uuid("id"), name: try r.string("name"), role: try r.role("role"),
            createdAt: try r.date("created_at"))
    }

    public func user(id: UserID) async throws -> User? {
        try await read { db in
            try await db.raw("SELECT id, name, role, created_at FROM app_user WHERE id = \(bind: id.uuidString)")
                .all().first.map(Self.readUser)
        }
    }

    public func users(role: UserRole?) async throws -> [User] {
        try await read { db in
            let rows: [any SQLRow]
            if let role {
                rows = try await db.raw(
                    "SELECT id, name, role, created_at FROM app_user WHERE role = \(bind: role.storedValue) ORDER BY created_at, id"
                ).all()
            } else {
                rows = try await db.raw("SELECT id, name, role, created_at FROM app_user ORDER BY created_at, id").all()
            }
            return try rows.map(Self.readUser)
        }
    }

    public func localAthlete(now: Date) async throws -> User {
        try await write { db in
            let rows = try await db.raw(
                "SELECT id, name, role, created_at FROM app_user WHERE is_local_default = 1"
            ).all()
            if let row = rows.first { return try Self.readUser(row) }
            let user = User(name: "Local athlete", role: .athlete, createdAt: now)
            try await Self.insertUser(user, isLocalDefault: true, db: db)
            return user
        }
    }

    static func requireUser(_ id: UserID, db: any SQLDatabase) async throws {
        let rows = try await db.raw("SELECT id FROM app_user WHERE id = \(bind: id.uuidString)").all()
        guard !rows.isEmpty else { throw StorageError.notFound("user \(id)") }
    }

    // MARK: Profiles

    public func saveProfile(_ profile: Profile, for userId: UserID, at date: Date) async throws -> ProfileVersion {
        try StorageError.validating { () throws(InputError) in try profile.validate() }
        let json = try StoredJSON.encode(profile)
        return try await write { db in
            try await Self.requireUser(userId, db: db)
            let rows = try await db.raw(
                "SELECT MAX(version) AS latest FROM profile_version WHERE user_id = \(bind: userId.uuidString)"
            ).all()
            let latest = try rows.first.flatMap { try RowReader(row: $0).intOrNil("latest") } ?? 0
            let version = ProfileVersion(userId: userId, version: latest + 1, recordedAt: date, profile: profile)
            try await db.insert(into: "profile_version")
                .columns(
                    "user_id", "version", "recorded_at", "age", "mass_kg", "height_m", "goal", "experience",
                    "speed_cap_mps", "profile_json"
                )
                .values(
                    userId.uuidString, version.version, date.epochMilliseconds, profile.age, profile.mass.kilograms,
                    profile.height?.meters, profile.goal.rawValue, profile.experience.rawValue,
                    profile.speedCap?.metersPerSecond, json
                )
                .run()
            return version
        }
    }

    static func readProfile(_ row: any SQLRow) throws -> ProfileVersion {
        let r = RowReader(row: row)
        return ProfileVersion(
            userId: try r.uuid("user_id"), version: try r.int("version"), recordedAt: try r.date("recorded_at"),
            profile: try r.json("profile_json", as: Profile.self))
    }

    public func currentProfile(for userId: UserID) async throws -> ProfileVersion? {
        try await read { db in
            try await db.raw(
                """
                SELECT user_id, version, recorded_at, profile_json FROM profile_version
                WHERE user_id = \(bind: userId.uuidString) ORDER BY version DESC LIMIT 1
                """
            ).all().first.map(Self.readProfile)
        }
    }

    public func profileHistory(for userId: UserID) async throws -> [ProfileVersion] {
        try await read { db in
            try await db.raw(
                """
                SELECT user_id, version, recorded_at, profile_json FROM profile_version
                WHERE user_id = \(bind: userId.uuidString) ORDER BY version
                """
            ).all().map(Self.readProfile)
        }
    }

    // MARK: Screenings

    public func saveScreening(_ record: ScreeningRecord) async throws {
        let answers = try StoredJSON.encode(record.screening.answers)
        try await write { db in
            try await Self.requireUser(record.userId, db: db)
            try await db.insert(into: "screening")
                .columns("id", "user_id", "screened_at", "clearance", "answers_json")
                .values(
                    record.id.uuidString, record.userId.uuidString, record.screening.date.epochMilliseconds,
                    record.screening.clearance.rawValue, answers
                )
                .run()
        }
    }

    public func latestScreening(for userId: UserID) async throws -> ScreeningRecord? {
        try await read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT id, user_id, screened_at, answers_json FROM screening
                    WHERE user_id = \(bind: userId.uuidString) ORDER BY screened_at DESC LIMIT 1
                    """
                ).all().first
            else { return nil }
            let r = RowReader(row: row)
            return ScreeningRecord(
                id: try r.uuid("id"), userId: try r.uuid("user_id"),
                screening: Screening(
                    date: try r.date("screened_at"),
                    answers: try r.json("answers_json", as: [ScreeningTopic: Bool].self)))
        }
    }

    // MARK: Plans

    public func savePlan(_ stored: StoredPlan) async throws {
        try await writeFeedingStatistics { db in try await Self.insertPlan(stored, db: db) }
    }

    /// Inserts a plan with its weeks and sessions (the caller's transaction).
    static func insertPlan(_ stored: StoredPlan, db: any SQLDatabase) async throws {
        let plan = stored.plan
        let planJSON = try StoredJSON.encode(plan)
        let workouts = try plan.sessions.map { try StoredJSON.encode($0.workout) }
        try await Self.requireUser(stored.userId, db: db)
        try await db.insert(into: "training_plan")
            .columns(
                "id", "user_id", "created_at", "start_date", "goal", "clearance", "requires_clinician", "plan_json"
            )
            .values(
                stored.id.uuidString, stored.userId.uuidString, stored.createdAt.epochMilliseconds,
                stored.startDate?.epochMilliseconds, plan.goal.rawValue, plan.clearance.rawValue,
                plan.requiresClinician ? 1 : 0, planJSON
            )
            .run()
        for week in plan.weeks {
            try await db.insert(into: "plan_week")
                .columns(
                    "plan_id", "week_number", "stage", "focus", "is_deload", "speed_mps", "speed_cap_mps",
                    "grade_cap_percent", "handrail"
                )
                .values(
                    stored.id.uuidString, week.number, week.stage.rawValue, week.focus, week.isDeload ? 1 : 0,
                    week.speed.metersPerSecond, week.speedCap.metersPerSecond, week.gradeCap.percent,
                    week.handrail.rawValue
                )
                .run()
        }
        for (ordinal, session) in plan.sessions.enumerated() {
            try await db.insert(into: "planned_session")
                .columns(
                    "plan_id", "ordinal", "week_number", "plan_day", "planned_date", "program_id",
                    "estimated_seconds", "workout_json"
                )
                .values(
                    stored.id.uuidString, ordinal, session.week, session.day, session.date?.epochMilliseconds,
                    session.programId, session.estimatedSeconds, workouts[ordinal]
                )
                .run()
        }
    }

    public func currentPlan(for userId: UserID) async throws -> StoredPlan? {
        try await read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT id, user_id, created_at, start_date, plan_json FROM training_plan
                    WHERE user_id = \(bind: userId.uuidString) ORDER BY created_at DESC, id DESC LIMIT 1
                    """
                ).all().first
            else { return nil }
            let r = RowReader(row: row)
            return StoredPlan(
                id: try r.uuid("id"), userId: try r.uuid("user_id"), createdAt: try r.date("created_at"),
                startDate: try r.dateOrNil("start_date"), plan: try r.json("plan_json", as: Plan.self))
        }
    }

    // MARK: Assessments and coach links

    public func saveAssessment(_ record: AssessmentRecord) async throws {
        try StorageError.validating { () throws(InputError) in try record.validate() }
        try await writeFeedingStatistics { db in
            try await Self.requireUser(record.userId, db: db)
            try await db.insert(into: "assessment")
                .columns("id", "user_id", "taken_at", "kind", "seconds", "speed_mps", "population", "notes")
                .values(
                    record.id.uuidString, record.userId.uuidString, record.takenAt.epochMilliseconds,
                    record.kind.rawValue, record.seconds, record.speed?.metersPerSecond, record.population?.rawValue,
                    record.notes
                )
                .run()
        }
    }

    public func assessments(for userId: UserID) async throws -> [AssessmentRecord] {
        try await read { db in
            try await db.raw(
                """
                SELECT id, user_id, taken_at, kind, seconds, speed_mps, population, notes FROM assessment
                WHERE user_id = \(bind: userId.uuidString) ORDER BY taken_at, id
                """
            ).all().map { row in
                let r = RowReader(row: row)
                return AssessmentRecord(
                    id: try r.uuid("id"), userId: try r.uuid("user_id"), takenAt: try r.date("taken_at"),
                    kind: try r.enumeration("kind", as: AssessmentKind.self), seconds: try r.doubleOrNil("seconds"),
                    speed: try r.doubleOrNil("speed_mps").map(Speed.init(metersPerSecond:)),
                    population: try r.enumerationOrNil("population", as: BackwardWalkTestPopulation.self),
                    notes: try r.string("notes"))
            }
        }
    }

    public func link(_ link: CoachClientLink) async throws {
        try await write { db in
            guard
                let coach = try await db.raw(
                    "SELECT id, name, role, created_at FROM app_user WHERE id = \(bind: link.coachId.uuidString)"
                ).all().first.map(Self.readUser)
            else { throw StorageError.notFound("user \(link.coachId)") }
            try await Self.requireUser(link.clientId, db: db)
            guard coach.role == .professional, link.coachId != link.clientId else {
                throw StorageError.invalid(
                    InputError(field: "coachId", problem: "must be another user with the coach role"))
            }
            try await db.insert(into: "coach_client")
                .columns("coach_id", "client_id", "created_at")
                .values(link.coachId.uuidString, link.clientId.uuidString, link.createdAt.epochMilliseconds)
                .ignoringConflicts(with: ["coach_id", "client_id"])
                .run()
        }
    }

    public func unlink(coachId: UserID, clientId: UserID) async throws {
        try await write { db in
            try await db.raw(
                """
                DELETE FROM coach_client
                WHERE coach_id = \(bind: coachId.uuidString) AND client_id = \(bind: clientId.uuidString)
                """
            ).run()
        }
    }

    public func clients(of coachId: UserID) async throws -> [User] {
        try await read { db in
            try await db.raw(
                """
                SELECT u.id, u.name, u.role, u.created_at FROM coach_client c JOIN app_user u ON u.id = c.client_id
                WHERE c.coach_id = \(bind: coachId.uuidString) ORDER BY u.created_at, u.id
                """
            ).all().map(Self.readUser)
        }
    }
}

extension SQLStore {
    /// Runs one fixed SQL statement outside a transaction (administration and tests; never with user input).
    func executeUnchecked(_ sql: String) async throws {
        try await engine.read { db in _ = try await db.raw(SQLQueryString(sql)).all() }
    }

    /// Runs one fixed SQL statement inside a write transaction (tests of the schema's constraints).
    func writeUnchecked(_ sql: String) async throws {
        try await engine.transaction { db in _ = try await db.raw(SQLQueryString(sql)).all() }
    }
}
