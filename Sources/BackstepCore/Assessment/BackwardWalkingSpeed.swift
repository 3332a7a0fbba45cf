import Foundation

/// Backward walking speed as a fall-risk flag: elderly fallers all walked backward slower than 0.6 m/s (Fritz et
/// al., Gait Posture 2013; domain brief §8).
public enum BackwardWalkingSpeed {
    /// Below this speed the flag is raised.
    public static let fallerThreshold = Speed.metersPerSecond(0.6)
    /// Accepted speeds: above 0 and at most 3 m/s (faster is running, not walking).
    public static let maximumSpeed = Speed.metersPerSecond(3)

    /// Checks a backward walking speed against the 0.6 m/s flag.
    /// - Throws: `InputError` for `field` when the speed is not above 0 and at most 3 m/s.
    public static func assess(_ speed: Speed, field: String = "speed") throws(InputError) -> BackwardSpeedResult {
        try validate(speed, field: field)
        return BackwardSpeedResult(speed: speed, isBelowFallerThreshold: speed < fallerThreshold)
    }

    static func validate(_ speed: Speed, field: String) throws(InputError) {
        let value = speed.metersPerSecond
        guard value.isFinite, value > 0 else {
            throw InputError(field: field, problem: "must be a speed above 0 m/s, allowed up to 3 m/s")
        }
        try InputError.check(field, value, in: 0...maximumSpeed.metersPerSecond, unit: "m/s")
    }
}

/// A backward walking speed and its flag.
public struct BackwardSpeedResult: Hashable, Sendable {
    /// The speed.
    public var speed: Speed
    /// Whether it is below 0.6 m/s, where elderly fallers walked (Fritz et al. 2013).
    public var isBelowFallerThreshold: Bool

    /// Creates a result.
    public init(speed: Speed, isBelowFallerThreshold: Bool) {
        self.speed = speed
        self.isBelowFallerThreshold = isBelowFallerThreshold
    }

    /// One sentence on what the speed means.
    public var summary: String {
        let text = "\(ProgressionText.number(speed.metersPerSecond, digits: 2)) m/s"
        return isBelowFallerThreshold
            ? "\(text) is below 0.6 m/s, the backward speed under which elderly fallers walked (Fritz et al., Gait Posture 2013): a fall-risk flag."
            : "\(text) is at or above 0.6 m/s, the fall-risk flag of Fritz et al., Gait Posture 2013."
    }
}

/// One measurement of comfortable backward speed (hands free, 0 % grade, on the treadmill; domain brief §8).
public struct SpeedSample: Hashable, Sendable, Codable {
    /// When it was measured.
    public var date: Date
    /// The comfortable speed.
    public var speed: Speed

    /// Creates a sample.
    public init(date: Date, speed: Speed) {
        self.date = date
        self.speed = speed
    }
}

/// Which way a trend goes.
public enum TrendDirection: String, Hashable, Sendable, Codable, CaseIterable {
    case improving, stable, declining
}

/// The trend of comfortable backward speed over time: a least-squares slope per week, the change since the first
/// measurement, and the direction.
public struct ComfortableSpeedTrend: Hashable, Sendable {
    /// Slopes smaller than this (m/s per week, either way) count as stable: about a third of the smallest
    /// treadmill step of 0.1 mph (0.045 m/s) per week.
    public static let stableSlope = 0.015

    /// The samples, oldest first.
    public var samples: [SpeedSample]
    /// Least-squares slope, in m/s per week.
    public var slopePerWeek: Double
    /// Latest minus first speed, in m/s.
    public var changeSinceFirst: Double

    /// Fits the trend.
    /// - Throws: `InputError` for `samples` when there are fewer than two or they share one date, or for
    ///   `samples[i].speed` when a speed is out of range.
    public init(samples: [SpeedSample]) throws(InputError) {
        guard samples.count >= 2 else {
            throw InputError(field: "samples", problem: "need at least two measurements, got \(samples.count)")
        }
        for (index, sample) in samples.enumerated() {
            try BackwardWalkingSpeed.validate(sample.speed, field: "samples[\(index)].speed")
        }
        let sorted = samples.sorted { $0.date < $1.date }
        let origin = sorted[0].date
        let weeks = sorted.map { $0.date.timeIntervalSince(origin) / (7 * 86_400) }
        let speeds = sorted.map(\.speed.metersPerSecond)
        let meanX = weeks.reduce(0, +) / Double(weeks.count)
        let meanY = speeds.reduce(0, +) / Double(speeds.count)
        let sxx = weeks.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) }
        guard sxx > 0 else {
            throw InputError(field: "samples", problem: "need measurements on at least two different dates")
        }
        let sxy = zip(weeks, speeds).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
        self.samples = sorted
        self.slopePerWeek = sxy / sxx
        self.changeSinceFirst = speeds[speeds.count - 1] - speeds[0]
    }

    /// Which way the trend goes.
    public var direction: TrendDirection {
        if slopePerWeek >= Self.stableSlope { return .improving }
        if slopePerWeek <= -Self.stableSlope { return .declining }
        return .stable
    }
}
