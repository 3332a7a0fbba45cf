import Testing

@testable import FTMSCodec

/// Byte vectors from the project's protocol notes (§1.3–1.8), each decoded there with pyftms 0.4.15.
@Suite struct ReferenceVectorTests {
    /// A Treadmill Data vector and what it must decode to.
    struct TreadmillVector: CustomTestStringConvertible, Sendable {
        var name: String
        var hex: String
        var expected: TreadmillData
        var reencodes = true
        var testDescription: String { name }
    }

    static let treadmillVectors: [TreadmillVector] = [
        TreadmillVector(
            name: "Kettler Alpha Run 600", hex: "8C 05 64 00 14 00 00 00 00 00 00 05 00 E7 00 03 00 5B 00",
            expected: TreadmillData(
                instantaneousSpeed: Speed(kilometresPerHour: 1.0), totalDistance: Distance(metres: 20),
                inclinationAndRampAngle: InclinationAndRampAngle(inclination: .zero, rampAngle: RampAngle(degrees: 0)),
                expendedEnergy: ExpendedEnergy(
                    totalKilocalories: 5, kilocaloriesPerHour: 231, kilocaloriesPerMinute: 3),
                heartRateBeatsPerMinute: 0, elapsedTimeSeconds: 91)),
        TreadmillVector(
            name: "Horizon default flags", hex: "84 04" + String(repeating: " 00", count: 12),
            expected: TreadmillData(
                instantaneousSpeed: .zero, totalDistance: Distance(metres: 0),
                expendedEnergy: ExpendedEnergy(totalKilocalories: 0, kilocaloriesPerHour: 0, kilocaloriesPerMinute: 0),
                elapsedTimeSeconds: 0)),
        TreadmillVector(
            name: "synthetic with ramp n/a", hex: "1E 05 C2 01 90 01 D2 04 00 F1 FF FF 7F 7B 00 00 00 78 58 02",
            expected: TreadmillData(
                instantaneousSpeed: Speed(kilometresPerHour: 4.5), averageSpeed: Speed(kilometresPerHour: 4.0),
                totalDistance: Distance(metres: 1234),
                inclinationAndRampAngle: InclinationAndRampAngle(
                    inclination: Inclination(percent: -1.5), rampAngle: nil),
                elevationGain: ElevationGain(positive: Elevation(decimetres: 123), negative: Elevation(decimetres: 0)),
                heartRateBeatsPerMinute: 120, elapsedTimeSeconds: 600)),
        TreadmillVector(
            name: "uint8 pace", hex: "60 01 58 02 01 01 6E",
            expected: TreadmillData(
                instantaneousSpeed: Speed(kilometresPerHour: 6.0),
                instantaneousPace: Pace(tenthsOfKilometrePerMinute: 1),
                averagePace: Pace(tenthsOfKilometrePerMinute: 1),
                heartRateBeatsPerMinute: 110)),
        TreadmillVector(
            name: "RFU bit 13 vendor step count (pyftms test vector)",
            hex: "9C 25" + String(repeating: " 00", count: 24),
            expected: TreadmillData(
                instantaneousSpeed: .zero, totalDistance: Distance(metres: 0),
                inclinationAndRampAngle: InclinationAndRampAngle(
                    inclination: .zero, rampAngle: RampAngle(tenthsOfDegree: 0)),
                elevationGain: ElevationGain(positive: Elevation(decimetres: 0), negative: Elevation(decimetres: 0)),
                expendedEnergy: ExpendedEnergy(totalKilocalories: 0, kilocaloriesPerHour: 0, kilocaloriesPerMinute: 0),
                heartRateBeatsPerMinute: 0, elapsedTimeSeconds: 0, vendorStepCount: 0)),
        TreadmillVector(
            name: "Star Trac 0x17FE, 32 bytes with uint8 pace",
            hex: "FE 17" + String(repeating: " 00", count: 30),
            expected: TreadmillData(
                instantaneousSpeed: .zero, averageSpeed: .zero, totalDistance: Distance(metres: 0),
                inclinationAndRampAngle: InclinationAndRampAngle(
                    inclination: .zero, rampAngle: RampAngle(tenthsOfDegree: 0)),
                elevationGain: ElevationGain(positive: Elevation(decimetres: 0), negative: Elevation(decimetres: 0)),
                instantaneousPace: Pace(tenthsOfKilometrePerMinute: 0),
                averagePace: Pace(tenthsOfKilometrePerMinute: 0),
                expendedEnergy: ExpendedEnergy(totalKilocalories: 0, kilocaloriesPerHour: 0, kilocaloriesPerMinute: 0),
                heartRateBeatsPerMinute: 0, metabolicEquivalent: MetabolicEquivalent(tenths: 0), elapsedTimeSeconds: 0,
                forceOnBeltAndPowerOutput: ForceOnBeltAndPowerOutput(forceOnBeltNewtons: 0, powerOutputWatts: 0))),
        TreadmillVector(
            name: "CITYSPORTS energy rates n/a", hex: "84 04 2C 01 10 27 00 0A 00 FF FF FF 3C 00",
            expected: TreadmillData(
                instantaneousSpeed: Speed(kilometresPerHour: 3.0), totalDistance: Distance(metres: 10000),
                expendedEnergy: ExpendedEnergy(
                    totalKilocalories: 10, kilocaloriesPerHour: nil, kilocaloriesPerMinute: nil),
                elapsedTimeSeconds: 60)),
    ]

