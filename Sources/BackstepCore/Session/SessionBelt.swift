/// The belt as far as the engine has commanded it, and the envelope every command passes through: an explicit
/// user start for `.start`, the caps for every speed and incline, at most one increment per increase and never
/// above what was announced, and the machine's slowest speed only when it is within the cap.
struct SessionBelt: Hashable, Sendable, Codable {
    /// Whether the belt moves, as far as the engine knows.
    enum Motion: String, Hashable, Sendable, Codable {
        /// Paused, stopped, or never started.
        case halted
        /// Started (by the app after a user start, or from the treadmill's console).
        case running
    }

    /// A ramp towards a higher speed, one increment per ramp interval.
    enum Ramp: Hashable, Sendable, Codable {
        /// No increase under way.
        case steady
        /// Rising towards `target`; the next step is due at `nextStepAt` (nil: not scheduled).
        case rising(target: Speed, nextStepAt: Seconds?)
    }

    /// What the envelope made of a command.
    struct Decision: Sendable {
        /// Events to emit first (warnings, a capped speed).
        var notes: [SessionEvent] = []
        /// The command to send, if any.
        var command: TreadmillCommand?
        /// Whether the session must stop (the machine cannot go as slowly as the cap requires).
        var stopsSession = false
    }

    private(set) var motion = Motion.halted
    /// The last speed commanded since the belt was last started or paused.
    private(set) var speed: Speed?
    /// The last incline commanded.
    private(set) var grade: Grade?
    private(set) var ramp = Ramp.steady
    /// The highest speed announced so far: no increase goes above it.
    private(set) var announcedCeiling = Speed.zero
    /// Set only while the engine sends a start a user action allowed; never stored.
    private var startAuthorised = false

    init() {}

    var isRunning: Bool { motion == .running }

    var rampTarget: Speed? {
        if case .rising(let target, _) = ramp { return target }
        return nil
    }

    var nextRampAt: Seconds? {
        if case .rising(_, let at) = ramp { return at }
        return nil
    }

    // MARK: - What the engine learnt

    /// The belt moves: started by the app or from the console.
    mutating func markRunning() { motion = .running }

    /// The belt stopped without the app pausing it (console, safety key, a refused start).
    mutating func markHalted() { motion = .halted }

    /// The app sent a start: the belt runs from a standstill, with no speed commanded yet.
    mutating func markStarted() {
        motion = .running
        speed = nil
    }

    /// The app paused or stopped the belt.
    mutating func markPaused() {
        motion = .halted
        speed = nil
        ramp = .steady
    }

    /// A speed was announced to the user; increases up to it may follow.
    mutating func announce(_ allowed: Speed) { announcedCeiling = max(announcedCeiling, allowed) }

    mutating func startRamp(to target: Speed, nextStepAt: Seconds?) {
        ramp = .rising(target: target, nextStepAt: nextStepAt)
    }

    /// Holds a ramp without scheduling its next step.
    mutating func holdRamp() {
        if case .rising(let target, _) = ramp { ramp = .rising(target: target, nextStepAt: nil) }
    }

    mutating func endRamp() { ramp = .steady }

    // MARK: - The envelope

    /// Runs `command` through the envelope for a step of `gait`.
    mutating func envelope(_ command: TreadmillCommand, gait: Gait, plan: SessionPlan) -> Decision {
        var decision = Decision()
        switch command {
        case .start:
            guard startAuthorised else {
                decision.notes.append(.warning("A belt start without a user action was refused."))
                return decision
            }
            decision.command = .start
        case .setTargetSpeed(let requested):
            var allowed = plan.envelopeSpeed(requested, gait: gait)
            if let current = speed, allowed > current {
                // Increases: at most one increment at a time, and never above what was announced.
                allowed = min(
                    allowed, current + SafetyPolicy.speedIncrement(from: current), max(announcedCeiling, current))
            } else if speed == nil {
                allowed = min(allowed, max(announcedCeiling, SafetyPolicy.beginnerStartSpeed))
            }
            if let floor = plan.configuration.treadmill?.minimumSpeed, allowed < floor {
                // The machine cannot go this slow. Use its slowest speed only if that is within the cap.
                guard plan.envelopeSpeed(floor, gait: gait) >= floor else {
                    decision.notes.append(
                        .warning(
                            "Your speed cap is below this treadmill's slowest speed, so the app will not run the belt.")
                    )
                    decision.stopsSession = isRunning || speed != nil
                    return decision
                }
                allowed = floor
            }
            if allowed < requested { decision.notes.append(.capped(requested: requested, allowed: allowed)) }
            if let current = speed, allowed == current { return decision }
            speed = allowed
            decision.command = .setTargetSpeed(allowed)
        case .setTargetIncline(let requested):
            let allowed = plan.envelopeGrade(requested)
            grade = allowed
            decision.command = .setTargetIncline(allowed)
        case .pause, .stop, .requestControl:
            decision.command = command
        }
        return decision
    }

    /// Runs a start the user allowed through the envelope.
    mutating func authorisedStart(plan: SessionPlan) -> Decision {
        startAuthorised = true
        defer { startAuthorised = false }
        return envelope(.start, gait: .walk, plan: plan)
    }

    // MARK: - Checkpoints

    enum CodingKeys: String, CodingKey { case motion, speed, grade, ramp, announcedCeiling }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        motion = try c.decode(Motion.self, forKey: .motion)
        speed = try c.decodeIfPresent(Speed.self, forKey: .speed)
        grade = try c.decodeIfPresent(Grade.self, forKey: .grade)
        ramp = try c.decode(Ramp.self, forKey: .ramp)
        announcedCeiling = try c.decode(Speed.self, forKey: .announcedCeiling)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(motion, forKey: .motion)
        try c.encodeIfPresent(speed, forKey: .speed)
        try c.encodeIfPresent(grade, forKey: .grade)
        try c.encode(ramp, forKey: .ramp)
        try c.encode(announcedCeiling, forKey: .announcedCeiling)
    }

    /// Checks a decoded belt against the envelope of the configuration it runs with: nothing commanded, ramped to
    /// or announced may be above the cap, negative or not a number.
    func validate(plan: SessionPlan) -> String? {
        let cap = plan.highestAllowedSpeed
        func bad(_ value: Speed?) -> Bool {
            guard let value else { return false }
            let mps = value.metersPerSecond
            return !mps.isFinite || mps < 0 || mps > cap.metersPerSecond + 1e-9
        }
        if bad(speed) { return "the commanded speed is above the cap of \(cap.metersPerSecond) m/s or invalid" }
        if bad(rampTarget) { return "the ramp target is above the cap of \(cap.metersPerSecond) m/s or invalid" }
        if bad(announcedCeiling) {
            return "the announced speed is above the cap of \(cap.metersPerSecond) m/s or invalid"
        }
        if let at = nextRampAt, !at.isFinite { return "the next ramp time is not a number" }
        if let grade, !grade.percent.isFinite || grade > plan.highestAllowedGrade {
            return "the commanded incline is above the cap of \(plan.highestAllowedGrade.percent) % or invalid"
        }
        return nil
    }
}
