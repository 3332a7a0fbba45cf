import ArgumentParser
import FTMSCodec
import Foundation

/// `backstep ftms`: decode and encode Bluetooth Fitness Machine Service payloads offline.
///
/// `backstep ftms decode <characteristic> <hex>` prints JSON whose keys carry their unit (`speedKmh`,
/// `totalDistanceMeters`, …), with `null` for fields the payload does not carry. `backstep ftms encode
/// <characteristic> --option …` prints the payload as hex. Exit codes: 0 on success, 64 (`ValidationError`)
/// for bad usage or malformed hex, 65 (EX_DATAERR) when the bytes are not a valid payload.
public struct FTMSCommand: AsyncParsableCommand {
    /// The command's name, help and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "ftms",
        abstract: "Decode and encode FTMS (Bluetooth Fitness Machine Service) payloads.",
        subcommands: [Decode.self, Encode.self]
    )

    /// Creates the command (argument-parser fills it in).
    public init() {}

    /// The characteristics the subcommands understand.
    public enum Characteristic: String, ExpressibleByArgument, CaseIterable, Sendable {
        /// Fitness Machine Feature (0x2ACC).
        case feature
        /// Treadmill Data (0x2ACD).
        case treadmillData = "treadmill-data"
        /// Supported Speed Range (0x2AD4).
        case speedRange = "speed-range"
        /// Supported Inclination Range (0x2AD5).
        case inclineRange = "incline-range"
        /// Fitness Machine Control Point (0x2AD9): a request, or a response when the first byte is 0x80.
        case controlPoint = "control-point"
        /// Fitness Machine Status (0x2ADA).
        case status
        /// Training Status (0x2AD3).
        case trainingStatus = "training-status"
    }

    /// The exit code for a payload that does not decode (EX_DATAERR from sysexits.h).
    public static let decodeFailureExitCode = ExitCode(65)
}

// MARK: - decode

extension FTMSCommand {
    /// `backstep ftms decode <characteristic> <hex>`.
    public struct Decode: AsyncParsableCommand {
        /// Help text.
        public static let configuration = CommandConfiguration(
            abstract: "Decode a payload to JSON.",
            discussion: """
                Hex may contain spaces or colons, e.g. "8C 05 64 00" or 8c:05:64:00. Keys carry their unit and \
                are null when the payload does not carry the field. Exit code 65 when the payload is malformed.
                """
        )

        /// Which characteristic the payload belongs to.
        @Argument(help: "One of: \(Characteristic.allCases.map(\.rawValue).joined(separator: ", ")).")
        public var characteristic: Characteristic

        /// The payload in hex; several arguments are joined.
        @Argument(help: "The payload as hex (spaces and colons allowed).")
        public var hex: [String] = []

        /// Creates the command (argument-parser fills it in).
        public init() {}

        /// Rejects empty or malformed hex.
        public func validate() throws {
            _ = try payload()
        }

        /// The payload bytes.
        /// - Throws: `ValidationError` for anything that is not an even number of hex digits.
        public func payload() throws -> [UInt8] {
            try parseHex(hex.joined(separator: " "))
        }

        /// The JSON for the payload.
        /// - Throws: `FTMSDecodingError` when the payload does not decode.
        public func output() throws -> String {
            try decodeToJSON(characteristic, payload()).rendered()
        }

        /// Prints the JSON, or the decoding error on stderr with exit code 65.
        public func run() async throws {
            do {
                print(try output())
            } catch let error as FTMSDecodingError {
                printToStandardError("backstep ftms decode: \(characteristic.rawValue): \(error)")
                throw FTMSCommand.decodeFailureExitCode
            }
        }
    }
}

/// Parses hex digits, ignoring spaces, colons, dashes and an optional 0x prefix.
func parseHex(_ text: String) throws -> [UInt8] {
    var digits = text.filter { !$0.isWhitespace && $0 != ":" && $0 != "-" }
    if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits.removeFirst(2) }
    guard !digits.isEmpty else { throw ValidationError("No hex payload given.") }
    guard digits.count.isMultiple(of: 2) else {
        throw ValidationError("Hex payload has an odd number of digits (\(digits.count)).")
    }
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        guard let byte = UInt8(digits[index..<next], radix: 16) else {
            throw ValidationError("Not hex: \"\(digits[index..<next])\".")
        }
        bytes.append(byte)
        index = next
    }
    return bytes
}

