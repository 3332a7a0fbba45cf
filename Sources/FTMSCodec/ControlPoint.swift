/// The request op codes of the Fitness Machine Control Point (FTMS v1.0.1 §4.16.1, Table 4.15).
///
/// 0x15–0x7F and 0x81–0xFF are Reserved for Future Use. 0x80 (Response Code) is server-to-client only;
/// a client that writes it gets "Op Code not supported" (issue zacharyedwardbull/pycycling#55).
public enum ControlPointOpCode: UInt8, Hashable, Sendable, Codable, CaseIterable {
    /// 0x00 Request Control. No parameter.
    case requestControl = 0x00
    /// 0x01 Reset. No parameter. Clears targets and times and **drops control** (FTMS v1.0.1 §4.16.2.2).
    case reset = 0x01
    /// 0x02 Set Target Speed: uint16, 0.01 km/h.
    case setTargetSpeed = 0x02
    /// 0x03 Set Target Inclination: sint16, 0.1 %.
    case setTargetInclination = 0x03
    /// 0x04 Set Target Resistance Level: uint8, 0.1 (v1.0.1 table).
    case setTargetResistanceLevel = 0x04
    /// 0x05 Set Target Power: sint16, W.
    case setTargetPower = 0x05
    /// 0x06 Set Target Heart Rate: uint8, bpm.
    case setTargetHeartRate = 0x06
    /// 0x07 Start or Resume. No parameter.
    case startOrResume = 0x07
    /// 0x08 Stop or Pause: uint8, 0x01 Stop or 0x02 Pause.
    case stopOrPause = 0x08
    /// 0x09 Set Targeted Expended Energy: uint16, kcal.
    case setTargetedExpendedEnergy = 0x09
    /// 0x0A Set Targeted Number of Steps: uint16.
    case setTargetedNumberOfSteps = 0x0A
    /// 0x0B Set Targeted Number of Strides: uint16.
    case setTargetedNumberOfStrides = 0x0B
    /// 0x0C Set Targeted Distance: uint24, m.
    case setTargetedDistance = 0x0C
    /// 0x0D Set Targeted Training Time: uint16, s.
    case setTargetedTrainingTime = 0x0D
    /// 0x0E Set Targeted Time in Two Heart Rate Zones: 2 × uint16, s.
    case setTargetedTimeInTwoHeartRateZones = 0x0E
    /// 0x0F Set Targeted Time in Three Heart Rate Zones: 3 × uint16, s.
    case setTargetedTimeInThreeHeartRateZones = 0x0F
    /// 0x10 Set Targeted Time in Five Heart Rate Zones: 5 × uint16, s.
    case setTargetedTimeInFiveHeartRateZones = 0x10
    /// 0x11 Set Indoor Bike Simulation Parameters: sint16, sint16, uint8, uint8.
    case setIndoorBikeSimulationParameters = 0x11
    /// 0x12 Set Wheel Circumference: uint16, 0.1 mm.
    case setWheelCircumference = 0x12
    /// 0x13 Spin Down Control: uint8, 0x01 Start or 0x02 Ignore.
    case spinDownControl = 0x13
    /// 0x14 Set Targeted Cadence: uint16, 0.5 per minute.
    case setTargetedCadence = 0x14

    /// The Response Code op code that opens every control point indication (FTMS v1.0.1 §4.16.2.22).
    public static let responseCode: UInt8 = 0x80
}

