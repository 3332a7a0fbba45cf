import FITCodec
import Testing

@Suite("Byte vectors: CRC, header, base types, records")
struct VectorTests {
    @Test("CRC-16/ARC check value and the zero property over a whole file")
    func crcCheckValue() throws {
        // Given the standard check input, when hashed, then the CRC-16/ARC check value comes out.
        #expect(FITCRC.checksum(Array("123456789".utf8)) == 0xBB3D)
        #expect(FITCRC.checksum([UInt8]()) == 0)
        // A whole file including its trailing CRC hashes to 0.
        let file = try Fixtures.encode(Fixtures.workoutMessages())
        #expect(FITCRC.checksum(file) == 0)
    }

    @Test(
        "Header vectors from protocols-formats.md §2.1",
        arguments: [
            (
                [0x0E, 0x10, 0x43, 0x08, 0x78, 0x06, 0x09, 0x00, 0x2E, 0x46, 0x49, 0x54, 0x96, 0x85], 0x10, 2115,
                591_480, 0x8596
            ),
            (
                [0x0E, 0x20, 0xE2, 0x52, 0x48, 0x01, 0x00, 0x00, 0x2E, 0x46, 0x49, 0x54, 0xC9, 0x2C], 0x20, 21218, 328,
                0x2CC9
            ),
        ] as [([UInt8], UInt8, UInt16, UInt32, UInt16)])
    func headerVectors(bytes: [UInt8], protocolVersion: UInt8, profile: UInt16, dataSize: UInt32, crc: UInt16) throws {
        let header = try FITFileHeader(decoding: bytes[...])
        #expect(header.headerSize == 14)
        #expect(header.protocolVersion == protocolVersion)
        #expect(header.profileVersion == profile)
        #expect(header.dataSize == dataSize)
        #expect(header.crc == crc)
        #expect(header.computedCRC == crc)
        var encoded: [UInt8] = []
        header.encode(into: &encoded)
        #expect(encoded == bytes)
    }

    @Test("A 12-byte header has no CRC and encodes to 12 bytes")
    func twelveByteHeader() throws {
        let header = FITFileHeader(headerSize: 12, protocolVersion: 0x23, profileVersion: 2115, dataSize: 7)
        var bytes: [UInt8] = []
        header.encode(into: &bytes)
        #expect(bytes == [0x0C, 0x23, 0x43, 0x08, 0x07, 0, 0, 0, 0x2E, 0x46, 0x49, 0x54])
        let decoded = try FITFileHeader(decoding: bytes[...])
        #expect(decoded.crc == nil)
        #expect(decoded == header)
    }

    @Test(
        "Header errors",
        arguments: [
            ([0x0B], FITDecodingError.Kind.headerTooShort(size: 11), 0),
            ([0x0E, 0x10, 0x43, 0x08, 0, 0, 0, 0, 0x2E, 0x46, 0x49, 0x55, 0, 0], .badSignature, 8),
            ([0x0E, 0x10, 0x43], .unexpectedEndOfInput, 3),
        ] as [([UInt8], FITDecodingError.Kind, Int)])
    func headerErrors(bytes: [UInt8], kind: FITDecodingError.Kind, offset: Int) {
        #expect(throws: FITDecodingError(kind, offset: offset)) { try FITFileHeader(decoding: bytes[...]) }
    }

    @Test(
        "Every base type's invalid value decodes to nil, and a valid one doesn't",
        arguments: [
            (FITBaseType.enumeration, [0xFF], [0x05], FITValue.unsigned(5)),
            (.sint8, [0x7F], [0xFE], .signed(-2)),
            (.uint8, [0xFF], [0xFE], .unsigned(254)),
            (.sint16, [0xFF, 0x7F], [0xFE, 0xFF], .signed(-2)),
            (.uint16, [0xFF, 0xFF], [0x34, 0x12], .unsigned(0x1234)),
            (.sint32, [0xFF, 0xFF, 0xFF, 0x7F], [0x00, 0x00, 0x00, 0x80], .signed(Int64(Int32.min))),
            (.uint32, [0xFF, 0xFF, 0xFF, 0xFF], [0x78, 0x56, 0x34, 0x12], .unsigned(0x1234_5678)),
            (.string, [0x00, 0x00], [0x68, 0x69], .string("hi")),
            (.float32, [0xFF, 0xFF, 0xFF, 0xFF], [0x00, 0x00, 0xC0, 0x3F], .float(1.5)),
            (.float64, [UInt8](repeating: 0xFF, count: 8), [0, 0, 0, 0, 0, 0, 0xF8, 0x3F], .float(1.5)),
            (.uint8z, [0x00], [0x01], .unsigned(1)),
            (.uint16z, [0x00, 0x00], [0x01, 0x00], .unsigned(1)),
            (.uint32z, [0x00, 0x00, 0x00, 0x00], [0x01, 0x00, 0x00, 0x00], .unsigned(1)),
            (.byte, [0xFF, 0xFF], [0x01, 0xFF], .bytes([0x01, 0xFF])),
            (
                .sint64, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],
                [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
                .signed(-1)
            ),
            (.uint64, [UInt8](repeating: 0xFF, count: 8), [1, 0, 0, 0, 0, 0, 0, 0], .unsigned(1)),
            (.uint64z, [UInt8](repeating: 0, count: 8), [1, 0, 0, 0, 0, 0, 0, 0], .unsigned(1)),
        ] as [(FITBaseType, [UInt8], [UInt8], FITValue)])
    func baseTypes(type: FITBaseType, invalid: [UInt8], valid: [UInt8], expected: FITValue) throws {
        // Given a one-field definition of this base type, when the invalid and a valid value are decoded,
        // then the first is nil and the second is the expected value.
        for (payload, value) in [(invalid, FITValue?.none), (valid, FITValue?.some(expected))] {
            var records: [UInt8] = [0x40, 0, 0, 0xE8, 0x03, 1, 7, UInt8(payload.count), type.rawValue, 0x00]
            records += payload
            let file = Self.wrap(records)
            let result = try FIT.decode(file)
            let message = try #require(result.messages.first)
            #expect(message.globalMessageNumber == 1000)
            #expect(message.fields.first?.baseType == type)
            #expect(message[field: 7] == value)
        }
        #expect(FITBaseType(fileByte: type.rawValue & 0x1F) == type)
    }

