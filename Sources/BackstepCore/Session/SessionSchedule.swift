/// Where the session is in its steps: the current step, how long it has run, when it ends, what has been said
/// about its end (the announcement of the next step and the 3-2-1 before it), its technique cues, and the user's
/// speed override. It knows nothing about the belt; the engine asks it what is due and tells it what happened.
struct SessionSchedule: Hashable, Sendable, Codable {
    /// How the current step ends.
    enum Ending: Hashable, Sendable, Codable {
        /// When the user marks it done, skips it, or (for a distance at no speed) never by itself.
        case byUser
        /// After this many active seconds in the step.
        case after(Seconds)
    }

    /// What has been counted down before the end of the step.
    enum BoundaryCountdown: Hashable, Sendable, Codable {
        /// Nothing yet.
        case notStarted
        /// Every number from `lowest` up to the countdown's length has been said.
        case counted(lowest: Int)
    }

    /// The index of the current step.
    private(set) var index = 0
    /// Active seconds in the current step.
    private(set) var active: Seconds = 0
    /// How the current step ends.
    private(set) var ending: Ending
    /// Whether the next step has been announced.
    private(set) var announced = false
    /// The countdown before the end of the step.
    private(set) var countdown = BoundaryCountdown.notStarted
    /// The next technique cue to say, and when (in active seconds of the step).
    private(set) var cueIndex = 0
    private(set) var nextCueAt: Seconds = 0
    /// A speed the user chose with speed up or slow down, for the rest of the step.
    private(set) var speedOverride: Speed?
    /// Steps finished (skipped ones do not count).
    private(set) var stepsCompleted = 0
    /// Whether the current step was skipped.
    private(set) var skippedCurrent = false

    init(plan: SessionPlan) {
        ending = Self.ending(plan.plannedSeconds(for: 0, override: nil))
    }

    static func ending(_ planned: Seconds?) -> Ending {
        planned.map(Ending.after) ?? .byUser
    }

    /// The planned active seconds of the current step, if it ends by itself.
    var planned: Seconds? {
        if case .after(let seconds) = ending { return seconds }
        return nil
    }

    /// Active seconds left in a step that ends by itself.
    var remaining: Seconds? { planned.map { $0 - active } }

    /// The speed the current or another step asks for before the envelope (the override applies to the current one).
    func desiredSpeed(for index: Int, in plan: SessionPlan) -> Speed? {
        plan.desiredSpeed(for: index, override: index == self.index ? speedOverride : nil)
    }

    /// The current step as the session shows it.
    func info(in plan: SessionPlan) -> SegmentInfo? { plan.info(for: index, override: speedOverride) }

    // MARK: - Time

    /// Adds active seconds to the current step.
    mutating func addActive(_ seconds: Seconds) { active += seconds }

    /// The boundary countdown number due next and how many active seconds before the end it falls, if any.
    func nextBoundaryNumber(total: Int) -> Int? {
        guard let remaining else { return nil }
        var n: Int
        switch countdown {
        case .notStarted: n = total
        case .counted(let lowest): n = lowest - 1
        }
        while n >= 1 {
            if Double(n) < remaining + 1e-9 { return n }
            n -= 1
        }
        return nil
    }

    /// Says the boundary countdown number for the time left: returns the number to emit.
    mutating func countDownBoundary(total: Int) -> Int {
        let n = Int(((planned ?? 0) - active).rounded())
        let number = min(max(n, 1), total)
        switch countdown {
        case .notStarted: countdown = .counted(lowest: number)
        case .counted(let lowest): countdown = .counted(lowest: min(lowest, number))
        }
        return number
    }

    /// The cue due now, if any, and the next one scheduled `interval` active seconds later.
    mutating func takeCue(in plan: SessionPlan, interval: Seconds) -> TechniqueCue? {
        guard let step = plan.step(index), cueIndex < step.cues.count else { return nil }
        let cue = step.cues[cueIndex]
        cueIndex += 1
        nextCueAt = active + interval
        return cue
    }

    /// Whether the current step still has cues to say.
    func hasCues(in plan: SessionPlan) -> Bool {
        guard let step = plan.step(index) else { return false }
        return cueIndex < step.cues.count
    }

    // MARK: - Changes

    /// The next step is being announced.
    mutating func markAnnounced() { announced = true }

