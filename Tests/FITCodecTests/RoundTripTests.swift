import FITCodec
import Testing

@Suite("Round trips: encode → decode")
struct RoundTripTests {
    static let encoderOptions: [FITEncoder.Options] = [
        FITEncoder.Options(architecture: .littleEndian),
        FITEncoder.Options(architecture: .bigEndian),
        FITEncoder.Options(architecture: .littleEndian, headerSize: 12, protocolVersion: 0x10),
        FITEncoder.Options(architecture: .littleEndian, compressTimestamps: true),
        FITEncoder.Options(architecture: .bigEndian, compressTimestamps: true),
    ]

    @Test("Every typed message of the workout survives a round trip", arguments: encoderOptions)
    func workout(options: FITEncoder.Options) throws {
        let messages = Fixtures.workoutMessages()
        let file = try Fixtures.encode(messages, options: options)
        let result = try FIT.decode(file)
        let (typed, diagnostics) = result.typedMessages()
        #expect(Fixtures.firstDifference(typed, messages) == nil)
        #expect(diagnostics.isEmpty)
        #expect(result.files.first?.header.headerSize == options.headerSize)
        #expect(result.files.first?.crcIsValid == true)
    }

    @Test("The activity (records, laps, session, developer fields) survives a round trip", arguments: encoderOptions)
    func activity(options: FITEncoder.Options) throws {
        let messages = Fixtures.activityMessages()
        let file = try Fixtures.encode(messages, options: options)
        let (typed, diagnostics) = try FIT.decode(file).typedMessages()
        #expect(Fixtures.firstDifference(typed, messages) == nil)
        #expect(diagnostics.isEmpty)
    }

    @Test("Compressed timestamps are used for 1 Hz records and make the file smaller")
    func compressedIsSmaller() throws {
        let messages = Fixtures.activityMessages()
        let plain = try Fixtures.encode(messages)
        let compressed = try Fixtures.encode(messages, options: FITEncoder.Options(compressTimestamps: true))
        #expect(compressed.count < plain.count - 3 * 200)
        var decoder = FITStreamDecoder()
        decoder.append(compressed)
        decoder.finish()
        var compressedHeaders = 0
        while let event = try decoder.next() {
            if case .definition(let definition) = event, definition.globalMessageNumber == 20 {
                #expect(definition.localMessageType < 4 || definition.fields.contains { $0.number == 253 })
            }
        }
        for byte in compressed where byte & 0xE0 == 0x80 || byte & 0xE0 == 0xA0 { compressedHeaders += 1 }
        #expect(compressedHeaders > 0)
    }

    @Test("SI conversions of the typed layer", arguments: [FITArchitecture.littleEndian, .bigEndian])
    func scaledFields(architecture: FITArchitecture) throws {
        var record = RecordMessage()
        record.timestamp = Fixtures.start
        record.speed = 1.234
        record.enhancedSpeed = 1.234
        record.distance = 1234.56
        record.grade = -2.5
        record.altitude = 12.4
        record.fractionalCadence = 0.5
        let file = try FIT.encode([record.fitMessage()], options: FITEncoder.Options(architecture: architecture))
        let message = try #require(try FIT.decode(file).messages.first)
        #expect(message[field: 6] == .unsigned(1234))
        #expect(message[field: 5] == .unsigned(123_456))
        #expect(message[field: 9] == .signed(-250))
        #expect(message[field: 2] == .unsigned(2562))
        #expect(message[field: 53] == .unsigned(64))
        let decoded = RecordMessage(message)
        #expect(decoded.speed == 1.234)
        #expect(decoded.distance == 1234.56)
        #expect(decoded.grade == -2.5)
        #expect(abs((decoded.altitude ?? 0) - 12.4) < 1e-9)
        #expect(decoded.fractionalCadence == 0.5)
    }

    @Test("Out-of-range scaled values are written as invalid, not wrapped")
    func outOfRange() throws {
        var record = RecordMessage()
        record.speed = 70  // 70 000 mm/s > 65 534
        record.grade = .nan
        let message = record.fitMessage()
        #expect(message[field: 6] == nil)
        #expect(message[field: 9] == nil)
    }

