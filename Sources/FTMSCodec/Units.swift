/// Rounds `value / resolution` to the nearest integer and checks it fits `T`; nil when it doesn't or isn't finite.
func scaledInteger<T: FixedWidthInteger>(_ value: Double, resolution: Double, as type: T.Type) -> T? {
    guard value.isFinite else { return nil }
    let scaled = (value / resolution).rounded()
    guard scaled >= Double(T.min), scaled <= Double(T.max) else { return nil }
    return T(exactly: scaled)
}

/// A speed as FTMS carries it: `uint16` in units of 0.01 km/h.
///
/// Used by Treadmill Data Instantaneous and Average Speed (FTMS v1.0.1 §4.4.1.2–4.4.1.3), Supported Speed
/// Range (§4.11), Set Target Speed (§4.16.2.4), Target Speed Changed (§4.17) and the Spin Down response.
public struct Speed: Hashable, Comparable, Sendable, Codable {
    /// The wire value, in hundredths of a km/h.
    public var hundredthsOfKilometrePerHour: UInt16

    /// The resolution of the wire value in km/h.
    public static let resolutionKilometresPerHour = 0.01
    /// Kilometres per mile, for the mph accessors.
    public static let kilometresPerMile = 1.609344

    /// Creates a speed from its wire value (hundredths of a km/h).
    public init(hundredthsOfKilometrePerHour: UInt16) {
        self.hundredthsOfKilometrePerHour = hundredthsOfKilometrePerHour
    }

    /// Creates a speed rounded to 0.01 km/h; nil if negative, not finite or above 655.35 km/h.
    public init?(kilometresPerHour: Double) {
        guard let raw = scaledInteger(kilometresPerHour, resolution: Self.resolutionKilometresPerHour, as: UInt16.self)
        else { return nil }
        self.init(hundredthsOfKilometrePerHour: raw)
    }

    /// Creates a speed from metres per second, rounded to 0.01 km/h; nil when out of range.
    public init?(metresPerSecond: Double) {
        self.init(kilometresPerHour: metresPerSecond * 3.6)
    }

    /// Creates a speed from miles per hour, rounded to 0.01 km/h; nil when out of range.
    public init?(milesPerHour: Double) {
        self.init(kilometresPerHour: milesPerHour * Self.kilometresPerMile)
    }

    /// The speed in km/h.
    public var kilometresPerHour: Double { Double(hundredthsOfKilometrePerHour) / 100 }
    /// The speed in m/s.
    public var metresPerSecond: Double { kilometresPerHour / 3.6 }
    /// The speed in miles per hour.
    public var milesPerHour: Double { kilometresPerHour / Self.kilometresPerMile }

    /// Zero speed: the belt is not moving.
    public static let zero = Speed(hundredthsOfKilometrePerHour: 0)

    /// Orders speeds by their wire value.
    public static func < (lhs: Speed, rhs: Speed) -> Bool {
        lhs.hundredthsOfKilometrePerHour < rhs.hundredthsOfKilometrePerHour
    }
}

/// An inclination (grade) as FTMS carries it: `sint16` in units of 0.1 %, positive uphill.
///
/// Used by Treadmill Data Inclination (FTMS v1.0.1 §4.4.1.5), Supported Inclination Range (§4.12),
/// Set Target Inclination (§4.16.2.5) and Target Incline Changed (§4.17).
public struct Inclination: Hashable, Comparable, Sendable, Codable {
    /// The wire value, in tenths of a percent.
    public var tenthsOfPercent: Int16

    /// The resolution of the wire value in percent.
    public static let resolutionPercent = 0.1

    /// Creates an inclination from its wire value (tenths of a percent).
    public init(tenthsOfPercent: Int16) {
        self.tenthsOfPercent = tenthsOfPercent
    }

    /// Creates an inclination rounded to 0.1 %; nil if not finite or outside −3276.8…3276.7 %.
    public init?(percent: Double) {
        guard let raw = scaledInteger(percent, resolution: Self.resolutionPercent, as: Int16.self) else { return nil }
        self.init(tenthsOfPercent: raw)
    }

    /// The inclination in percent.
    public var percent: Double { Double(tenthsOfPercent) / 10 }

    /// Level ground.
    public static let zero = Inclination(tenthsOfPercent: 0)

    /// Orders inclinations by their wire value.
    public static func < (lhs: Inclination, rhs: Inclination) -> Bool { lhs.tenthsOfPercent < rhs.tenthsOfPercent }
}

/// A ramp angle setting as FTMS carries it: `sint16` in units of 0.1 degree (FTMS v1.0.1 §4.4.1.6).
public struct RampAngle: Hashable, Sendable, Codable {
    /// The wire value, in tenths of a degree.
    public var tenthsOfDegree: Int16

