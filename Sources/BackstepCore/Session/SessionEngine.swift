/// Runs a workout: the single source of truth for a live session, and the one place the treadmill safety
/// envelope lives.
///
/// The engine is a pure state machine. The shell feeds it `SessionInput`s with the session time (seconds since
/// the engine was created, from any clock the shell likes: a real one, a test clock, a sped-up one) and carries out
/// the `SessionOutput`s it returns: events to show, speak or log, and `TreadmillCommand`s to send.
///
/// It is composed of small state machines, each a value with an `enum` state, and is `Codable` as a whole: encode
/// it at any moment between two inputs (a checkpoint), decode it later and continue with the next input, and it
/// does exactly what it would have done. Decoding checks the checkpoint against the safety envelope.
/// - `SessionStartGate`: the lifecycle (ready, countdown, running, back on the belt, paused, stopped, finished)
///   and the rule that only a user start, through a countdown, makes the session run.
/// - `SessionBelt`: the belt as commanded, the speed ramp, the announced ceiling, and the envelope every command
///   passes through.
/// - `SessionLink`: the controlling link, the latest reading and the speed mismatch watch.
/// - `SessionSchedule`: the current step, its end, its announcement and countdown, cues and the speed override.
/// - `SessionTotals`: the session clock, samples, time, distance and energy.
///
/// The safety envelope (domain brief §5), enforced in `SessionBelt.envelope` and the phase rules:
/// - **No start without the user.** `.start` is only sent at the end of a countdown that a `.userStart` began
///   (or after the user started the belt from the treadmill's own console).
/// - **Caps.** No commanded speed is above min(personal cap, stage and population cap, screening cap, machine
///   maximum) (`SafetyPolicy.cap(for:)` and `TreadmillCapabilities.maximumSpeed`), and no incline above
///   `SafetyPolicy.gradeCap` or the machine's maximum.
/// - **Ramped, announced increases.** Every increase is announced (`targetChangeAnnounced`) before it is
///   commanded, follows a 3-2-1 countdown at step changes, and rises by at most one `SafetyPolicy.speedIncrement`
///   per `rampIntervalSeconds`. Decreases happen at once.
/// - **Pause on trouble.** A `.pause` is commanded at the moment of a lost link (or when readings stop for
///   `readingTimeoutSeconds`), a pulled safety key, a user stop, a pain stop, a refused slow-down, or a reading
///   that makes no sense (negative, above the cap, or far from the commanded speed for too long).
/// - **Nothing resumes by itself.** After a pause or stop only a new `.userStart` restarts the belt; stops for
///   medical, pain or balance reasons do not resume that day. A standing rest pauses the belt, and the next
///   walking step waits for the user to press start.
public struct SessionEngine: Sendable, Equatable {
    let plan: SessionPlan
    /// The session time of the latest input.
    var now: Seconds = 0
    var gate = SessionStartGate()
    var schedule: SessionSchedule
    var belt = SessionBelt()
    var link = SessionLink()
    var totals = SessionTotals()

    /// Creates an engine for a workout. Nothing happens until the first input.
    public init(configuration: SessionConfiguration) {
        plan = SessionPlan(configuration: configuration)
        schedule = SessionSchedule(plan: plan)
    }

    /// The configuration the session runs with.
    public var configuration: SessionConfiguration { plan.configuration }
    /// The steps in the order they are performed.
    public var steps: [PerformedStep] { plan.steps }

    /// Where the session stands.
    var phase: SessionStartGate.State { gate.state }

    /// Whether the app drives the treadmill (otherwise targets are shown for the user to set by hand).
    public var controlsTreadmill: Bool { plan.controlsTreadmill }

    /// Whether the session has ended (finished, or stopped in a way that cannot resume).
    public var isOver: Bool { gate.isFinished }

    /// Whether the session is stopped (it may still resume if the reason allows).
    public var currentStopReason: StopReason? { gate.currentStopReason }