    @Test("Chained files decode back to back, each with its own definitions")
    func chained() throws {
        let workout = try Fixtures.encode(Fixtures.workoutMessages())
        let activity = try Fixtures.encode(
            Fixtures.activityMessages(seconds: 30), options: FITEncoder.Options(architecture: .bigEndian))
        let result = try FIT.decode(workout + activity + workout)
        #expect(result.files.count == 3)
        #expect(result.files.map(\.crcIsValid) == [true, true, true])
        let (typed, _) = result.typedMessages()
        let expected = Fixtures.workoutMessages() + Fixtures.activityMessages(seconds: 30) + Fixtures.workoutMessages()
        #expect(Fixtures.firstDifference(typed, expected) == nil)
    }

    @Test("Arrays, strings and unknown fields are kept raw and reported")
    func unknownAndArrays() throws {
        var record = RecordMessage()
        record.timestamp = Fixtures.start
        var raw = record.fitMessage()
        raw.fields.append(FITField(number: 200, baseType: .uint16, value: .array([.unsigned(1), nil, .unsigned(3)])))
        raw.fields.append(FITField(number: 201, baseType: .string, size: 16, value: .string("héllo")))
        let unknownMessage = FITMessage(
            globalMessageNumber: 0xFF00, fields: [FITField(number: 1, baseType: .sint32, value: .signed(-7))])
        let file = try FIT.encode([raw, unknownMessage])
        let result = try FIT.decode(file)
        #expect(result.messages == [raw, unknownMessage])
        let (typed, diagnostics) = result.typedMessages()
        guard case .record(let decoded) = typed.first else {
            Issue.record("expected a record")
            return
        }
        #expect(decoded.unknownFields.map(\.number) == [200, 201])
        #expect(typed.last == .unknown(unknownMessage))
        #expect(
            diagnostics == [
                FITDiagnostic(.unknownField(globalMessageNumber: 20, field: 200)),
                FITDiagnostic(.unknownField(globalMessageNumber: 20, field: 201)),
                FITDiagnostic(.unknownMessage(globalMessageNumber: 0xFF00)),
            ])
        // Re-encoding the typed record keeps the unknown fields.
        #expect(decoded.fitMessage().fields.suffix(2) == raw.fields.suffix(2))
    }

    @Test("Developer fields without a description are kept raw with a diagnostic")
    func undescribedDeveloperField() throws {
        var record = RecordMessage()
        record.heartRate = 90
        record.developerFields = [
            FITDeveloperField(developerDataIndex: 3, number: 9, baseType: .uint16, value: .unsigned(0x0102))
        ]
        let result = try FIT.decode(try FIT.encode([record.fitMessage()]))
        let field = try #require(result.messages.first?.developerFields.first)
        #expect(field.baseType == .byte)
        #expect(field.value == .bytes([0x02, 0x01]))
        #expect(result.diagnostics.map(\.kind) == [.undescribedDeveloperField(developerDataIndex: 3, field: 9)])
    }

    @Test(
        "The encoder rejects values that don't fit their base type",
        arguments: [
            (
                FITField(number: 1, baseType: .uint16, value: .string("x")),
                FITEncodingError.valueDoesNotMatchBaseType(
                    globalMessageNumber: 20, field: 1, baseType: .uint16)
            ),
            (
                FITField(number: 2, baseType: .uint8, value: .unsigned(256)),
                .valueDoesNotMatchBaseType(
                    globalMessageNumber: 20, field: 2, baseType: .uint8)
            ),
            (
                FITField(number: 3, baseType: .sint8, value: .signed(-129)),
                .valueDoesNotMatchBaseType(
                    globalMessageNumber: 20, field: 3, baseType: .sint8)
            ),
            (
                FITField(number: 4, baseType: .uint16, size: 3, value: .unsigned(1)),
                .invalidFieldSize(
                    globalMessageNumber: 20, field: 4, size: 3)
            ),
            (
                FITField(number: 5, baseType: .string, size: 2, value: .string("abc")),
                .invalidFieldSize(
                    globalMessageNumber: 20, field: 5, size: 2)
            ),
        ])
    func encoderErrors(field: FITField, error: FITEncodingError) {
        var encoder = FITEncoder()
        #expect(throws: error) { try encoder.write(FITMessage(globalMessageNumber: 20, fields: [field])) }
    }

    @Test("Local message types are reused for repeated layouts and recycled past 16 layouts")
    func localTypeRecycling() throws {
        var messages: [FITMessage] = []
        for round in 0..<3 {
            for global in UInt16(100)..<120 {
                messages.append(
                    FITMessage(
                        globalMessageNumber: global,
                        fields: [FITField(number: 0, baseType: .uint16, value: .unsigned(UInt64(round)))]))
            }
        }
        let result = try FIT.decode(try FIT.encode(messages))
        #expect(result.messages == messages)
    }
}
