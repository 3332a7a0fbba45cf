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

// MARK: - encode

extension FTMSCommand {
    /// `backstep ftms encode <characteristic> --option …`.
    public struct Encode: AsyncParsableCommand {
        /// Help text.
        public static let configuration = CommandConfiguration(
            abstract: "Build a payload from options and print it as hex.",
            discussion: """
                Examples:
                  backstep ftms encode control-point --op set-target-speed --speed-kmh 3.2
                  backstep ftms encode control-point --op response --request-op set-target-speed --result success
                  backstep ftms encode treadmill-data --speed-kmh 3 --inclination-percent 2 --total-distance-meters 120
                  backstep ftms encode status --event target-speed-changed --speed-kmh 1.05
                """
        )

        /// Which characteristic to build.
        @Argument(help: "One of: \(Characteristic.allCases.map(\.rawValue).joined(separator: ", ")).")
        public var characteristic: Characteristic

        /// Control point operation (kebab-case op code name, or `response`).
        @Option(
            help:
                "control-point: the operation, e.g. request-control, set-target-speed, start-or-resume, stop, pause, response."
        )
        public var op: String?
        /// Response: the request op code answered.
        @Option(help: "control-point response: the request operation answered.")
        public var requestOp: String?
        /// Response: the result code name.
        @Option(
            help:
                "control-point response: success, op-code-not-supported, invalid-parameter, operation-failed, control-not-permitted."
        )
        public var result: String?
        /// Status: the event name.
        @Option(
            help:
                "status: reset, stopped-by-user, paused-by-user, stopped-by-safety-key, started-or-resumed-by-user, target-speed-changed, target-incline-changed, control-permission-lost."
        )
        public var event: String?
        /// Training status name.
        @Option(help: "training-status: e.g. idle, warming-up, manual-mode.")
        public var trainingStatus: String?
        /// Training status string.
        @Option(help: "training-status: the status string.")
        public var text: String?

        /// Speed in km/h.
        @Option(help: "Speed in km/h (treadmill-data, set-target-speed, target-speed-changed).")
        public var speedKmh: Double?
        /// Average speed in km/h.
        @Option(help: "treadmill-data: average speed in km/h.") public var averageSpeedKmh: Double?
        /// Inclination in percent.
        @Option(parsing: .unconditional, help: "Inclination in percent (may be negative).")
        public var inclinationPercent: Double?
        /// Ramp angle in degrees.
        @Option(parsing: .unconditional, help: "treadmill-data: ramp angle in degrees.")
        public var rampAngleDegrees: Double?
        /// Distance in metres.
        @Option(help: "treadmill-data total distance, or set-targeted-distance, in meters.")
        public var totalDistanceMeters: UInt32?
        /// Heart rate.
        @Option(help: "treadmill-data: heart rate in bpm.") public var heartRateBpm: UInt8?
        /// Elapsed time.
        @Option(help: "treadmill-data: elapsed time in seconds; set-targeted-training-time.")
        public var elapsedTimeSeconds: UInt16?
        /// Remaining time.
        @Option(help: "treadmill-data: remaining time in seconds.") public var remainingTimeSeconds: UInt16?
        /// Total energy.
        @Option(help: "treadmill-data: total energy in kcal (per-hour and per-minute sent as n/a).")
        public var totalEnergyKcal: UInt16?
        /// Split into notifications of at most this many bytes.
        @Option(help: "treadmill-data: split into notifications of at most N bytes, one hex line each.")
        public var maxPayload: Int?

        /// Range minimum (km/h or %).
        @Option(parsing: .unconditional, help: "speed-range (km/h) or incline-range (%): minimum.")
        public var minimum: Double?
        /// Range maximum.
        @Option(parsing: .unconditional, help: "speed-range (km/h) or incline-range (%): maximum.")
        public var maximum: Double?
        /// Range increment.
        @Option(help: "speed-range (km/h) or incline-range (%): minimum increment.") public var increment: Double?
        /// Feature bits.
        @Option(help: "feature: machine feature names, comma-separated (e.g. total-distance,inclination).")
        public var machineFeatures: String?
        /// Target setting bits.
        @Option(help: "feature: target setting names, comma-separated (e.g. speed,inclination).")
        public var targetSettings: String?

