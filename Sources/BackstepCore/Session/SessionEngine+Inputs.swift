/// The engine's answers to inputs: user actions and what the treadmill reports. Each rule reads and moves the
/// sub-machines; every command still goes through `command(_:into:)` and so through the envelope.
extension SessionEngine {
    var currentStep: Step? { plan.step(schedule.index) }

    mutating func apply(_ input: SessionInput, into out: inout [SessionOutput]) {
        switch input {
        case .tick:
            break
        case .connect:
            link.connected()
            if controlsTreadmill { command(.requestControl, into: &out) }
            if phase == .ready { emit(.ready(prompt: Self.readyPrompt), into: &out) }
        case .userStart:
            userStart(into: &out)
        case .userPause:
            userPause(into: &out)
        case .togglePause:
            if gate.isRunning || gate.isCountingDown { userPause(into: &out) } else { userStart(into: &out) }
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
            if controlsTreadmill && !link.isUp {
                emit(.warning("The treadmill is not connected. Reconnect it before resuming."), into: &out)
                return
            }
        case .countdown, .running, .finished:
            return
        }
        guard let step = currentStep else { return }
        let segment = schedule.index
        if !totals.hasStarted, let info = schedule.info(in: plan) { emit(.segmentStarted(info), into: &out) }
        // Announce what the belt will do, then count down.
        if case .locomotion = step.activity, let target = schedule.desiredSpeed(for: segment, in: plan) {
            let allowed = plan.envelopeSpeed(target, gait: plan.gait(of: segment) ?? .walk)
            belt.announce(allowed)
            emit(
                .targetChangeAnnounced(
                    TargetChange(
                        segment: segment, speed: allowed, grade: plan.desiredGrade(for: segment),
                        inSeconds: Double(configuration.countdownSeconds))), into: &out)
        }
        gate.beginCountdown(at: now)
        emitCountdownTicks(into: &out)
    }

    mutating func userPause(into out: inout [SessionOutput]) {
        switch phase {
        case .running:
            pauseBelt(into: &out)
            gate.move(to: .paused(.user))
            emit(.paused(.user), into: &out)
        case .countdown:
            gate.cancelCountdown()
            emit(.paused(.user), into: &out)
        default:
            return
        }
    }

    mutating func stop(_ reason: StopReason, into out: inout [SessionOutput]) {
        if gate.isFinished { return }
        if gate.currentStopReason == reason { return }
        // A stop always commands a pause once the belt has ever run: the engine may not know its true state
        // (a refused command, a console action), and pausing a stopped belt is harmless.
        pauseBelt(into: &out, force: totals.hasStarted || reason == .linkLost || reason == .safetyKey)
        belt.endRamp()
        gate.stop(reason)
        emit(.stopped(reason, guidance: reason.guidance), into: &out)
    }

    mutating func skip(into out: inout [SessionOutput]) {
        guard phase == .running || phase == .backOnBelt else { return }
        emit(.skipped(segment: schedule.index), into: &out)
        if phase == .backOnBelt || !plan.isTimed(schedule.index) || !(nextStepIsLocomotion && belt.isRunning) {
            schedule.markSkipped()
            advanceSegment(into: &out)
            return
        }
        // End the step after the usual countdown so any increase is announced first.
        schedule.skip(countdownSeconds: configuration.countdownSeconds)
        announceNext(into: &out)
    }

