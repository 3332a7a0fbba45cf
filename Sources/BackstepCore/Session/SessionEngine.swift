/// Runs a workout: the single source of truth for a live session, and the one place the treadmill safety
/// envelope lives.
///
/// The engine is a pure state machine. The shell feeds it `SessionInput`s with the session time (seconds since
/// the engine was created, from any clock the shell likes: a real one, a test clock, a sped-up one) and carries out
/// the `SessionOutput`s it returns: events to show, speak or log, and `TreadmillCommand`s to send.
///
/// The safety envelope (domain brief §5), enforced in `command(_:)` and the phase rules:
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
public struct SessionEngine: Sendable {
    /// The configuration the session runs with.
    public let configuration: SessionConfiguration
    /// The steps in the order they are performed.
    public let steps: [PerformedStep]

    // Phase and clocks.
    var phase: Phase = .ready
    var now: Seconds = 0
    var firstStart: Seconds?
    var activeSeconds: Seconds = 0

    // The current step.
    var segment = 0
    var segmentActive: Seconds = 0
    var segmentPlanned: Seconds?
    var segmentAnnounced = false
    var segmentCountdown: Set<Int> = []
    var cueIndex = 0
    var nextCueAt: Seconds = 0
    var speedOverride: Speed?
    var stepsCompleted = 0
    var skippedCurrent = false

    // The belt, as far as the engine has commanded it.
    var beltRunning = false
    var commandedSpeed: Speed?
    var commandedGrade: Grade?
    var rampTarget: Speed?
    var nextRampAt: Seconds?
    var announcedCeiling: Speed = .zero
    var startAuthorised = false
    var linkUp = true
    var lastReading: TreadmillReading?
    var lastReadingAt: Seconds?
    var mismatchSince: Seconds?

    // Countdown before a (re)start.
    var countdownStartedAt: Seconds = 0
    var countdownEmitted = 0
    var phaseBeforeCountdown: Phase = .ready

    // Totals.
    var nextSampleAt: Seconds = 0
    var sequence = 0
    var distance: Double = 0
    var backwardDistance: Double = 0
    var backwardSeconds: Seconds = 0
    var kcal: Double = 0
    var forwardKcal: Double = 0
    var currentMET: Double = 0
    var stopReason: StopReason?

    enum Phase: Hashable, Sendable {
        case ready
        case countdown
        case running
        case backOnBelt
        case paused(PauseReason)
        case stopped(StopReason)
        case finished
    }

    /// Creates an engine for a workout. Nothing happens until the first input.
    public init(configuration: SessionConfiguration) {
        self.configuration = configuration
        self.steps = configuration.workout.performedSteps
        self.segmentPlanned = plannedSeconds(for: 0)
    }

    /// Whether the app drives the treadmill (otherwise targets are shown for the user to set by hand).
    public var controlsTreadmill: Bool { configuration.treadmill?.controllable == true }

    /// Whether the session has ended (finished, or stopped in a way that cannot resume).
    public var isOver: Bool {
        switch phase {
        case .finished: true
        default: false
        }
    }

    /// Whether the session is stopped (it may still resume if the reason allows).
    public var currentStopReason: StopReason? {
        if case .stopped(let reason) = phase { return reason }
        return nil
    }

    /// The index of the current step.
    public var currentSegment: Int { segment }

    /// Whether nothing more happens until the user acts (start, resume, or mark a step done).
    public var isWaitingForUser: Bool {
        switch phase {
        case .ready, .backOnBelt, .paused, .stopped: true
        case .running: !isTimed(segment)
        case .countdown, .finished: false
        }
    }

    // MARK: - Handling inputs

    /// Handles an input at session time `t` (seconds; never earlier than the previous call's).
    /// Everything scheduled up to `t` (samples, countdowns, step changes, ramp steps, cues) happens first, with its
    /// own scheduled time.
    public mutating func handle(_ input: SessionInput, at t: Seconds) -> [SessionOutput] {
        var out: [SessionOutput] = []
        advance(to: max(t, now), into: &out)
        apply(input, into: &out)
        return out
    }

    /// The next session time at which the engine has something scheduled; the shell should send `.tick` then.
    public var nextDeadline: Seconds? { nextScheduled()?.time }

    mutating func apply(_ input: SessionInput, into out: inout [SessionOutput]) {
        switch input {
        case .tick:
            break
        case .connect:
            linkUp = true
            if controlsTreadmill { command(.requestControl, into: &out) }
            if phase == .ready { emit(.ready(prompt: Self.readyPrompt), into: &out) }
        case .userStart:
            userStart(into: &out)
        case .userPause:
            userPause(into: &out)
        case .togglePause:
            if phase == .running || phase == .countdown { userPause(into: &out) } else { userStart(into: &out) }
        case .userStop:
            stop(.userStop, into: &out)
        case .painStop:
            stop(.painAboveThreshold, into: &out)
        case .stop(let reason):
            stop(reason, into: &out)
        case .skip:
            skip(into: &out)
        case .extend(let seconds):
            extend(by: seconds, into: &out)
        case .markDone:
            markDone(into: &out)
        case .speedUp:
            adjustSpeed(up: true, into: &out)
        case .slowDown:
            adjustSpeed(up: false, into: &out)
        case .treadmill(let observation):
            observe(observation, into: &out)
        }
    }

