import BackstepStorage
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO

/// Which SQL engine a store talks to. The only dialect switch the store needs; everything else is the same SQL.
public enum SQLEngineKind: String, Sendable {
    case sqlite
    case postgresql
}

/// A connection to one engine with the two ways the store uses it: reads, and write transactions.
protocol SQLEngine: Sendable {
    var kind: SQLEngineKind { get }
    /// Runs `body` outside an explicit transaction.
    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in one transaction: all of it is written or none of it.
    func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    /// Checks the database's integrity; returns the problems found (empty when all is well).
    func integrityProblems() async throws -> [String]
    /// A number that changes whenever another connection (another process) commits to the database, or nil when
    /// the engine cannot tell cheaply.
    func dataVersion() async throws -> Int?
    func close() async throws
}

/// Runs `body` between `begin` and COMMIT on one connection, rolling back when it throws: the explicit transaction
/// of the engines that hold a single connection behind an `AsyncGate`.
func inTransaction<T: Sendable>(
    _ db: any SQLDatabase, begin: SQLQueryString, _ body: (any SQLDatabase) async throws -> T
) async throws -> T {
    try await db.raw(begin).run()
    do {
        let result = try await body(db)
        try await db.raw("COMMIT").run()
        return result
    } catch {
        try? await db.raw("ROLLBACK").run()
        throw error
    }
}

/// A FIFO lock for async code: the one writer every SQLite statement goes through.
actor AsyncGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }

}

extension AsyncGate {
    /// Runs `body` while holding the gate; the body runs in the caller's context, not on the actor.
    nonisolated func withLock<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }
}

/// SQLite through one connection whose every use passes one gate, so write transactions never interleave.
///
/// The file is in WAL mode with `foreign_keys=ON`, `busy_timeout=5000` (another process holding the write lock
/// is waited for, not failed) and `synchronous=FULL` (a committed batch survives a crash and a power cut).
final class SQLiteEngine: SQLEngine {
    let kind = SQLEngineKind.sqlite
    private let connection: SQLiteConnection
    private let gate = AsyncGate()
    let path: String

    private init(connection: SQLiteConnection, path: String) {
        self.connection = connection
        self.path = path
    }

    static func open(_ location: DatabaseLocation, logger: Logger) async throws -> SQLiteEngine {
        let storage: SQLiteConnection.Storage
        let path: String
        switch location {
        case .sqliteMemory:
            storage = .memory
            path = ":memory:"
        case .sqliteFile(let file):
            try prepareFolder(for: file)
            storage = .file(path: file)
            path = file
        case .postgres:
            throw StorageError.engine("not a SQLite location")
        }
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        } catch {
            throw StorageError.notWritable(path: path, reason: describeSQLite(error))
        }
        let engine = SQLiteEngine(connection: connection, path: path)
        do {
            let db = connection.sql()
            if case .sqliteFile = location {
                let rows = try await db.raw("PRAGMA journal_mode=WAL").all()
                let mode = try rows.first?.decode(column: "journal_mode", as: String.self)
                guard mode?.lowercased() == "wal" else {
                    throw StorageError.notWritable(
                        path: path, reason: "cannot switch to WAL mode (got \(mode ?? "nothing"))")
                }
            }
            try await db.raw("PRAGMA foreign_keys=ON").run()
            try await db.raw("PRAGMA busy_timeout=5000").run()
            try await db.raw("PRAGMA synchronous=FULL").run()
            // Prove the file is writable now, rather than failing half-way through a later write.
            try await db.raw("BEGIN IMMEDIATE").run()
            try await db.raw("COMMIT").run()
        } catch let error as StorageError {
            try? await connection.close()
            throw error
        } catch {
            try? await connection.close()
            throw StorageError.notWritable(path: path, reason: describeSQLite(error))
        }
        return engine
    }

    /// Creates the database's folder and checks that the folder and file can be written.
    static func prepareFolder(for file: String) throws {
        let manager = FileManager.default
        let folder = (file as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !folder.isEmpty {
            if manager.fileExists(atPath: folder, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else {
                    throw StorageError.notWritable(path: file, reason: "'\(folder)' is not a folder")
                }
            } else {
                do {
                    try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw StorageError.notWritable(
                        path: file, reason: "cannot create the folder '\(folder)': \(error.localizedDescription)")
                }
            }
            guard manager.isWritableFile(atPath: folder) else {
                throw StorageError.notWritable(path: file, reason: "the folder '\(folder)' is not writable")
            }
        }
        if manager.fileExists(atPath: file, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw StorageError.notWritable(path: file, reason: "it is a folder") }
            guard manager.isWritableFile(atPath: file) else {
                throw StorageError.notWritable(path: file, reason: "the file is not writable")
            }
        }
    }

    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let db = connection.sql()
        return try await gate.withLock { try await body(db) }
    }

    func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let db = connection.sql()
        return try await gate.withLock { try await inTransaction(db, begin: "BEGIN IMMEDIATE", body) }
    }

    func integrityProblems() async throws -> [String] {
        try await read { db in
            let rows = try await db.raw("PRAGMA integrity_check").all()
            var problems = try rows.map { try $0.decode(column: "integrity_check", as: String.self) }.filter {
                $0 != "ok"
            }
            let fk = try await db.raw("PRAGMA foreign_key_check").all()
            problems += fk.map { _ in "foreign key violation" }
            return problems
        }
    }

    /// `PRAGMA data_version`: unchanged by this connection's own commits, changed by any other connection's.
    /// Every statement of this store goes through the one connection, so a change means another process wrote.
    func dataVersion() async throws -> Int? {
        try await read { db in
            try await db.raw("PRAGMA data_version").all().first?.decode(column: "data_version", as: Int.self)
        }
    }

    func close() async throws {
        try await connection.close()
    }
}

