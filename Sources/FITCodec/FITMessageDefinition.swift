/// One field entry of a definition message: 3 bytes (number, size, base type byte).
public struct FITFieldDefinition: Sendable, Equatable, Hashable {
    /// The field definition number.
    public var number: UInt8
    /// The field size in bytes.
    public var size: UInt8
    /// The base type byte as stored (type number in bits 0–4, endian flag 0x80).
    public var baseTypeByte: UInt8

    /// Creates a field definition.
    /// - Parameters:
    ///   - number: field definition number.
    ///   - size: size in bytes.
    ///   - baseTypeByte: base type byte.
    public init(number: UInt8, size: UInt8, baseTypeByte: UInt8) {
        self.number = number
        self.size = size
        self.baseTypeByte = baseTypeByte
    }
}

/// One developer field entry of a definition message: 3 bytes (number, size, developer data index).
public struct FITDeveloperFieldDefinition: Sendable, Equatable, Hashable {
    /// The developer field number.
    public var number: UInt8
    /// The field size in bytes.
    public var size: UInt8
    /// The developer data index.
    public var developerDataIndex: UInt8

    /// Creates a developer field definition.
    /// - Parameters:
    ///   - number: developer field number.
    ///   - size: size in bytes.
    ///   - developerDataIndex: developer data index.
    public init(number: UInt8, size: UInt8, developerDataIndex: UInt8) {
        self.number = number
        self.size = size
        self.developerDataIndex = developerDataIndex
    }
}

/// A definition message: the layout of the data messages that use its local message type.
///
/// Record header 0b0100_LLLL (bit 5 set when developer fields follow), then: reserved byte, architecture
/// (0 little-, 1 big-endian), global message number (2 bytes, in the architecture's order), field count N,
/// N × 3 bytes of field definitions, and if bit 5 is set a developer field count M and M × 3 bytes
/// (`protocols-formats.md` §2.2; `garmin_fit_sdk/fit.py` header masks 0x40, 0x20, 0x0F).
public struct FITMessageDefinition: Sendable, Equatable, Hashable {
    /// The local message type (0–15) this definition occupies.
    public var localMessageType: UInt8
    /// Byte order of the multi-byte values in the data messages.
    public var architecture: FITArchitecture
    /// The global message number.
    public var globalMessageNumber: UInt16
    /// The field definitions, in data order.
    public var fields: [FITFieldDefinition]
    /// The developer field definitions, after the fields.
    public var developerFields: [FITDeveloperFieldDefinition]

    /// Creates a definition.
    /// - Parameters:
    ///   - localMessageType: 0–15.
    ///   - architecture: byte order.
    ///   - globalMessageNumber: the global message number.
    ///   - fields: field definitions.
    ///   - developerFields: developer field definitions.
    public init(
        localMessageType: UInt8, architecture: FITArchitecture, globalMessageNumber: UInt16,
        fields: [FITFieldDefinition], developerFields: [FITDeveloperFieldDefinition] = []
    ) {
        self.localMessageType = localMessageType
        self.architecture = architecture
        self.globalMessageNumber = globalMessageNumber
        self.fields = fields
        self.developerFields = developerFields
    }

    /// The size in bytes of a data message's content (without its record header).
    public var dataSize: Int {
        var total = 0
        for field in fields { total += Int(field.size) }
        for field in developerFields { total += Int(field.size) }
        return total
    }

    /// The number of bytes the definition record (with its header byte) needs, given its first bytes.
    ///
    /// - Parameter bytes: the record from its header byte on; may be incomplete.
    /// - Returns: the total record size, or nil if more bytes are needed to tell.
    static func recordSize(of bytes: ArraySlice<UInt8>) -> Int? {
        let base = bytes.startIndex
        guard bytes.count >= 6 else { return nil }
        let fieldEnd = 6 + 3 * Int(bytes[base + 5])
        guard bytes[base] & 0x20 != 0 else { return fieldEnd }
        guard bytes.count > fieldEnd else { return nil }
        return fieldEnd + 1 + 3 * Int(bytes[base + fieldEnd])
    }

    /// Reads a definition record, header byte included.
    /// - Parameter bytes: exactly or at least the record's bytes.
    /// - Throws: `.unexpectedEndOfInput`, `.invalidArchitecture` (offsets relative to `bytes`).
    public init(decoding bytes: ArraySlice<UInt8>) throws(FITDecodingError) {
        guard let size = FITMessageDefinition.recordSize(of: bytes), bytes.count >= size else {
            throw FITDecodingError(.unexpectedEndOfInput, offset: bytes.count)
        }
        let base = bytes.startIndex
        let header = bytes[base]
        guard let architecture = FITArchitecture(rawValue: bytes[base + 2]) else {
            throw FITDecodingError(.invalidArchitecture(bytes[base + 2]), offset: 2)
        }
        self.localMessageType = header & 0x0F
        self.architecture = architecture
        let low = UInt16(bytes[base + 3])
        let high = UInt16(bytes[base + 4])
        self.globalMessageNumber = architecture == .littleEndian ? low | high << 8 : low << 8 | high
        let count = Int(bytes[base + 5])
        var fields: [FITFieldDefinition] = []
        fields.reserveCapacity(count)
        var index = base + 6
        for _ in 0..<count {
            fields.append(
                FITFieldDefinition(number: bytes[index], size: bytes[index + 1], baseTypeByte: bytes[index + 2]))
            index += 3
        }
        self.fields = fields
        var developerFields: [FITDeveloperFieldDefinition] = []
        if header & 0x20 != 0 {
            let developerCount = Int(bytes[index])
            index += 1
            developerFields.reserveCapacity(developerCount)
            for _ in 0..<developerCount {
                developerFields.append(
                    FITDeveloperFieldDefinition(
                        number: bytes[index], size: bytes[index + 1], developerDataIndex: bytes[index + 2]))
                index += 3
            }
        }
        self.developerFields = developerFields
    }

    /// Appends the definition record, header byte included.
    /// - Parameter bytes: the output.
    public func encode(into bytes: inout [UInt8]) {
        let hasDeveloperFields = !developerFields.isEmpty
        bytes.append(0x40 | (hasDeveloperFields ? 0x20 : 0) | (localMessageType & 0x0F))
        bytes.append(0)
        bytes.append(architecture.rawValue)
        let low = UInt8(truncatingIfNeeded: globalMessageNumber)
        let high = UInt8(truncatingIfNeeded: globalMessageNumber >> 8)
        if architecture == .littleEndian {
            bytes.append(low)
            bytes.append(high)
        } else {
            bytes.append(high)
            bytes.append(low)
        }
        bytes.append(UInt8(truncatingIfNeeded: fields.count))
        for field in fields.prefix(255) {
            bytes.append(field.number)
            bytes.append(field.size)
            bytes.append(field.baseTypeByte)
        }
        if hasDeveloperFields {
            bytes.append(UInt8(truncatingIfNeeded: developerFields.count))
            for field in developerFields.prefix(255) {
                bytes.append(field.number)
                bytes.append(field.size)
                bytes.append(field.developerDataIndex)
            }
        }
    }
}