    static let readyPrompt =
        "Clip the emergency stop to your clothing, clear the space behind the treadmill, hold the side rails, then press start."

    // MARK: - User actions

    mutating func userStart(into out: inout [SessionOutput]) {
        switch phase {
        case .ready, .backOnBelt, .paused:
            break
        case .stopped(let reason):
            guard reason.mayResumeToday else {
                emit(
                    .warning("This session cannot resume today after \(reason.rawValue). \(reason.guidance.whatNext)"),
                    into: &out)
                return
            }
            if controlsTreadmill && !linkUp {
                emit(.warning("The treadmill is not connected. Reconnect it before resuming."), into: &out)
                return
            }
        case .countdown, .running, .finished:
            return
        }
        guard let step = currentStep else { return }
        if firstStart == nil { emit(.segmentStarted(info(for: segment)), into: &out) }
        // Announce what the belt will do, then count down.
        if case .locomotion = step.activity, let target = desiredSpeed(for: segment) {
            let allowed = envelopeSpeed(target, gait: gait(of: segment) ?? .walk)
            announcedCeiling = max(announcedCeiling, allowed)
            emit(
                .targetChangeAnnounced(
                    TargetChange(
                        segment: segment, speed: allowed, grade: desiredGrade(for: segment),
                        inSeconds: Double(configuration.countdownSeconds))), into: &out)
        }
        phaseBeforeCountdown = phase
        phase = .countdown
        countdownStartedAt = now
        countdownEmitted = 0
        emitCountdownTicks(into: &out)
    }

    mutating func userPause(into out: inout [SessionOutput]) {
        switch phase {
        case .running:
            pauseBelt(into: &out)
            phase = .paused(.user)
            emit(.paused(.user), into: &out)
        case .countdown:
            phase = phaseBeforeCountdown
            emit(.paused(.user), into: &out)
        default:
            return
        }
    }

    mutating func stop(_ reason: StopReason, into out: inout [SessionOutput]) {
        if case .finished = phase { return }
        if case .stopped(let current) = phase, current == reason { return }
        // A stop always commands a pause once the belt has ever run: the engine may not know its true state
        // (a refused command, a console action), and pausing a stopped belt is harmless.
        pauseBelt(into: &out, force: firstStart != nil || reason == .linkLost || reason == .safetyKey)
        rampTarget = nil
        nextRampAt = nil
        stopReason = reason
        phase = .stopped(reason)
        emit(.stopped(reason, guidance: reason.guidance), into: &out)
    }

    /// Ends the session now (the user quit, or the shell closes it) and emits the summary.
    public mutating func end(at t: Seconds) -> [SessionOutput] {
        var out: [SessionOutput] = []
        advance(to: max(t, now), into: &out)
        finish(completed: false, into: &out)
        return out
    }

    mutating func skip(into out: inout [SessionOutput]) {
        guard phase == .running || phase == .backOnBelt else { return }
        emit(.skipped(segment: segment), into: &out)
        skippedCurrent = true
        if phase == .backOnBelt || !isTimed(segment) || !(nextStepIsLocomotion && beltRunning) {
            advanceSegment(into: &out)
            return
        }
        // End the step after the usual countdown so any increase is announced first.
        let remaining = (segmentPlanned ?? segmentActive) - segmentActive
        segmentPlanned = segmentActive + min(max(remaining, 0), Double(configuration.countdownSeconds))
        announceNext(into: &out)
    }

    mutating func extend(by seconds: Seconds, into out: inout [SessionOutput]) {
        guard seconds.isFinite, seconds > 0, phase == .running, let planned = segmentPlanned else { return }
        segmentPlanned = planned + min(seconds, 3600)
        if (segmentPlanned ?? 0) - segmentActive > configuration.announceLeadSeconds { segmentAnnounced = false }
        segmentCountdown.removeAll()
        emit(.extended(segment: segment, bySeconds: min(seconds, 3600)), into: &out)
    }

    mutating func markDone(into out: inout [SessionOutput]) {
        guard phase == .running, let step = currentStep else { return }
        switch step.goal {
        case .reps, .repsForTime, .open:
            advanceSegment(into: &out)
        case .time, .distance:
            return
        }
    }

    mutating func adjustSpeed(up: Bool, into out: inout [SessionOutput]) {
        guard phase == .running, beltRunning, controlsTreadmill, let gait = gait(of: segment),
            let current = commandedSpeed
        else { return }
        let base = rampTarget ?? current
        let step = SafetyPolicy.speedIncrement(from: base)
        let wanted = up ? base + step : max(base - step, configuration.treadmill?.minimumSpeed ?? .zero)
        let allowed = envelopeSpeed(wanted, gait: gait)
        if up && allowed <= base {
            emit(.capped(requested: wanted, allowed: allowed), into: &out)
            return
        }
        speedOverride = allowed
        rampTarget = nil
        nextRampAt = nil
        if up {
            announcedCeiling = max(announcedCeiling, allowed)
            emit(
                .targetChangeAnnounced(TargetChange(segment: segment, speed: allowed, grade: nil, inSeconds: 0)),
                into: &out)
        }
        emit(.speedAdjusted(allowed), into: &out)
        command(.setTargetSpeed(allowed), into: &out)
    }

