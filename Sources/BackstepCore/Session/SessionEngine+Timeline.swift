/// Time in the engine: what is scheduled next, moving the clocks, countdowns, step changes, and setting the belt
/// for a step (start, incline, ramp, pause for a rest).
extension SessionEngine {
    /// What can be due at a moment, in the order things due at the same moment happen.
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
        if !gate.isFinished, !gate.isStopped, let nextSampleAt = totals.nextSampleAt { consider(nextSampleAt, .sample) }
        switch phase {
        case .countdown:
            if let countdown = gate.countdownSchedule(total: configuration.countdownSeconds) {
                if let tick = countdown.nextNumber { consider(tick, .countdownTick) }
                consider(countdown.end, .countdownEnd)
            }
        case .running:
            if let remaining = schedule.remaining {
                consider(now + max(remaining, 0), .segmentEnd)
                if !schedule.announced, schedule.index + 1 < steps.count {
                    consider(now + max(remaining - configuration.announceLeadSeconds, 0), .announce)
                }
                if let n = schedule.nextBoundaryNumber(total: configuration.countdownSeconds) {
                    consider(now + max(remaining - Double(n), 0), .boundaryCountdown)
                }
            }
            if let nextRampAt = belt.nextRampAt { consider(nextRampAt, .ramp) }
            if schedule.hasCues(in: plan) { consider(now + max(schedule.nextCueAt - schedule.active, 0), .cue) }
            if controlsTreadmill, belt.isRunning, let last = link.last {
                consider(last.at + configuration.readingTimeoutSeconds, .watchdog)
            }
        default:
            break
        }
        return best
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
        case .countdownTick:
            emitCountdownTicks(into: &out)
        case .countdownEnd:
            countdownFinished(into: &out)
        case .boundaryCountdown:
            emit(.countdown(schedule.countDownBoundary(total: configuration.countdownSeconds)), into: &out)
        case .announce:
            announceNext(into: &out)
        case .segmentEnd:
            advanceSegment(into: &out)
        case .ramp:
            rampStep(into: &out)
        case .cue:
            if let cue = schedule.takeCue(in: plan, interval: configuration.cueIntervalSeconds) {
                emit(.cue(cue), into: &out)
            }
        case .watchdog:
            emit(.warning("No data from the treadmill for \(Int(configuration.readingTimeoutSeconds)) s."), into: &out)
            link.lost()
            stop(.linkLost, into: &out)
        }
    }

    /// Moves the clocks to `t`, adding distance, time and energy for the interval.
    mutating func moveClock(to t: Seconds) {
        let dt = t - now
        guard dt > 0 else { return }
        now = t
        guard phase == .running else {
            totals.idle(ready: phase == .ready)
            return
        }
        schedule.addActive(dt)
        totals.addActive(dt)
        guard let step = currentStep else { return }
        switch step.activity {
        case .locomotion(let motion):
            let speed = currentSpeed(motion) ?? .zero
            totals.addDistance(speed.metersPerSecond * dt, backward: motion.direction == .backward, seconds: dt)
            totals.addEnergy(
                direction: motion.direction, gait: motion.gait, speed: speed, grade: currentGrade(motion), seconds: dt,
                configuration: configuration)
        case .rest(let rest):
            if rest.kind == .forwardWalk, let speed = rest.speed, speed.metersPerSecond > 0 {
                totals.addDistance(speed.metersPerSecond * dt, backward: false, seconds: dt)
                totals.addEnergy(
                    direction: .forward, gait: .walk, speed: speed, grade: .level, seconds: dt,
                    configuration: configuration)
            } else {
                totals.addMET(Self.standingMET, seconds: dt, mass: configuration.mass, forward: true)
            }
        case .strength:
            totals.addMET(Self.calisthenicsMET, seconds: dt, mass: configuration.mass, forward: true)
        }
    }

    func currentSpeed(_ motion: Locomotion) -> Speed? {
        if let measured = link.fresh(at: now, timeout: configuration.readingTimeoutSeconds)?.speed { return measured }
        if controlsTreadmill { return belt.isRunning ? belt.speed : .zero }
        return schedule.desiredSpeed(for: schedule.index, in: plan).map { plan.envelopeSpeed($0, gait: motion.gait) }
    }

    func currentGrade(_ motion: Locomotion) -> Grade {
        if let measured = link.fresh(at: now, timeout: configuration.readingTimeoutSeconds)?.grade { return measured }
        return plan.envelopeGrade(belt.grade ?? motion.grade)
    }

    mutating func emitSample(into out: inout [SessionOutput]) {
        guard let taken = totals.takeSample() else { return }
        let segment = schedule.index
        var sample = SessionSample(sequence: taken.sequence, t: taken.t, segment: segment)
        if let step = currentStep, case .locomotion(let motion) = step.activity {
            sample.direction = motion.direction
            sample.gait = motion.gait
            sample.targetSpeed = schedule.desiredSpeed(for: segment, in: plan).map {
                plan.envelopeSpeed($0, gait: motion.gait)
            }
            sample.targetGrade = plan.envelopeGrade(motion.grade)
            sample.speed = phase == .running ? currentSpeed(motion) : (controlsTreadmill ? .zero : nil)
            sample.grade = currentGrade(motion)
        }
        sample.distance = Distance(meters: totals.distance)
        sample.heartRate = link.last?.reading.heartRate
        sample.met = totals.currentMET
        sample.kcal = totals.kcal
        sample.forwardKcal = totals.forwardKcal
        out.append(SessionOutput(t: taken.t, kind: .event(.sample(sample))))
    }

    // MARK: - Countdown and start

    mutating func emitCountdownTicks(into out: inout [SessionOutput]) {
        for number in gate.dueCountdownNumbers(at: now, total: configuration.countdownSeconds) {
            emit(.countdown(number), into: &out)
        }
    }

    mutating func countdownFinished(into out: inout [SessionOutput]) {
        let resuming = totals.hasStarted
        totals.start(at: now)
        gate.completeCountdown()
        link.agree()
        if resuming { emit(.resumed, into: &out) }
        startSegmentTargets(resumingBelt: true, into: &out)
    }

    /// Sets the belt for the current step. `resumingBelt` means a user start allows the belt to start.
    mutating func startSegmentTargets(resumingBelt: Bool, into out: inout [SessionOutput]) {
        guard let step = currentStep else { return }
        let segment = schedule.index
        if !plan.isTimed(segment) && !plan.isLocomotion(segment), case .strength = step.activity {
            emit(.awaitingUser(prompt: "Do the \(plan.stepDescription(step)), then mark it done."), into: &out)
        } else if case .open = step.goal {
            emit(.awaitingUser(prompt: "\(step.note ?? step.name): mark it done when you are finished."), into: &out)
        }
        guard controlsTreadmill else { return }
        switch step.activity {
        case .locomotion:
            guard let gait = plan.gait(of: segment) else { return }
            guard
                startBeltIfNeeded(
                    gait: gait, allowed: resumingBelt,
                    prompt: "Step onto the belt, hold the rails, and press start when ready.", into: &out)
            else { return }
            if let grade = plan.desiredGrade(for: segment) { setGrade(grade, into: &out) }
            let target = plan.envelopeSpeed(
                schedule.desiredSpeed(for: segment, in: plan) ?? SafetyPolicy.beginnerStartSpeed, gait: gait)
            if let current = belt.speed {
                if target < current {
                    command(.setTargetSpeed(target), into: &out)
                    belt.endRamp()
                } else if target > current {
                    belt.startRamp(to: target, nextStepAt: belt.nextRampAt)
                    rampStep(into: &out)
                }
            } else {
                // From a standstill: begin at the gentlest speed and ramp up.
                let minimum = configuration.treadmill?.minimumSpeed ?? .zero
                let first = min(target, max(minimum, SafetyPolicy.beginnerStartSpeed))
                command(.setTargetSpeed(first), into: &out)
                if target > first { belt.startRamp(to: target, nextStepAt: now + configuration.rampIntervalSeconds) }
            }
        case .rest(let rest) where rest.kind == .forwardWalk && rest.speed != nil:
            guard
                startBeltIfNeeded(
                    gait: .walk, allowed: resumingBelt, prompt: "Step onto the belt and press start when ready.",
                    into: &out)
            else { return }
            if let speed = rest.speed {
                let target = plan.envelopeSpeed(speed, gait: .walk)
                if let current = belt.speed, target > current {
                    belt.startRamp(to: target, nextStepAt: belt.nextRampAt)
                    rampStep(into: &out)
                } else {
                    command(.setTargetSpeed(target), into: &out)
                }
            }
        case .rest, .strength:
            if belt.isRunning {
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
        if belt.isRunning { return true }
        guard allowed else {
            gate.move(to: .backOnBelt)
            emit(.awaitingUser(prompt: prompt), into: &out)
            return false
        }
        if let floor = configuration.treadmill?.minimumSpeed, plan.envelopeSpeed(floor, gait: gait) < floor {
            emit(
                .warning("Your speed cap is below this treadmill's slowest speed, so the app will not start the belt."),
                into: &out)
            stop(.treadmillFault, into: &out)
            return false
        }
        if controlsTreadmill { deliver(belt.authorisedStart(plan: plan), into: &out) }
        belt.markStarted()
        return true
    }

    mutating func rampStep(into out: inout [SessionOutput]) {
        guard let target = belt.rampTarget, belt.isRunning, phase == .running else {
            belt.holdRamp()
            return
        }
        let current = belt.speed ?? .zero
        let next = min(target, current + SafetyPolicy.speedIncrement(from: current))
        command(.setTargetSpeed(next), into: &out)
        if (belt.speed ?? .zero) >= target || (belt.speed ?? .zero) <= current {
            belt.endRamp()
        } else if let target = belt.rampTarget {
            belt.startRamp(to: target, nextStepAt: now + configuration.rampIntervalSeconds)
        }
    }

    mutating func setGrade(_ grade: Grade, into out: inout [SessionOutput]) {
        let allowed = plan.envelopeGrade(grade)
        if allowed != belt.grade { command(.setTargetIncline(allowed), into: &out) }
    }

    mutating func pauseBelt(into out: inout [SessionOutput], force: Bool = false) {
        guard controlsTreadmill, belt.isRunning || force || gate.isCountingDown else { return }
        command(.pause, into: &out)
        belt.markPaused()
    }

    // MARK: - Steps

    var nextStepIsLocomotion: Bool { schedule.index + 1 < steps.count && plan.isLocomotion(schedule.index + 1) }

    mutating func announceNext(into out: inout [SessionOutput]) {
        schedule.markAnnounced()
        let next = schedule.index + 1
        guard next < steps.count else { return }
        let remaining = max((schedule.planned ?? schedule.active) - schedule.active, 0)
        var speed: Speed?
        if let gait = plan.gait(of: next), let desired = schedule.desiredSpeed(for: next, in: plan) {
            speed = plan.envelopeSpeed(desired, gait: gait)
            if belt.isRunning, let allowed = speed { belt.announce(allowed) }
        }
        emit(
            .targetChangeAnnounced(
                TargetChange(
                    segment: next, speed: speed, grade: plan.desiredGrade(for: next).map(plan.envelopeGrade),
                    inSeconds: remaining)), into: &out)
    }

    mutating func advanceSegment(into out: inout [SessionOutput]) {
        guard schedule.advance(in: plan) else {
            finish(completed: true, into: &out)
            return
        }
        link.agree()
        if let info = schedule.info(in: plan) { emit(.segmentStarted(info), into: &out) }
        if phase == .backOnBelt { gate.move(to: .running) }
        startSegmentTargets(resumingBelt: false, into: &out)
    }

    mutating func finish(completed: Bool, into out: inout [SessionOutput]) {
        if gate.isFinished { return }
        if controlsTreadmill && (belt.isRunning || totals.hasStarted) && link.isUp { command(.stop, into: &out) }
        belt.markHalted()
        belt.endRamp()
        gate.finish()
        emit(.finished(summary(completed: completed)), into: &out)
    }
}