    @Test("Big-endian definitions read global numbers and values most significant byte first")
    func bigEndianVector() throws {
        let records: [UInt8] = [
            0x40, 0, 1, 0x00, 0x14, 2, 253, 4, 0x86, 6, 2, 0x84,
            0x00, 0x41, 0xDE, 0x33, 0x70, 0x03, 0xE8,
        ]
        let result = try FIT.decode(Self.wrap(records))
        let message = try #require(result.messages.first)
        #expect(message.globalMessageNumber == 20)
        #expect(message.timestamp == 1_105_081_200)
        let record = RecordMessage(message)
        #expect(record.speed == 1.0)
    }

    @Test("The reference file_id definition and data decode field by field")
    func fileIdVector() throws {
        let records: [UInt8] = [
            0x40, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x01, 0x00, 0x01, 0x02, 0x84, 0x02, 0x02, 0x84, 0x03, 0x04,
            0x8C, 0x04, 0x04, 0x86,
            0x00, 0x05, 0xFF, 0x00, 0x01, 0x00, 0x39, 0x30, 0x00, 0x00, 0x70, 0x33, 0xDE, 0x41,
        ]
        let result = try FIT.decode(Self.wrap(records))
        let fileId = FileIdMessage(try #require(result.messages.first))
        #expect(fileId.type == .workout)
        #expect(fileId.manufacturer == 255)
        #expect(fileId.product == 1)
        #expect(fileId.serialNumber == 12345)
        #expect(fileId.timeCreated == Fixtures.start)
        #expect(fileId.timeCreated?.unixSeconds == 1_736_146_800)
        #expect(fileId.unknownFields.isEmpty)
    }

    @Test("The reference repeat step encodes to its wire bytes")
    func repeatStepWireBytes() throws {
        let step = WorkoutStepMessage.repeatStep(messageIndex: 3, from: 1, count: 4)
        var encoder = FITEncoder()
        try encoder.write(step)
        let file = try encoder.encodedFile()
        // Definition: 14 header bytes, then 0x40 … ; the data record follows the definition.
        let definitionSize = 6 + 3 * 5
        let data = Array(file[(14 + definitionSize)..<(file.count - 2)])
        // Our field order is message_index, duration_type, duration_value, target_type, target_value.
        #expect(data == [0x00, 0x03, 0x00, 0x06, 0x01, 0x00, 0x00, 0x00, 0x02, 0x04, 0x00, 0x00, 0x00])
        let decoded = WorkoutStepMessage(try #require(FIT.decode(file).messages.first))
        #expect(decoded.repeatFromStep == 1)
        #expect(decoded.repeatCount == 4)
        #expect(decoded == step)
    }

    @Test("Compressed timestamp resolution with rollover, as in §2.3")
    func compressedTimestampVector() throws {
        // last = 1 105 081 200 (low 5 bits 16); +10 s → offset 26 (no rollover); then offset 3 → rollover.
        var records: [UInt8] = [0x40, 0, 0, 0x14, 0x00, 1, 253, 4, 0x86, 0x00, 0x70, 0x33, 0xDE, 0x41]
        records += [0x42, 0, 0, 0x14, 0x00, 1, 3, 1, 0x02]
        records += [0xDA, 100, 0xC3, 101]
        let result = try FIT.decode(Self.wrap(records))
        let stamps = result.messages.map(\.timestamp)
        #expect(stamps == [1_105_081_200, 1_105_081_210, 1_105_081_219])
        #expect(result.messages.map { $0[field: 3] } == [nil, .unsigned(100), .unsigned(101)])
    }

    /// Wraps data records in a 14-byte header and file CRC.
    static func wrap(_ records: [UInt8]) -> [UInt8] {
        var file: [UInt8] = []
        FITFileHeader(dataSize: UInt32(records.count)).encode(into: &file)
        file += records
        let crc = FITCRC.checksum(file)
        return file + [UInt8(crc & 0xFF), UInt8(crc >> 8)]
    }
}
