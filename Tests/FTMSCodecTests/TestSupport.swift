import BackstepTreadmill

@testable import FTMSCodec

/// Parses "8C 05 64 00" (spaces optional) into bytes; returns [] for malformed text so tests fail visibly.
func bytes(_ hex: String) -> [UInt8] {
    let digits = hex.filter { !$0.isWhitespace }
    guard digits.count % 2 == 0 else { return [] }
    var result: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        guard let byte = UInt8(digits[index..<next], radix: 16) else { return [] }
        result.append(byte)
        index = next
    }
    return result
}

/// Formats bytes as upper-case hex pairs separated by spaces.
func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { hex($0) }.joined(separator: " ")
}

/// Random values of every codec type. `avoidAllOnes` keeps numeric fields below their all-ones value, which
/// pyftms reads as "not available" even where FTMS defines no such sentinel.
struct RandomFTMS {
    var rng: SplitMix64
    var avoidAllOnes = false

    init(seed: UInt64, avoidAllOnes: Bool = false) {
        rng = SplitMix64(seed: seed)
        self.avoidAllOnes = avoidAllOnes
    }

    mutating func coin() -> Bool { Bool.random(using: &rng) }

    mutating func u8() -> UInt8 { UInt8.random(in: 0...(avoidAllOnes ? 0xFE : 0xFF), using: &rng) }
    mutating func u16() -> UInt16 { UInt16.random(in: 0...(avoidAllOnes ? 0xFFFE : 0xFFFF), using: &rng) }
    mutating func s16() -> Int16 { Int16.random(in: Int16.min...(Int16.max - 1), using: &rng) }
    mutating func u24() -> UInt32 { UInt32.random(in: 0...(avoidAllOnes ? 0xFF_FFFE : 0xFF_FFFF), using: &rng) }
    /// Below a value's "not available" sentinel, so it survives a round trip.
    mutating func u16BelowSentinel() -> UInt16 { UInt16.random(in: 0...0xFFFE, using: &rng) }
    mutating func u8BelowSentinel() -> UInt8 { UInt8.random(in: 0...0xFE, using: &rng) }

    mutating func optional<T>(_ make: (inout RandomFTMS) -> T) -> T? {
        coin() ? make(&self) : nil
    }

    mutating func speed() -> Speed { Speed(hundredthsOfKilometrePerHour: u16()) }
    mutating func inclination() -> Inclination { Inclination(tenthsOfPercent: s16()) }
    mutating func distance() -> Distance { Distance(uint24: u24()) }

    /// A complete record (More Data = 0) unless `fragment`.
    mutating func treadmillData(fragment: Bool = false) -> TreadmillData {
        TreadmillData(
            instantaneousSpeed: fragment ? nil : speed(),
            averageSpeed: optional { $0.speed() },
            totalDistance: optional { $0.distance() },
            inclinationAndRampAngle: optional {
                InclinationAndRampAngle(
                    inclination: $0.optional { $0.inclination() },
                    rampAngle: $0.optional { RampAngle(tenthsOfDegree: $0.s16()) })
            },
            elevationGain: optional {
                ElevationGain(positive: Elevation(decimetres: $0.u16()), negative: Elevation(decimetres: $0.u16()))
            },
            instantaneousPace: optional { Pace(tenthsOfKilometrePerMinute: $0.u8()) },
            averagePace: optional { Pace(tenthsOfKilometrePerMinute: $0.u8()) },
            expendedEnergy: optional {
                ExpendedEnergy(
                    totalKilocalories: $0.optional { $0.u16BelowSentinel() },
                    kilocaloriesPerHour: $0.optional { $0.u16BelowSentinel() },
                    kilocaloriesPerMinute: $0.optional { $0.u8BelowSentinel() })
            },
            heartRateBeatsPerMinute: optional { $0.u8() },
            metabolicEquivalent: optional { MetabolicEquivalent(tenths: $0.u8()) },
            elapsedTimeSeconds: optional { $0.u16() },
            remainingTimeSeconds: optional { $0.u16() },
            forceOnBeltAndPowerOutput: optional {
                ForceOnBeltAndPowerOutput(
                    forceOnBeltNewtons: $0.optional { $0.s16() }, powerOutputWatts: $0.optional { $0.s16() })
            },
            vendorStepCount: optional { $0.u24() }
        )
    }