    // MARK: - Treadmill observations

    mutating func observe(_ observation: TreadmillObservation, into out: inout [SessionOutput]) {
        switch observation {
        case .reading(let reading):
            receive(reading, into: &out)
        case .commandSucceeded:
            break
        case .commandFailed(let failed, let reason):
            commandFailed(failed, reason: reason, into: &out)
        case .safetyKeyPulled:
            beltRunning = false
            stop(.safetyKey, into: &out)
        case .stoppedByMachine:
            let wasRunning = beltRunning
            beltRunning = false
            if phase == .running {
                phase = .paused(.machine)
                emit(.paused(.machine), into: &out)
            } else if wasRunning, phase == .countdown {
                phase = .paused(.machine)
            }
        case .startedByMachine:
            // The user started the belt on the console: an explicit action, but the app does not add speed to it.
            beltRunning = true
            switch phase {
            case .paused, .backOnBelt, .ready:
                if firstStart == nil {
                    firstStart = now
                    nextSampleAt = now + 1
                    emit(.segmentStarted(info(for: segment)), into: &out)
                } else {
                    emit(.resumed, into: &out)
                }
                phase = .running
            default:
                break
            }
        case .linkLost:
            linkUp = false
            stop(.linkLost, into: &out)
        case .linkRestored:
            linkUp = true
            if controlsTreadmill {
                command(.requestControl, into: &out)
                // Not every machine stops when the link drops, and the pause sent then could not arrive: hold the
                // belt now, until the user starts again.
                pauseBelt(into: &out, force: true)
            }
            emit(.warning("The treadmill is connected again. Press start when you are ready."), into: &out)
        }
    }

    mutating func receive(_ reading: TreadmillReading, into out: inout [SessionOutput]) {
        lastReadingAt = now
        if let speed = reading.speed {
            let value = speed.metersPerSecond
            let ceiling = envelopeSpeed(InputLimits.maximumSpeed, gait: .run).metersPerSecond
            if !value.isFinite || value < 0 || value > InputLimits.maximumSpeed.metersPerSecond {
                emit(.warning("The treadmill reported an impossible speed (\(value) m/s); pausing."), into: &out)
                lastReading = TreadmillReading(
                    speed: nil, grade: reading.grade, distance: reading.distance, heartRate: reading.heartRate)
                if controlsTreadmill { stop(.treadmillFault, into: &out) }
                return
            }
            if controlsTreadmill, beltRunning, value > ceiling + configuration.mismatchTolerance.metersPerSecond {
                lastReading = reading
                emit(.warning("The belt is faster than your cap allows; pausing."), into: &out)
                stop(.treadmillFault, into: &out)
                return
            }
            if controlsTreadmill, beltRunning, phase == .running, rampTarget == nil, let commanded = commandedSpeed,
                abs(value - commanded.metersPerSecond) > configuration.mismatchTolerance.metersPerSecond
            {
                let since = mismatchSince ?? now
                mismatchSince = since
                if now - since >= configuration.mismatchGraceSeconds {
                    lastReading = reading
                    emit(.warning("The belt speed stays far from the set speed; pausing."), into: &out)
                    stop(.treadmillFault, into: &out)
                    return
                }
            } else {
                mismatchSince = nil
            }
            if !controlsTreadmill, phase == .running, let gait = gait(of: segment),
                speed > envelopeSpeed(speed, gait: gait)
            {
                emit(
                    .warning(
                        "The belt is faster than your cap of \(envelopeSpeed(speed, gait: gait).metersPerSecond) m/s; slow it down."
                    ), into: &out)
            }
        }
        lastReading = reading
    }

    mutating func commandFailed(_ failed: TreadmillCommand, reason: String, into out: inout [SessionOutput]) {
        emit(.warning("The treadmill refused \(failed.op): \(reason)"), into: &out)
        switch failed {
        case .pause, .stop:
            emit(.warning("Press the treadmill's own stop button or pull the safety clip."), into: &out)
            stop(.treadmillFault, into: &out)
        case .start:
            beltRunning = false
            if phase == .running {
                phase = .paused(.machine)
                emit(.paused(.machine), into: &out)
            }
        case .setTargetSpeed(let speed):
            if let commanded = commandedSpeed, speed < commanded {
                // Could not slow down: the one failure that must stop the belt.
                stop(.treadmillFault, into: &out)
            } else {
                rampTarget = nil
                nextRampAt = nil
            }
        case .setTargetIncline, .requestControl:
            break
        }
    }

    // MARK: - Time