/// A request written to the Fitness Machine Control Point (0x2AD9): op code (uint8) plus its parameter,
/// little-endian (FTMS v1.0.1 §4.16, Table 4.15, procedures §4.16.2.1–4.16.2.21).
///
/// Examples (checked against pyftms 0.4.15's serializer): Request Control `00`; 4.50 km/h `02 C2 01`;
/// −1.5 % `03 F1 FF`; Start `07`; Stop `08 01`; Pause `08 02`; 5000 m `0C 88 13 00`; 1800 s `0D 08 07`.
public enum ControlPointRequest: Hashable, Sendable, Codable {
    /// 0x00: ask for control. Must succeed before any other procedure (FTMS v1.0.1 §4.16.2.1).
    case requestControl
    /// 0x01: reset targets and times; the machine drops control afterwards.
    case reset
    /// 0x02: set the target speed.
    case setTargetSpeed(Speed)
    /// 0x03: set the target inclination.
    case setTargetInclination(Inclination)
    /// 0x04: set the target resistance level, in tenths (uint8 in the v1.0.1 table; pyftms writes sint16).
    case setTargetResistanceLevel(tenths: UInt8)
    /// 0x05: set the target power in watts.
    case setTargetPower(watts: Int16)
    /// 0x06: set the target heart rate in bpm.
    case setTargetHeartRate(beatsPerMinute: UInt8)
    /// 0x07: start or resume the belt.
    case startOrResume
    /// 0x08: stop or pause.
    case stopOrPause(StopOrPause)
    /// 0x09: set the targeted expended energy in kcal.
    case setTargetedExpendedEnergy(kilocalories: UInt16)
    /// 0x0A: set the targeted number of steps.
    case setTargetedNumberOfSteps(UInt16)
    /// 0x0B: set the targeted number of strides.
    case setTargetedNumberOfStrides(UInt16)
    /// 0x0C: set the targeted distance.
    case setTargetedDistance(Distance)
    /// 0x0D: set the targeted training time in seconds.
    case setTargetedTrainingTime(seconds: UInt16)
    /// 0x0E: set the targeted times in the fat burn and fitness zones, in seconds.
    case setTargetedTimeInTwoHeartRateZones(fatBurnSeconds: UInt16, fitnessSeconds: UInt16)
    /// 0x0F: set the targeted times in the light, moderate and hard zones, in seconds.
    case setTargetedTimeInThreeHeartRateZones(lightSeconds: UInt16, moderateSeconds: UInt16, hardSeconds: UInt16)
    /// 0x10: set the targeted times in the five heart rate zones, in seconds.
    case setTargetedTimeInFiveHeartRateZones(
        veryLightSeconds: UInt16, lightSeconds: UInt16, moderateSeconds: UInt16, hardSeconds: UInt16,
        maximumSeconds: UInt16)
    /// 0x11: set the indoor bike simulation parameters.
    case setIndoorBikeSimulationParameters(IndoorBikeSimulationParameters)
    /// 0x12: set the wheel circumference, in tenths of a millimetre.
    case setWheelCircumference(tenthsOfMillimetre: UInt16)
    /// 0x13: start or ignore a spin down.
    case spinDownControl(SpinDownControl)
    /// 0x14: set the targeted cadence, in half steps per minute (0.5 /min resolution).
    case setTargetedCadence(halfStepsPerMinute: UInt16)

    /// The op code this request is written with.
    public var opCode: ControlPointOpCode {
        switch self {
        case .requestControl: .requestControl
        case .reset: .reset
        case .setTargetSpeed: .setTargetSpeed
        case .setTargetInclination: .setTargetInclination
        case .setTargetResistanceLevel: .setTargetResistanceLevel
        case .setTargetPower: .setTargetPower
        case .setTargetHeartRate: .setTargetHeartRate
        case .startOrResume: .startOrResume
        case .stopOrPause: .stopOrPause
        case .setTargetedExpendedEnergy: .setTargetedExpendedEnergy
        case .setTargetedNumberOfSteps: .setTargetedNumberOfSteps
        case .setTargetedNumberOfStrides: .setTargetedNumberOfStrides
        case .setTargetedDistance: .setTargetedDistance
        case .setTargetedTrainingTime: .setTargetedTrainingTime
        case .setTargetedTimeInTwoHeartRateZones: .setTargetedTimeInTwoHeartRateZones
        case .setTargetedTimeInThreeHeartRateZones: .setTargetedTimeInThreeHeartRateZones
        case .setTargetedTimeInFiveHeartRateZones: .setTargetedTimeInFiveHeartRateZones
        case .setIndoorBikeSimulationParameters: .setIndoorBikeSimulationParameters
        case .setWheelCircumference: .setWheelCircumference
        case .spinDownControl: .spinDownControl
        case .setTargetedCadence: .setTargetedCadence
        }
    }