    mutating func feature() -> FitnessMachineFeature {
        let limit: UInt32 = avoidAllOnes ? 0xFFFF_FFFE : 0xFFFF_FFFF
        return FitnessMachineFeature(
            machineFeatures: MachineFeatures(rawValue: UInt32.random(in: 0...limit, using: &rng)),
            targetSettingFeatures: TargetSettingFeatures(rawValue: UInt32.random(in: 0...limit, using: &rng)))
    }

    mutating func speedRange() -> SupportedSpeedRange {
        SupportedSpeedRange(minimum: speed(), maximum: speed(), minimumIncrement: speed())
    }

    mutating func inclinationRange() -> SupportedInclinationRange {
        SupportedInclinationRange(
            minimum: inclination(), maximum: inclination(),
            minimumIncrementTenthsOfPercent: UInt16.random(in: 0...(avoidAllOnes ? 0x7FFE : 0xFFFF), using: &rng))
    }

    mutating func bike() -> IndoorBikeSimulationParameters {
        IndoorBikeSimulationParameters(
            windSpeedMillimetresPerSecond: s16(), gradeHundredthsOfPercent: s16(),
            rollingResistanceTenThousandths: u8(), windResistanceHundredthsKilogramPerMetre: u8())
    }

    /// Any request; `excluding` op codes are never produced.
    mutating func request(excluding: Set<ControlPointOpCode> = []) -> ControlPointRequest {
        let codes = ControlPointOpCode.allCases.filter { !excluding.contains($0) }
        let code = codes.randomElement(using: &rng) ?? .requestControl
        switch code {
        case .requestControl: return .requestControl
        case .reset: return .reset
        case .setTargetSpeed: return .setTargetSpeed(speed())
        case .setTargetInclination: return .setTargetInclination(inclination())
        case .setTargetResistanceLevel: return .setTargetResistanceLevel(tenths: u8())
        case .setTargetPower: return .setTargetPower(watts: s16())
        case .setTargetHeartRate: return .setTargetHeartRate(beatsPerMinute: u8())
        case .startOrResume: return .startOrResume
        case .stopOrPause: return .stopOrPause(coin() ? .stop : .pause)
        case .setTargetedExpendedEnergy: return .setTargetedExpendedEnergy(kilocalories: u16())
        case .setTargetedNumberOfSteps: return .setTargetedNumberOfSteps(u16())
        case .setTargetedNumberOfStrides: return .setTargetedNumberOfStrides(u16())
        case .setTargetedDistance: return .setTargetedDistance(distance())
        case .setTargetedTrainingTime: return .setTargetedTrainingTime(seconds: u16())
        case .setTargetedTimeInTwoHeartRateZones:
            return .setTargetedTimeInTwoHeartRateZones(fatBurnSeconds: u16(), fitnessSeconds: u16())
        case .setTargetedTimeInThreeHeartRateZones:
            return .setTargetedTimeInThreeHeartRateZones(
                lightSeconds: u16(), moderateSeconds: u16(), hardSeconds: u16())
        case .setTargetedTimeInFiveHeartRateZones:
            return .setTargetedTimeInFiveHeartRateZones(
                veryLightSeconds: u16(), lightSeconds: u16(), moderateSeconds: u16(), hardSeconds: u16(),
                maximumSeconds: u16())
        case .setIndoorBikeSimulationParameters: return .setIndoorBikeSimulationParameters(bike())
        case .setWheelCircumference: return .setWheelCircumference(tenthsOfMillimetre: u16())
        case .spinDownControl: return .spinDownControl(coin() ? .start : .ignore)
        case .setTargetedCadence: return .setTargetedCadence(halfStepsPerMinute: u16())
        }
    }