    enum Scheduled: Int, Comparable {
        case sample, segmentEnd, countdownTick, countdownEnd, boundaryCountdown, announce, ramp, cue, watchdog
        static func < (lhs: Scheduled, rhs: Scheduled) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    func nextScheduled() -> (time: Seconds, what: Scheduled)? {
        var best: (time: Seconds, what: Scheduled)?
        func consider(_ time: Seconds, _ what: Scheduled) {
            if let current = best, current.time < time || (current.time == time && current.what <= what) { return }
            best = (time, what)
        }
        if firstStart != nil, phase != .finished, !isStoppedPhase { consider(nextSampleAt, .sample) }
        switch phase {
        case .countdown:
            if countdownEmitted < configuration.countdownSeconds {
                consider(countdownStartedAt + Double(countdownEmitted), .countdownTick)
            }
            consider(countdownStartedAt + Double(configuration.countdownSeconds), .countdownEnd)
        case .running:
            if let planned = segmentPlanned {
                let remaining = planned - segmentActive
                consider(now + max(remaining, 0), .segmentEnd)
                if !segmentAnnounced, segment + 1 < steps.count {
                    consider(now + max(remaining - configuration.announceLeadSeconds, 0), .announce)
                }
                var n = configuration.countdownSeconds
                while n >= 1 {
                    if !segmentCountdown.contains(n) && Double(n) < remaining + 1e-9 {
                        consider(now + max(remaining - Double(n), 0), .boundaryCountdown)
                        break
                    }
                    n -= 1
                }
            }
            if let nextRampAt { consider(nextRampAt, .ramp) }
            if let step = currentStep, cueIndex < step.cues.count {
                consider(now + max(nextCueAt - segmentActive, 0), .cue)
            }
            if controlsTreadmill, beltRunning, let lastReadingAt {
                consider(lastReadingAt + configuration.readingTimeoutSeconds, .watchdog)
            }
        default:
            break
        }
        return best
    }

    var isStoppedPhase: Bool {
        if case .stopped = phase { return true }
        return false
    }

    mutating func advance(to t: Seconds, into out: inout [SessionOutput]) {
        var guardCount = 0
        while let next = nextScheduled(), next.time <= t + 1e-9, guardCount < 100_000 {
            guardCount += 1
            moveClock(to: max(next.time, now))
            perform(next.what, into: &out)
        }
        moveClock(to: t)
    }

    mutating func perform(_ what: Scheduled, into out: inout [SessionOutput]) {
        switch what {
        case .sample:
            emitSample(into: &out)
            nextSampleAt += 1
        case .countdownTick:
            emitCountdownTicks(into: &out)
        case .countdownEnd:
            countdownFinished(into: &out)
        case .boundaryCountdown:
            let remaining = (segmentPlanned ?? 0) - segmentActive
            let n = Int((remaining).rounded())
            let number = min(max(n, 1), configuration.countdownSeconds)
            segmentCountdown.insert(number)
            for higher in number...configuration.countdownSeconds { segmentCountdown.insert(higher) }
            emit(.countdown(number), into: &out)
        case .announce:
            announceNext(into: &out)
        case .segmentEnd:
            advanceSegment(into: &out)
        case .ramp:
            rampStep(into: &out)
        case .cue:
            if let step = currentStep, cueIndex < step.cues.count {
                emit(.cue(step.cues[cueIndex]), into: &out)
                cueIndex += 1
                nextCueAt = segmentActive + configuration.cueIntervalSeconds
            }
        case .watchdog:
            emit(.warning("No data from the treadmill for \(Int(configuration.readingTimeoutSeconds)) s."), into: &out)
            linkUp = false
            stop(.linkLost, into: &out)
        }
    }

    /// Moves the clocks to `t`, adding distance, time and energy for the interval.
    mutating func moveClock(to t: Seconds) {
        let dt = t - now
        guard dt > 0 else { return }
        now = t
        guard phase == .running else {
            currentMET = phase == .ready ? 0 : Self.standingMET
            return
        }
        segmentActive += dt
        activeSeconds += dt
        guard let step = currentStep else { return }
        switch step.activity {
        case .locomotion(let motion):
            let speed = currentSpeed(motion) ?? .zero
            let meters = speed.metersPerSecond * dt
            distance += meters
            if motion.direction == .backward {
                backwardDistance += meters
                backwardSeconds += dt
            }
            addEnergy(
                direction: motion.direction, gait: motion.gait, speed: speed, grade: currentGrade(motion), seconds: dt)
        case .rest(let rest):
            if rest.kind == .forwardWalk, let speed = rest.speed, speed.metersPerSecond > 0 {
                distance += speed.metersPerSecond * dt
                addEnergy(direction: .forward, gait: .walk, speed: speed, grade: .level, seconds: dt)
            } else {
                addMET(Self.standingMET, seconds: dt, forward: true)
            }
        case .strength:
            addMET(Self.calisthenicsMET, seconds: dt, forward: true)
        }
    }

    /// Standing quietly, 1.3 MET (Compendium of Physical Activities 2011, code 07040).
    public static let standingMET = 1.3
    /// Calisthenics such as push-ups and squats at moderate effort, 3.8 MET (Compendium 2011, code 02030).
    public static let calisthenicsMET = 3.8

