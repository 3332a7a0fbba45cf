import Testing

@testable import FTMSCodec

/// Truncations, reserved values and garbage: never a crash, always a precise error.
@Suite struct MalformedInputTests {
    @Test func everyTruncationOfTreadmillDataNamesTheMissingField() throws {
        var random = RandomFTMS(seed: 21)
        for _ in 0..<200 {
            let record = random.treadmillData()
            let full = record.encode()
            for length in 0..<full.count {
                let prefix = Array(full[..<length])
                do {
                    let decoded = try TreadmillData(decoding: prefix)
                    // Only a cut vendor step count may decode (the 3 bytes are optional, FTMP §4.4.2).
                    var withoutSteps = record
                    withoutSteps.vendorStepCount = nil
                    #expect(record.vendorStepCount != nil && decoded == withoutSteps, "\(hexString(prefix))")
                } catch {
                    guard case .truncated(let field, let offset, let needed, let available) = error else {
                        Issue.record("unexpected \(error) for \(hexString(prefix))")
                        continue
                    }
                    #expect(offset <= length && offset + needed > length, "\(field)")
                    #expect(available == length - offset)
                }
            }
        }
    }

    @Test func truncatedFlagsAndFirstField() {
        #expect(throws: FTMSDecodingError.truncated(field: "Flags", offset: 0, needed: 2, available: 1)) {
            try TreadmillData(decoding: [0x00])
        }
        #expect(throws: FTMSDecodingError.truncated(field: "Total Distance", offset: 4, needed: 3, available: 2)) {
            try TreadmillData(decoding: bytes("04 00 10 00 AA BB"))
        }
    }

    /// Each fixed-layout decoder, named, as a closure over bytes.
    static let decoders: [(String, @Sendable ([UInt8]) throws -> Void)] = [
        ("feature", { _ = try FitnessMachineFeature(decoding: $0) }),
        ("speed range", { _ = try SupportedSpeedRange(decoding: $0) }),
        ("inclination range", { _ = try SupportedInclinationRange(decoding: $0) }),
        ("request", { _ = try ControlPointRequest(decoding: $0) }),
        ("response", { _ = try ControlPointResponse(decoding: $0) }),
        ("status", { _ = try FitnessMachineStatus(decoding: $0) }),
        ("training status", { _ = try TrainingStatus(decoding: $0) }),
    ]

    @Test func everyTruncationOfFixedLayoutsIsTruncated() throws {
        var random = RandomFTMS(seed: 31)
        for _ in 0..<200 {
            let payloads: [(Int, [UInt8])] = [
                (0, random.feature().encode()), (1, random.speedRange().encode()),
                (2, random.inclinationRange().encode()), (3, random.request().encode()),
                (4, random.response().encode()), (5, random.status().encode()),
                (6, random.trainingStatus(withString: false).encode()),
            ]
            for (index, payload) in payloads {
                let (name, decode) = Self.decoders[index]
                for length in 0..<payload.count {
                    let prefix = Array(payload[..<length])
                    do {
                        try decode(prefix)
                        Issue.record("\(name) decoded a truncated \(hexString(prefix))")
                    } catch let error as FTMSDecodingError {
                        guard case .truncated(_, let offset, let needed, _) = error else {
                            Issue.record("\(name): \(error) for \(hexString(prefix))")
                            continue
                        }
                        #expect(offset + needed > length)
                    }
                }
                // One byte too many.
                #expect(throws: FTMSDecodingError.unexpectedTrailingBytes(offset: payload.count, count: 1)) {
                    try decode(payload + [0x00])
                }
            }
        }
    }

    @Test(arguments: [UInt8(0x15), 0x16, 0x7F, 0x80, 0x81, 0xFE, 0xFF])
    func unknownRequestOpCodes(code: UInt8) {
        if code == 0x80 {
            // 0x80 opens a response; as a request it is unknown.
            #expect(throws: FTMSDecodingError.unknownOpCode(0x80, offset: 0)) {
                try ControlPointRequest(decoding: [0x80, 0x00, 0x01])
            }
        } else {
            #expect(throws: FTMSDecodingError.unknownOpCode(code, offset: 0)) {
                try ControlPointRequest(decoding: [code])
            }
        }
    }

    @Test(arguments: [UInt8(0x00), 0x16, 0x80, 0xFE])
    func unknownStatusOpCodes(code: UInt8) {
        #expect(throws: FTMSDecodingError.unknownOpCode(code, offset: 0)) { try FitnessMachineStatus(decoding: [code]) }
    }

    @Test func reservedValues() {
        #expect(throws: FTMSDecodingError.reservedValue(field: "Stop or Pause", value: 3, offset: 1)) {
            try ControlPointRequest(decoding: [0x08, 0x03])
        }
        #expect(throws: FTMSDecodingError.reservedValue(field: "Stop or Pause", value: 0, offset: 1)) {
            try FitnessMachineStatus(decoding: [0x02, 0x00])
        }
        #expect(throws: FTMSDecodingError.reservedValue(field: "Result Code", value: 0, offset: 2)) {
            try ControlPointResponse(decoding: [0x80, 0x02, 0x00])
        }
        #expect(throws: FTMSDecodingError.reservedValue(field: "Result Code", value: 6, offset: 2)) {
            try ControlPointResponse(decoding: [0x80, 0x02, 0x06])
        }
        #expect(throws: FTMSDecodingError.reservedValue(field: "Training Status", value: 0x10, offset: 1)) {
            try TrainingStatus(decoding: [0x00, 0x10])
        }
        #expect(throws: FTMSDecodingError.reservedValue(field: "Spin Down Control", value: 0, offset: 1)) {
            try ControlPointRequest(decoding: [0x13, 0x00])
        }
        #expect(throws: FTMSDecodingError.reservedValue(field: "Spin Down Status", value: 5, offset: 1)) {
            try FitnessMachineStatus(decoding: [0x14, 0x05])
        }
        #expect(throws: FTMSDecodingError.unknownOpCode(0x81, offset: 0)) {
            try ControlPointResponse(decoding: [0x81, 0x02, 0x01])
        }
        #expect(throws: FTMSDecodingError.invalidUTF8(offset: 2)) { try TrainingStatus(decoding: [0x01, 0x01, 0xC3]) }
        #expect(throws: FTMSDecodingError.unexpectedTrailingBytes(offset: 2, count: 1)) {
            try TrainingStatus(decoding: [0x00, 0x01, 0x41])
        }
        #expect(throws: FTMSDecodingError.truncated(field: "Target Speed Low", offset: 3, needed: 2, available: 0)) {
            try ControlPointResponse(decoding: [0x80, 0x13, 0x01])
        }
    }

    @Test func responseMayEchoAnUnknownOpCode() throws {
        let response = try ControlPointResponse(decoding: [0x80, 0x80, 0x02])
        #expect(response.requestOpCode == 0x80)
        #expect(response.knownRequestOpCode == nil)
        #expect(response.result == .opCodeNotSupported)
    }

    @Test(arguments: [1, 2, 3])
    func garbageNeverCrashesAndAlwaysGivesADecodingError(seed: UInt64) {
        var random = RandomFTMS(seed: seed)
        var reassembler = TreadmillDataReassembler()
        var outcomes = [String: Int]()
        for _ in 0..<3000 {
            let junk = random.garbage(maxLength: 40)
            for (name, decode) in Self.decoders {
                do {
                    try decode(junk)
                    outcomes[name + " ok", default: 0] += 1
                } catch is FTMSDecodingError {
                    outcomes[name + " error", default: 0] += 1
                } catch {
                    Issue.record("\(name) threw a foreign error \(error)")
                }
            }
            do {
                _ = try TreadmillData(decoding: junk)
                _ = try reassembler.feed(junk)
            } catch {
                // Typed throws: only FTMSDecodingError can reach here.
                #expect(!error.description.isEmpty)
            }
            _ = try? ControlPointMessage(decoding: junk)
        }
        // Garbage must exercise both paths of the strict decoders.
        #expect(outcomes["status error", default: 0] > 0)
        #expect(outcomes["request error", default: 0] > 0)
        #expect(outcomes["request ok", default: 0] > 0)
    }

    @Test func errorDescriptionsNameFieldAndOffset() {
        let error = FTMSDecodingError.truncated(field: "Total Distance", offset: 4, needed: 3, available: 2)
        #expect(error.description.contains("Total Distance"))
        #expect(error.description.contains("offset 4"))
        #expect(FTMSDecodingError.unknownOpCode(0x2A, offset: 0).description.contains("0x2A"))
    }
}