    /// The index of the current step.
    public var currentSegment: Int { schedule.index }

    /// Whether nothing more happens until the user acts (start, resume, or mark a step done).
    public var isWaitingForUser: Bool {
        switch phase {
        case .ready, .backOnBelt, .paused, .stopped: true
        case .running: !plan.isTimed(schedule.index)
        case .countdown, .finished: false
        }
    }

    /// Handles an input at session time `t` (seconds; never earlier than the previous call's).
    /// Everything scheduled up to `t` (samples, countdowns, step changes, ramp steps, cues) happens first, with its
    /// own scheduled time.
    public mutating func handle(_ input: SessionInput, at t: Seconds) -> [SessionOutput] {
        var out: [SessionOutput] = []
        advance(to: max(t, now), into: &out)
        apply(input, into: &out)
        return out
    }

    /// Ends the session now (the user quit, or the shell closes it) and emits the summary.
    public mutating func end(at t: Seconds) -> [SessionOutput] {
        var out: [SessionOutput] = []
        advance(to: max(t, now), into: &out)
        finish(completed: false, into: &out)
        return out
    }

    /// The next session time at which the engine has something scheduled; the shell should send `.tick` then.
    public var nextDeadline: Seconds? { nextScheduled()?.time }

    /// The totals so far.
    public func summary(completed: Bool? = nil) -> SessionSummary {
        SessionSummary(
            elapsedSeconds: totals.firstStart.map { now - $0 } ?? 0, activeSeconds: totals.activeSeconds,
            backwardSeconds: totals.backwardSeconds, distance: Distance(meters: totals.distance),
            backwardDistance: Distance(meters: totals.backwardDistance), kcal: totals.kcal,
            forwardKcal: totals.forwardKcal, stepsCompleted: schedule.stepsCompleted, stepsTotal: steps.count,
            completed: completed
                ?? (phase == .finished && gate.stopReason == nil && schedule.stepsCompleted == steps.count),
            stopReason: gate.stopReason)
    }

    /// The one clamp every commanded speed passes through.
    public func envelopeSpeed(_ speed: Speed, gait: Gait) -> Speed { plan.envelopeSpeed(speed, gait: gait) }

    /// The one clamp every commanded incline passes through.
    public func envelopeGrade(_ grade: Grade) -> Grade { plan.envelopeGrade(grade) }

    /// Standing quietly, 1.3 MET (Compendium of Physical Activities 2011, code 07040).
    public static let standingMET = 1.3
    /// Calisthenics such as push-ups and squats at moderate effort, 3.8 MET (Compendium 2011, code 02030).
    public static let calisthenicsMET = 3.8

    static let readyPrompt =
        "Clip the emergency stop to your clothing, clear the space behind the treadmill, hold the side rails, then press start."

    /// Whether two engines are in the same state with the same configuration (and so will answer every input
    /// alike).
    public static func == (lhs: SessionEngine, rhs: SessionEngine) -> Bool {
        lhs.plan.configuration == rhs.plan.configuration && lhs.now == rhs.now && lhs.gate == rhs.gate
            && lhs.schedule == rhs.schedule && lhs.belt == rhs.belt && lhs.link == rhs.link
            && lhs.totals == rhs.totals
    }

    // MARK: - Output

    mutating func emit(_ event: SessionEvent, into out: inout [SessionOutput]) {
        out.append(SessionOutput(t: now, kind: .event(event)))
    }

    /// Every treadmill command goes through here; this is where the envelope is enforced.
    mutating func command(_ command: TreadmillCommand, into out: inout [SessionOutput]) {
        guard controlsTreadmill else { return }
        deliver(belt.envelope(command, gait: plan.gait(of: schedule.index) ?? .walk, plan: plan), into: &out)
    }

