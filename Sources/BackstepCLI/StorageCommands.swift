import ArgumentParser
import BackstepCore
import BackstepStorage
import BackstepStorageSQL
import Foundation

/// `--database`, shared by every command that reads or writes the database.
public struct DatabaseOptions: ParsableArguments {
    /// A SQLite file path, `:memory:` or a `postgres://` URL.
    @Option(
        name: .long,
        help: """
            The database: a SQLite file path or a postgres:// URL (default: $BACKSTEP_DATABASE, else \
            ~/.local/share/backstep/backstep.sqlite).
            """)
    public var database: String?

    public init() {}

    /// The selected location.
    public func location() throws -> DatabaseLocation {
        do {
            return try DatabaseLocation.resolve(option: database, environment: ProcessInfo.processInfo.environment)
        } catch let error as StorageError {
            throw ValidationError("--database: \(error.description)")
        }
    }

    /// Opens (and migrates) the selected database and runs `body` with it, closing it afterwards.
    public func withStore<T>(migrate: Bool = true, _ body: (SQLStore) async throws -> T) async throws -> T {
        let store: SQLStore
        do {
            store = try await SQLStore.open(try location(), migrate: migrate)
        } catch let error as StorageError {
            throw StorageCommandError(error)
        }
        do {
            let result = try await body(store)
            try? await store.close()
            return result
        } catch let error as StorageError {
            try? await store.close()
            throw StorageCommandError(error)
        } catch {
            try? await store.close()
            throw error
        }
    }
}

/// A storage failure as the command line reports it: invalid values exit 64 like other input errors; the rest
/// exit 1 with the message.
public struct StorageCommandError: Error, CustomStringConvertible {
    /// The storage error.
    public var error: StorageError

    /// Wraps a storage error.
    public init(_ error: StorageError) { self.error = error }

    public var description: String { "error: \(error.description)" }
}

/// Commands that build their text asynchronously from the database.
public protocol AsyncRenderingCommand: AsyncParsableCommand {
    /// Builds the command's output.
    func render() async throws -> String
}

extension AsyncRenderingCommand {
    /// Prints what `render()` returns; storage errors exit 64 (bad values) or 1 (everything else) with a message.
    public func run() async throws {
        do {
            print(try await render())
        } catch let failure as StorageCommandError {
            if case .invalid(let input) = failure.error { throw ValidationError(input.description) }
            FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            throw ExitCode.failure
        }
    }
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (UTC).
func parseDateOption(_ text: String, option: String) throws -> Date {
    for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        if let date = formatter.date(from: text) { return date }
    }
    throw ValidationError("\(option): '\(text)' is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)")
}

// MARK: - db

/// `backstep db`: database maintenance.
public struct DBCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Database maintenance: migrate the schema, check integrity.",
        subcommands: [DBMigrateCommand.self, DBCheckCommand.self, DBCrashWriterCommand.self])

    public init() {}
}

/// `backstep db migrate`: applies pending migrations and prints what it applied.
public struct DBMigrateCommand: AsyncRenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending schema migrations (each in its own transaction).")

    @OptionGroup public var options: DatabaseOptions

    public init() {}

    public func render() async throws -> String {
        try await options.withStore(migrate: false) { store in
            let applied = try await store.migrate()
            let location = try options.location()
            if applied.isEmpty {
                return "Database \(location) (\(store.engineName)) is up to date: "
                    + "\(try await store.appliedMigrations().count) migrations applied."
            }
            return (["Applied to \(location) (\(store.engineName)):"] + applied.map { "  \($0)" }).joined(
                separator: "\n")
        }
    }
}

/// `backstep db check`: integrity check and unfinished sessions.
public struct DBCheckCommand: AsyncRenderingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check the database's integrity and list unfinished sessions.")

    @OptionGroup public var options: DatabaseOptions

    public init() {}

    public func render() async throws -> String {
        try await options.withStore { store in
            let problems = try await store.integrityProblems()
            let unfinished = try await store.unfinishedSessions(for: nil)
            var lines = [problems.isEmpty ? "Integrity: ok" : "Integrity: \(problems.count) problem(s)"]
            lines += problems.map { "  \($0)" }
            lines.append("Unfinished sessions: \(unfinished.count)")
            lines += unfinished.map { "  \($0.id.uuidString.lowercased()) started \(HistoryText.date($0.startedAt))" }
            if !problems.isEmpty { throw StorageCommandError(.engine(lines.joined(separator: "\n"))) }
            return lines.joined(separator: "\n")
        }
    }
}

/// Hidden: writes a session's samples one a second (or as fast as it can) and prints `ack <sequence>` after each
/// one is committed. The crash test kills it with SIGKILL mid-way.
public struct DBCrashWriterCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "crash-writer", abstract: "Test helper: write samples with acknowledgements.",
        shouldDisplay: false)

    @OptionGroup public var options: DatabaseOptions
    @Option(help: "How many samples to write.") var samples: Int = 100_000
    @Option(help: "Milliseconds between samples (0: as fast as possible).") var intervalMs: Int = 0

    public init() {}

    /// Writes a line to standard output at once (no buffering), so an acknowledgement is out before a kill.
    func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    public func run() async throws {
        try await options.withStore { store in
            let user = try await store.localAthlete(now: Date())
            let workout = try Catalog.program(id: Catalog.programs[0].id).workout()
            let session = PerformedSession(startedAt: Date(), workout: workout, status: .inProgress, source: .simulated)
            let recorder = try await SessionRecorder.begin(session, for: user.id, store: store)
            emit("session \(session.id.uuidString)")
            for sequence in 0..<samples {
                let sample = SessionSample(
                    sequence: sequence, t: Double(sequence), segment: 0, direction: .backward, gait: .walk,
                    speed: .kilometersPerHour(3), distance: Distance(meters: Double(sequence) * 0.83), met: 4,
                    kcal: Double(sequence) * 0.07, forwardKcal: Double(sequence) * 0.05)
                if let ack = try await recorder.record(sample) {
                    emit("ack \(ack)")
                }
                if intervalMs > 0 { try await Task.sleep(for: .milliseconds(intervalMs)) }
            }
        }
    }
}
