import FTMSCodec

/// A characteristic of the Fitness Machine Service (0x1826) that the treadmill and the driver exchange,
/// keyed by its 16-bit UUID (FTMS v1.0.1 §4, Table 4.1).
public enum FTMSCharacteristic: UInt16, Hashable, Sendable, CaseIterable {
    /// Fitness Machine Feature (0x2ACC): read.
    case fitnessMachineFeature = 0x2ACC
    /// Treadmill Data (0x2ACD): notify.
    case treadmillData = 0x2ACD
    /// Training Status (0x2AD3): read and notify.
    case trainingStatus = 0x2AD3
    /// Supported Speed Range (0x2AD4): read.
    case supportedSpeedRange = 0x2AD4
    /// Supported Inclination Range (0x2AD5): read.
    case supportedInclinationRange = 0x2AD5
    /// Fitness Machine Control Point (0x2AD9): write with response, indicate.
    case controlPoint = 0x2AD9
    /// Fitness Machine Status (0x2ADA): notify.
    case fitnessMachineStatus = 0x2ADA
}

/// One value a peripheral sends on its own: a notification, or an indication on the control point.
public struct FTMSMessage: Hashable, Sendable {
    /// Where it arrives.
    public var characteristic: FTMSCharacteristic
    /// The characteristic value, exactly as on the wire.
    public var bytes: [UInt8]

    /// Creates a message.
    public init(_ characteristic: FTMSCharacteristic, _ bytes: [UInt8]) {
        self.characteristic = characteristic
        self.bytes = bytes
    }
}

/// SplitMix64: a tiny, fast, seeded generator, so simulated faults and property tests repeat exactly.
public struct SplitMix64: RandomNumberGenerator, Hashable, Sendable {
    private var state: UInt64

    /// Creates a generator; the same seed gives the same sequence.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