func decodeToJSON(_ characteristic: FTMSCommand.Characteristic, _ bytes: [UInt8]) throws -> JSONValue {
    switch characteristic {
    case .feature: return json(try FitnessMachineFeature(decoding: bytes))
    case .treadmillData: return json(try TreadmillData(decoding: bytes))
    case .speedRange: return json(try SupportedSpeedRange(decoding: bytes))
    case .inclineRange: return json(try SupportedInclinationRange(decoding: bytes))
    case .controlPoint: return json(try ControlPointMessage(decoding: bytes))
    case .status: return json(try FitnessMachineStatus(decoding: bytes))
    case .trainingStatus: return json(try TrainingStatus(decoding: bytes))
    }
}

func json(_ record: TreadmillData) -> JSONValue {
    let energy = record.expendedEnergy
    let force = record.forceOnBeltAndPowerOutput
    return .object([
        ("flags", .int(Int(record.flags.rawValue))),
        ("moreData", .bool(record.hasMoreData)),
        ("speedKmh", .number(record.instantaneousSpeed?.kilometresPerHour)),
        ("speedMetersPerSecond", .number(record.instantaneousSpeed?.metresPerSecond)),
        ("averageSpeedKmh", .number(record.averageSpeed?.kilometresPerHour)),
        ("totalDistanceMeters", .int(record.totalDistance.map { Int($0.metres) })),
        ("inclinationPercent", .number(record.inclination?.percent)),
        ("rampAngleDegrees", .number(record.inclinationAndRampAngle?.rampAngle?.degrees)),
        ("positiveElevationGainMeters", .number(record.elevationGain?.positive.metres)),
        ("negativeElevationGainMeters", .number(record.elevationGain?.negative.metres)),
        ("instantaneousPaceKmPerMinute", .number(record.instantaneousPace?.kilometresPerMinute)),
        ("averagePaceKmPerMinute", .number(record.averagePace?.kilometresPerMinute)),
        ("totalEnergyKcal", .int(energy?.totalKilocalories.map(Int.init))),
        ("energyPerHourKcal", .int(energy?.kilocaloriesPerHour.map(Int.init))),
        ("energyPerMinuteKcal", .int(energy?.kilocaloriesPerMinute.map(Int.init))),
        ("heartRateBpm", .int(record.heartRateBeatsPerMinute.map(Int.init))),
        ("metabolicEquivalent", .number(record.metabolicEquivalent?.value)),
        ("elapsedTimeSeconds", .int(record.elapsedTimeSeconds.map(Int.init))),
        ("remainingTimeSeconds", .int(record.remainingTimeSeconds.map(Int.init))),
        ("forceOnBeltNewtons", .int(force?.forceOnBeltNewtons.map(Int.init))),
        ("powerOutputWatts", .int(force?.powerOutputWatts.map(Int.init))),
        ("vendorStepCount", .int(record.vendorStepCount.map(Int.init))),
    ])
}

func json(_ feature: FitnessMachineFeature) -> JSONValue {
    .object([
        (
            "machineFeatures",
            .array(
                MachineFeatures.named.filter { feature.machineFeatures.contains($0.bit) }
                    .map { .string($0.name) })
        ),
        ("machineFeaturesRaw", .int(Int(feature.machineFeatures.rawValue))),
        (
            "targetSettingFeatures",
            .array(
                TargetSettingFeatures.named.filter {
                    feature.targetSettingFeatures.contains($0.bit)
                }.map { .string($0.name) })
        ),
        ("targetSettingFeaturesRaw", .int(Int(feature.targetSettingFeatures.rawValue))),
    ])
}

func json(_ range: SupportedSpeedRange) -> JSONValue {
    .object([
        ("minimumKmh", .number(range.minimum.kilometresPerHour)),
        ("maximumKmh", .number(range.maximum.kilometresPerHour)),
        ("minimumIncrementKmh", .number(range.minimumIncrement.kilometresPerHour)),
        ("unknown", .bool(range.isUnknown)),
    ])
}

