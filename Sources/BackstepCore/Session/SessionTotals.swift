/// The session clock and what the session added up to: when it first started, the once-a-second samples'
/// schedule and sequence, active and backward time, distance, and energy (with the forward equivalent).
struct SessionTotals: Hashable, Sendable, Codable {
    /// Whether the session clock has started.
    enum Clock: Hashable, Sendable, Codable {
        /// No belt start (or manual start) yet: no samples, no elapsed time.
        case notStarted
        /// Started at `at`; the next sample is due at `nextSampleAt`.
        case started(at: Seconds, nextSampleAt: Seconds)
    }

    private(set) var clock = Clock.notStarted
    /// The next sample's sequence number.
    private(set) var sequence = 0
    private(set) var activeSeconds: Seconds = 0
    private(set) var backwardSeconds: Seconds = 0
    private(set) var distance: Double = 0
    private(set) var backwardDistance: Double = 0
    private(set) var kcal: Double = 0
    private(set) var forwardKcal: Double = 0
    private(set) var currentMET: Double = 0

    init() {}

    /// When the session first started, if it has.
    var firstStart: Seconds? {
        if case .started(let at, _) = clock { return at }
        return nil
    }

    var hasStarted: Bool { firstStart != nil }

    var nextSampleAt: Seconds? {
        if case .started(_, let next) = clock { return next }
        return nil
    }

    /// Starts the clock at `now` (the first sample a second later); does nothing once started.
    mutating func start(at now: Seconds) {
        guard case .notStarted = clock else { return }
        clock = .started(at: now, nextSampleAt: now + 1)
    }

    /// Takes the sample due now: its time and sequence number.
    mutating func takeSample() -> (t: Seconds, sequence: Int)? {
        guard case .started(let at, let next) = clock else { return nil }
        let taken = (next, sequence)
        sequence += 1
        clock = .started(at: at, nextSampleAt: next + 1)
        return taken
    }

    // MARK: - Accumulating

    /// Time passed while not running: standing (or nothing before the first start).
    mutating func idle(ready: Bool) { currentMET = ready ? 0 : SessionEngine.standingMET }

    /// Active time passed.
    mutating func addActive(_ seconds: Seconds) { activeSeconds += seconds }

    /// Metres covered, backward ones also counted as backward time and distance.
    mutating func addDistance(_ meters: Double, backward: Bool, seconds: Seconds) {
        distance += meters
        if backward {
            backwardDistance += meters
            backwardSeconds += seconds
        }
    }

    /// Energy for moving at `speed` for `seconds`, from the energy model (standing when still or unknown).
    mutating func addEnergy(
        direction: Direction, gait: Gait, speed: Speed, grade: Grade, seconds: Seconds,
        configuration: SessionConfiguration
    ) {
        guard speed.metersPerSecond > 0 else {
            addMET(SessionEngine.standingMET, seconds: seconds, mass: configuration.mass, forward: true)
            return
        }
        let input = EnergyInput(
            direction: direction, gait: gait, speed: speed, grade: grade, mass: configuration.mass,
            practiceWeeks: configuration.practiceWeeks, handrail: configuration.handrail)
        guard let estimate = try? EnergyModel.estimate(input) else {
            addMET(SessionEngine.standingMET, seconds: seconds, mass: configuration.mass, forward: true)
            return
        }
        currentMET = estimate.met
        kcal += estimate.kcalPerMinute * seconds / 60
        forwardKcal += estimate.forwardKcalPerMinute * seconds / 60
    }

    /// Energy for an activity of `met` for `seconds`.
    mutating func addMET(_ met: Double, seconds: Seconds, mass: Mass, forward: Bool) {
        currentMET = met
        let perMinute = EnergyModel.kcalPerMinute(met: met, mass: mass)
        kcal += perMinute * seconds / 60
        if forward { forwardKcal += perMinute * seconds / 60 }
    }

    // MARK: - Checkpoints

    enum CodingKeys: String, CodingKey {
        case clock, sequence, activeSeconds, backwardSeconds, distanceMeters, backwardDistanceMeters, kcal
        case forwardKcal, met
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clock = try c.decode(Clock.self, forKey: .clock)
        sequence = try c.decode(Int.self, forKey: .sequence)
        func amount(_ key: CodingKeys) throws -> Double {
            let value = try c.decode(Double.self, forKey: key)
            guard value.isFinite, value >= 0 else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: "\(value) is not a finite amount ≥ 0")
            }
            return value
        }
        activeSeconds = try amount(.activeSeconds)
        backwardSeconds = try amount(.backwardSeconds)
        distance = try amount(.distanceMeters)
        backwardDistance = try amount(.backwardDistanceMeters)
        kcal = try amount(.kcal)
        forwardKcal = try amount(.forwardKcal)
        currentMET = try amount(.met)
        guard sequence >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .sequence, in: c, debugDescription: "the sample sequence \(sequence) is negative")
        }
        if case .started(let at, let next) = clock, !at.isFinite || !next.isFinite || next < at {
            throw DecodingError.dataCorruptedError(
                forKey: .clock, in: c, debugDescription: "the session clock's start or next sample time is invalid")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(clock, forKey: .clock)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(activeSeconds, forKey: .activeSeconds)
        try c.encode(backwardSeconds, forKey: .backwardSeconds)
        try c.encode(distance, forKey: .distanceMeters)
        try c.encode(backwardDistance, forKey: .backwardDistanceMeters)
        try c.encode(kcal, forKey: .kcal)
        try c.encode(forwardKcal, forKey: .forwardKcal)
        try c.encode(currentMET, forKey: .met)
    }
}