    /// The user skipped: the step will end after at most `countdown` more seconds (`endNow` false), or now.
    mutating func skip(countdownSeconds: Int) {
        skippedCurrent = true
        let remaining = (planned ?? active) - active
        ending = .after(active + min(max(remaining, 0), Double(countdownSeconds)))
    }

    /// Marks the current step skipped without rescheduling it (it ends at once).
    mutating func markSkipped() { skippedCurrent = true }

    /// The user extended a timed step by `seconds` (at most an hour): returns the seconds added, or nil.
    mutating func extend(by seconds: Seconds, announceLead: Seconds) -> Seconds? {
        guard seconds.isFinite, seconds > 0, let planned else { return nil }
        let added = min(seconds, 3600)
        ending = .after(planned + added)
        if planned + added - active > announceLead { announced = false }
        countdown = .notStarted
        return added
    }

    /// The user chose a speed for the rest of the step.
    mutating func overrideSpeed(_ speed: Speed) { speedOverride = speed }

    /// The current step is over: counts it, and moves to the next one if there is one.
    /// - Returns: whether there was a next step.
    mutating func advance(in plan: SessionPlan) -> Bool {
        if !skippedCurrent { stepsCompleted += 1 }
        skippedCurrent = false
        let next = index + 1
        guard next < plan.steps.count else { return false }
        // The planned time is computed while the previous step's override still applies (as it always has).
        let planned = plan.plannedSeconds(for: next, override: speedOverride)
        index = next
        active = 0
        ending = Self.ending(planned)
        announced = false
        countdown = .notStarted
        cueIndex = 0
        nextCueAt = 0
        speedOverride = nil
        return true
    }

    // MARK: - Checkpoints

    enum CodingKeys: String, CodingKey {
        case index, activeSeconds, ending, announced, countdown, cueIndex, nextCueAtSeconds, speedOverride
        case stepsCompleted, skippedCurrent
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decode(Int.self, forKey: .index)
        active = try c.decode(Seconds.self, forKey: .activeSeconds)
        ending = try c.decode(Ending.self, forKey: .ending)
        announced = try c.decode(Bool.self, forKey: .announced)
        countdown = try c.decode(BoundaryCountdown.self, forKey: .countdown)
        cueIndex = try c.decode(Int.self, forKey: .cueIndex)
        nextCueAt = try c.decode(Seconds.self, forKey: .nextCueAtSeconds)
        speedOverride = try c.decodeIfPresent(Speed.self, forKey: .speedOverride)
        stepsCompleted = try c.decode(Int.self, forKey: .stepsCompleted)
        skippedCurrent = try c.decode(Bool.self, forKey: .skippedCurrent)
        func check(_ ok: Bool, _ key: CodingKeys, _ problem: String) throws {
            if !ok { throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: problem) }
        }
        try check(index >= 0, .index, "the step index \(index) is negative")
        try check(active.isFinite && active >= 0, .activeSeconds, "the step's active time must be finite and ≥ 0")
        if case .after(let seconds) = ending {
            try check(seconds.isFinite && seconds >= 0, .ending, "the step's planned time must be finite and ≥ 0")
        }
        if case .counted(let lowest) = countdown {
            try check(lowest >= 1, .countdown, "the step's countdown number \(lowest) must be at least 1")
        }
        try check(cueIndex >= 0, .cueIndex, "the cue index \(cueIndex) is negative")
        try check(nextCueAt.isFinite, .nextCueAtSeconds, "the next cue time must be finite")
        if let speedOverride {
            try check(
                speedOverride.metersPerSecond.isFinite && speedOverride.metersPerSecond >= 0, .speedOverride,
                "the speed override must be finite and ≥ 0")
        }
        try check(stepsCompleted >= 0, .stepsCompleted, "the count of completed steps is negative")
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(active, forKey: .activeSeconds)
        try c.encode(ending, forKey: .ending)
        try c.encode(announced, forKey: .announced)
        try c.encode(countdown, forKey: .countdown)
        try c.encode(cueIndex, forKey: .cueIndex)
        try c.encode(nextCueAt, forKey: .nextCueAtSeconds)
        try c.encodeIfPresent(speedOverride, forKey: .speedOverride)
        try c.encode(stepsCompleted, forKey: .stepsCompleted)
        try c.encode(skippedCurrent, forKey: .skippedCurrent)
    }
}
