import BackstepStorage
import Foundation

/// Where the database lives: a SQLite file (the default), SQLite in memory, or a PostgreSQL server.
public enum DatabaseLocation: Hashable, Sendable, CustomStringConvertible {
    /// A SQLite file, created on first use (with its folder).
    case sqliteFile(String)
    /// A private in-memory SQLite database (tests).
    case sqliteMemory
    /// A PostgreSQL server, by its `postgres://user:password@host:port/database` URL.
    case postgres(PostgresURL)

    /// Reads a `--database` value or `BACKSTEP_DATABASE`: a `postgres://` or `postgresql://` URL, `:memory:`,
    /// or a file path (`~` is expanded).
    /// - Throws: `StorageError.cannotConnect` for a malformed URL.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            self = .postgres(try PostgresURL(parsing: trimmed))
        } else if trimmed == ":memory:" {
            self = .sqliteMemory
        } else if trimmed.isEmpty {
            throw StorageError.notWritable(path: text, reason: "the database path is empty")
        } else {
            self = .sqliteFile(NSString(string: trimmed).expandingTildeInPath)
        }
    }

    /// The default SQLite file: `$XDG_DATA_HOME/backstep/backstep.sqlite`, else
    /// `~/.local/share/backstep/backstep.sqlite`.
    /// - Parameter environment: The process environment (the caller reads it; this library does not).
    public static func defaultSQLitePath(environment: [String: String]) -> String {
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty, xdg.hasPrefix("/") {
            return xdg + "/backstep/backstep.sqlite"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/backstep/backstep.sqlite"
    }

    /// The location an option and the environment select: the option, else `BACKSTEP_DATABASE`, else the
    /// default SQLite file.
    public static func resolve(option: String?, environment: [String: String]) throws -> DatabaseLocation {
        if let option { return try DatabaseLocation(parsing: option) }
        if let value = environment["BACKSTEP_DATABASE"], !value.isEmpty { return try DatabaseLocation(parsing: value) }
        return .sqliteFile(defaultSQLitePath(environment: environment))
    }

    /// The location without its password.
    public var description: String {
        switch self {
        case .sqliteFile(let path): path
        case .sqliteMemory: ":memory:"
        case .postgres(let url): url.redacted
        }
    }
}

/// A parsed `postgres://` URL.
public struct PostgresURL: Hashable, Sendable {
    /// Host name or address.
    public var host: String
    /// TCP port (5432 by default).
    public var port: Int
    /// User name.
    public var username: String
    /// Password, if any.
    public var password: String?
    /// Database name (the user name when absent).
    public var database: String?

    /// Parses `postgres://user[:password]@host[:port][/database]`.
    /// - Throws: `StorageError.cannotConnect` naming what is missing.
    public init(parsing text: String) throws {
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw StorageError.cannotConnect(url: Self.redact(text), reason: "not a valid postgres:// URL (no host)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StorageError.cannotConnect(url: Self.redact(text), reason: "the URL names no user")
        }
        if let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value,
            !["disable", "prefer", "allow"].contains(mode)
        {
            throw StorageError.cannotConnect(
                url: Self.redact(text), reason: "sslmode=\(mode) is not supported yet; use a local or tunnelled server")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? nil : path
    }

    /// The URL without the password, for messages.
    public var redacted: String { "postgres://\(username)@\(host):\(port)/\(database ?? username)" }

    static func redact(_ text: String) -> String {
        guard var components = URLComponents(string: text) else { return "(unparsable URL)" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "(unparsable URL)"
    }
}