/// Describes a SQLite error in one line.
func describeSQLite(_ error: any Error) -> String {
    if let error = error as? SQLiteError { return error.message }
    if let error = error as? StorageError { return error.description }
    return String(describing: error)
}

/// PostgreSQL through a `PostgresClient` (a connection pool), run either by this engine in a task it owns (short
/// commands) or by the caller's service group (the server: `SQLStore.services`).
final class PostgresEngine: SQLEngine {
    let kind = SQLEngineKind.postgresql
    let client: PostgresClient
    /// The task that runs the pool, when this engine runs it; nil when a service group does.
    private let runner: Task<Void, Never>?
    private let logger: Logger
    let url: PostgresURL

    private init(client: PostgresClient, runner: Task<Void, Never>?, logger: Logger, url: PostgresURL) {
        self.client = client
        self.runner = runner
        self.logger = logger
        self.url = url
    }

    /// The client's configuration: TLS as `sslmode` and `sslrootcert` ask, the pool as `pool_size` asks.
    static func configuration(for url: PostgresURL) throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch url.tls {
            case .disable: .disable
            case .prefer: .prefer(try tlsConfiguration(for: url))
            case .require, .verifyCA, .verifyFull: .require(try tlsConfiguration(for: url))
            }
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        if let size = url.poolSize { configuration.options.maximumConnections = size }
        return configuration
    }

    /// What a client checks of the server's certificate in each `sslmode`.
    static func tlsConfiguration(for url: PostgresURL) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch url.tls {
        case .disable, .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let path = url.rootCertificatePath {
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(path)
            } catch {
                throw StorageError.cannotConnect(
                    url: url.redacted, reason: "sslrootcert \(path) cannot be read as PEM certificates (\(error))")
            }
            guard !certificates.isEmpty else {
                throw StorageError.cannotConnect(url: url.redacted, reason: "sslrootcert \(path) holds no certificate")
            }
            tls.trustRoots = .certificates(certificates)
        }
        return tls
    }

    /// Starts the client and connects once directly, so a bad URL fails at once with the server's reason (the
    /// pool alone would retry for a minute and report no reason).
    ///
    /// The direct probe and the client's first connection are made at the same time: the two handshakes overlap
    /// instead of adding up, which is most of what a short command such as `backstep stats` waits for.
    static func open(_ url: PostgresURL, logger: Logger) async throws -> PostgresEngine {
        let clientConfiguration = try configuration(for: url)
        let probeConfiguration = try probeConfiguration(for: url)
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        let warm = Task { try? await client.withConnection { _ in } }
        do {
            let probe = try await PostgresConnection.connect(configuration: probeConfiguration, id: 0, logger: logger)
            try await probe.close()
        } catch {
            // Shutting the client down fails its waiting request, so the warm-up ends too.
            runner.cancel()
            _ = await runner.value
            _ = await warm.value
            throw StorageError.cannotConnect(url: url.redacted, reason: describePostgres(error))
        }
        _ = await warm.value
        return PostgresEngine(client: client, runner: runner, logger: logger, url: url)
    }

    /// A direct connection's configuration, with the same TLS as the pool's.
    static func probeConfiguration(for url: PostgresURL) throws -> PostgresConnection.Configuration {
        let probeTLS: PostgresConnection.Configuration.TLS
        do {
            probeTLS =
                switch url.tls {
                case .disable: .disable
                case .prefer: .prefer(try NIOSSLContext(configuration: try tlsConfiguration(for: url)))
                case .require, .verifyCA, .verifyFull:
                    .require(try NIOSSLContext(configuration: try tlsConfiguration(for: url)))
                }
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.cannotConnect(url: url.redacted, reason: "TLS cannot be set up: \(error)")
        }
        var probeConfiguration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: probeTLS)
        probeConfiguration.options.connectTimeout = .seconds(5)
        return probeConfiguration
    }

    /// Connects once directly, so that a bad URL fails at once with the server's reason.
    static func connect(_ url: PostgresURL, logger: Logger) async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(
                configuration: try probeConfiguration(for: url), id: 0, logger: logger)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.cannotConnect(url: url.redacted, reason: describePostgres(error))
        }
    }

    /// An engine whose pool is not running yet: the caller runs `client` in its service group, and until then
    /// every query waits. `connection` is a direct connection the caller may use (to migrate) and must close.
    static func openForServiceGroup(
        _ url: PostgresURL, logger: Logger
    ) async throws -> (engine: PostgresEngine, connection: PostgresConnection) {
        let clientConfiguration = try configuration(for: url)
        let connection = try await connect(url, logger: logger)
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        return (PostgresEngine(client: client, runner: nil, logger: logger, url: url), connection)
    }

    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in try await body(connection.sql()) }
    }

    /// Runs `body` in a transaction. An error the body throws comes out as itself (PostgresNIO wraps it in
    /// `PostgresTransactionError` with the rollback's outcome), so a `StorageError` raised inside keeps its case.
    func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection.sql()) }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError, error.rollbackError == nil { throw inner }
            throw error
        }
    }

    func integrityProblems() async throws -> [String] {
        // PostgreSQL enforces its constraints on every write; check that the server answers.
        try await read { db in _ = try await db.raw("SELECT 1 AS ok").all() }
        return []
    }

    /// Other servers and processes share the database through a pool: there is no cheap change counter.
    func dataVersion() async throws -> Int? { nil }

    /// Stops the pool when this engine runs it; a service group stops its own.
    func close() async throws {
        guard let runner else { return }
        runner.cancel()
        _ = await runner.value
    }
}

/// Describes a PostgreSQL error in one line without secrets (the server's message when there is one).
func describePostgres(_ error: any Error) -> String {
    if let error = error as? PSQLError {
        if let message = error.serverInfo?[.message] {
            let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
            return message + detail
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
    if let error = error as? StorageError { return error.description }
    return String(describing: error)
}

/// One direct PostgreSQL connection as an engine, its statements one at a time: what a store opened for a service
/// group migrates over before the pool runs.
final class PostgresConnectionEngine: SQLEngine {
    let kind = SQLEngineKind.postgresql
    private let connection: PostgresConnection
    private let gate = AsyncGate()

    init(connection: PostgresConnection) { self.connection = connection }

    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await gate.withLock { try await body(connection.sql()) }
    }

    func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await gate.withLock { try await inTransaction(connection.sql(), begin: "BEGIN", body) }
    }

    func integrityProblems() async throws -> [String] {
        try await read { db in _ = try await db.raw("SELECT 1 AS ok").all() }
        return []
    }

    func dataVersion() async throws -> Int? { nil }

    func close() async throws { try await connection.close() }
}