func json(_ range: SupportedInclinationRange) -> JSONValue {
    .object([
        ("minimumPercent", .number(range.minimum.percent)),
        ("maximumPercent", .number(range.maximum.percent)),
        ("minimumIncrementPercent", .number(range.minimumIncrementPercent)),
        ("unknown", .bool(range.isUnknown)),
    ])
}

func json(_ message: ControlPointMessage) -> JSONValue {
    switch message {
    case .request(let request):
        return .object(
            [
                ("type", .string("request")), ("opCode", .int(Int(request.opCode.rawValue))),
                ("operation", .string(kebab(request.opCode))),
            ] + parameters(of: request))
    case .response(let response):
        var fields: [(String, JSONValue)] = [
            ("type", .string("response")),
            ("requestOpCode", .int(Int(response.requestOpCode))),
            ("operation", response.knownRequestOpCode.map { .string(kebab($0)) } ?? .null),
            ("resultCode", .int(Int(response.result.rawValue))),
            ("result", .string(kebab(response.result))),
        ]
        if let speeds = response.spinDownTargetSpeeds {
            fields += [
                ("targetSpeedLowKmh", .number(speeds.low.kilometresPerHour)),
                ("targetSpeedHighKmh", .number(speeds.high.kilometresPerHour)),
            ]
        }
        return .object(fields)
    }
}

func parameters(of request: ControlPointRequest) -> [(String, JSONValue)] {
    switch request {
    case .requestControl, .reset, .startOrResume: return []
    case .setTargetSpeed(let speed):
        return [
            ("speedKmh", .number(speed.kilometresPerHour)), ("speedMetersPerSecond", .number(speed.metresPerSecond)),
        ]
    case .setTargetInclination(let inclination): return [("inclinationPercent", .number(inclination.percent))]
    case .setTargetResistanceLevel(let tenths): return [("resistanceLevel", .number(Double(tenths) / 10))]
    case .setTargetPower(let watts): return [("powerWatts", .int(Int(watts)))]
    case .setTargetHeartRate(let bpm): return [("heartRateBpm", .int(Int(bpm)))]
    case .stopOrPause(let code): return [("mode", .string(kebab(code)))]
    case .setTargetedExpendedEnergy(let kcal): return [("energyKcal", .int(Int(kcal)))]
    case .setTargetedNumberOfSteps(let steps): return [("steps", .int(Int(steps)))]
    case .setTargetedNumberOfStrides(let strides): return [("strides", .int(Int(strides)))]
    case .setTargetedDistance(let distance): return [("distanceMeters", .int(Int(distance.metres)))]
    case .setTargetedTrainingTime(let seconds): return [("timeSeconds", .int(Int(seconds)))]
    case .setTargetedTimeInTwoHeartRateZones(let a, let b): return [("zoneTimesSeconds", .ints([a, b]))]
    case .setTargetedTimeInThreeHeartRateZones(let a, let b, let c): return [("zoneTimesSeconds", .ints([a, b, c]))]
    case .setTargetedTimeInFiveHeartRateZones(let a, let b, let c, let d, let e):
        return [("zoneTimesSeconds", .ints([a, b, c, d, e]))]
    case .setIndoorBikeSimulationParameters(let parameters): return bikeParameters(parameters)
    case .setWheelCircumference(let tenths): return [("wheelCircumferenceMillimeters", .number(Double(tenths) / 10))]
    case .spinDownControl(let code): return [("spinDown", .string(kebab(code)))]
    case .setTargetedCadence(let halves): return [("cadencePerMinute", .number(Double(halves) / 2))]
    }
}

func bikeParameters(_ parameters: IndoorBikeSimulationParameters) -> [(String, JSONValue)] {
    [
        ("windSpeedMetersPerSecond", .number(Double(parameters.windSpeedMillimetresPerSecond) / 1000)),
        ("gradePercent", .number(Double(parameters.gradeHundredthsOfPercent) / 100)),
        ("rollingResistanceCoefficient", .number(Double(parameters.rollingResistanceTenThousandths) / 10000)),
        ("windResistanceKgPerMeter", .number(Double(parameters.windResistanceHundredthsKilogramPerMetre) / 100)),
    ]
}