    mutating func addEnergy(direction: Direction, gait: Gait, speed: Speed, grade: Grade, seconds: Seconds) {
        guard speed.metersPerSecond > 0 else {
            addMET(Self.standingMET, seconds: seconds, forward: true)
            return
        }
        let input = EnergyInput(
            direction: direction, gait: gait, speed: speed, grade: grade, mass: configuration.mass,
            practiceWeeks: configuration.practiceWeeks, handrail: configuration.handrail)
        guard let estimate = try? EnergyModel.estimate(input) else {
            addMET(Self.standingMET, seconds: seconds, forward: true)
            return
        }
        currentMET = estimate.met
        kcal += estimate.kcalPerMinute * seconds / 60
        forwardKcal += estimate.forwardKcalPerMinute * seconds / 60
    }

    mutating func addMET(_ met: Double, seconds: Seconds, forward: Bool) {
        currentMET = met
        let perMinute = EnergyModel.kcalPerMinute(met: met, mass: configuration.mass)
        kcal += perMinute * seconds / 60
        if forward { forwardKcal += perMinute * seconds / 60 }
    }

    // MARK: - Countdown and start

    mutating func emitCountdownTicks(into out: inout [SessionOutput]) {
        let total = configuration.countdownSeconds
        while countdownEmitted < total, countdownStartedAt + Double(countdownEmitted) <= now + 1e-9 {
            emit(.countdown(total - countdownEmitted), into: &out)
            countdownEmitted += 1
        }
    }

    mutating func countdownFinished(into out: inout [SessionOutput]) {
        let resuming = firstStart != nil
        if firstStart == nil {
            firstStart = now
            nextSampleAt = now + 1
        }
        phase = .running
        mismatchSince = nil
        if resuming { emit(.resumed, into: &out) }
        if case .stopped = phaseBeforeCountdown { stopReason = nil }
        startSegmentTargets(resumingBelt: true, into: &out)
    }

    /// Sets the belt for the current step. `resumingBelt` means a user start allows the belt to start.
    mutating func startSegmentTargets(resumingBelt: Bool, into out: inout [SessionOutput]) {
        guard let step = currentStep else { return }
        if !isTimed(segment) && !isLocomotion(segment), case .strength = step.activity {
            emit(.awaitingUser(prompt: "Do the \(stepDescription(step)), then mark it done."), into: &out)
        } else if case .open = step.goal {
            emit(.awaitingUser(prompt: "\(step.note ?? step.name): mark it done when you are finished."), into: &out)
        }
        guard controlsTreadmill else { return }
        switch step.activity {
        case .locomotion:
            guard let gait = gait(of: segment) else { return }
            guard
                startBeltIfNeeded(
                    gait: gait, allowed: resumingBelt,
                    prompt: "Step onto the belt, hold the rails, and press start when ready.", into: &out)
            else { return }
            if let grade = desiredGrade(for: segment) { setGrade(grade, into: &out) }
            let target = envelopeSpeed(desiredSpeed(for: segment) ?? SafetyPolicy.beginnerStartSpeed, gait: gait)
            if let current = commandedSpeed {
                if target < current {
                    command(.setTargetSpeed(target), into: &out)
                    rampTarget = nil
                    nextRampAt = nil
                } else if target > current {
                    rampTarget = target
                    rampStep(into: &out)
                }
            } else {
                // From a standstill: begin at the gentlest speed and ramp up.
                let minimum = configuration.treadmill?.minimumSpeed ?? .zero
                let first = min(target, max(minimum, SafetyPolicy.beginnerStartSpeed))
                command(.setTargetSpeed(first), into: &out)
                if target > first {
                    rampTarget = target
                    nextRampAt = now + configuration.rampIntervalSeconds
                }
            }
        case .rest(let rest) where rest.kind == .forwardWalk && rest.speed != nil:
            guard
                startBeltIfNeeded(
                    gait: .walk, allowed: resumingBelt, prompt: "Step onto the belt and press start when ready.",
                    into: &out)
            else { return }
            if let speed = rest.speed {
                let target = envelopeSpeed(speed, gait: .walk)
                if let current = commandedSpeed, target > current {
                    rampTarget = target
                    rampStep(into: &out)
                } else {
                    command(.setTargetSpeed(target), into: &out)
                }
            }
        case .rest, .strength:
            if beltRunning {
                pauseBelt(into: &out)
                emit(.paused(.rest), into: &out)
            }
        }
    }

    /// Starts the belt if it is not running. Only a user start (`allowed`) may start it; otherwise the engine waits
    /// for the user with `prompt`. A cap below the machine's slowest speed means the belt is never started.
    /// - Returns: whether the belt is running and targets may be set.
    mutating func startBeltIfNeeded(
        gait: Gait, allowed: Bool, prompt: String, into out: inout [SessionOutput]
    ) -> Bool {
        if beltRunning { return true }
        guard allowed else {
            phase = .backOnBelt
            emit(.awaitingUser(prompt: prompt), into: &out)
            return false
        }
        if let floor = configuration.treadmill?.minimumSpeed, envelopeSpeed(floor, gait: gait) < floor {
            emit(
                .warning("Your speed cap is below this treadmill's slowest speed, so the app will not start the belt."),
                into: &out)
            stop(.treadmillFault, into: &out)
            return false
        }
        startAuthorised = true
        command(.start, into: &out)
        startAuthorised = false
        beltRunning = true
        commandedSpeed = nil
        return true
    }

