import BackstepCore
import Foundation

/// Why a storage operation failed, in words a person can act on.
///
/// Every case leaves the database as it was: writes run in one transaction, so a failure writes nothing.
public enum StorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A value is out of range or malformed; nothing was written.
    case invalid(InputError)
    /// The database file or its folder cannot be created or written.
    case notWritable(path: String, reason: String)
    /// The PostgreSQL server named by the URL cannot be reached or refused the login.
    case cannotConnect(url: String, reason: String)
    /// The database was written by a newer version of Backstep; it is left untouched.
    case databaseNewerThanApp(unknownMigrations: [String])
    /// A record that the operation needs does not exist.
    case notFound(String)
    /// The operation does not fit the record's state (e.g. appending samples to a finished session).
    case conflict(String)
    /// The database engine reported an error.
    case engine(String)
    /// The user already has a live session in progress (at most one runs per user); its id.
    case liveSessionInProgress(SessionID)

    public var description: String {
        switch self {
        case .invalid(let error): "invalid value: \(error.description)"
        case .notWritable(let path, let reason): "cannot write the database at '\(path)': \(reason)"
        case .cannotConnect(let url, let reason): "cannot connect to the database \(url): \(reason)"
        case .databaseNewerThanApp(let names):
            "the database was written by a newer version of Backstep (unknown migrations: "
                + "\(names.joined(separator: ", "))); refusing to use it. Update Backstep."
        case .notFound(let what): "not found: \(what)"
        case .liveSessionInProgress(let id): "a live session of this user is already in progress (\(id))"
        case .conflict(let what): what
        case .engine(let message): "database error: \(message)"
        }
    }
}

extension StorageError {
    /// Runs a domain validation and turns its `InputError` into `StorageError.invalid`.
    public static func validating(_ check: () throws(InputError) -> Void) throws(StorageError) {
        do { try check() } catch { throw .invalid(error) }
    }
}
