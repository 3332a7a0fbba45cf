/// A Fitness Machine Status notification (characteristic 0x2ADA): op code (uint8) plus parameter
/// (FTMS v1.0.1 §4.17, Table 4.26).
///
/// Notified within about a second of a change, including changes made on the console, so it is how a
/// client learns that the user pressed Stop or pulled the safety key. For changes made through the control
/// point the spec only requires notifying the *other* clients (FTMS v1.0.1 §4.17.1).
///
/// Examples: `02 02` paused by the user; `03` stopped by the safety key; `05 69 00` target speed 1.05 km/h
/// (pyftms test vector); `06 F1 FF` target incline −1.5 %; `FF` control permission lost.
/// Op codes 0x00, 0x16–0xFE are Reserved for Future Use.
public enum FitnessMachineStatus: Hashable, Sendable, Codable {
    /// 0x01: the machine was reset (by the control point or the console).
    case reset
    /// 0x02: stopped (0x01) or paused (0x02) by the user.
    case stoppedOrPausedByUser(StopOrPause)
    /// 0x03: stopped by the safety key.
    case stoppedBySafetyKey
    /// 0x04: started or resumed by the user.
    case startedOrResumedByUser
    /// 0x05: new target speed.
    case targetSpeedChanged(Speed)
    /// 0x06: new target incline.
    case targetInclineChanged(Inclination)
    /// 0x07: new target resistance level, sint16 in tenths (v1.0.1 table; Huawei, pycycling and pyftms read uint8).
    case targetResistanceLevelChanged(tenths: Int16)
    /// 0x08: new target power in watts.
    case targetPowerChanged(watts: Int16)
    /// 0x09: new target heart rate in bpm.
    case targetHeartRateChanged(beatsPerMinute: UInt8)
    /// 0x0A: new targeted expended energy in kcal.
    case targetedExpendedEnergyChanged(kilocalories: UInt16)
    /// 0x0B: new targeted number of steps.
    case targetedNumberOfStepsChanged(UInt16)
    /// 0x0C: new targeted number of strides.
    case targetedNumberOfStridesChanged(UInt16)
    /// 0x0D: new targeted distance.
    case targetedDistanceChanged(Distance)
    /// 0x0E: new targeted training time in seconds.
    case targetedTrainingTimeChanged(seconds: UInt16)
    /// 0x0F: new targeted times in two heart rate zones, seconds.
    case targetedTimeInTwoHeartRateZonesChanged(fatBurnSeconds: UInt16, fitnessSeconds: UInt16)
    /// 0x10: new targeted times in three heart rate zones, seconds.
    case targetedTimeInThreeHeartRateZonesChanged(lightSeconds: UInt16, moderateSeconds: UInt16, hardSeconds: UInt16)
    /// 0x11: new targeted times in five heart rate zones, seconds.
    case targetedTimeInFiveHeartRateZonesChanged(
        veryLightSeconds: UInt16, lightSeconds: UInt16, moderateSeconds: UInt16, hardSeconds: UInt16,
        maximumSeconds: UInt16)
    /// 0x12: new indoor bike simulation parameters.
    case indoorBikeSimulationParametersChanged(IndoorBikeSimulationParameters)
    /// 0x13: new wheel circumference, tenths of a millimetre.
    case wheelCircumferenceChanged(tenthsOfMillimetre: UInt16)
    /// 0x14: spin down status.
    case spinDownStatus(SpinDownStatus)
    /// 0x15: new targeted cadence, half steps per minute.
    case targetedCadenceChanged(halfStepsPerMinute: UInt16)
    /// 0xFF: the client lost control; it must send Request Control again (FTMS v1.0.1 §4.16.2.1).
    case controlPermissionLost

    /// The status op code.
    public var opCode: UInt8 {
        switch self {
        case .reset: 0x01
        case .stoppedOrPausedByUser: 0x02
        case .stoppedBySafetyKey: 0x03
        case .startedOrResumedByUser: 0x04
        case .targetSpeedChanged: 0x05
        case .targetInclineChanged: 0x06
        case .targetResistanceLevelChanged: 0x07
        case .targetPowerChanged: 0x08
        case .targetHeartRateChanged: 0x09
        case .targetedExpendedEnergyChanged: 0x0A
        case .targetedNumberOfStepsChanged: 0x0B
        case .targetedNumberOfStridesChanged: 0x0C
        case .targetedDistanceChanged: 0x0D
        case .targetedTrainingTimeChanged: 0x0E
        case .targetedTimeInTwoHeartRateZonesChanged: 0x0F
        case .targetedTimeInThreeHeartRateZonesChanged: 0x10
        case .targetedTimeInFiveHeartRateZonesChanged: 0x11
        case .indoorBikeSimulationParametersChanged: 0x12
        case .wheelCircumferenceChanged: 0x13
        case .spinDownStatus: 0x14
        case .targetedCadenceChanged: 0x15
        case .controlPermissionLost: 0xFF
        }
    }