        /// Creates the command (argument-parser fills it in).
        public init() {}

        /// The hex output (one line per notification).
        /// - Throws: `ValidationError` for missing, unknown or out-of-range options.
        public func output() throws -> String {
            try payloads().map { $0.map { byte in hexDigits(byte) }.joined(separator: " ") }.joined(separator: "\n")
        }

        /// Prints the hex.
        public func run() async throws {
            print(try output())
        }

        func payloads() throws -> [[UInt8]] {
            switch characteristic {
            case .treadmillData:
                let record = try treadmillData()
                if let maxPayload { return record.encodeNotifications(maximumPayloadLength: maxPayload) }
                return [record.encode()]
            case .controlPoint: return [try controlPoint()]
            case .status: return [try status().encode()]
            case .speedRange:
                return [
                    SupportedSpeedRange(
                        minimum: try speed(require(minimum, "--minimum")),
                        maximum: try speed(require(maximum, "--maximum")),
                        minimumIncrement: try speed(require(increment, "--increment"))
                    ).encode()
                ]
            case .inclineRange:
                let step = try require(increment, "--increment")
                guard let tenths = UInt16(exactly: (step * 10).rounded()) else {
                    throw ValidationError("--increment must be between 0 and 6553.5 %.")
                }
                return [
                    SupportedInclinationRange(
                        minimum: try inclination(require(minimum, "--minimum")),
                        maximum: try inclination(require(maximum, "--maximum")), minimumIncrementTenthsOfPercent: tenths
                    ).encode()
                ]
            case .feature:
                return [
                    FitnessMachineFeature(
                        machineFeatures: MachineFeatures(rawValue: try bits(machineFeatures, MachineFeatures.named)),
                        targetSettingFeatures: TargetSettingFeatures(
                            rawValue: try bits(targetSettings, TargetSettingFeatures.named))
                    ).encode()
                ]
            case .trainingStatus:
                let name = try require(trainingStatus, "--training-status")
                guard let code = TrainingStatusCode.allCases.first(where: { kebab($0) == name }) else {
                    throw ValidationError("Unknown training status \"\(name)\".")
                }
                return [TrainingStatus(status: code, string: text).encode()]
            }
        }

        func treadmillData() throws -> TreadmillData {
            var record = TreadmillData(instantaneousSpeed: try speedKmh.map(speed))
            record.averageSpeed = try averageSpeedKmh.map(speed)
            if let totalDistanceMeters {
                guard let distance = Distance(metres: totalDistanceMeters) else {
                    throw ValidationError("--total-distance-meters must be below 16777216.")
                }
                record.totalDistance = distance
            }
            if inclinationPercent != nil || rampAngleDegrees != nil {
                var ramp: RampAngle?
                if let rampAngleDegrees {
                    guard let value = RampAngle(degrees: rampAngleDegrees) else {
                        throw ValidationError("--ramp-angle-degrees is out of range.")
                    }
                    ramp = value
                }
                record.inclinationAndRampAngle = InclinationAndRampAngle(
                    inclination: try inclinationPercent.map(inclination), rampAngle: ramp)
            }
            record.heartRateBeatsPerMinute = heartRateBpm
            record.elapsedTimeSeconds = elapsedTimeSeconds
            record.remainingTimeSeconds = remainingTimeSeconds
            if let totalEnergyKcal {
                record.expendedEnergy = ExpendedEnergy(
                    totalKilocalories: totalEnergyKcal, kilocaloriesPerHour: nil, kilocaloriesPerMinute: nil)
            }
            return record
        }

