/// The Fitness Machine Feature characteristic (0x2ACC): what the machine measures and which targets it accepts.
///
/// Wire format (FTMS v1.0.1 §4.3, Tables 4.3 and 4.4): `Fitness Machine Features` (uint32) followed by
/// `Target Setting Features` (uint32), 8 bytes. Bits 17–31 of each are Reserved for Future Use; FTMP v1.0
/// §4.4.1 tells the client to ignore them, so they are kept as read (and written back) but carry no meaning.
///
/// Example (FITSHOW FS-6041F1, from an nRF Connect log): `5C 16 00 00 03 00 00 00` = Total Distance,
/// Inclination, Elevation Gain, Step Count, Expended Energy, Heart Rate, Elapsed Time; Speed and
/// Inclination targets.
public struct FitnessMachineFeature: Hashable, Sendable, Codable {
    /// Which data fields the machine supports (FTMS v1.0.1 §4.3.1.1).
    public var machineFeatures: MachineFeatures
    /// Which targets the control point accepts (FTMS v1.0.1 §4.3.1.2).
    public var targetSettingFeatures: TargetSettingFeatures

    /// Creates a feature value.
    public init(machineFeatures: MachineFeatures, targetSettingFeatures: TargetSettingFeatures) {
        self.machineFeatures = machineFeatures
        self.targetSettingFeatures = targetSettingFeatures
    }

    /// Decodes the 8-byte characteristic value.
    /// - Throws: ``FTMSDecodingError/truncated(field:offset:needed:available:)`` when shorter than 8 bytes,
    ///   ``FTMSDecodingError/unexpectedTrailingBytes(offset:count:)`` when longer.
    public init(decoding bytes: some Collection<UInt8>) throws(FTMSDecodingError) {
        var reader = ByteReader(bytes)
        machineFeatures = MachineFeatures(rawValue: try reader.readUInt32("Fitness Machine Features"))
        targetSettingFeatures = TargetSettingFeatures(rawValue: try reader.readUInt32("Target Setting Features"))
        try reader.expectEnd()
    }

    /// Encodes the 8-byte characteristic value.
    public func encode() -> [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt32(machineFeatures.rawValue)
        writer.writeUInt32(targetSettingFeatures.rawValue)
        return writer.bytes
    }
}

/// Fitness Machine Features bits (FTMS v1.0.1 §4.3.1.1, Table 4.3).
public struct MachineFeatures: OptionSet, Hashable, Sendable, Codable {
    /// The raw 32-bit field.
    public var rawValue: UInt32
    /// Wraps a raw 32-bit field.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Bit 0: Average Speed.
    public static let averageSpeed = Self(rawValue: 1 << 0)
    /// Bit 1: Cadence.
    public static let cadence = Self(rawValue: 1 << 1)
    /// Bit 2: Total Distance.
    public static let totalDistance = Self(rawValue: 1 << 2)
    /// Bit 3: Inclination.
    public static let inclination = Self(rawValue: 1 << 3)
    /// Bit 4: Elevation Gain.
    public static let elevationGain = Self(rawValue: 1 << 4)
    /// Bit 5: Pace.
    public static let pace = Self(rawValue: 1 << 5)
    /// Bit 6: Step Count.
    public static let stepCount = Self(rawValue: 1 << 6)
    /// Bit 7: Resistance Level.
    public static let resistanceLevel = Self(rawValue: 1 << 7)
    /// Bit 8: Stride Count.
    public static let strideCount = Self(rawValue: 1 << 8)
    /// Bit 9: Expended Energy.
    public static let expendedEnergy = Self(rawValue: 1 << 9)
    /// Bit 10: Heart Rate Measurement.
    public static let heartRateMeasurement = Self(rawValue: 1 << 10)
    /// Bit 11: Metabolic Equivalent.
    public static let metabolicEquivalent = Self(rawValue: 1 << 11)
    /// Bit 12: Elapsed Time.
    public static let elapsedTime = Self(rawValue: 1 << 12)
    /// Bit 13: Remaining Time.
    public static let remainingTime = Self(rawValue: 1 << 13)
    /// Bit 14: Power Measurement.
    public static let powerMeasurement = Self(rawValue: 1 << 14)
    /// Bit 15: Force on Belt and Power Output.
    public static let forceOnBeltAndPowerOutput = Self(rawValue: 1 << 15)
    /// Bit 16: User Data Retention.
    public static let userDataRetention = Self(rawValue: 1 << 16)