    /// Decodes a notification.
    /// - Throws: ``FTMSDecodingError/unknownOpCode(_:offset:)`` for RFU op codes;
    ///   ``FTMSDecodingError/reservedValue(field:value:offset:)`` for an RFU stop/pause or spin-down value;
    ///   truncation or trailing-byte errors for a wrong length.
    public init(decoding bytes: some Collection<UInt8>) throws(FTMSDecodingError) {
        var reader = ByteReader(bytes)
        let code = try reader.readUInt8("Op Code")
        switch code {
        case 0x01: self = .reset
        case 0x02: self = .stoppedOrPausedByUser(try reader.readEnum(StopOrPause.self, field: "Stop or Pause"))
        case 0x03: self = .stoppedBySafetyKey
        case 0x04: self = .startedOrResumedByUser
        case 0x05:
            self = .targetSpeedChanged(Speed(hundredthsOfKilometrePerHour: try reader.readUInt16("New Target Speed")))
        case 0x06:
            self = .targetInclineChanged(Inclination(tenthsOfPercent: try reader.readInt16("New Target Incline")))
        case 0x07: self = .targetResistanceLevelChanged(tenths: try reader.readInt16("New Target Resistance Level"))
        case 0x08: self = .targetPowerChanged(watts: try reader.readInt16("New Target Power"))
        case 0x09: self = .targetHeartRateChanged(beatsPerMinute: try reader.readUInt8("New Target Heart Rate"))
        case 0x0A:
            self = .targetedExpendedEnergyChanged(kilocalories: try reader.readUInt16("New Targeted Expended Energy"))
        case 0x0B: self = .targetedNumberOfStepsChanged(try reader.readUInt16("New Targeted Number of Steps"))
        case 0x0C: self = .targetedNumberOfStridesChanged(try reader.readUInt16("New Targeted Number of Strides"))
        case 0x0D:
            self = .targetedDistanceChanged(Distance(uint24: try reader.readUInt24("New Targeted Distance")))
        case 0x0E: self = .targetedTrainingTimeChanged(seconds: try reader.readUInt16("New Targeted Training Time"))
        case 0x0F:
            self = .targetedTimeInTwoHeartRateZonesChanged(
                fatBurnSeconds: try reader.readUInt16("New Targeted Time in Fat Burn Zone"),
                fitnessSeconds: try reader.readUInt16("New Targeted Time in Fitness Zone"))
        case 0x10:
            self = .targetedTimeInThreeHeartRateZonesChanged(
                lightSeconds: try reader.readUInt16("New Targeted Time in Light Zone"),
                moderateSeconds: try reader.readUInt16("New Targeted Time in Moderate Zone"),
                hardSeconds: try reader.readUInt16("New Targeted Time in Hard Zone"))
        case 0x11:
            self = .targetedTimeInFiveHeartRateZonesChanged(
                veryLightSeconds: try reader.readUInt16("New Targeted Time in Very Light Zone"),
                lightSeconds: try reader.readUInt16("New Targeted Time in Light Zone"),
                moderateSeconds: try reader.readUInt16("New Targeted Time in Moderate Zone"),
                hardSeconds: try reader.readUInt16("New Targeted Time in Hard Zone"),
                maximumSeconds: try reader.readUInt16("New Targeted Time in Maximum Zone"))
        case 0x12: self = .indoorBikeSimulationParametersChanged(try IndoorBikeSimulationParameters(reading: &reader))
        case 0x13:
            self = .wheelCircumferenceChanged(tenthsOfMillimetre: try reader.readUInt16("New Wheel Circumference"))
        case 0x14: self = .spinDownStatus(try reader.readEnum(SpinDownStatus.self, field: "Spin Down Status"))
        case 0x15: self = .targetedCadenceChanged(halfStepsPerMinute: try reader.readUInt16("New Targeted Cadence"))
        case 0xFF: self = .controlPermissionLost
        default: throw .unknownOpCode(code, offset: 0)
        }
        try reader.expectEnd()
    }

    /// Encodes the notification.
    public func encode() -> [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt8(opCode)
        switch self {
        case .reset, .stoppedBySafetyKey, .startedOrResumedByUser, .controlPermissionLost: break
        case .stoppedOrPausedByUser(let code): writer.writeUInt8(code.rawValue)
        case .targetSpeedChanged(let speed): writer.writeUInt16(speed.hundredthsOfKilometrePerHour)
        case .targetInclineChanged(let inclination): writer.writeInt16(inclination.tenthsOfPercent)
        case .targetResistanceLevelChanged(let value), .targetPowerChanged(let value): writer.writeInt16(value)
        case .targetHeartRateChanged(let bpm): writer.writeUInt8(bpm)
        case .targetedExpendedEnergyChanged(let value), .targetedNumberOfStepsChanged(let value),
            .targetedNumberOfStridesChanged(let value), .targetedTrainingTimeChanged(let value),
            .wheelCircumferenceChanged(let value), .targetedCadenceChanged(let value):
            writer.writeUInt16(value)
        case .targetedDistanceChanged(let distance): writer.writeUInt24(distance.metres)
        case .targetedTimeInTwoHeartRateZonesChanged(let first, let second):
            for value in [first, second] { writer.writeUInt16(value) }
        case .targetedTimeInThreeHeartRateZonesChanged(let first, let second, let third):
            for value in [first, second, third] { writer.writeUInt16(value) }
        case .targetedTimeInFiveHeartRateZonesChanged(let first, let second, let third, let fourth, let fifth):
            for value in [first, second, third, fourth, fifth] { writer.writeUInt16(value) }
        case .indoorBikeSimulationParametersChanged(let parameters): parameters.write(into: &writer)
        case .spinDownStatus(let status): writer.writeUInt8(status.rawValue)
        }
        return writer.bytes
    }
}

/// The Spin Down Status parameter (FTMS v1.0.1 §4.17, Table 4.27). Other values are reserved.
public enum SpinDownStatus: UInt8, Hashable, Sendable, Codable, CaseIterable {
    /// 0x01: spin down requested.
    case requested = 0x01
    /// 0x02: spin down succeeded.
    case success = 0x02
    /// 0x03: spin down failed.
    case error = 0x03
    /// 0x04: stop pedalling.
    case stopPedaling = 0x04
}