        func controlPoint() throws -> [UInt8] {
            let name = try require(op, "--op")
            if name == "response" {
                let requestName = try require(requestOp, "--request-op")
                guard let code = ControlPointOpCode.allCases.first(where: { kebab($0) == requestName }) else {
                    throw ValidationError("Unknown --request-op \"\(requestName)\".")
                }
                let resultName = try require(result, "--result")
                guard let result = ControlPointResultCode.allCases.first(where: { kebab($0) == resultName }) else {
                    throw ValidationError("Unknown --result \"\(resultName)\".")
                }
                return ControlPointResponse(to: code, result: result).encode()
            }
            let request: ControlPointRequest
            switch name {
            case "request-control": request = .requestControl
            case "reset": request = .reset
            case "start", "start-or-resume": request = .startOrResume
            case "stop": request = .stopOrPause(.stop)
            case "pause": request = .stopOrPause(.pause)
            case "set-target-speed": request = .setTargetSpeed(try speed(require(speedKmh, "--speed-kmh")))
            case "set-target-inclination":
                request = .setTargetInclination(try inclination(require(inclinationPercent, "--inclination-percent")))
            case "set-targeted-distance":
                let metres = try require(totalDistanceMeters, "--total-distance-meters")
                guard let distance = Distance(metres: metres) else {
                    throw ValidationError("--total-distance-meters must be below 16777216.")
                }
                request = .setTargetedDistance(distance)
            case "set-targeted-training-time":
                request = .setTargetedTrainingTime(seconds: try require(elapsedTimeSeconds, "--elapsed-time-seconds"))
            default:
                throw ValidationError(
                    "Unknown --op \"\(name)\". Use request-control, reset, start, stop, pause, set-target-speed, "
                        + "set-target-inclination, set-targeted-distance, set-targeted-training-time or response.")
            }
            return request.encode()
        }

        func status() throws -> FitnessMachineStatus {
            let name = try require(event, "--event")
            switch name {
            case "reset": return .reset
            case "stopped-by-user": return .stoppedOrPausedByUser(.stop)
            case "paused-by-user": return .stoppedOrPausedByUser(.pause)
            case "stopped-by-safety-key": return .stoppedBySafetyKey
            case "started-or-resumed-by-user": return .startedOrResumedByUser
            case "target-speed-changed": return .targetSpeedChanged(try speed(require(speedKmh, "--speed-kmh")))
            case "target-incline-changed":
                return .targetInclineChanged(try inclination(require(inclinationPercent, "--inclination-percent")))
            case "control-permission-lost": return .controlPermissionLost
            default: throw ValidationError("Unknown --event \"\(name)\".")
            }
        }

        func require<T>(_ value: T?, _ option: String) throws -> T {
            guard let value else {
                throw ValidationError(
                    "\(option) is required for \(characteristic.rawValue)\(op.map { " \($0)" } ?? "").")
            }
            return value
        }

        func speed(_ kmh: Double) throws -> Speed {
            guard let speed = Speed(kilometresPerHour: kmh) else {
                throw ValidationError("Speed \(kmh) km/h is outside 0…655.35 km/h.")
            }
            return speed
        }

        func inclination(_ percent: Double) throws -> Inclination {
            guard let inclination = Inclination(percent: percent) else {
                throw ValidationError("Inclination \(percent) % is outside −3276.8…3276.7 %.")
            }
            return inclination
        }

        func bits<T: OptionSet>(_ list: String?, _ named: [(name: String, bit: T)]) throws -> UInt32
        where T.RawValue == UInt32 {
            var raw: UInt32 = 0
            for name in (list ?? "").split(separator: ",").map({ $0.trimmingCharacters() }) where !name.isEmpty {
                guard let entry = named.first(where: { kebab($0.name) == name || $0.name == name }) else {
                    throw ValidationError("Unknown feature \"\(name)\".")
                }
                raw |= entry.bit.rawValue
            }
            return raw
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
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

// MARK: - A small ordered JSON writer (explicit nulls, stable key order, shortest number form)

/// A JSON value whose objects keep their key order.
indirect enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.rendered() == rhs.rendered() }

    /// A number, or null.
    static func number(_ value: Double?) -> JSONValue { value.map { .double($0) } ?? .null }
    /// An integer, or null.
    static func int(_ value: Int?) -> JSONValue { value.map { .integer($0) } ?? .null }
    /// An array of integers.
    static func ints(_ values: [UInt16]) -> JSONValue { .array(values.map { .integer(Int($0)) }) }

    /// Pretty-printed JSON, two-space indented.
    func rendered(indent: String = "") -> String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .double(let value):
            guard value.isFinite else { return "null" }
            if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
            return String(value)
        case .string(let value): return quoted(value)
        case .array(let values):
            if values.isEmpty { return "[]" }
            return "[" + values.map { $0.rendered(indent: indent) }.joined(separator: ", ") + "]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            let inner = indent + "  "
            let lines = fields.map { inner + quoted($0.0) + ": " + $0.1.rendered(indent: inner) }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    private func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