    mutating func rampStep(into out: inout [SessionOutput]) {
        guard let target = rampTarget, beltRunning, phase == .running else {
            nextRampAt = nil
            return
        }
        let current = commandedSpeed ?? .zero
        let next = min(target, current + SafetyPolicy.speedIncrement(from: current))
        command(.setTargetSpeed(next), into: &out)
        if (commandedSpeed ?? .zero) >= target || (commandedSpeed ?? .zero) <= current {
            rampTarget = nil
            nextRampAt = nil
        } else {
            nextRampAt = now + configuration.rampIntervalSeconds
        }
    }

    mutating func setGrade(_ grade: Grade, into out: inout [SessionOutput]) {
        let allowed = envelopeGrade(grade)
        if allowed != commandedGrade { command(.setTargetIncline(allowed), into: &out) }
    }

    mutating func pauseBelt(into out: inout [SessionOutput], force: Bool = false) {
        guard controlsTreadmill, beltRunning || force || phase == .countdown else { return }
        command(.pause, into: &out)
        beltRunning = false
        commandedSpeed = nil
        rampTarget = nil
        nextRampAt = nil
    }

    // MARK: - Steps

    var currentStep: Step? { segment < steps.count ? steps[segment].step : nil }

    var nextStepIsLocomotion: Bool { segment + 1 < steps.count && isLocomotion(segment + 1) }

    func isLocomotion(_ index: Int) -> Bool {
        guard index < steps.count else { return false }
        if case .locomotion = steps[index].step.activity { return true }
        return false
    }

    func isTimed(_ index: Int) -> Bool {
        guard index < steps.count else { return false }
        switch steps[index].step.goal {
        case .time, .distance: return true
        default: return false
        }
    }

    func gait(of index: Int) -> Gait? {
        guard index < steps.count else { return nil }
        switch steps[index].step.activity {
        case .locomotion(let motion): return motion.gait
        case .rest(let rest) where rest.kind == .forwardWalk: return .walk
        default: return nil
        }
    }

    /// The speed a step asks for before the envelope: fixed, the low end of a range, or the effort's speed.
    func desiredSpeed(for index: Int) -> Speed? {
        guard index < steps.count else { return nil }
        if index == segment, let speedOverride { return speedOverride }
        switch steps[index].step.activity {
        case .locomotion(let motion):
            switch motion.speed {
            case .fixed(let speed): return speed
            case .range(let lower, _): return lower
            case .effort(let effort): return configuration.effortSpeeds[effort] ?? SafetyPolicy.beginnerStartSpeed
            }
        case .rest(let rest): return rest.speed
        case .strength: return nil
        }
    }

    func desiredGrade(for index: Int) -> Grade? {
        guard index < steps.count, case .locomotion(let motion) = steps[index].step.activity else { return nil }
        return motion.grade
    }

    /// The one clamp every commanded speed passes through.
    public func envelopeSpeed(_ speed: Speed, gait: Gait) -> Speed {
        var allowed = min(speed, configuration.policy.cap(for: gait))
        if let treadmill = configuration.treadmill { allowed = min(allowed, treadmill.maximumSpeed) }
        return max(allowed, .zero)
    }

    /// The one clamp every commanded incline passes through.
    public func envelopeGrade(_ grade: Grade) -> Grade {
        var allowed = min(grade, configuration.policy.gradeCap)
        if let treadmill = configuration.treadmill {
            allowed = min(max(allowed, treadmill.minimumGrade), treadmill.maximumGrade)
        }
        return allowed
    }

    func currentSpeed(_ motion: Locomotion) -> Speed? {
        if let measured = lastReading?.speed, let at = lastReadingAt, now - at <= configuration.readingTimeoutSeconds {
            return measured
        }
        if controlsTreadmill { return beltRunning ? commandedSpeed : .zero }
        return desiredSpeed(for: segment).map { envelopeSpeed($0, gait: motion.gait) }
    }

    func currentGrade(_ motion: Locomotion) -> Grade {
        if let measured = lastReading?.grade, let at = lastReadingAt, now - at <= configuration.readingTimeoutSeconds {
            return measured
        }
        return envelopeGrade(commandedGrade ?? motion.grade)
    }

    func plannedSeconds(for index: Int) -> Seconds? {
        guard index < steps.count else { return nil }
        switch steps[index].step.goal {
        case .time(let seconds): return seconds
        case .distance(let distance):
            let speed = desiredSpeed(for: index) ?? SafetyPolicy.beginnerStartSpeed
            return speed.metersPerSecond > 0 ? distance.meters / speed.metersPerSecond : nil
        default: return nil
        }
    }

