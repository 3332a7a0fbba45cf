/// Writes FIT files: definition and data messages (with developer fields), the header and both CRCs.
///
/// Definitions are managed automatically: each message's layout (global number, field numbers, sizes,
/// base types, developer fields) gets a local message type, reused while the layout repeats and replaced
/// round-robin when all 16 slots are taken. With `compressTimestamps`, a message whose `timestamp` (253)
/// lies 0–31 s after the last full timestamp is written with a compressed-timestamp header (local types
/// 0–3 only, definition without field 253), following the rule in `protocols-formats.md` §2.3.
public struct FITEncoder: Sendable {
    /// Encoder settings.
    public struct Options: Sendable, Equatable, Hashable {
        /// Byte order for the data messages.
        public var architecture: FITArchitecture
        /// Header size: 14 (preferred, with header CRC) or 12.
        public var headerSize: UInt8
        /// Protocol version byte; 0x20 (2.0) is needed for developer fields.
        public var protocolVersion: UInt8
        /// Profile version to record in the header.
        public var profileVersion: UInt16
        /// Write compressed-timestamp headers where possible.
        public var compressTimestamps: Bool

        /// Creates options.
        /// - Parameters:
        ///   - architecture: byte order.
        ///   - headerSize: 14 or 12.
        ///   - protocolVersion: protocol version byte.
        ///   - profileVersion: profile version.
        ///   - compressTimestamps: use compressed-timestamp headers where possible.
        public init(
            architecture: FITArchitecture = .littleEndian, headerSize: UInt8 = 14,
            protocolVersion: UInt8 = FIT.protocolVersion2, profileVersion: UInt16 = FIT.profileVersion,
            compressTimestamps: Bool = false
        ) {
            self.architecture = architecture
            self.headerSize = headerSize == 12 ? 12 : 14
            self.protocolVersion = protocolVersion
            self.profileVersion = profileVersion
            self.compressTimestamps = compressTimestamps
        }
    }

    /// The settings in use.
    public let options: Options
    private var records: [UInt8] = []
    private var slots: [FITMessageDefinition?] = Array(repeating: nil, count: 16)
    private var nextCompressedSlot: UInt8 = 0
    private var nextNormalSlot: UInt8 = 0
    private var lastTimestamp: UInt32?

    /// Creates an encoder.
    /// - Parameter options: settings.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Appends a data message, preceded by a definition when its layout isn't already defined.
    /// - Parameter message: the message.
    /// - Throws: `FITEncodingError` when a field can't be written as given; nothing is written then.
    public mutating func write(_ message: FITMessage) throws(FITEncodingError) {
        let global = message.globalMessageNumber
        guard message.fields.count <= 255, message.developerFields.count <= 255 else {
            throw .tooManyFields(globalMessageNumber: global)
        }
        var compressedOffset: UInt8?
        var timestampValue: UInt32?
        if let value = message.timestamp {
            timestampValue = value
            if options.compressTimestamps, let last = lastTimestamp, value >= last, value - last < 32 {
                compressedOffset = UInt8(value & 0x1F)
            }
        }
        var fieldDefinitions: [FITFieldDefinition] = []
        fieldDefinitions.reserveCapacity(message.fields.count)
        var body: [UInt8] = []
        for field in message.fields {
            if compressedOffset != nil && field.number == 253 { continue }
            try encodeValue(
                field.value, baseType: field.baseType, size: field.size, global: global, field: field.number,
                into: &body)
            fieldDefinitions.append(
                FITFieldDefinition(number: field.number, size: field.size, baseTypeByte: field.baseType.rawValue))
        }
        var developerDefinitions: [FITDeveloperFieldDefinition] = []
        for field in message.developerFields {
            try encodeValue(
                field.value, baseType: field.baseType, size: field.size, global: global, field: field.number,
                into: &body)
            developerDefinitions.append(
                FITDeveloperFieldDefinition(
                    number: field.number, size: field.size, developerDataIndex: field.developerDataIndex))
        }
        let local = defineIfNeeded(
            FITMessageDefinition(
                localMessageType: 0, architecture: options.architecture, globalMessageNumber: global,
                fields: fieldDefinitions, developerFields: developerDefinitions),
            compressed: compressedOffset != nil)
        if let compressedOffset {
            records.append(0x80 | local << 5 | compressedOffset)
        } else {
            records.append(local)
        }
        records.append(contentsOf: body)
        if let timestampValue { lastTimestamp = timestampValue }
    }

    /// Appends a typed profile message.
    /// - Parameter message: the message.
    /// - Throws: `FITEncodingError` when a field can't be written.
    public mutating func write(_ message: some FITProfileMessage) throws(FITEncodingError) {
        try write(message.fitMessage())
    }