    /// Every defined bit with its spec name, in bit order.
    public static let named: [(name: String, bit: Self)] = [
        ("averageSpeed", .averageSpeed), ("cadence", .cadence), ("totalDistance", .totalDistance),
        ("inclination", .inclination), ("elevationGain", .elevationGain), ("pace", .pace),
        ("stepCount", .stepCount), ("resistanceLevel", .resistanceLevel), ("strideCount", .strideCount),
        ("expendedEnergy", .expendedEnergy), ("heartRateMeasurement", .heartRateMeasurement),
        ("metabolicEquivalent", .metabolicEquivalent), ("elapsedTime", .elapsedTime),
        ("remainingTime", .remainingTime), ("powerMeasurement", .powerMeasurement),
        ("forceOnBeltAndPowerOutput", .forceOnBeltAndPowerOutput), ("userDataRetention", .userDataRetention),
    ]
}

/// Target Setting Features bits (FTMS v1.0.1 §4.3.1.2, Table 4.4).
public struct TargetSettingFeatures: OptionSet, Hashable, Sendable, Codable {
    /// The raw 32-bit field.
    public var rawValue: UInt32
    /// Wraps a raw 32-bit field.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Bit 0: Speed Target Setting.
    public static let speed = Self(rawValue: 1 << 0)
    /// Bit 1: Inclination Target Setting.
    public static let inclination = Self(rawValue: 1 << 1)
    /// Bit 2: Resistance Target Setting.
    public static let resistance = Self(rawValue: 1 << 2)
    /// Bit 3: Power Target Setting.
    public static let power = Self(rawValue: 1 << 3)
    /// Bit 4: Heart Rate Target Setting.
    public static let heartRate = Self(rawValue: 1 << 4)
    /// Bit 5: Targeted Expended Energy Configuration.
    public static let targetedExpendedEnergy = Self(rawValue: 1 << 5)
    /// Bit 6: Targeted Step Number Configuration.
    public static let targetedStepNumber = Self(rawValue: 1 << 6)
    /// Bit 7: Targeted Stride Number Configuration.
    public static let targetedStrideNumber = Self(rawValue: 1 << 7)
    /// Bit 8: Targeted Distance Configuration.
    public static let targetedDistance = Self(rawValue: 1 << 8)
    /// Bit 9: Targeted Training Time Configuration.
    public static let targetedTrainingTime = Self(rawValue: 1 << 9)
    /// Bit 10: Targeted Time in Two Heart Rate Zones Configuration.
    public static let targetedTimeInTwoHeartRateZones = Self(rawValue: 1 << 10)
    /// Bit 11: Targeted Time in Three Heart Rate Zones Configuration.
    public static let targetedTimeInThreeHeartRateZones = Self(rawValue: 1 << 11)
    /// Bit 12: Targeted Time in Five Heart Rate Zones Configuration.
    public static let targetedTimeInFiveHeartRateZones = Self(rawValue: 1 << 12)
    /// Bit 13: Indoor Bike Simulation Parameters.
    public static let indoorBikeSimulationParameters = Self(rawValue: 1 << 13)
    /// Bit 14: Wheel Circumference Configuration.
    public static let wheelCircumference = Self(rawValue: 1 << 14)
    /// Bit 15: Spin Down Control.
    public static let spinDownControl = Self(rawValue: 1 << 15)
    /// Bit 16: Targeted Cadence Configuration.
    public static let targetedCadence = Self(rawValue: 1 << 16)

    /// Every defined bit with its spec name, in bit order.
    public static let named: [(name: String, bit: Self)] = [
        ("speed", .speed), ("inclination", .inclination), ("resistance", .resistance), ("power", .power),
        ("heartRate", .heartRate), ("targetedExpendedEnergy", .targetedExpendedEnergy),
        ("targetedStepNumber", .targetedStepNumber), ("targetedStrideNumber", .targetedStrideNumber),
        ("targetedDistance", .targetedDistance), ("targetedTrainingTime", .targetedTrainingTime),
        ("targetedTimeInTwoHeartRateZones", .targetedTimeInTwoHeartRateZones),
        ("targetedTimeInThreeHeartRateZones", .targetedTimeInThreeHeartRateZones),
        ("targetedTimeInFiveHeartRateZones", .targetedTimeInFiveHeartRateZones),
        ("indoorBikeSimulationParameters", .indoorBikeSimulationParameters),
        ("wheelCircumference", .wheelCircumference), ("spinDownControl", .spinDownControl),
        ("targetedCadence", .targetedCadence),
    ]
}
