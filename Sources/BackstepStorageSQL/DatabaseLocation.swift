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
///
/// Besides the user, password, host, port and database, three query parameters are read:
/// - `sslmode`: as libpq reads it: `disable` (the default) and `allow` connect without TLS; `prefer` uses TLS when
///   the server offers it; `require` insists on TLS (and, with `sslrootcert`, verifies the chain as `verify-ca`
///   does); `verify-ca` verifies the server's certificate chain; `verify-full` verifies the chain and that the
///   certificate names the host.
/// - `sslrootcert`: a PEM file of the certificate authorities to trust (else the system's).
/// - `pool_size`: Backstep's own: the most connections the server opens to the database (1–200, default 20).
public struct PostgresURL: Hashable, Sendable {
    /// How the connection uses TLS.
    public enum TLSMode: String, Hashable, Sendable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, without verifying its certificate.
        case prefer
        /// TLS always, without verifying the server's certificate.
        case require
        /// TLS always; the server's certificate chain must lead to a trusted authority.
        case verifyCA = "verify-ca"
        /// TLS always; the chain must be trusted and the certificate must name the host.
        case verifyFull = "verify-full"
    }

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
    /// How the connection uses TLS (`sslmode`).
    public var tls: TLSMode = .disable
    /// The PEM file of trusted authorities (`sslrootcert`), else the system's.
    public var rootCertificatePath: String?
    /// The most connections to open (`pool_size`); nil for the client's default (20).
    public var poolSize: Int?

    /// The query parameters a URL may carry.
    static let parameters = ["sslmode", "sslrootcert", "pool_size"]

    /// Parses `postgres://user[:password]@host[:port][/database][?sslmode=…&sslrootcert=…&pool_size=…]`.
    /// - Throws: `StorageError.cannotConnect` naming what is missing or wrong.
    public init(parsing text: String) throws {
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw StorageError.cannotConnect(url: Self.redact(text), reason: "not a valid postgres:// URL (no host)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StorageError.cannotConnect(url: Self.redact(text), reason: "the URL names no user")
        }
        func refuse(_ reason: String) -> StorageError { .cannotConnect(url: Self.redact(text), reason: reason) }
        var values: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard Self.parameters.contains(item.name) else {
                throw refuse(
                    "unknown parameter \(item.name) (known: \(Self.parameters.joined(separator: ", ")))")
            }
            guard values[item.name] == nil else { throw refuse("\(item.name) is given twice") }
            values[item.name] = item.value ?? ""
        }
        var mode = TLSMode.disable
        switch values["sslmode"] {
        case nil, "disable", "allow": break
        case let name?:
            guard let known = TLSMode(rawValue: name) else {
                throw refuse("sslmode=\(name) is not one of disable, allow, prefer, require, verify-ca, verify-full")
            }
            mode = known
        }
        if let path = values["sslrootcert"] {
            guard !path.isEmpty else { throw refuse("sslrootcert is empty: give the path of a PEM file") }
            guard mode != .disable, mode != .prefer else {
                throw refuse("sslrootcert needs sslmode=require, verify-ca or verify-full (it is \(mode.rawValue))")
            }
            // As libpq: `require` with a root certificate verifies the chain.
            if mode == .require { mode = .verifyCA }
        }
        var pool: Int?
        if let size = values["pool_size"] {
            guard let count = Int(size), (1...200).contains(count) else {
                throw refuse("pool_size=\(size) is not a whole number from 1 to 200")
            }
            pool = count
        }
        self.tls = mode
        self.rootCertificatePath = values["sslrootcert"]
        self.poolSize = pool
        self.host = host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? nil : path
    }

    /// The URL without the password, for messages.
    public var redacted: String {
        var text = "postgres://\(username)@\(host):\(port)/\(database ?? username)"
        var query: [String] = []
        if tls != .disable { query.append("sslmode=\(tls.rawValue)") }
        if let rootCertificatePath { query.append("sslrootcert=\(rootCertificatePath)") }
        if let poolSize { query.append("pool_size=\(poolSize)") }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }

    static func redact(_ text: String) -> String {
        guard var components = URLComponents(string: text) else { return "(unparsable URL)" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "(unparsable URL)"
    }
}