    /// Decodes a request, as a (simulated) server receives it.
    /// - Throws: ``FTMSDecodingError/unknownOpCode(_:offset:)`` for RFU op codes and 0x80 (a server answers
    ///   those with ``ControlPointResultCode/opCodeNotSupported``); ``FTMSDecodingError/truncated(field:offset:needed:available:)``,
    ///   ``FTMSDecodingError/reservedValue(field:value:offset:)`` or
    ///   ``FTMSDecodingError/unexpectedTrailingBytes(offset:count:)`` for a bad parameter (answer
    ///   ``ControlPointResultCode/invalidParameter``).
    public init(decoding bytes: some Collection<UInt8>) throws(FTMSDecodingError) {
        var reader = ByteReader(bytes)
        let raw = try reader.readUInt8("Op Code")
        guard let opCode = ControlPointOpCode(rawValue: raw) else { throw .unknownOpCode(raw, offset: 0) }
        switch opCode {
        case .requestControl: self = .requestControl
        case .reset: self = .reset
        case .setTargetSpeed:
            self = .setTargetSpeed(Speed(hundredthsOfKilometrePerHour: try reader.readUInt16("Target Speed")))
        case .setTargetInclination:
            self = .setTargetInclination(Inclination(tenthsOfPercent: try reader.readInt16("Target Inclination")))
        case .setTargetResistanceLevel:
            self = .setTargetResistanceLevel(tenths: try reader.readUInt8("Target Resistance Level"))
        case .setTargetPower: self = .setTargetPower(watts: try reader.readInt16("Target Power"))
        case .setTargetHeartRate: self = .setTargetHeartRate(beatsPerMinute: try reader.readUInt8("Target Heart Rate"))
        case .startOrResume: self = .startOrResume
        case .stopOrPause:
            self = .stopOrPause(try reader.readEnum(StopOrPause.self, field: "Stop or Pause"))
        case .setTargetedExpendedEnergy:
            self = .setTargetedExpendedEnergy(kilocalories: try reader.readUInt16("Targeted Expended Energy"))
        case .setTargetedNumberOfSteps:
            self = .setTargetedNumberOfSteps(try reader.readUInt16("Targeted Number of Steps"))
        case .setTargetedNumberOfStrides:
            self = .setTargetedNumberOfStrides(try reader.readUInt16("Targeted Number of Strides"))
        case .setTargetedDistance:
            self = .setTargetedDistance(Distance(uint24: try reader.readUInt24("Targeted Distance")))
        case .setTargetedTrainingTime:
            self = .setTargetedTrainingTime(seconds: try reader.readUInt16("Targeted Training Time"))
        case .setTargetedTimeInTwoHeartRateZones:
            self = .setTargetedTimeInTwoHeartRateZones(
                fatBurnSeconds: try reader.readUInt16("Targeted Time in Fat Burn Zone"),
                fitnessSeconds: try reader.readUInt16("Targeted Time in Fitness Zone"))
        case .setTargetedTimeInThreeHeartRateZones:
            self = .setTargetedTimeInThreeHeartRateZones(
                lightSeconds: try reader.readUInt16("Targeted Time in Light Zone"),
                moderateSeconds: try reader.readUInt16("Targeted Time in Moderate Zone"),
                hardSeconds: try reader.readUInt16("Targeted Time in Hard Zone"))
        case .setTargetedTimeInFiveHeartRateZones:
            self = .setTargetedTimeInFiveHeartRateZones(
                veryLightSeconds: try reader.readUInt16("Targeted Time in Very Light Zone"),
                lightSeconds: try reader.readUInt16("Targeted Time in Light Zone"),
                moderateSeconds: try reader.readUInt16("Targeted Time in Moderate Zone"),
                hardSeconds: try reader.readUInt16("Targeted Time in Hard Zone"),
                maximumSeconds: try reader.readUInt16("Targeted Time in Maximum Zone"))
        case .setIndoorBikeSimulationParameters:
            self = .setIndoorBikeSimulationParameters(try IndoorBikeSimulationParameters(reading: &reader))
        case .setWheelCircumference:
            self = .setWheelCircumference(tenthsOfMillimetre: try reader.readUInt16("Wheel Circumference"))
        case .spinDownControl:
            self = .spinDownControl(try reader.readEnum(SpinDownControl.self, field: "Spin Down Control"))
        case .setTargetedCadence:
            self = .setTargetedCadence(halfStepsPerMinute: try reader.readUInt16("Targeted Cadence"))
        }
        try reader.expectEnd()
    }

    /// Encodes the request as written to the control point.
    public func encode() -> [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt8(opCode.rawValue)
        switch self {
        case .requestControl, .reset, .startOrResume: break
        case .setTargetSpeed(let speed): writer.writeUInt16(speed.hundredthsOfKilometrePerHour)
        case .setTargetInclination(let inclination): writer.writeInt16(inclination.tenthsOfPercent)
        case .setTargetResistanceLevel(let tenths): writer.writeUInt8(tenths)
        case .setTargetPower(let watts): writer.writeInt16(watts)
        case .setTargetHeartRate(let bpm): writer.writeUInt8(bpm)
        case .stopOrPause(let code): writer.writeUInt8(code.rawValue)
        case .setTargetedExpendedEnergy(let value), .setTargetedNumberOfSteps(let value),
            .setTargetedNumberOfStrides(let value), .setTargetedTrainingTime(let value),
            .setWheelCircumference(let value), .setTargetedCadence(let value):
            writer.writeUInt16(value)
        case .setTargetedDistance(let distance): writer.writeUInt24(distance.metres)
        case .setTargetedTimeInTwoHeartRateZones(let first, let second):
            for value in [first, second] { writer.writeUInt16(value) }
        case .setTargetedTimeInThreeHeartRateZones(let first, let second, let third):
            for value in [first, second, third] { writer.writeUInt16(value) }
        case .setTargetedTimeInFiveHeartRateZones(let first, let second, let third, let fourth, let fifth):
            for value in [first, second, third, fourth, fifth] { writer.writeUInt16(value) }
        case .setIndoorBikeSimulationParameters(let parameters): parameters.write(into: &writer)
        case .spinDownControl(let code): writer.writeUInt8(code.rawValue)
        }
        return writer.bytes
    }
}

