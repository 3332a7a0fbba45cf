/// A typed view of one FIT profile message (profile 21.218), with scaled fields in SI units.
///
/// Conforming types list their known fields in `fieldSpecs`. Decoding fills the known fields and keeps the
/// rest raw in `unknownFields` (reporting each as a diagnostic); encoding writes the known fields that are
/// set, then the unknown ones, then the developer fields.
public protocol FITProfileMessage: Sendable, Equatable {
    /// The global message number.
    static var globalMessageNumber: UInt16 { get }
    /// The known fields: number, base type, scaling and where they live in the typed value.
    static var fieldSpecs: [FITFieldSpec<Self>] { get }
    /// Creates a message with every field unset.
    init()
    /// Fields the typed layer doesn't know (or whose values had an unexpected type), kept as read.
    var unknownFields: [FITField] { get set }
    /// Developer fields, kept as read.
    var developerFields: [FITDeveloperField] { get set }
}

extension FITProfileMessage {
    /// Reads a typed message from a raw one.
    ///
    /// - Parameters:
    ///   - message: a raw message; its global number should be `globalMessageNumber`.
    ///   - diagnostics: receives `unknownField` and `unexpectedFieldValue` diagnostics.
    public init(_ message: FITMessage, diagnostics: inout [FITDiagnostic]) {
        self.init()
        let specs = Self.fieldSpecs
        for field in message.fields {
            guard let value = field.value else { continue }
            guard let spec = specs.first(where: { $0.number == field.number }) else {
                unknownFields.append(field)
                diagnostics.append(
                    FITDiagnostic(.unknownField(globalMessageNumber: message.globalMessageNumber, field: field.number)))
                continue
            }
            if !spec.read(&self, value) {
                unknownFields.append(field)
                diagnostics.append(
                    FITDiagnostic(
                        .unexpectedFieldValue(globalMessageNumber: message.globalMessageNumber, field: field.number)))
            }
        }
        developerFields = message.developerFields
    }

    /// Reads a typed message from a raw one, discarding diagnostics.
    /// - Parameter message: a raw message.
    public init(_ message: FITMessage) {
        var ignored: [FITDiagnostic] = []
        self.init(message, diagnostics: &ignored)
    }

    /// The raw message to encode: set known fields, then unknown fields, then developer fields.
    public func fitMessage() -> FITMessage {
        var fields: [FITField] = []
        for spec in Self.fieldSpecs {
            if let value = spec.write(self) {
                fields.append(FITField(number: spec.number, baseType: spec.baseType, value: value))
            }
        }
        fields.append(contentsOf: unknownFields)
        return FITMessage(
            globalMessageNumber: Self.globalMessageNumber, fields: fields, developerFields: developerFields)
    }
}

/// How one profile field maps between its raw value and a typed property.
public struct FITFieldSpec<Message>: Sendable {
    /// The field definition number.
    public let number: UInt8
    /// The base type written by the encoder.
    public let baseType: FITBaseType
    /// Stores a raw value into the typed message; false if the value has an unexpected type.
    let read: @Sendable (inout Message, FITValue) -> Bool
    /// The raw value of the typed property, or nil when unset (or not representable).
    let write: @Sendable (Message) -> FITValue?

    /// Creates a spec from its two conversions.
    init(
        _ number: UInt8, _ baseType: FITBaseType, read: @escaping @Sendable (inout Message, FITValue) -> Bool,
        write: @escaping @Sendable (Message) -> FITValue?
    ) {
        self.number = number
        self.baseType = baseType
        self.read = read
        self.write = write
    }

    /// An integer field stored as is.
    static func integer<T: FixedWidthInteger & Sendable>(
        _ number: UInt8, _ baseType: FITBaseType, _ keyPath: any WritableKeyPath<Message, T?> & Sendable
    ) -> Self {
        Self(
            number, baseType,
            read: { message, value in
                guard let integer = FITFieldSpec.integer(value, as: T.self) else { return false }
                message[keyPath: keyPath] = integer
                return true
            },
            write: { message in
                guard let integer = message[keyPath: keyPath] else { return nil }
                return T.isSigned ? .signed(Int64(integer)) : .unsigned(UInt64(integer))
            })
    }

    /// A field with a profile scale and offset: typed value = raw / scale − offset (FIT profile convention).
    static func scaled(
        _ number: UInt8, _ baseType: FITBaseType, _ keyPath: any WritableKeyPath<Message, Double?> & Sendable,
        scale: Double, offset: Double = 0
    ) -> Self {
        Self(
            number, baseType,
            read: { message, value in
                guard let raw = value.doubleValue else { return false }
                message[keyPath: keyPath] = raw / scale - offset
                return true
            },
            write: { message in
                guard let typed = message[keyPath: keyPath] else { return nil }
                return FITFieldSpec.rawValue(forScaled: typed, scale: scale, offset: offset, baseType: baseType)
            })
    }

