import Foundation

/// A JSON value, for building the OpenAPI document in Swift (sorted keys, so the served text is stable).
indirect enum JSONValue: Encodable, Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .integer(value) }
    init(floatLiteral value: Double) { self = .number(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    /// The object with `key` set to `value` (objects only; anything else is returned unchanged).
    func with(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var fields) = self else { return self }
        fields[key] = value
        return .object(fields)
    }
}

/// JSON Schema (the OpenAPI 3.0 dialect) for the document's components.
enum Schema {
    static let string: JSONValue = ["type": "string"]
    static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]

    /// A string of `length` characters.
    static func string(_ length: ClosedRange<Int>) -> JSONValue {
        ["type": "string", "minLength": .integer(length.lowerBound), "maxLength": .integer(length.upperBound)]
    }

    /// A whole number in `range`.
    static func integer(_ range: ClosedRange<Int>) -> JSONValue {
        ["type": "integer", "minimum": .integer(range.lowerBound), "maximum": .integer(range.upperBound)]
    }

    /// A number in `range`.
    static func number(_ range: ClosedRange<Double>) -> JSONValue {
        ["type": "number", "minimum": .number(range.lowerBound), "maximum": .number(range.upperBound)]
    }

    /// A number not below `minimum`.
    static func number(atLeast minimum: Double) -> JSONValue { ["type": "number", "minimum": .number(minimum)] }

    /// A whole number not below `minimum`.
    static func integer(atLeast minimum: Int) -> JSONValue { ["type": "integer", "minimum": .integer(minimum)] }

    /// One of the raw values of a Swift enumeration (taken from the type, so the document cannot drift from it).
    static func oneOf<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> JSONValue where E.RawValue == String {
        ["type": "string", "enum": .array(E.allCases.map { .string($0.rawValue) })]
    }

    /// One of these strings.
    static func oneOf(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    /// An array of `items`.
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }

    /// A reference to a component schema.
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    /// The schema, or null (OpenAPI 3.0 needs `allOf` around a reference to make it nullable).
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard case .object(let fields) = schema else { return schema }
        if fields["$ref"] != nil { return ["allOf": [schema], "nullable": true] }
        // An enumeration lists null too, or null fails the enum check.
        if case .array(let values) = fields["enum"] {
            return schema.with("nullable", true).with("enum", .array(values + [.null]))
        }
        return schema.with("nullable", true)
    }

    /// An object with exactly these properties (no others); every one is required except `optional`.
    static func object(_ properties: [String: JSONValue], optional: Set<String> = []) -> JSONValue {
        var schema: JSONValue = [
            "type": "object", "properties": .object(properties), "additionalProperties": false,
        ]
        let required = properties.keys.filter { !optional.contains($0) }.sorted()
        if !required.isEmpty { schema = schema.with("required", .array(required.map(JSONValue.string))) }
        return schema
    }

    /// An object whose properties are all optional (request bodies with defaults).
    static func options(_ properties: [String: JSONValue]) -> JSONValue {
        object(properties, optional: Set(properties.keys))
    }
}