    mutating func extend(by seconds: Seconds, into out: inout [SessionOutput]) {
        guard phase == .running,
            let added = schedule.extend(by: seconds, announceLead: configuration.announceLeadSeconds)
        else { return }
        emit(.extended(segment: schedule.index, bySeconds: added), into: &out)
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
        let segment = schedule.index
        guard phase == .running, belt.isRunning, controlsTreadmill, let gait = plan.gait(of: segment),
            let current = belt.speed
        else { return }
        let base = belt.rampTarget ?? current
        let step = SafetyPolicy.speedIncrement(from: base)
        let wanted = up ? base + step : max(base - step, configuration.treadmill?.minimumSpeed ?? .zero)
        let allowed = plan.envelopeSpeed(wanted, gait: gait)
        if up && allowed <= base {
            emit(.capped(requested: wanted, allowed: allowed), into: &out)
            return
        }
        schedule.overrideSpeed(allowed)
        belt.endRamp()
        if up {
            belt.announce(allowed)
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
            belt.markHalted()
            stop(.safetyKey, into: &out)
        case .stoppedByMachine:
            let wasRunning = belt.isRunning
            belt.markHalted()
            if phase == .running {
                gate.move(to: .paused(.machine))
                emit(.paused(.machine), into: &out)
            } else if wasRunning, gate.isCountingDown {
                gate.move(to: .paused(.machine))
            }
        case .startedByMachine:
            // The user started the belt on the console: an explicit action, but the app does not add speed to it.
            belt.markRunning()
            switch phase {
            case .paused, .backOnBelt, .ready:
                if !totals.hasStarted {
                    totals.start(at: now)
                    if let info = schedule.info(in: plan) { emit(.segmentStarted(info), into: &out) }
                } else {
                    emit(.resumed, into: &out)
                }
                gate.move(to: .running)
            default:
                break
            }
        case .linkLost:
            link.lost()
            stop(.linkLost, into: &out)
        case .linkRestored:
            link.connected()
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
        if let speed = reading.speed {
            let value = speed.metersPerSecond
            let ceiling = plan.envelopeSpeed(InputLimits.maximumSpeed, gait: .run).metersPerSecond
            let tolerance = configuration.mismatchTolerance.metersPerSecond
            if !value.isFinite || value < 0 || value > InputLimits.maximumSpeed.metersPerSecond {
                emit(.warning("The treadmill reported an impossible speed (\(value) m/s); pausing."), into: &out)
                link.record(
                    TreadmillReading(
                        speed: nil, grade: reading.grade, distance: reading.distance, heartRate: reading.heartRate),
                    at: now)
                if controlsTreadmill { stop(.treadmillFault, into: &out) }
                return
            }
            if controlsTreadmill, belt.isRunning, value > ceiling + tolerance {
                link.record(reading, at: now)
                emit(.warning("The belt is faster than your cap allows; pausing."), into: &out)
                stop(.treadmillFault, into: &out)
                return
            }
            if controlsTreadmill, belt.isRunning, phase == .running, belt.rampTarget == nil,
                let commanded = belt.speed, abs(value - commanded.metersPerSecond) > tolerance
            {
                let since = link.mismatch(at: now)
                if now - since >= configuration.mismatchGraceSeconds {
                    link.record(reading, at: now)
                    emit(.warning("The belt speed stays far from the set speed; pausing."), into: &out)
                    stop(.treadmillFault, into: &out)
                    return
                }
            } else {
                link.agree()
            }
            if !controlsTreadmill, phase == .running, let gait = plan.gait(of: schedule.index),
                speed > plan.envelopeSpeed(speed, gait: gait)
            {
                emit(
                    .warning(
                        "The belt is faster than your cap of \(plan.envelopeSpeed(speed, gait: gait).metersPerSecond) m/s; slow it down."
                    ), into: &out)
            }
        }
        link.record(reading, at: now)
    }

    mutating func commandFailed(_ failed: TreadmillCommand, reason: String, into out: inout [SessionOutput]) {
        emit(.warning("The treadmill refused \(failed.op): \(reason)"), into: &out)
        switch failed {
        case .pause, .stop:
            emit(.warning("Press the treadmill's own stop button or pull the safety clip."), into: &out)
            stop(.treadmillFault, into: &out)
        case .start:
            belt.markHalted()
            if phase == .running {
                gate.move(to: .paused(.machine))
                emit(.paused(.machine), into: &out)
            }
        case .setTargetSpeed(let speed):
            if let commanded = belt.speed, speed < commanded {
                // Could not slow down: the one failure that must stop the belt.
                stop(.treadmillFault, into: &out)
            } else {
                belt.endRamp()
            }
        case .setTargetIncline, .requestControl:
            break
        }
    }
}
