import ArgumentParser
import FTMSCodec
import Foundation

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