    /// An enumeration or other open set of raw values.
    static func enumeration<E: FITEnumeration>(
        _ number: UInt8, _ baseType: FITBaseType, _ keyPath: any WritableKeyPath<Message, E?> & Sendable
    ) -> Self {
        Self(
            number, baseType,
            read: { message, value in
                guard let integer = FITFieldSpec.integer(value, as: E.RawValue.self) else { return false }
                message[keyPath: keyPath] = E(rawValue: integer)
                return true
            },
            write: { message in
                guard let typed = message[keyPath: keyPath] else { return nil }
                return .unsigned(UInt64(typed.rawValue))
            })
    }

    /// A `date_time` or `local_date_time` field.
    static func dateTime(_ number: UInt8, _ keyPath: any WritableKeyPath<Message, FITDateTime?> & Sendable) -> Self {
        Self(
            number, .uint32,
            read: { message, value in
                guard let integer = FITFieldSpec.integer(value, as: UInt32.self) else { return false }
                message[keyPath: keyPath] = FITDateTime(rawValue: integer)
                return true
            },
            write: { message in message[keyPath: keyPath].map { .unsigned(UInt64($0.rawValue)) } })
    }

    /// A string field.
    static func string(_ number: UInt8, _ keyPath: any WritableKeyPath<Message, String?> & Sendable) -> Self {
        Self(
            number, .string,
            read: { message, value in
                guard case .string(let text) = value else { return false }
                message[keyPath: keyPath] = text
                return true
            },
            write: { message in
                guard let text = message[keyPath: keyPath], !text.isEmpty, text.utf8.count < 255 else { return nil }
                return .string(text)
            })
    }

    /// A byte-array field.
    static func bytes(_ number: UInt8, _ keyPath: any WritableKeyPath<Message, [UInt8]?> & Sendable) -> Self {
        Self(
            number, .byte,
            read: { message, value in
                guard case .bytes(let bytes) = value else { return false }
                message[keyPath: keyPath] = bytes
                return true
            },
            write: { message in
                guard let bytes = message[keyPath: keyPath], !bytes.isEmpty, bytes.count <= 255 else { return nil }
                return .bytes(bytes)
            })
    }

    static func integer<T: FixedWidthInteger>(_ value: FITValue, as type: T.Type) -> T? {
        switch value {
        case .unsigned(let raw): T(exactly: raw)
        case .signed(let raw): T(exactly: raw)
        default: nil
        }
    }

    /// raw = round((typed + offset) × scale), or nil when that isn't a valid value of the base type.
    static func rawValue(forScaled typed: Double, scale: Double, offset: Double, baseType: FITBaseType) -> FITValue? {
        let raw = ((typed + offset) * scale).rounded()
        guard raw.isFinite else { return nil }
        if baseType.isFloat { return .float((typed + offset) * scale) }
        let bitWidth = 8 * baseType.size
        if baseType.isSigned {
            let limit = Double(Int64(1) << Int64(bitWidth - 1))
            guard raw >= -limit, raw < limit - 1 else { return nil }
            return .signed(Int64(raw))
        }
        let limit = bitWidth >= 64 ? 1.8e19 : Double(UInt64(1) << UInt64(bitWidth))
        guard raw >= 0, raw < limit - 1 else { return nil }
        return .unsigned(UInt64(raw))
    }
}

/// An open set of profile enum values: named constants for the known ones, any raw value accepted.
public protocol FITEnumeration: RawRepresentable, Sendable, Hashable where RawValue: FixedWidthInteger & Sendable {
    /// Creates a value from its raw number.
    init(rawValue: RawValue)
}

/// A FIT `date_time`: seconds since 1989-12-31T00:00:00Z (`protocols-formats.md` §2.3).
public struct FITDateTime: RawRepresentable, Sendable, Hashable, Comparable {
    /// Seconds since the FIT epoch.
    public var rawValue: UInt32

    /// Creates a date-time from FIT seconds.
    /// - Parameter rawValue: seconds since the FIT epoch.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Creates a date-time from Unix seconds, or nil when out of the FIT range.
    /// - Parameter unixSeconds: seconds since 1970-01-01T00:00:00Z.
    public init?(unixSeconds: Int64) {
        guard let raw = UInt32(exactly: unixSeconds - FIT.unixEpochOffset) else { return nil }
        rawValue = raw
    }

    /// Seconds since the Unix epoch (meaningful when `isAbsolute`).
    public var unixSeconds: Int64 { Int64(rawValue) + FIT.unixEpochOffset }

    /// False for values below 0x10000000, which are relative "system time" rather than dates.
    public var isAbsolute: Bool { rawValue >= FIT.minimumAbsoluteDateTime }

    /// Orders by time.
    public static func < (lhs: FITDateTime, rhs: FITDateTime) -> Bool { lhs.rawValue < rhs.rawValue }
}