/// The result codes of a control point response (FTMS v1.0.1 §4.16.2.22, Table 4.24).
/// 0x00 and 0x06–0xFF are Reserved for Future Use.
public enum ControlPointResultCode: UInt8, Hashable, Sendable, Codable, CaseIterable {
    /// 0x01: the procedure completed.
    case success = 0x01
    /// 0x02: the op code is RFU or the machine does not support it.
    case opCodeNotSupported = 0x02
    /// 0x03: the parameter is malformed or outside the supported range.
    case invalidParameter = 0x03
    /// 0x04: the procedure failed, e.g. Start while already started.
    case operationFailed = 0x04
    /// 0x05: the client does not hold control (no successful Request Control).
    case controlNotPermitted = 0x05
}

/// The indication a server sends when a control point procedure completes:
/// `80 <request op code> <result code> [response parameter]` (FTMS v1.0.1 §4.16.2.22, Table 4.23).
///
/// Only a successful Spin Down Control carries a parameter: Target Speed Low and High, 2 × uint16 0.01 km/h.
/// Example: `80 02 01` = Set Target Speed succeeded.
public struct ControlPointResponse: Hashable, Sendable, Codable {
    /// The op code of the request this answers. Kept raw: a server echoes RFU op codes it does not support.
    public var requestOpCode: UInt8
    /// The outcome.
    public var result: ControlPointResultCode
    /// The Spin Down target speeds, present only for a successful Spin Down Control.
    public var spinDownTargetSpeeds: SpinDownTargetSpeeds?

    /// Creates a response.
    public init(requestOpCode: UInt8, result: ControlPointResultCode, spinDownTargetSpeeds: SpinDownTargetSpeeds? = nil)
    {
        self.requestOpCode = requestOpCode
        self.result = result
        self.spinDownTargetSpeeds = spinDownTargetSpeeds
    }

    /// Creates a response to a known op code.
    public init(
        to opCode: ControlPointOpCode, result: ControlPointResultCode, spinDownTargetSpeeds: SpinDownTargetSpeeds? = nil
    ) {
        self.init(requestOpCode: opCode.rawValue, result: result, spinDownTargetSpeeds: spinDownTargetSpeeds)
    }

    /// The request op code, if FTMS v1.0.1 defines it.
    public var knownRequestOpCode: ControlPointOpCode? { ControlPointOpCode(rawValue: requestOpCode) }

    /// Decodes an indication.
    /// - Throws: ``FTMSDecodingError/unknownOpCode(_:offset:)`` if the first byte is not 0x80;
    ///   ``FTMSDecodingError/reservedValue(field:value:offset:)`` for an RFU result code; truncation or
    ///   trailing-byte errors for a wrong length.
    public init(decoding bytes: some Collection<UInt8>) throws(FTMSDecodingError) {
        var reader = ByteReader(bytes)
        let code = try reader.readUInt8("Response Code")
        guard code == ControlPointOpCode.responseCode else { throw .unknownOpCode(code, offset: 0) }
        requestOpCode = try reader.readUInt8("Request Op Code")
        result = try reader.readEnum(ControlPointResultCode.self, field: "Result Code")
        if requestOpCode == ControlPointOpCode.spinDownControl.rawValue, result == .success {
            spinDownTargetSpeeds = SpinDownTargetSpeeds(
                low: Speed(hundredthsOfKilometrePerHour: try reader.readUInt16("Target Speed Low")),
                high: Speed(hundredthsOfKilometrePerHour: try reader.readUInt16("Target Speed High")))
        } else {
            spinDownTargetSpeeds = nil
        }
        try reader.expectEnd()
    }

    /// Encodes the indication.
    public func encode() -> [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt8(ControlPointOpCode.responseCode)
        writer.writeUInt8(requestOpCode)
        writer.writeUInt8(result.rawValue)
        if let speeds = spinDownTargetSpeeds {
            writer.writeUInt16(speeds.low.hundredthsOfKilometrePerHour)
            writer.writeUInt16(speeds.high.hundredthsOfKilometrePerHour)
        }
        return writer.bytes
    }
}