    /// The complete file: header (with header CRC), the records written so far, and the file CRC.
    /// - Returns: the file bytes.
    /// - Throws: `.fileTooLarge` beyond 4 GiB of records.
    public func encodedFile() throws(FITEncodingError) -> [UInt8] {
        guard let dataSize = UInt32(exactly: records.count) else { throw .fileTooLarge }
        let header = FITFileHeader(
            headerSize: options.headerSize, protocolVersion: options.protocolVersion,
            profileVersion: options.profileVersion, dataSize: dataSize)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.count + Int(options.headerSize) + 2)
        header.encode(into: &bytes)
        bytes.append(contentsOf: records)
        let crc = FITCRC.checksum(bytes)
        bytes.append(UInt8(truncatingIfNeeded: crc))
        bytes.append(UInt8(truncatingIfNeeded: crc >> 8))
        return bytes
    }

    /// Returns the local message type for a layout, writing its definition first if needed.
    private mutating func defineIfNeeded(_ layout: FITMessageDefinition, compressed: Bool) -> UInt8 {
        let range: ClosedRange<UInt8> =
            compressed ? 0...3 : (options.compressTimestamps ? 4...15 : 0...15)
        for local in range {
            if var existing = slots[Int(local)] {
                existing.localMessageType = 0
                if existing == layout { return local }
            }
        }
        let local: UInt8
        if compressed {
            local = nextCompressedSlot
            nextCompressedSlot = (nextCompressedSlot + 1) % 4
        } else {
            let width = range.upperBound - range.lowerBound + 1
            local = range.lowerBound + nextNormalSlot % width
            nextNormalSlot = (nextNormalSlot + 1) % width
        }
        var definition = layout
        definition.localMessageType = local
        definition.encode(into: &records)
        slots[Int(local)] = definition
        return local
    }

    private func encodeValue(
        _ value: FITValue?, baseType: FITBaseType, size: UInt8, global: UInt16, field: UInt8,
        into bytes: inout [UInt8]
    ) throws(FITEncodingError) {
        let elementSize = baseType.size
        let total = Int(size)
        guard total > 0, total % elementSize == 0 else {
            throw .invalidFieldSize(globalMessageNumber: global, field: field, size: size)
        }
        let mismatch = FITEncodingError.valueDoesNotMatchBaseType(
            globalMessageNumber: global, field: field, baseType: baseType)
        switch (baseType, value) {
        case (.string, .string(let text)):
            let utf8 = Array(text.utf8)
            guard utf8.count < total else {
                throw .invalidFieldSize(globalMessageNumber: global, field: field, size: size)
            }
            bytes.append(contentsOf: utf8)
            bytes.append(contentsOf: repeatElement(0, count: total - utf8.count))
        case (.string, nil):
            bytes.append(contentsOf: repeatElement(0, count: total))
        case (.string, _):
            throw mismatch
        case (.byte, .bytes(let raw)):
            guard raw.count <= total else {
                throw .invalidFieldSize(globalMessageNumber: global, field: field, size: size)
            }
            bytes.append(contentsOf: raw)
            bytes.append(contentsOf: repeatElement(0xFF, count: total - raw.count))
        case (.byte, nil):
            bytes.append(contentsOf: repeatElement(0xFF, count: total))
        case (.byte, _):
            throw mismatch
        case (_, .array(let elements)):
            guard elements.count * elementSize <= total else {
                throw .invalidFieldSize(globalMessageNumber: global, field: field, size: size)
            }
            for element in elements {
                guard let bits = try elementBits(element, baseType, mismatch) else { throw mismatch }
                appendBits(bits, count: elementSize, into: &bytes)
            }
            for _ in 0..<(total / elementSize - elements.count) {
                appendBits(baseType.invalidBits, count: elementSize, into: &bytes)
            }
        case (_, .some(let scalar)):
            guard let bits = try elementBits(scalar, baseType, mismatch) else { throw mismatch }
            appendBits(bits, count: elementSize, into: &bytes)
            for _ in 1..<(total / elementSize) {
                appendBits(baseType.invalidBits, count: elementSize, into: &bytes)
            }
        case (_, nil):
            for _ in 0..<(total / elementSize) {
                appendBits(baseType.invalidBits, count: elementSize, into: &bytes)
            }
        }
    }

    /// The bits of one array element or scalar; nil elements give the invalid value.
    private func elementBits(
        _ value: FITValue?, _ baseType: FITBaseType, _ mismatch: FITEncodingError
    ) throws(FITEncodingError) -> UInt64? {
        guard let value else { return baseType.invalidBits }
        let bitWidth = UInt64(8 * baseType.size)
        switch baseType {
        case .float32:
            guard let number = value.doubleValue else { throw mismatch }
            return UInt64(Float(number).bitPattern)
        case .float64:
            guard let number = value.doubleValue else { throw mismatch }
            return number.bitPattern
        case .sint8, .sint16, .sint32, .sint64:
            guard let number = value.signedValue else { throw mismatch }
            let limit = Int64.max >> Int64(64 - bitWidth)
            guard number <= limit, number >= -limit - 1 else { throw mismatch }
            let mask: UInt64 = bitWidth == 64 ? .max : (1 << bitWidth) - 1
            return UInt64(bitPattern: number) & mask
        case .string, .byte:
            throw mismatch
        default:
            guard let number = value.unsignedValue else { throw mismatch }
            let mask: UInt64 = bitWidth == 64 ? .max : (1 << bitWidth) - 1
            guard number <= mask else { throw mismatch }
            return number
        }
    }

    private func appendBits(_ bits: UInt64, count: Int, into bytes: inout [UInt8]) {
        if options.architecture == .littleEndian {
            for index in 0..<count { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(8 * index))) }
        } else {
            for index in (0..<count).reversed() { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(8 * index))) }
        }
    }
}

extension FIT {
    /// Encodes messages into one FIT file.
    /// - Parameters:
    ///   - messages: the data messages, in file order.
    ///   - options: encoder settings.
    /// - Returns: the file bytes.
    /// - Throws: `FITEncodingError` when a message can't be written.
    public static func encode(
        _ messages: [FITMessage], options: FITEncoder.Options = .init()
    ) throws(FITEncodingError) -> [UInt8] {
        var encoder = FITEncoder(options: options)
        for message in messages { try encoder.write(message) }
        return try encoder.encodedFile()
    }
}