    /// Carries out what the envelope decided: its notes, then a stop or the command.
    mutating func deliver(_ decision: SessionBelt.Decision, into out: inout [SessionOutput]) {
        for note in decision.notes { emit(note, into: &out) }
        if decision.stopsSession {
            stop(.treadmillFault, into: &out)
            return
        }
        if let command = decision.command { out.append(SessionOutput(t: now, kind: .command(command))) }
    }
}

// MARK: - Checkpoints

extension SessionEngine: Codable {
    /// The checkpoint format's version; a checkpoint of another version is refused.
    public static let checkpointVersion = 1

    enum CodingKeys: String, CodingKey {
        case version, configuration, nowSeconds, gate, schedule, belt, link, totals
    }

    /// Restores an engine from a checkpoint. Throws `DecodingError` for malformed JSON, a value out of range, or a
    /// state the engine could never reach that would weaken the safety envelope (a speed above the cap, a running
    /// session without its link, a step that does not exist).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decode(Int.self, forKey: .version)
        guard version == Self.checkpointVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: c,
                debugDescription: "checkpoint version \(version) is not supported (expected \(Self.checkpointVersion))")
        }
        plan = SessionPlan(configuration: try c.decode(SessionConfiguration.self, forKey: .configuration))
        now = try c.decode(Seconds.self, forKey: .nowSeconds)
        gate = try c.decode(SessionStartGate.self, forKey: .gate)
        schedule = try c.decode(SessionSchedule.self, forKey: .schedule)
        belt = try c.decode(SessionBelt.self, forKey: .belt)
        link = try c.decode(SessionLink.self, forKey: .link)
        totals = try c.decode(SessionTotals.self, forKey: .totals)
        if let problem = validationProblem() {
            throw DecodingError.dataCorrupted(
                .init(codingPath: c.codingPath + [problem.key], debugDescription: problem.text))
        }
    }

    /// Writes a checkpoint: the configuration and every sub-machine's state.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.checkpointVersion, forKey: .version)
        try c.encode(plan.configuration, forKey: .configuration)
        try c.encode(now, forKey: .nowSeconds)
        try c.encode(gate, forKey: .gate)
        try c.encode(schedule, forKey: .schedule)
        try c.encode(belt, forKey: .belt)
        try c.encode(link, forKey: .link)
        try c.encode(totals, forKey: .totals)
    }

    /// The first invariant a decoded engine breaks, if any.
    func validationProblem() -> (key: CodingKeys, text: String)? {
        guard now.isFinite, now >= 0 else { return (.nowSeconds, "the session time must be finite and ≥ 0") }
        if steps.isEmpty ? schedule.index != 0 : schedule.index >= steps.count {
            return (.schedule, "step \(schedule.index) does not exist in a workout of \(steps.count) steps")
        }
        if schedule.stepsCompleted > steps.count {
            return (.schedule, "\(schedule.stepsCompleted) steps completed of \(steps.count)")
        }
        if let problem = belt.validate(plan: plan) { return (.belt, problem) }
        if !controlsTreadmill, belt.speed != nil || belt.rampTarget != nil {
            return (.belt, "a session that does not control the treadmill cannot have commanded a speed")
        }
        if let start = totals.firstStart, start > now + 1e-9 {
            return (.totals, "the session started after the checkpoint's time")
        }
        switch phase {
        case .ready:
            if belt.isRunning || totals.hasStarted {
                return (.gate, "a session still waiting for its first start cannot have a running belt or clock")
            }
        case .countdown(let countdown):
            if countdown.startedAt > now + 1e-9 || countdown.emitted > configuration.countdownSeconds {
                return (.gate, "the countdown is ahead of the checkpoint's time or past its end")
            }
            if controlsTreadmill, !link.isUp {
                return (.gate, "a countdown cannot run while the treadmill link is lost")
            }
        case .running, .backOnBelt, .paused:
            if controlsTreadmill, !link.isUp {
                return (.gate, "a session that lost its treadmill link must be stopped")
            }
        case .stopped, .finished:
            break
        }
        return nil
    }
}