func json(_ status: FitnessMachineStatus) -> JSONValue {
    let event: String
    let fields: [(String, JSONValue)]
    switch status {
    case .reset: (event, fields) = ("reset", [])
    case .stoppedOrPausedByUser(let code):
        (event, fields) = ("stopped-or-paused-by-user", [("mode", .string(kebab(code)))])
    case .stoppedBySafetyKey: (event, fields) = ("stopped-by-safety-key", [])
    case .startedOrResumedByUser: (event, fields) = ("started-or-resumed-by-user", [])
    case .targetSpeedChanged(let speed):
        (event, fields) = ("target-speed-changed", [("speedKmh", .number(speed.kilometresPerHour))])
    case .targetInclineChanged(let inclination):
        (event, fields) = ("target-incline-changed", [("inclinationPercent", .number(inclination.percent))])
    case .targetResistanceLevelChanged(let tenths):
        (event, fields) = ("target-resistance-level-changed", [("resistanceLevel", .number(Double(tenths) / 10))])
    case .targetPowerChanged(let watts): (event, fields) = ("target-power-changed", [("powerWatts", .int(Int(watts)))])
    case .targetHeartRateChanged(let bpm):
        (event, fields) = ("target-heart-rate-changed", [("heartRateBpm", .int(Int(bpm)))])
    case .targetedExpendedEnergyChanged(let kcal):
        (event, fields) = ("targeted-expended-energy-changed", [("energyKcal", .int(Int(kcal)))])
    case .targetedNumberOfStepsChanged(let steps):
        (event, fields) = ("targeted-number-of-steps-changed", [("steps", .int(Int(steps)))])
    case .targetedNumberOfStridesChanged(let strides):
        (event, fields) = ("targeted-number-of-strides-changed", [("strides", .int(Int(strides)))])
    case .targetedDistanceChanged(let distance):
        (event, fields) = ("targeted-distance-changed", [("distanceMeters", .int(Int(distance.metres)))])
    case .targetedTrainingTimeChanged(let seconds):
        (event, fields) = ("targeted-training-time-changed", [("timeSeconds", .int(Int(seconds)))])
    case .targetedTimeInTwoHeartRateZonesChanged(let a, let b):
        (event, fields) = ("targeted-time-in-two-heart-rate-zones-changed", [("zoneTimesSeconds", .ints([a, b]))])
    case .targetedTimeInThreeHeartRateZonesChanged(let a, let b, let c):
        (event, fields) = ("targeted-time-in-three-heart-rate-zones-changed", [("zoneTimesSeconds", .ints([a, b, c]))])
    case .targetedTimeInFiveHeartRateZonesChanged(let a, let b, let c, let d, let e):
        (event, fields) = (
            "targeted-time-in-five-heart-rate-zones-changed", [("zoneTimesSeconds", .ints([a, b, c, d, e]))]
        )
    case .indoorBikeSimulationParametersChanged(let parameters):
        (event, fields) = ("indoor-bike-simulation-parameters-changed", bikeParameters(parameters))
    case .wheelCircumferenceChanged(let tenths):
        (event, fields) = (
            "wheel-circumference-changed", [("wheelCircumferenceMillimeters", .number(Double(tenths) / 10))]
        )
    case .spinDownStatus(let code): (event, fields) = ("spin-down-status", [("spinDownStatus", .string(kebab(code)))])
    case .targetedCadenceChanged(let halves):
        (event, fields) = ("targeted-cadence-changed", [("cadencePerMinute", .number(Double(halves) / 2))])
    case .controlPermissionLost: (event, fields) = ("control-permission-lost", [])
    }
    return .object([("opCode", .int(Int(status.opCode))), ("event", .string(event))] + fields)
}

func json(_ status: TrainingStatus) -> JSONValue {
    .object([
        ("statusCode", .int(Int(status.status.rawValue))),
        ("status", .string(kebab(status.status))),
        ("string", status.string.map { .string($0) } ?? .null),
        ("extendedString", .bool(status.hasExtendedString)),
    ])
}

/// A Swift case name in kebab-case: `setTargetSpeed` → `set-target-speed`.
func kebab(_ value: some Any) -> String {
    var result = ""
    for character in String(describing: value) {
        if character.isUppercase {
            result += "-" + character.lowercased()
        } else {
            result.append(character)
        }
    }
    return result
}

/// Two upper-case hex digits.
func hexDigits(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}

func printToStandardError(_ message: String) {
    var stream = StandardError()
    print(message, to: &stream)
}

private struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
