/// The controlling link to the treadmill and what it last reported: whether the link is up, the latest reading
/// and when it came (for the silence watchdog and measured speed), and how long the belt has been far from the
/// commanded speed.
struct SessionLink: Hashable, Sendable, Codable {
    /// The controlling link.
    enum State: String, Hashable, Sendable, Codable {
        /// Connected (or assumed so until told otherwise).
        case up
        /// Lost: the belt was paused and nothing resumes until it is back and the user starts.
        case lost
    }

    /// Whether the measured speed agrees with the commanded one.
    enum Agreement: Hashable, Sendable, Codable {
        /// Close enough, or not checked.
        case agrees
        /// Far from the commanded speed since this session time.
        case mismatchSince(Seconds)
    }

    /// A reading and the session time it arrived.
    struct Received: Hashable, Sendable {
        var reading: TreadmillReading
        var at: Seconds
    }

    private(set) var state = State.up
    private(set) var last: Received?
    private(set) var agreement = Agreement.agrees

    init() {}

    var isUp: Bool { state == .up }

    mutating func connected() { state = .up }
    mutating func lost() { state = .lost }

    /// Records a reading (as received, or with its nonsense speed dropped).
    mutating func record(_ reading: TreadmillReading, at now: Seconds) { last = Received(reading: reading, at: now) }

    /// The measured speed differs from the commanded one at `now`: returns since when.
    mutating func mismatch(at now: Seconds) -> Seconds {
        if case .mismatchSince(let since) = agreement { return since }
        agreement = .mismatchSince(now)
        return now
    }

    mutating func agree() { agreement = .agrees }

    /// The latest reading if it is recent enough to trust.
    func fresh(at now: Seconds, timeout: Seconds) -> TreadmillReading? {
        guard let last, now - last.at <= timeout else { return nil }
        return last.reading
    }

    // MARK: - Checkpoints

    enum CodingKeys: String, CodingKey {
        case state, agreement, readingAtSeconds, speedMps, gradePercent, distanceMeters, heartRateBpm
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        state = try c.decode(State.self, forKey: .state)
        agreement = try c.decode(Agreement.self, forKey: .agreement)
        if let at = try c.decodeIfPresent(Seconds.self, forKey: .readingAtSeconds) {
            guard at.isFinite else {
                throw DecodingError.dataCorruptedError(
                    forKey: .readingAtSeconds, in: c, debugDescription: "the reading time must be finite")
            }
            let reading = TreadmillReading(
                speed: try c.decodeIfPresent(Double.self, forKey: .speedMps).map(Speed.init(metersPerSecond:)),
                grade: try c.decodeIfPresent(Double.self, forKey: .gradePercent).map(Grade.init(percent:)),
                distance: try c.decodeIfPresent(Double.self, forKey: .distanceMeters).map(Distance.init(meters:)),
                heartRate: try c.decodeIfPresent(Int.self, forKey: .heartRateBpm))
            if let speed = reading.speed?.metersPerSecond,
                !speed.isFinite || speed < 0 || speed > InputLimits.maximumSpeed.metersPerSecond
            {
                throw DecodingError.dataCorruptedError(
                    forKey: .speedMps, in: c, debugDescription: "the last reading's speed \(speed) m/s is impossible")
            }
            last = Received(reading: reading, at: at)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(state, forKey: .state)
        try c.encode(agreement, forKey: .agreement)
        guard let last else { return }
        try c.encode(last.at, forKey: .readingAtSeconds)
        try c.encodeIfPresent(last.reading.speed?.metersPerSecond, forKey: .speedMps)
        try c.encodeIfPresent(last.reading.grade?.percent, forKey: .gradePercent)
        try c.encodeIfPresent(last.reading.distance?.meters, forKey: .distanceMeters)
        try c.encodeIfPresent(last.reading.heartRate, forKey: .heartRateBpm)
    }
}
