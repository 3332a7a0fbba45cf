import Foundation

/// Identifies a session for duplicate detection across formats and storage: the start time to the second, the time
/// of the last sample rounded to the second and the distance rounded to 10 m. The same walk exported as FIT, TCX and
/// CSV and imported again has the same fingerprint, and storage keeps the fingerprint of every finished session, so
/// importing a file of a session already stored is found to be a duplicate.
public struct SessionFingerprint: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// Start, whole seconds since 1970-01-01T00:00:00Z (rounded down).
    public var startUnixSeconds: Int64
    /// Duration in whole seconds.
    public var durationSeconds: Int64
    /// Distance in metres, rounded to a multiple of 10.
    public var distanceMeters: Int64

    /// Creates a fingerprint from its parts.
    /// - Parameters:
    ///   - startUnixSeconds: start in Unix seconds.
    ///   - durationSeconds: duration in seconds.
    ///   - distanceMeters: distance in metres (a multiple of 10).
    public init(startUnixSeconds: Int64, durationSeconds: Int64, distanceMeters: Int64) {
        self.startUnixSeconds = startUnixSeconds
        self.durationSeconds = durationSeconds
        self.distanceMeters = distanceMeters
    }

    /// The fingerprint from what storage keeps of a session: its start, and the time and distance of its last
    /// sample (every format carries those exactly); without samples, end − start (else the summary's elapsed time)
    /// and the summary's distance.
    /// - Parameters:
    ///   - startedAt: when the session started.
    ///   - lastSample: session time (s) and distance (m) of the sample with the latest time, if any.
    ///   - endedAt: when it ended, if known.
    ///   - elapsedSeconds: the summary's elapsed time, if any.
    ///   - summaryDistanceMeters: the summary's distance, if any.
    public init(
        startedAt: Date, lastSample: (t: Double, distanceMeters: Double)?, endedAt: Date?, elapsedSeconds: Double?,
        summaryDistanceMeters: Double?
    ) {
        let start = startedAt.timeIntervalSince1970
        startUnixSeconds = Int64(start.isFinite ? start.rounded(.down) : 0)
        var duration: Double
        var distance: Double
        if let lastSample {
            duration = lastSample.t
            distance = lastSample.distanceMeters
        } else {
            duration = elapsedSeconds ?? 0
            if let endedAt { duration = endedAt.timeIntervalSince(startedAt) }
            distance = summaryDistanceMeters ?? 0
        }
        durationSeconds = duration.isFinite ? Int64(clamping: Int(max(duration, 0).rounded())) : 0
        distanceMeters = distance.isFinite ? Int64(clamping: Int((max(distance, 0) / 10).rounded())) * 10 : 0
    }

    /// The fingerprint of a session (see `init(startedAt:lastSample:endedAt:elapsedSeconds:summaryDistanceMeters:)`).
    /// - Parameter session: the session.
    public init(_ session: PerformedSession) {
        let last = session.samples.filter({ $0.t.isFinite }).max(by: { $0.t < $1.t })
        self.init(
            startedAt: session.startedAt, lastSample: last.map { ($0.t, $0.distance.meters) },
            endedAt: session.endedAt, elapsedSeconds: session.summary?.elapsedSeconds,
            summaryDistanceMeters: session.summary?.distance.meters)
    }

    /// "2025-01-06T07:00:00Z/1800s/2510m": a stable key, as storage keeps it.
    public var key: String {
        let (days, secondOfDay) = Self.floorDivide(startUnixSeconds, 86_400)
        let (year, month, day) = ProgressionText.civilDate(fromDays: Int(clamping: days))
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        let time = "\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))"
        return "\(yearText)-\(two(Int64(month)))-\(two(Int64(day)))T\(time)Z/\(durationSeconds)s/\(distanceMeters)m"
    }

    /// Reads a key written by `key` ("YYYY-MM-DDThh:mm:ssZ/<seconds>s/<metres>m"); nil for anything else.
    /// - Parameter key: the key.
    public init?(key: String) {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].hasSuffix("s"), parts[2].hasSuffix("m"),
            let duration = Int64(parts[1].dropLast()), let distance = Int64(parts[2].dropLast()),
            let start = Self.parseUTC(Array(parts[0].utf8))
        else { return nil }
        self.init(startUnixSeconds: start, durationSeconds: duration, distanceMeters: distance)
    }

    /// Seconds since 1970 for exactly "YYYY-MM-DDThh:mm:ssZ".
    private static func parseUTC(_ bytes: [UInt8]) -> Int64? {
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
            bytes[16] == 0x3A, bytes[19] == 0x5A
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        // Days from the civil date (Howard Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + hour * 3600 + minute * 60 + second
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a >= 0 ? a / b : -((-a + b - 1) / b)
        return (q, a - q * b)
    }

    /// Same as `key`.
    public var description: String { key }

    /// Orders by start, then duration, then distance.
    public static func < (lhs: SessionFingerprint, rhs: SessionFingerprint) -> Bool {
        (lhs.startUnixSeconds, lhs.durationSeconds, lhs.distanceMeters)
            < (rhs.startUnixSeconds, rhs.durationSeconds, rhs.distanceMeters)
    }
}
