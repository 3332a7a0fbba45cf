/// A decoded field value. A field holding its base type's invalid value has no `FITValue` (it is nil).
public enum FITValue: Sendable, Equatable, Hashable {
    /// An unsigned integer or enum (`enum`, `uint*`, `uint*z`).
    case unsigned(UInt64)
    /// A signed integer (`sint*`).
    case signed(Int64)
    /// A floating-point number (`float32` is widened exactly).
    case float(Double)
    /// A string, read up to its first null byte.
    case string(String)
    /// Opaque bytes (`byte` fields, or fields whose size doesn't fit their base type).
    case bytes([UInt8])
    /// An array field: one entry per element, nil where the element holds the invalid value.
    case array([FITValue?])

    /// The value as an unsigned integer, if it is an integer that fits.
    public var unsignedValue: UInt64? {
        switch self {
        case .unsigned(let value): value
        case .signed(let value): value >= 0 ? UInt64(value) : nil
        default: nil
        }
    }

    /// The value as a signed integer, if it is an integer that fits.
    public var signedValue: Int64? {
        switch self {
        case .unsigned(let value): value <= UInt64(Int64.max) ? Int64(value) : nil
        case .signed(let value): value
        default: nil
        }
    }

    /// The value as a number (integers are converted).
    public var doubleValue: Double? {
        switch self {
        case .unsigned(let value): Double(value)
        case .signed(let value): Double(value)
        case .float(let value): value
        default: nil
        }
    }

    /// The value as a string, if it is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}

/// One field of a data message: its number, how it was (or will be) written, and its value.
public struct FITField: Sendable, Equatable, Hashable {
    /// The field definition number within its message (253 is `timestamp`, 254 `message_index`).
    public var number: UInt8
    /// The base type from the definition.
    public var baseType: FITBaseType
    /// The size in bytes from the definition (a multiple of the base type's size for arrays).
    public var size: UInt8
    /// The value, or nil when the field holds its invalid value.
    public var value: FITValue?

    /// Creates a field.
    /// - Parameters:
    ///   - number: field definition number.
    ///   - baseType: base type.
    ///   - size: size in bytes; by default the size `value` needs (strings get their terminating null).
    ///   - value: the value, or nil to write the invalid value.
    public init(number: UInt8, baseType: FITBaseType, size: UInt8? = nil, value: FITValue?) {
        self.number = number
        self.baseType = baseType
        self.value = value
        self.size = size ?? FITField.naturalSize(of: value, baseType: baseType)
    }

    /// The number of bytes a value needs with a given base type, capped at 255.
    static func naturalSize(of value: FITValue?, baseType: FITBaseType) -> UInt8 {
        let size: Int
        switch value {
        case .string(let text): size = text.utf8.count + 1
        case .bytes(let bytes): size = max(bytes.count, 1)
        case .array(let elements): size = max(elements.count, 1) * baseType.size
        default: size = baseType.size
        }
        return UInt8(clamping: size)
    }
}

/// A developer field of a data message (protocol 2.0), described by an earlier `field_description`.
public struct FITDeveloperField: Sendable, Equatable, Hashable {
    /// The `developer_data_index` linking the field to its `developer_data_id` and `field_description`.
    public var developerDataIndex: UInt8
    /// The developer field number (`field_description.field_definition_number`).
    public var number: UInt8
    /// The base type from the field description (`byte` when no description was seen).
    public var baseType: FITBaseType
    /// The size in bytes.
    public var size: UInt8
    /// The value, or nil when invalid.
    public var value: FITValue?
    /// The field name from its description, if any.
    public var name: String?
    /// The units from its description, if any.
    public var units: String?

    /// Creates a developer field.
    /// - Parameters:
    ///   - developerDataIndex: the developer data index.
    ///   - number: the developer field number.
    ///   - baseType: the base type given in its field description.
    ///   - size: size in bytes; by default what `value` needs.
    ///   - value: the value.
    ///   - name: the name from the description.
    ///   - units: the units from the description.
    public init(
        developerDataIndex: UInt8, number: UInt8, baseType: FITBaseType, size: UInt8? = nil, value: FITValue?,
        name: String? = nil, units: String? = nil
    ) {
        self.developerDataIndex = developerDataIndex
        self.number = number
        self.baseType = baseType
        self.size = size ?? FITField.naturalSize(of: value, baseType: baseType)
        self.value = value
        self.name = name
        self.units = units
    }
}

/// A decoded data message: its global message number and its fields, as read.
public struct FITMessage: Sendable, Equatable, Hashable {
    /// The global message number (0 file_id, 20 record, 26 workout, …).
    public var globalMessageNumber: UInt16
    /// The fields in definition order. Fields holding invalid values are kept with a nil value.
    ///
    /// A message read with a compressed-timestamp header gets a synthesised `timestamp` field (253, uint32).
    public var fields: [FITField]
    /// The developer fields in definition order.
    public var developerFields: [FITDeveloperField]

    /// Creates a message.
    /// - Parameters:
    ///   - globalMessageNumber: the global message number.
    ///   - fields: the fields.
    ///   - developerFields: the developer fields.
    public init(globalMessageNumber: UInt16, fields: [FITField], developerFields: [FITDeveloperField] = []) {
        self.globalMessageNumber = globalMessageNumber
        self.fields = fields
        self.developerFields = developerFields
    }

    /// The value of the first field with a number, or nil if it's absent or invalid.
    /// - Parameter number: the field definition number.
    public subscript(field number: UInt8) -> FITValue? {
        for field in fields where field.number == number {
            return field.value
        }
        return nil
    }

    /// The `timestamp` field (253) as FIT seconds, if present.
    public var timestamp: UInt32? {
        self[field: 253]?.unsignedValue.flatMap { UInt32(exactly: $0) }
    }
}
