/// Units used throughout the domain. Every stored quantity is SI (m/s, metres, kilograms, seconds);
/// conversions to display units happen at the edges.
///
/// Conversion constants: 1 mph = 0.44704 m/s exactly (international mile), 1 km/h = 1/3.6 m/s.

/// A speed, stored in metres per second.
public struct Speed: Hashable, Comparable, Sendable, Codable {
    /// The speed in metres per second.
    public var metersPerSecond: Double

    /// Creates a speed from metres per second.
    public init(metersPerSecond: Double) { self.metersPerSecond = metersPerSecond }

    /// Metres per second in one mile per hour (exact, international mile).
    public static let metersPerSecondPerMph = 0.44704
    /// Metres per second in one kilometre per hour.
    public static let metersPerSecondPerKmh = 1.0 / 3.6

    /// A speed given in kilometres per hour.
    public static func kilometersPerHour(_ value: Double) -> Speed { Speed(metersPerSecond: value / 3.6) }
    /// A speed given in miles per hour.
    public static func milesPerHour(_ value: Double) -> Speed { Speed(metersPerSecond: value * metersPerSecondPerMph) }
    /// A speed given in metres per second.
    public static func metersPerSecond(_ value: Double) -> Speed { Speed(metersPerSecond: value) }
    /// Standing still.
    public static let zero = Speed(metersPerSecond: 0)

    /// The speed in kilometres per hour.
    public var kilometersPerHour: Double { metersPerSecond * 3.6 }
    /// The speed in miles per hour.
    public var milesPerHour: Double { metersPerSecond / Self.metersPerSecondPerMph }
    /// The speed in metres per minute (the unit of the ACSM metabolic equations).
    public var metersPerMinute: Double { metersPerSecond * 60 }

    /// The value expressed in `unit`.
    public func value(in unit: SpeedUnit) -> Double {
        switch unit {
        case .metersPerSecond: metersPerSecond
        case .kilometersPerHour: kilometersPerHour
        case .milesPerHour: milesPerHour
        }
    }

    /// Creates a speed from a value in `unit`.
    public init(_ value: Double, _ unit: SpeedUnit) {
        switch unit {
        case .metersPerSecond: self.init(metersPerSecond: value)
        case .kilometersPerHour: self = .kilometersPerHour(value)
        case .milesPerHour: self = .milesPerHour(value)
        }
    }

    public static func < (lhs: Speed, rhs: Speed) -> Bool { lhs.metersPerSecond < rhs.metersPerSecond }

    /// Scales a speed.
    public static func * (lhs: Speed, rhs: Double) -> Speed { Speed(metersPerSecond: lhs.metersPerSecond * rhs) }
    /// Adds two speeds.
    public static func + (lhs: Speed, rhs: Speed) -> Speed {
        Speed(metersPerSecond: lhs.metersPerSecond + rhs.metersPerSecond)
    }
    /// Subtracts two speeds.
    public static func - (lhs: Speed, rhs: Speed) -> Speed {
        Speed(metersPerSecond: lhs.metersPerSecond - rhs.metersPerSecond)
    }

    /// This speed rounded to `step` metres per second (used to keep prescriptions readable).
    public func rounded(toMultipleOf step: Double) -> Speed {
        guard step > 0 else { return self }
        return Speed(metersPerSecond: (metersPerSecond / step).rounded() * step)
    }
}

/// A unit for showing or entering a speed.
public enum SpeedUnit: String, Sendable, Codable, CaseIterable {
    case metersPerSecond = "mps"
    case kilometersPerHour = "kmh"
    case milesPerHour = "mph"

    /// The short label shown after a number.
    public var symbol: String {
        switch self {
        case .metersPerSecond: "m/s"
        case .kilometersPerHour: "km/h"
        case .milesPerHour: "mph"
        }
    }
}

/// The unit system a person prefers to read.
public enum UnitPreference: String, Sendable, Codable, CaseIterable {
    /// km/h, metres, kilograms.
    case metric
    /// mph, miles, pounds.
    case imperial

    /// The speed unit this preference shows.
    public var speedUnit: SpeedUnit { self == .metric ? .kilometersPerHour : .milesPerHour }
}

/// A treadmill or hill grade, stored in percent (rise over run × 100).
public struct Grade: Hashable, Comparable, Sendable, Codable {
    /// The grade in percent.
    public var percent: Double

    /// Creates a grade from percent.
    public init(percent: Double) { self.percent = percent }
    /// Level ground.
    public static let level = Grade(percent: 0)
    /// A grade in percent.
    public static func percent(_ value: Double) -> Grade { Grade(percent: value) }

    /// The grade as a fraction (the `G` of the ACSM equations).
    public var fraction: Double { percent / 100 }

    public static func < (lhs: Grade, rhs: Grade) -> Bool { lhs.percent < rhs.percent }
}

/// A body mass, stored in kilograms.
public struct Mass: Hashable, Comparable, Sendable, Codable {
    /// The mass in kilograms.
    public var kilograms: Double
    /// Creates a mass from kilograms.
    public init(kilograms: Double) { self.kilograms = kilograms }
    /// Kilograms in one pound (exact, international pound).
    public static let kilogramsPerPound = 0.45359237
    /// A mass given in pounds.
    public static func pounds(_ value: Double) -> Mass { Mass(kilograms: value * kilogramsPerPound) }
    /// The mass in pounds.
    public var pounds: Double { kilograms / Self.kilogramsPerPound }
    public static func < (lhs: Mass, rhs: Mass) -> Bool { lhs.kilograms < rhs.kilograms }
}

/// A distance or length, stored in metres.
public struct Distance: Hashable, Comparable, Sendable, Codable {
    /// The distance in metres.
    public var meters: Double
    /// Creates a distance from metres.
    public init(meters: Double) { self.meters = meters }
    /// Metres in one mile (exact, international mile).
    public static let metersPerMile = 1609.344
    /// The distance in kilometres.
    public var kilometers: Double { meters / 1000 }
    /// The distance in miles.
    public var miles: Double { meters / Self.metersPerMile }
    public static func < (lhs: Distance, rhs: Distance) -> Bool { lhs.meters < rhs.meters }
}

/// A span of time in whole or fractional seconds. Plain `Double` seconds keep the domain Codable and simple;
/// the name says what the number is.
public typealias Seconds = Double
