import BackstepCore
import Foundation
import HTTPTypes
import Hummingbird

/// A decoded `application/x-www-form-urlencoded` body (or query), with typed readers that collect errors per field
/// so a form can be shown again with a message next to each bad field.
public struct Form: Sendable {
    /// Every value of every field, in order.
    public private(set) var values: [String: [String]] = [:]
    /// Problems found while reading, by field name.
    public var errors: [String: String] = [:]

    /// Parses a URL-encoded body.
    public init(urlEncoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts.first.map(String.init) ?? "")
            let value = parts.count > 1 ? Self.decode(String(parts[1])) : ""
            guard !name.isEmpty else { continue }
            values[name, default: []].append(value)
        }
    }

    /// Creates a form from values (tests, JSON bridging).
    public init(_ values: [String: String]) {
        self.values = values.mapValues { [$0] }
    }

    static func decode(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Reads a request body as a form, refusing bodies over `limit` bytes.
    /// - Throws: `AppError` 413 for an oversized body.
    public static func read(_ request: Request, limit: Int) async throws -> Form {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw AppError(.contentTooLarge, "The form is larger than \(limit / 1024) KiB.")
        }
        return Form(urlEncoded: String(buffer: buffer))
    }

    /// Whether every field read so far was valid.
    public var isValid: Bool { errors.isEmpty }

    /// The first value of a field, trimmed; nil when absent or empty.
    public func string(_ name: String) -> String? {
        guard let value = values[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// Every value of a repeated field (checkboxes).
    public func all(_ name: String) -> [String] { values[name] ?? [] }

    /// Whether a checkbox is on.
    public func flag(_ name: String) -> Bool {
        guard let value = string(name)?.lowercased() else { return false }
        return ["on", "true", "1", "yes"].contains(value)
    }

    /// A required text of at most `maxLength` characters.
    public mutating func text(_ name: String, label: String, maxLength: Int = 200, required: Bool = true) -> String? {
        guard let value = string(name) else {
            if required { errors[name] = "\(label) is required." }
            return nil
        }
        guard value.count <= maxLength else {
            errors[name] = "\(label) must be at most \(maxLength) characters."
            return nil
        }
        return value
    }

    /// A number within `range`.
    public mutating func number(
        _ name: String, label: String, in range: ClosedRange<Double>, required: Bool = true, unit: String = ""
    ) -> Double? {
        guard let raw = string(name) else {
            if required { errors[name] = "\(label) is required." }
            return nil
        }
        guard let value = Double(raw.replacingOccurrences(of: ",", with: ".")), value.isFinite else {
            errors[name] = "\(label) must be a number."
            return nil
        }
        guard range.contains(value) else {
            let suffix = unit.isEmpty ? "" : " \(unit)"
            errors[name] =
                "\(label) must be between \(Self.format(range.lowerBound)) and \(Self.format(range.upperBound))\(suffix)."
            return nil
        }
        return value
    }

    /// A whole number within `range`.
    public mutating func integer(
        _ name: String, label: String, in range: ClosedRange<Int>, required: Bool = true
    )
        -> Int?
    {
        guard let raw = string(name) else {
            if required { errors[name] = "\(label) is required." }
            return nil
        }
        guard let value = Int(raw) else {
            errors[name] = "\(label) must be a whole number."
            return nil
        }
        guard range.contains(value) else {
            errors[name] = "\(label) must be between \(range.lowerBound) and \(range.upperBound)."
            return nil
        }
        return value
    }

    /// One of an enumeration's raw values.
    public mutating func choice<E: RawRepresentable & CaseIterable>(
        _ name: String, label: String, as type: E.Type, required: Bool = true
    ) -> E? where E.RawValue == String {
        guard let raw = string(name) else {
            if required { errors[name] = "Choose \(label.lowercased())." }
            return nil
        }
        guard let value = E(rawValue: raw) else {
            errors[name] = "\(label) must be one of: \(E.allCases.map(\.rawValue).joined(separator: ", "))."
            return nil
        }
        return value
    }

    /// Records a domain validation error against its field (mapping domain names to form names).
    public mutating func add(_ error: InputError, fieldMap: [String: String] = [:]) {
        errors[fieldMap[error.field] ?? error.field] = error.problem.prefix(1).uppercased() + error.problem.dropFirst()
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.2f", value)
    }
}
