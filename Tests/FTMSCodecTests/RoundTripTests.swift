import Testing

@testable import FTMSCodec

/// Seeded random values of every characteristic survive encode → decode unchanged.
@Suite struct RoundTripTests {
    static let seeds: [UInt64] = [1, 2, 3, 0xBAC5_7E9]

    @Test(arguments: seeds)
    func treadmillData(seed: UInt64) throws {
        var random = RandomFTMS(seed: seed)
        for _ in 0..<500 {
            let record = random.treadmillData()
            let encoded = record.encode()
            #expect(try TreadmillData(decoding: encoded) == record, "\(hexString(encoded))")
            #expect(encoded.count == 2 + payloadLength(of: record))
        }
    }

    @Test(arguments: seeds)
    func treadmillDataFragmentsAlone(seed: UInt64) throws {
        var random = RandomFTMS(seed: seed)
        for _ in 0..<200 {
            let fragment = random.treadmillData(fragment: true)
            let encoded = fragment.encode()
            #expect(encoded[0] & 0x01 == 0x01)
            #expect(try TreadmillData(decoding: encoded) == fragment)
        }
    }

    @Test(arguments: seeds)
    func fixedLayoutCharacteristics(seed: UInt64) throws {
        var random = RandomFTMS(seed: seed)
        for _ in 0..<300 {
            let feature = random.feature()
            #expect(try FitnessMachineFeature(decoding: feature.encode()) == feature)
            let speedRange = random.speedRange()
            #expect(try SupportedSpeedRange(decoding: speedRange.encode()) == speedRange)
            let inclinationRange = random.inclinationRange()
            #expect(try SupportedInclinationRange(decoding: inclinationRange.encode()) == inclinationRange)
        }
    }

    @Test(arguments: seeds)
    func controlPoint(seed: UInt64) throws {
        var random = RandomFTMS(seed: seed)
        for _ in 0..<500 {
            let request = random.request()
            #expect(try ControlPointRequest(decoding: request.encode()) == request)
            #expect(try ControlPointMessage(decoding: request.encode()) == .request(request))
            let response = random.response()
            #expect(try ControlPointResponse(decoding: response.encode()) == response)
        }
    }

    @Test(arguments: seeds)
    func statusAndTrainingStatus(seed: UInt64) throws {
        var random = RandomFTMS(seed: seed)
        for _ in 0..<500 {
            let status = random.status()
            #expect(try FitnessMachineStatus(decoding: status.encode()) == status)
            let training = random.trainingStatus()
            #expect(try TrainingStatus(decoding: training.encode()) == training)
        }
    }

    @Test func everyOpCodeAndStatusIsCovered() {
        var random = RandomFTMS(seed: 9)
        var requestCodes = Set<ControlPointOpCode>()
        var statusCodes = Set<UInt8>()
        for _ in 0..<2000 {
            requestCodes.insert(random.request().opCode)
            statusCodes.insert(random.status().opCode)
        }
        #expect(requestCodes == Set(ControlPointOpCode.allCases))
        #expect(statusCodes == Set(Array(UInt8(1)...0x15) + [0xFF]))
    }

    /// The field bytes FTMS v1.0.1 Table 4.5 gives for the groups present.
    func payloadLength(of record: TreadmillData) -> Int {
        var length = 0
        if record.instantaneousSpeed != nil { length += 2 }
        if record.averageSpeed != nil { length += 2 }
        if record.totalDistance != nil { length += 3 }
        if record.inclinationAndRampAngle != nil { length += 4 }
        if record.elevationGain != nil { length += 4 }
        if record.instantaneousPace != nil { length += 1 }
        if record.averagePace != nil { length += 1 }
        if record.expendedEnergy != nil { length += 5 }
        if record.heartRateBeatsPerMinute != nil { length += 1 }
        if record.metabolicEquivalent != nil { length += 1 }
        if record.elapsedTimeSeconds != nil { length += 2 }
        if record.remainingTimeSeconds != nil { length += 2 }
        if record.forceOnBeltAndPowerOutput != nil { length += 4 }
        if record.vendorStepCount != nil { length += 3 }
        return length
    }
}