    mutating func announceNext(into out: inout [SessionOutput]) {
        segmentAnnounced = true
        let next = segment + 1
        guard next < steps.count else { return }
        let remaining = max((segmentPlanned ?? segmentActive) - segmentActive, 0)
        var speed: Speed?
        if let gait = gait(of: next), let desired = desiredSpeed(for: next) {
            speed = envelopeSpeed(desired, gait: gait)
            if beltRunning, let allowed = speed { announcedCeiling = max(announcedCeiling, allowed) }
        }
        emit(
            .targetChangeAnnounced(
                TargetChange(
                    segment: next, speed: speed, grade: desiredGrade(for: next).map(envelopeGrade), inSeconds: remaining
                )), into: &out)
    }

    mutating func advanceSegment(into out: inout [SessionOutput]) {
        if !skippedCurrent { stepsCompleted += 1 }
        skippedCurrent = false
        let next = segment + 1
        guard next < steps.count else {
            finish(completed: true, into: &out)
            return
        }
        segment = next
        segmentActive = 0
        segmentPlanned = plannedSeconds(for: next)
        segmentAnnounced = false
        segmentCountdown.removeAll()
        cueIndex = 0
        nextCueAt = 0
        speedOverride = nil
        mismatchSince = nil
        emit(.segmentStarted(info(for: next)), into: &out)
        if phase == .backOnBelt { phase = .running }
        startSegmentTargets(resumingBelt: false, into: &out)
    }

    mutating func finish(completed: Bool, into out: inout [SessionOutput]) {
        if case .finished = phase { return }
        if controlsTreadmill && (beltRunning || firstStart != nil) && linkUp { command(.stop, into: &out) }
        beltRunning = false
        rampTarget = nil
        nextRampAt = nil
        phase = .finished
        emit(.finished(summary(completed: completed)), into: &out)
    }

    /// The totals so far.
    public func summary(completed: Bool? = nil) -> SessionSummary {
        SessionSummary(
            elapsedSeconds: firstStart.map { now - $0 } ?? 0, activeSeconds: activeSeconds,
            backwardSeconds: backwardSeconds, distance: Distance(meters: distance),
            backwardDistance: Distance(meters: backwardDistance), kcal: kcal, forwardKcal: forwardKcal,
            stepsCompleted: stepsCompleted, stepsTotal: steps.count,
            completed: completed ?? (phase == .finished && stopReason == nil && stepsCompleted == steps.count),
            stopReason: stopReason)
    }

    func info(for index: Int) -> SegmentInfo {
        let performed = steps[index]
        var direction: Direction?
        var gaitValue: Gait?
        var speed: Speed?
        var grade: Grade?
        var instruction = performed.step.name
        switch performed.step.activity {
        case .locomotion(let motion):
            direction = motion.direction
            gaitValue = motion.gait
            speed = desiredSpeed(for: index).map { envelopeSpeed($0, gait: motion.gait) }
            grade = envelopeGrade(motion.grade)
            let how = controlsTreadmill ? "" : " Set the treadmill by hand."
            switch motion.speed {
            case .effort(let effort):
                instruction = "Walk \(motion.direction.rawValue) at a \(effort.label) pace.\(how)"
            default:
                instruction = "Walk \(motion.direction.rawValue).\(how)"
            }
        case .rest(let rest):
            speed = rest.speed
            instruction = rest.kind == .offTreadmill ? "Step off the treadmill." : "Rest."
        case .strength:
            instruction = "Do the \(stepDescription(performed.step))."
        }
        return SegmentInfo(
            index: index, count: steps.count, name: performed.step.name, round: performed.round,
            rounds: performed.rounds,
            plannedSeconds: plannedSeconds(for: index), direction: direction, gait: gaitValue, targetSpeed: speed,
            targetGrade: grade, instruction: instruction)
    }

    func stepDescription(_ step: Step) -> String {
        guard case .strength(let work) = step.activity else { return step.name }
        switch step.goal {
        case .reps(let reps): return "\(reps) \(work.exercise.label)"
        case .repsForTime(let reps): return "\(reps) \(work.exercise.label) as fast as you can with good form"
        case .time(let seconds): return "\(work.exercise.label) for \(Int(seconds)) s"
        default: return work.exercise.label
        }
    }

    mutating func emitSample(into out: inout [SessionOutput]) {
        var sample = SessionSample(sequence: sequence, t: nextSampleAt, segment: segment)
        sequence += 1
        if let step = currentStep, case .locomotion(let motion) = step.activity {
            sample.direction = motion.direction
            sample.gait = motion.gait
            sample.targetSpeed = desiredSpeed(for: segment).map { envelopeSpeed($0, gait: motion.gait) }
            sample.targetGrade = envelopeGrade(motion.grade)
            sample.speed = phase == .running ? currentSpeed(motion) : (controlsTreadmill ? .zero : nil)
            sample.grade = currentGrade(motion)
        }
        sample.distance = Distance(meters: distance)
        sample.heartRate = lastReading?.heartRate
        sample.met = currentMET
        sample.kcal = kcal
        sample.forwardKcal = forwardKcal
        out.append(SessionOutput(t: nextSampleAt, kind: .event(.sample(sample))))
    }

