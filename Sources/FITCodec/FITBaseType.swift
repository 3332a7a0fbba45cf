/// A FIT base type: how a field's bytes are read and which value means "invalid".
///
/// The raw value is the base type byte as Garmin's encoder writes it: the type number in bits 0–4 and, for
/// multi-byte types, the endian-ability flag 0x80 (`garmin_fit_sdk/fit.py` `BASE_TYPE_DEFINITIONS`,
/// profile 21.218; `protocols-formats.md` §2.2). Decoders match on the type number only.
public enum FITBaseType: UInt8, Sendable, Equatable, Hashable, CaseIterable {
    /// 1 byte, invalid 0xFF.
    case enumeration = 0x00
    /// 1 byte signed, invalid 0x7F.
    case sint8 = 0x01
    /// 1 byte unsigned, invalid 0xFF.
    case uint8 = 0x02
    /// 2 bytes signed, invalid 0x7FFF.
    case sint16 = 0x83
    /// 2 bytes unsigned, invalid 0xFFFF.
    case uint16 = 0x84
    /// 4 bytes signed, invalid 0x7FFFFFFF.
    case sint32 = 0x85
    /// 4 bytes unsigned, invalid 0xFFFFFFFF.
    case uint32 = 0x86
    /// Null-terminated UTF-8 padded to the field size; invalid when empty.
    case string = 0x07
    /// IEEE 754 binary32, invalid when all bits are set.
    case float32 = 0x88
    /// IEEE 754 binary64, invalid when all bits are set.
    case float64 = 0x89
    /// 1 byte unsigned, invalid 0x00.
    case uint8z = 0x0A
    /// 2 bytes unsigned, invalid 0x0000.
    case uint16z = 0x8B
    /// 4 bytes unsigned, invalid 0x00000000.
    case uint32z = 0x8C
    /// Opaque bytes; the field is invalid when every byte is 0xFF.
    case byte = 0x0D
    /// 8 bytes signed, invalid 0x7FFFFFFFFFFFFFFF.
    case sint64 = 0x8E
    /// 8 bytes unsigned, invalid 0xFFFFFFFFFFFFFFFF.
    case uint64 = 0x8F
    /// 8 bytes unsigned, invalid 0.
    case uint64z = 0x90

    /// The base type for a base type byte read from a file, matching the type number (bits 0–4) only.
    /// - Parameter byte: the byte from a field definition.
    /// - Returns: the base type, or nil for an unknown type number.
    public init?(fileByte byte: UInt8) {
        switch byte & 0x1F {
        case 0x00: self = .enumeration
        case 0x01: self = .sint8
        case 0x02: self = .uint8
        case 0x03: self = .sint16
        case 0x04: self = .uint16
        case 0x05: self = .sint32
        case 0x06: self = .uint32
        case 0x07: self = .string
        case 0x08: self = .float32
        case 0x09: self = .float64
        case 0x0A: self = .uint8z
        case 0x0B: self = .uint16z
        case 0x0C: self = .uint32z
        case 0x0D: self = .byte
        case 0x0E: self = .sint64
        case 0x0F: self = .uint64
        case 0x10: self = .uint64z
        default: return nil
        }
    }

    /// The size in bytes of one element of this type.
    public var size: Int {
        switch self {
        case .enumeration, .sint8, .uint8, .string, .uint8z, .byte: 1
        case .sint16, .uint16, .uint16z: 2
        case .sint32, .uint32, .float32, .uint32z: 4
        case .float64, .sint64, .uint64, .uint64z: 8
        }
    }

    /// True for the types decoded as signed integers.
    public var isSigned: Bool {
        switch self {
        case .sint8, .sint16, .sint32, .sint64: true
        default: false
        }
    }

    /// True for the floating-point types.
    public var isFloat: Bool { self == .float32 || self == .float64 }

    /// The invalid value's bit pattern for one element, as an unsigned integer of `size` bytes.
    public var invalidBits: UInt64 {
        switch self {
        case .enumeration, .uint8, .byte: 0xFF
        case .sint8: 0x7F
        case .sint16: 0x7FFF
        case .uint16: 0xFFFF
        case .sint32: 0x7FFF_FFFF
        case .uint32, .float32: 0xFFFF_FFFF
        case .float64, .uint64: 0xFFFF_FFFF_FFFF_FFFF
        case .sint64: 0x7FFF_FFFF_FFFF_FFFF
        case .string, .uint8z, .uint16z, .uint32z, .uint64z: 0
        }
    }
}