    @Test(arguments: treadmillVectors)
    func treadmillDataVector(_ vector: TreadmillVector) throws {
        let payload = bytes(vector.hex)
        let decoded = try TreadmillData(decoding: payload)
        #expect(decoded == vector.expected)
        #expect(hexString(decoded.encode()) == hexString(payload))
    }

    @Test func kettlerValuesHaveUnits() throws {
        let record = try TreadmillData(decoding: bytes("8C 05 64 00 14 00 00 00 00 00 00 05 00 E7 00 03 00 5B 00"))
        let speed = try #require(record.instantaneousSpeed)
        #expect(abs(speed.kilometresPerHour - 1.0) < 1e-9)
        #expect(abs(speed.metresPerSecond - 1.0 / 3.6) < 1e-9)
        #expect(record.totalDistance?.metres == 20)
        #expect(record.inclination?.percent == 0)
        #expect(record.flags.rawValue == 0x058C)
    }

    @Test func starTracTwoMorePaceBytesAreIgnoredAsTrailing() throws {
        // 34 bytes for flags 0x17FE: a uint16-pace reading would expect this length; we read uint8 pace and ignore 2.
        let record = try TreadmillData(decoding: bytes("FE 17" + String(repeating: " 01", count: 32)))
        #expect(record.instantaneousPace == Pace(tenthsOfKilometrePerMinute: 1))
        #expect(record.forceOnBeltAndPowerOutput?.powerOutputWatts == 0x0101)
        #expect(record.encode().count == 32)
    }

    /// Fixed-layout characteristics: (name, hex, decoded value).
    @Test(arguments: [
        ("FITSHOW feature", "5C 16 00 00 03 00 00 00"),
        ("QZ virtual feature", "83 14 00 00 0C E0 00 00"),
    ])
    func featureVectors(_ name: String, _ hex: String) throws {
        let feature = try FitnessMachineFeature(decoding: bytes(hex))
        #expect(hexString(feature.encode()) == hex, "\(name)")
    }