/// Anything seen on the control point: a request (client to server) or a response (server to client).
/// The first byte tells them apart: 0x80 is a response, anything else a request.
public enum ControlPointMessage: Hashable, Sendable, Codable {
    /// A request written by a client.
    case request(ControlPointRequest)
    /// A response indicated by the server.
    case response(ControlPointResponse)

    /// Decodes a request or a response, whichever the first byte announces.
    /// - Throws: ``FTMSDecodingError`` as ``ControlPointRequest/init(decoding:)`` or
    ///   ``ControlPointResponse/init(decoding:)`` do.
    public init(decoding bytes: some Collection<UInt8>) throws(FTMSDecodingError) {
        if bytes.first == ControlPointOpCode.responseCode {
            self = .response(try ControlPointResponse(decoding: bytes))
        } else {
            self = .request(try ControlPointRequest(decoding: bytes))
        }
    }

    /// Encodes the message.
    public func encode() -> [UInt8] {
        switch self {
        case .request(let request): request.encode()
        case .response(let response): response.encode()
        }
    }
}

/// The Spin Down Control parameter (FTMS v1.0.1 §4.16.2.20, Table 4.21). Other values are reserved.
public enum SpinDownControl: UInt8, Hashable, Sendable, Codable, CaseIterable {
    /// 0x01: start the spin down.
    case start = 0x01
    /// 0x02: ignore the spin down request.
    case ignore = 0x02
}

/// The response parameter of a successful Spin Down Control (FTMS v1.0.1 §4.16.2.20, Table 4.22).
public struct SpinDownTargetSpeeds: Hashable, Sendable, Codable {
    /// Target Speed Low.
    public var low: Speed
    /// Target Speed High.
    public var high: Speed

    /// Creates the pair.
    public init(low: Speed, high: Speed) {
        self.low = low
        self.high = high
    }
}

/// The Indoor Bike Simulation Parameters (FTMS v1.0.1 §4.16.2.18, Table 4.19), raw wire units.
public struct IndoorBikeSimulationParameters: Hashable, Sendable, Codable {
    /// Wind speed, sint16 in 0.001 m/s.
    public var windSpeedMillimetresPerSecond: Int16
    /// Grade, sint16 in 0.01 %.
    public var gradeHundredthsOfPercent: Int16
    /// Coefficient of rolling resistance, uint8 in 0.0001.
    public var rollingResistanceTenThousandths: UInt8
    /// Wind resistance coefficient, uint8 in 0.01 kg/m.
    public var windResistanceHundredthsKilogramPerMetre: UInt8

    /// Creates the parameters from wire values.
    public init(
        windSpeedMillimetresPerSecond: Int16, gradeHundredthsOfPercent: Int16, rollingResistanceTenThousandths: UInt8,
        windResistanceHundredthsKilogramPerMetre: UInt8
    ) {
        self.windSpeedMillimetresPerSecond = windSpeedMillimetresPerSecond
        self.gradeHundredthsOfPercent = gradeHundredthsOfPercent
        self.rollingResistanceTenThousandths = rollingResistanceTenThousandths
        self.windResistanceHundredthsKilogramPerMetre = windResistanceHundredthsKilogramPerMetre
    }

    init(reading reader: inout ByteReader) throws(FTMSDecodingError) {
        windSpeedMillimetresPerSecond = try reader.readInt16("Wind Speed")
        gradeHundredthsOfPercent = try reader.readInt16("Grade")
        rollingResistanceTenThousandths = try reader.readUInt8("Coefficient of Rolling Resistance")
        windResistanceHundredthsKilogramPerMetre = try reader.readUInt8("Wind Resistance Coefficient")
    }

    func write(into writer: inout ByteWriter) {
        writer.writeInt16(windSpeedMillimetresPerSecond)
        writer.writeInt16(gradeHundredthsOfPercent)
        writer.writeUInt8(rollingResistanceTenThousandths)
        writer.writeUInt8(windResistanceHundredthsKilogramPerMetre)
    }
}

extension ByteReader {
    /// Reads a `uint8` enumeration, throwing ``FTMSDecodingError/reservedValue(field:value:offset:)`` for
    /// values the enumeration does not define.
    mutating func readEnum<T: RawRepresentable<UInt8>>(_ type: T.Type, field: String) throws(FTMSDecodingError) -> T {
        let at = offset
        let raw = try readUInt8(field)
        guard let value = T(rawValue: raw) else { throw .reservedValue(field: field, value: UInt32(raw), offset: at) }
        return value
    }
}
