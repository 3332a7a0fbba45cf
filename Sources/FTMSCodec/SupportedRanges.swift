/// The Supported Speed Range characteristic (0x2AD4).
///
/// Wire format (FTMS v1.0.1 §4.11; SIG GATT XML `supported_speed_range`): Minimum Speed, Maximum Speed and
/// Minimum Increment, each `uint16` in 0.01 km/h (the XML prose says "meters per second" for the increment,
/// but its unit element and every implementation use km/h). 6 bytes.
/// Example: 1.00…6.00 km/h in 0.10 km/h steps is `64 00 58 02 0A 00`.
/// FTMP v1.0 §4.4.9: read it before setting speed targets.
public struct SupportedSpeedRange: Hashable, Sendable, Codable {
    /// The lowest settable speed.
    public var minimum: Speed
    /// The highest settable speed.
    public var maximum: Speed
    /// The smallest step between settable speeds.
    public var minimumIncrement: Speed

    /// Creates a range.
    public init(minimum: Speed, maximum: Speed, minimumIncrement: Speed) {
        self.minimum = minimum
        self.maximum = maximum
        self.minimumIncrement = minimumIncrement
    }

    /// Decodes the 6-byte characteristic value.
    /// - Throws: ``FTMSDecodingError`` when the value is not exactly 6 bytes.
    public init(decoding bytes: some Collection<UInt8>) throws(FTMSDecodingError) {
        var reader = ByteReader(bytes)
        minimum = Speed(hundredthsOfKilometrePerHour: try reader.readUInt16("Minimum Speed"))
        maximum = Speed(hundredthsOfKilometrePerHour: try reader.readUInt16("Maximum Speed"))
        minimumIncrement = Speed(hundredthsOfKilometrePerHour: try reader.readUInt16("Minimum Increment"))
        try reader.expectEnd()
    }

    /// Encodes the 6-byte characteristic value.
    public func encode() -> [UInt8] {
        var writer = ByteWriter()
        writer.writeUInt16(minimum.hundredthsOfKilometrePerHour)
        writer.writeUInt16(maximum.hundredthsOfKilometrePerHour)
        writer.writeUInt16(minimumIncrement.hundredthsOfKilometrePerHour)
        return writer.bytes
    }

    /// Whether the range carries no information: all zero, or minimum above maximum.
    public var isUnknown: Bool {
        (minimum == .zero && maximum == .zero) || minimum > maximum
    }

    /// `speed` clamped into the range and rounded to the nearest increment above the minimum;
    /// `speed` unchanged when the range ``isUnknown``.
    public func clamp(_ speed: Speed) -> Speed {
        guard !isUnknown else { return speed }
        let low = Int(minimum.hundredthsOfKilometrePerHour)
        let high = Int(maximum.hundredthsOfKilometrePerHour)
        let value = snap(
            Int(speed.hundredthsOfKilometrePerHour), low: low, high: high,
            step: Int(minimumIncrement.hundredthsOfKilometrePerHour))
        return Speed(hundredthsOfKilometrePerHour: UInt16(clamping: value))
    }
}

/// The Supported Inclination Range characteristic (0x2AD5).
///
/// Wire format (FTMS v1.0.1 §4.12; SIG GATT XML `supported_inclination_range`): Minimum and Maximum
/// Inclination as `sint16` in 0.1 %, then Minimum Increment as **`uint16`** in 0.1 %. 6 bytes.
/// Example: −3.0…15.0 % in 0.5 % steps is `E2 FF 96 00 05 00`.
///
/// Quirk: a JTX Sprint 8 reports minimum and maximum both 0 although incline control works
/// (issue cagnulein/qdomyos-zwift#2523), so an all-zero range means "unknown" (``isUnknown``), not "unsupported".
public struct SupportedInclinationRange: Hashable, Sendable, Codable {
    /// The lowest settable inclination.
    public var minimum: Inclination
    /// The highest settable inclination.
    public var maximum: Inclination
    /// The smallest step, in tenths of a percent (unsigned on the wire).
    public var minimumIncrementTenthsOfPercent: UInt16

    /// Creates a range.
    public init(minimum: Inclination, maximum: Inclination, minimumIncrementTenthsOfPercent: UInt16) {
        self.minimum = minimum
        self.maximum = maximum
        self.minimumIncrementTenthsOfPercent = minimumIncrementTenthsOfPercent
    }

    /// Decodes the 6-byte characteristic value.
    /// - Throws: ``FTMSDecodingError`` when the value is not exactly 6 bytes.
    public init(decoding bytes: some Collection<UInt8>) throws(FTMSDecodingError) {
        var reader = ByteReader(bytes)
        minimum = Inclination(tenthsOfPercent: try reader.readInt16("Minimum Inclination"))
        maximum = Inclination(tenthsOfPercent: try reader.readInt16("Maximum Inclination"))
        minimumIncrementTenthsOfPercent = try reader.readUInt16("Minimum Increment")
        try reader.expectEnd()
    }

    /// Encodes the 6-byte characteristic value.
    public func encode() -> [UInt8] {
        var writer = ByteWriter()
        writer.writeInt16(minimum.tenthsOfPercent)
        writer.writeInt16(maximum.tenthsOfPercent)
        writer.writeUInt16(minimumIncrementTenthsOfPercent)
        return writer.bytes
    }

    /// The minimum increment in percent.
    public var minimumIncrementPercent: Double { Double(minimumIncrementTenthsOfPercent) / 10 }

    /// Whether the range carries no information: minimum and maximum both zero, or minimum above maximum.
    public var isUnknown: Bool {
        (minimum == .zero && maximum == .zero) || minimum > maximum
    }

    /// `inclination` clamped into the range and rounded to the nearest increment above the minimum;
    /// unchanged when the range ``isUnknown``.
    public func clamp(_ inclination: Inclination) -> Inclination {
        guard !isUnknown else { return inclination }
        let value = snap(
            Int(inclination.tenthsOfPercent), low: Int(minimum.tenthsOfPercent),
            high: Int(maximum.tenthsOfPercent), step: Int(minimumIncrementTenthsOfPercent))
        return Inclination(tenthsOfPercent: Int16(clamping: value))
    }
}

/// Clamps `value` to `low...high`, then rounds it to the nearest `low + k·step` that stays in range.
func snap(_ value: Int, low: Int, high: Int, step: Int) -> Int {
    let clamped = min(max(value, low), high)
    guard step > 0 else { return clamped }
    let steps = ((clamped - low) + step / 2) / step
    let snapped = low + steps * step
    return snapped > high ? snapped - step : snapped
}