    // MARK: - Output

    mutating func emit(_ event: SessionEvent, into out: inout [SessionOutput]) {
        out.append(SessionOutput(t: now, kind: .event(event)))
    }

    /// Every treadmill command goes through here; this is where the envelope is enforced.
    mutating func command(_ command: TreadmillCommand, into out: inout [SessionOutput]) {
        guard controlsTreadmill else { return }
        var command = command
        switch command {
        case .start:
            guard startAuthorised else {
                emit(.warning("A belt start without a user action was refused."), into: &out)
                return
            }
        case .setTargetSpeed(let requested):
            let gait = gait(of: segment) ?? .walk
            var allowed = envelopeSpeed(requested, gait: gait)
            if let current = commandedSpeed, allowed > current {
                // Increases: at most one increment at a time, and never above what was announced.
                allowed = min(
                    allowed, current + SafetyPolicy.speedIncrement(from: current), max(announcedCeiling, current))
            } else if commandedSpeed == nil {
                allowed = min(allowed, max(announcedCeiling, SafetyPolicy.beginnerStartSpeed))
            }
            if let floor = configuration.treadmill?.minimumSpeed, allowed < floor {
                // The machine cannot go this slow. Use its slowest speed only if that is within the cap.
                guard envelopeSpeed(floor, gait: gait) >= floor else {
                    emit(
                        .warning(
                            "Your speed cap is below this treadmill's slowest speed, so the app will not run the belt."),
                        into: &out)
                    if beltRunning || commandedSpeed != nil { stop(.treadmillFault, into: &out) }
                    return
                }
                allowed = floor
            }
            if allowed < requested { emit(.capped(requested: requested, allowed: allowed), into: &out) }
            if let current = commandedSpeed, allowed == current { return }
            commandedSpeed = allowed
            command = .setTargetSpeed(allowed)
        case .setTargetIncline(let grade):
            let allowed = envelopeGrade(grade)
            commandedGrade = allowed
            command = .setTargetIncline(allowed)
        case .pause, .stop, .requestControl:
            break
        }
        out.append(SessionOutput(t: now, kind: .command(command)))
    }
}

/// How a session runs: the workout, the person's safety policy and body, the treadmill, and timings.
public struct SessionConfiguration: Hashable, Sendable {
    /// The workout.
    public var workout: Workout
    /// The person's caps.
    public var policy: SafetyPolicy
    /// The treadmill, if one is connected; nil or not controllable means manual mode.
    public var treadmill: TreadmillCapabilities?
    /// Body mass, for energy.
    public var mass: Mass
    /// Weeks of backward-walking practice, for energy (nil: practised).
    public var practiceWeeks: Double?
    /// Handrail use, for energy reliability.
    public var handrail: HandrailLevel?
    /// Speeds for effort targets (from the person's history); missing efforts start at 1.0 mph.
    public var effortSpeeds: [Effort: Speed]
    /// Countdown before every start and step change (3-2-1).
    public var countdownSeconds: Int
    /// How long before a step change it is announced.
    public var announceLeadSeconds: Seconds
    /// Seconds between ramp steps.
    public var rampIntervalSeconds: Seconds
    /// Seconds between technique cues within a step.
    public var cueIntervalSeconds: Seconds
    /// Without a treadmill reading for this long while the belt runs, the link counts as lost.
    public var readingTimeoutSeconds: Seconds
    /// A measured speed this far from the commanded one is a mismatch.
    public var mismatchTolerance: Speed
    /// A mismatch lasting this long pauses the session.
    public var mismatchGraceSeconds: Seconds

    /// Creates a configuration.
    public init(
        workout: Workout, policy: SafetyPolicy, treadmill: TreadmillCapabilities? = nil, mass: Mass,
        practiceWeeks: Double? = nil, handrail: HandrailLevel? = nil, effortSpeeds: [Effort: Speed] = [:],
        countdownSeconds: Int = 3, announceLeadSeconds: Seconds = 10, rampIntervalSeconds: Seconds = 1,
        cueIntervalSeconds: Seconds = 45, readingTimeoutSeconds: Seconds = 3,
        mismatchTolerance: Speed = .metersPerSecond(0.5), mismatchGraceSeconds: Seconds = 5
    ) {
        self.workout = workout
        self.policy = policy
        self.treadmill = treadmill
        self.mass = mass
        self.practiceWeeks = practiceWeeks
        self.handrail = handrail
        self.effortSpeeds = effortSpeeds
        self.countdownSeconds = max(1, countdownSeconds)
        self.announceLeadSeconds = announceLeadSeconds
        self.rampIntervalSeconds = rampIntervalSeconds
        self.cueIntervalSeconds = cueIntervalSeconds
        self.readingTimeoutSeconds = readingTimeoutSeconds
        self.mismatchTolerance = mismatchTolerance
        self.mismatchGraceSeconds = mismatchGraceSeconds
    }
}
