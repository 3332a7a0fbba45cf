import BackstepCore
import BackstepStorage
import Foundation
import SQLKit

/// Typed column reads with errors that name the column.
struct RowReader {
    let row: any SQLRow

    func int(_ column: String) throws -> Int { try row.decode(column: column, as: Int.self) }
    func intOrNil(_ column: String) throws -> Int? { try row.decode(column: column, as: Int?.self) }
    func double(_ column: String) throws -> Double { try row.decode(column: column, as: Double.self) }
    func doubleOrNil(_ column: String) throws -> Double? { try row.decode(column: column, as: Double?.self) }
    func string(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
    func stringOrNil(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
    func bool(_ column: String) throws -> Bool { try int(column) != 0 }
    func date(_ column: String) throws -> Date { Date(epochMilliseconds: try int(column)) }
    func dateOrNil(_ column: String) throws -> Date? { try intOrNil(column).map(Date.init(epochMilliseconds:)) }

    /// Reads a typed identifier; a value that is not a UUID throws `StorageError.engine` naming the column.
    func uuid<Subject>(_ column: String) throws -> Identifier<Subject> {
        let text = try string(column)
        guard let id = Identifier<Subject>(uuidString: text) else {
            throw StorageError.engine("\(column): '\(text)' is not a UUID")
        }
        return id
    }

    func enumeration<E: RawRepresentable>(_ column: String, as type: E.Type) throws -> E where E.RawValue == String {
        let text = try string(column)
        guard let value = E(rawValue: text) else { throw StorageError.engine("\(column): unknown value '\(text)'") }
        return value
    }

    /// A user role in its stored form (`UserRole.storedValue`).
    func role(_ column: String) throws -> UserRole {
        let text = try string(column)
        guard let role = UserRole(storedValue: text) else {
            throw StorageError.engine("\(column): unknown role '\(text)'")
        }
        return role
    }

    func enumerationOrNil<E: RawRepresentable>(_ column: String, as type: E.Type) throws -> E?
    where E.RawValue == String {
        guard let text = try stringOrNil(column) else { return nil }
        guard let value = E(rawValue: text) else { throw StorageError.engine("\(column): unknown value '\(text)'") }
        return value
    }

    func json<T: Decodable>(_ column: String, as type: T.Type) throws -> T {
        try StoredJSON.decode(type, from: try string(column), column: column)
    }

    func jsonOrNil<T: Decodable>(_ column: String, as type: T.Type) throws -> T? {
        guard let text = try stringOrNil(column) else { return nil }
        return try StoredJSON.decode(type, from: text, column: column)
    }
}

/// JSON documents stored in TEXT columns: sorted keys, ISO-8601 dates.
enum StoredJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, column: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw StorageError.engine("\(column): stored JSON cannot be read: \(error)")
        }
    }
}

extension UserRole {
    /// The role as `app_user.role` stores it: the schema's first version named the professional role `coach`, and
    /// its CHECK constraint still allows exactly `athlete`, `coach` and `admin`.
    var storedValue: String { self == .professional ? "coach" : rawValue }

    /// The role stored as `text`.
    init?(storedValue text: String) {
        if text == "coach" {
            self = .professional
        } else if text != Self.professional.rawValue, let role = UserRole(rawValue: text) {
            self = role
        } else {
            return nil
        }
    }
}