    mutating func response(allowSpinDownParameters: Bool = true) -> ControlPointResponse {
        let code = ControlPointOpCode.allCases.randomElement(using: &rng) ?? .requestControl
        let result = ControlPointResultCode.allCases.randomElement(using: &rng) ?? .success
        let speeds =
            (allowSpinDownParameters && code == .spinDownControl && result == .success)
            ? SpinDownTargetSpeeds(low: speed(), high: speed()) : nil
        if code == .spinDownControl && result == .success && !allowSpinDownParameters {
            return ControlPointResponse(to: code, result: .operationFailed)
        }
        return ControlPointResponse(to: code, result: result, spinDownTargetSpeeds: speeds)
    }

    /// Any status; `excludingOpCodes` are never produced.
    mutating func status(excludingOpCodes: Set<UInt8> = []) -> FitnessMachineStatus {
        let codes = (Array(UInt8(0x01)...0x15) + [0xFF]).filter { !excludingOpCodes.contains($0) }
        switch codes.randomElement(using: &rng) ?? 0x01 {
        case 0x01: return .reset
        case 0x02: return .stoppedOrPausedByUser(coin() ? .stop : .pause)
        case 0x03: return .stoppedBySafetyKey
        case 0x04: return .startedOrResumedByUser
        case 0x05: return .targetSpeedChanged(speed())
        case 0x06: return .targetInclineChanged(inclination())
        case 0x07: return .targetResistanceLevelChanged(tenths: s16())
        case 0x08: return .targetPowerChanged(watts: s16())
        case 0x09: return .targetHeartRateChanged(beatsPerMinute: u8())
        case 0x0A: return .targetedExpendedEnergyChanged(kilocalories: u16())
        case 0x0B: return .targetedNumberOfStepsChanged(u16())
        case 0x0C: return .targetedNumberOfStridesChanged(u16())
        case 0x0D: return .targetedDistanceChanged(distance())
        case 0x0E: return .targetedTrainingTimeChanged(seconds: u16())
        case 0x0F: return .targetedTimeInTwoHeartRateZonesChanged(fatBurnSeconds: u16(), fitnessSeconds: u16())
        case 0x10:
            return .targetedTimeInThreeHeartRateZonesChanged(
                lightSeconds: u16(), moderateSeconds: u16(), hardSeconds: u16())
        case 0x11:
            return .targetedTimeInFiveHeartRateZonesChanged(
                veryLightSeconds: u16(), lightSeconds: u16(), moderateSeconds: u16(), hardSeconds: u16(),
                maximumSeconds: u16())
        case 0x12: return .indoorBikeSimulationParametersChanged(bike())
        case 0x13: return .wheelCircumferenceChanged(tenthsOfMillimetre: u16())
        case 0x14: return .spinDownStatus(SpinDownStatus.allCases.randomElement(using: &rng) ?? .success)
        case 0x15: return .targetedCadenceChanged(halfStepsPerMinute: u16())
        default: return .controlPermissionLost
        }
    }

    mutating func trainingStatus(withString: Bool = true) -> TrainingStatus {
        let code = TrainingStatusCode.allCases.randomElement(using: &rng) ?? .idle
        let words = ["", "Idle", "Warm up", "Récupération", "走る", "Interval 3/8"]
        return TrainingStatus(
            status: code, string: withString ? optional { $0.pick(words) ?? "" } : nil,
            hasExtendedString: withString && coin())
    }

    mutating func pick<T>(_ items: [T]) -> T? { items.randomElement(using: &rng) }

    mutating func garbage(maxLength: Int) -> [UInt8] {
        let length = Int.random(in: 0...maxLength, using: &rng)
        return (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }
}
