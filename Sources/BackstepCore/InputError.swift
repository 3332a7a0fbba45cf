/// Limits every input path shares (command line, JSON files, the web app).
public enum InputLimits {
    /// No speed above 30 km/h is accepted anywhere.
    public static let maximumSpeed = Speed.kilometersPerHour(30)
    /// Grades accepted anywhere, in percent.
    public static let gradeRange = -5.0...40.0
}

/// A value from outside that is not acceptable: which field, what is wrong, and what is allowed.
public struct InputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field's name as the user typed or sent it (e.g. `mass`, `feedback.painDuring`).
    public var field: String
    /// What is wrong, in words.
    public var problem: String

    /// Creates an input error.
    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }

    /// Throws when `value` is not finite or lies outside `range`.
    public static func check(
        _ field: String, _ value: Double, in range: ClosedRange<Double>, unit: String
    ) throws(InputError) {
        guard value.isFinite else {
            throw InputError(field: field, problem: "must be a number, allowed \(describe(range, unit: unit))")
        }
        guard range.contains(value) else {
            throw InputError(
                field: field, problem: "\(format(value)) is out of range, allowed \(describe(range, unit: unit))")
        }
    }

    /// Throws when `value` lies outside `range`.
    public static func check(
        _ field: String, _ value: Int, in range: ClosedRange<Int>, unit: String = ""
    ) throws(InputError) {
        guard range.contains(value) else {
            let suffix = unit.isEmpty ? "" : " \(unit)"
            throw InputError(
                field: field,
                problem: "\(value) is out of range, allowed \(range.lowerBound)–\(range.upperBound)\(suffix)")
        }
    }

    static func describe(_ range: ClosedRange<Double>, unit: String) -> String {
        let suffix = unit.isEmpty ? "" : " \(unit)"
        return "\(format(range.lowerBound))–\(format(range.upperBound))\(suffix)"
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e9 { return String(Int(value)) }
        return String((value * 1000).rounded() / 1000)
    }
}