    /// Creates a ramp angle from its wire value (tenths of a degree).
    public init(tenthsOfDegree: Int16) {
        self.tenthsOfDegree = tenthsOfDegree
    }

    /// Creates a ramp angle rounded to 0.1°; nil if not finite or out of range.
    public init?(degrees: Double) {
        guard let raw = scaledInteger(degrees, resolution: 0.1, as: Int16.self) else { return nil }
        self.init(tenthsOfDegree: raw)
    }

    /// The angle in degrees.
    public var degrees: Double { Double(tenthsOfDegree) / 10 }
}

/// A distance in whole metres carried as `uint24` (FTMS v1.0.1 §4.4.1.4 Total Distance, §4.16.2.13
/// Set Targeted Distance, §4.17 Targeted Distance Changed). At most 16 777 215 m.
public struct Distance: Hashable, Comparable, Sendable, Codable {
    /// The distance in metres, always below 2²⁴.
    public let metres: UInt32

    /// The largest distance a `uint24` can carry, 16 777 215 m.
    public static let maximumMetres: UInt32 = 0xFF_FFFF

    /// Creates a distance; nil above ``maximumMetres``.
    public init?(metres: UInt32) {
        guard metres <= Self.maximumMetres else { return nil }
        self.metres = metres
    }

    /// Creates a distance from a 24-bit wire value; higher bits are dropped.
    init(uint24 value: UInt32) {
        self.metres = value & Self.maximumMetres
    }

    /// The distance in kilometres.
    public var kilometres: Double { Double(metres) / 1000 }

    /// Orders distances by length.
    public static func < (lhs: Distance, rhs: Distance) -> Bool { lhs.metres < rhs.metres }

    /// Decodes a bare number of metres, rejecting values above ``maximumMetres``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let metres = try container.decode(UInt32.self)
        guard let distance = Distance(metres: metres) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "distance above 2^24 - 1 m")
        }
        self = distance
    }

    /// Encodes as a bare number of metres.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(metres)
    }
}

/// An elevation gain as FTMS carries it: `uint16` in units of 0.1 m (FTMS v1.0.1 §4.4.1.7–4.4.1.8;
/// the SIG's 2017 GATT XML gives 0.1 m, as do pyftms and bluetooth-sig).
public struct Elevation: Hashable, Sendable, Codable {
    /// The wire value, in tenths of a metre.
    public var decimetres: UInt16

    /// Creates an elevation from its wire value (tenths of a metre).
    public init(decimetres: UInt16) {
        self.decimetres = decimetres
    }

    /// Creates an elevation rounded to 0.1 m; nil if negative, not finite or above 6553.5 m.
    public init?(metres: Double) {
        guard let raw = scaledInteger(metres, resolution: 0.1, as: UInt16.self) else { return nil }
        self.init(decimetres: raw)
    }

    /// The elevation in metres.
    public var metres: Double { Double(decimetres) / 10 }
}

/// A pace as FTMS carries it: `uint8` in units of **0.1 km/min** (FTMS v1.0.1 §4.4.1.9–4.4.1.10).
///
/// One step is 6 km/h, so this is useless at walking speeds; prefer the speed fields.
/// (Some libraries read it as `uint16`; the spec, pyftms, QZ and FitnessKit use `uint8`.)
public struct Pace: Hashable, Sendable, Codable {
    /// The wire value, in tenths of a km/min.
    public var tenthsOfKilometrePerMinute: UInt8

    /// Creates a pace from its wire value.
    public init(tenthsOfKilometrePerMinute: UInt8) {
        self.tenthsOfKilometrePerMinute = tenthsOfKilometrePerMinute
    }

    /// The pace in km/min.
    public var kilometresPerMinute: Double { Double(tenthsOfKilometrePerMinute) / 10 }
}

/// A metabolic equivalent as FTMS carries it: `uint8` in units of 0.1 MET (FTMS v1.0.1 §4.4.1.15).
public struct MetabolicEquivalent: Hashable, Sendable, Codable {
    /// The wire value, in tenths of a MET.
    public var tenths: UInt8

    /// Creates a MET from its wire value.
    public init(tenths: UInt8) {
        self.tenths = tenths
    }

    /// The value in METs.
    public var value: Double { Double(tenths) / 10 }
}

/// Stop or pause, the parameter of control point op code 0x08 and status op code 0x02
/// (FTMS v1.0.1 §4.16.2.9 Table 4.17; §4.17 Table 4.27). Values 0x00 and 0x03–0xFF are reserved.
public enum StopOrPause: UInt8, Hashable, Sendable, Codable, CaseIterable {
    /// Stop (0x01).
    case stop = 0x01
    /// Pause (0x02).
    case pause = 0x02
}