    @Test func fitshowFeatureBits() throws {
        let feature = try FitnessMachineFeature(decoding: bytes("5C 16 00 00 03 00 00 00"))
        #expect(
            feature.machineFeatures
                == [
                    .totalDistance, .inclination, .elevationGain, .stepCount, .expendedEnergy, .heartRateMeasurement,
                    .elapsedTime,
                ])
        #expect(feature.targetSettingFeatures == [.speed, .inclination])
    }

    @Test func speedRangeVector() throws {
        let range = try SupportedSpeedRange(decoding: bytes("64 00 58 02 0A 00"))
        #expect(
            range
                == SupportedSpeedRange(
                    minimum: Speed(hundredthsOfKilometrePerHour: 100),
                    maximum: Speed(hundredthsOfKilometrePerHour: 600),
                    minimumIncrement: Speed(hundredthsOfKilometrePerHour: 10)))
        #expect(hexString(range.encode()) == "64 00 58 02 0A 00")
    }

    @Test func inclinationRangeVector() throws {
        let range = try SupportedInclinationRange(decoding: bytes("E2 FF 96 00 05 00"))
        #expect(range.minimum.percent == -3.0)
        #expect(range.maximum.percent == 15.0)
        #expect(range.minimumIncrementPercent == 0.5)
        #expect(hexString(range.encode()) == "E2 FF 96 00 05 00")
        #expect(!range.isUnknown)
        #expect(try SupportedInclinationRange(decoding: bytes("00 00 00 00 05 00")).isUnknown)
    }

    static let requestVectors: [(String, ControlPointRequest)] = [
        ("00", .requestControl),
        ("01", .reset),
        ("02 C2 01", .setTargetSpeed(Speed(hundredthsOfKilometrePerHour: 450))),
        ("03 F1 FF", .setTargetInclination(Inclination(tenthsOfPercent: -15))),
        ("07", .startOrResume),
        ("08 01", .stopOrPause(.stop)),
        ("08 02", .stopOrPause(.pause)),
        ("0C 88 13 00", .setTargetedDistance(Distance(uint24: 5000))),
        ("0D 08 07", .setTargetedTrainingTime(seconds: 1800)),
    ]

    @Test(arguments: requestVectors)
    func controlPointRequestVector(_ hex: String, _ request: ControlPointRequest) throws {
        #expect(try ControlPointRequest(decoding: bytes(hex)) == request)
        #expect(hexString(request.encode()) == hex)
        #expect(try ControlPointMessage(decoding: bytes(hex)) == .request(request))
    }

    @Test func controlPointResponseVector() throws {
        let response = try ControlPointResponse(decoding: bytes("80 02 01"))
        #expect(response == ControlPointResponse(to: .setTargetSpeed, result: .success))
        #expect(hexString(response.encode()) == "80 02 01")
        #expect(try ControlPointMessage(decoding: bytes("80 02 01")) == .response(response))
    }

    static let statusVectors: [(String, FitnessMachineStatus)] = [
        ("01", .reset),
        ("02 02", .stoppedOrPausedByUser(.pause)),
        ("03", .stoppedBySafetyKey),
        ("04", .startedOrResumedByUser),
        ("05 69 00", .targetSpeedChanged(Speed(hundredthsOfKilometrePerHour: 105))),
        ("06 F1 FF", .targetInclineChanged(Inclination(tenthsOfPercent: -15))),
        ("FF", .controlPermissionLost),
    ]

    @Test(arguments: statusVectors)
    func statusVector(_ hex: String, _ status: FitnessMachineStatus) throws {
        #expect(try FitnessMachineStatus(decoding: bytes(hex)) == status)
        #expect(hexString(status.encode()) == hex)
    }

    @Test(arguments: [
        ("00 01", TrainingStatus(status: .idle)),
        ("01 01", TrainingStatus(status: .idle, string: "")),
        ("01 0D 51 75 69 63 6B", TrainingStatus(status: .manualMode, string: "Quick")),
        ("03 02 57 61", TrainingStatus(status: .warmingUp, string: "Wa", hasExtendedString: true)),
    ])
    func trainingStatusVector(_ hex: String, _ status: TrainingStatus) throws {
        #expect(try TrainingStatus(decoding: bytes(hex)) == status)
        #expect(hexString(status.encode()) == hex)
    }

    @Test func speedConversions() throws {
        let speed = try #require(Speed(kilometresPerHour: 3.6))
        #expect(speed.hundredthsOfKilometrePerHour == 360)
        #expect(abs(speed.metresPerSecond - 1.0) < 1e-12)
        #expect(Speed(metresPerSecond: 1.0) == speed)
        #expect(Speed(kilometresPerHour: -1) == nil)
        #expect(Speed(kilometresPerHour: 655.36) == nil)
        #expect(Speed(kilometresPerHour: .nan) == nil)
        #expect(Speed(milesPerHour: 1.0)?.hundredthsOfKilometrePerHour == 161)
        #expect(Inclination(percent: -1.55)?.tenthsOfPercent == -16)
        #expect(Distance(metres: 0x100_0000) == nil)
    }

    @Test(arguments: [
        (250, 100, 600, 10, 250), (50, 100, 600, 10, 100), (700, 100, 600, 10, 600), (254, 100, 600, 10, 250),
        (255, 100, 600, 10, 260), (599, 100, 595, 10, 590), (333, 0, 1000, 0, 333),
    ])
    func speedClamping(_ value: UInt16, _ low: UInt16, _ high: UInt16, _ step: UInt16, _ expected: UInt16) {
        let range = SupportedSpeedRange(
            minimum: Speed(hundredthsOfKilometrePerHour: low), maximum: Speed(hundredthsOfKilometrePerHour: high),
            minimumIncrement: Speed(hundredthsOfKilometrePerHour: step))
        #expect(range.clamp(Speed(hundredthsOfKilometrePerHour: value)).hundredthsOfKilometrePerHour == expected)
    }
}
