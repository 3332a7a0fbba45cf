import Foundation

// MARK: - A small ordered JSON writer (explicit nulls, stable key order, shortest number form)

/// A JSON value whose objects keep their key order.
indirect enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.rendered() == rhs.rendered() }

    /// A number, or null.
    static func number(_ value: Double?) -> JSONValue { value.map { .double($0) } ?? .null }
    /// An integer, or null.
    static func int(_ value: Int?) -> JSONValue { value.map { .integer($0) } ?? .null }
    /// An array of integers.
    static func ints(_ values: [UInt16]) -> JSONValue { .array(values.map { .integer(Int($0)) }) }

    /// Pretty-printed JSON, two-space indented.
    func rendered(indent: String = "") -> String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .double(let value):
            guard value.isFinite else { return "null" }
            if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
            return String(value)
        case .string(let value): return quoted(value)
        case .array(let values):
            if values.isEmpty { return "[]" }
            return "[" + values.map { $0.rendered(indent: indent) }.joined(separator: ", ") + "]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            let inner = indent + "  "
            let lines = fields.map { inner + quoted($0.0) + ": " + $0.1.rendered(indent: inner) }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    private func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
