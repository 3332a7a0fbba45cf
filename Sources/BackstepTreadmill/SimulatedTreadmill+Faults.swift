import FTMSCodec

extension SimulatedTreadmill {
    /// Something going wrong with the machine or the link, or a person at the console.
    public enum Fault: Hashable, Sendable {
        /// The link drops: no more notifications or indications, writes are lost, control is gone. The belt
        /// does what ``Configuration/beltOnDisconnect`` says. Undo with ``SimulatedTreadmill/reconnect(at:)``.
        case disconnect
        /// The next `count` control point writes (any op code) are answered with `result` and not carried out.
        case refuseCommands(count: Int, result: ControlPointResultCode)
        /// Withhold Treadmill Data notifications (each fragment counts) from now on.
        case dropNotifications(DropPattern)
        /// The safety key (emergency clip) is pulled: the belt stops at once, status `03` is notified, and Start
        /// fails until ``insertSafetyKey``.
        case pullSafetyKey
        /// The safety key is put back: the machine is stopped and accepts Start again.
        case insertSafetyKey
        /// From now on Treadmill Data reports this speed instead of the belt's (the belt itself is unaffected).
        case reportNonsense(NonsenseSpeed)
        /// Treadmill Data reports the belt's speed again.
        case reportTruthfully
        /// The machine withdraws control (status `FF`, Control Permission Lost).
        case revokeControl
        /// Someone presses Stop on the console: the belt ramps down and status `02 01` is notified.
        case consoleStop
        /// Someone presses Pause on the console: the belt ramps down and status `02 02` is notified.
        case consolePause
    }

    /// Which Treadmill Data notifications the machine withholds.
    public enum DropPattern: Hashable, Sendable {
        /// None.
        case none
        /// Every n-th notification (n > 0).
        case everyNth(Int)
        /// Each notification with this probability, drawn from the seeded generator
        /// (``Configuration/seed``), so runs repeat exactly.
        case probability(Double)
    }

    /// A speed a broken machine reports.
    public enum NonsenseSpeed: Hashable, Sendable {
        /// A negative speed, as a firmware bug sends it: −1.00 km/h in two's complement, which a uint16 reader
        /// sees as 655.36 − 1.00 = 654.36 km/h.
        case negative
        /// The all-ones value, 655.35 km/h.
        case absurd
        /// The belt's speed plus this many hundredths of a km/h (may be negative; clamped at 0).
        case offset(hundredthsOfKilometrePerHour: Int)
    }

    /// Moves time on to `now` (as ``advance(to:)``), then applies `fault`.
    /// - Returns: the notifications due, then any status the fault causes.
    public mutating func apply(_ fault: Fault, at now: Duration) -> [FTMSMessage] {
        advance(to: now) + applyNow(fault)
    }

    /// Schedules `fault` for `at`; ``advance(to:)`` and ``write(_:at:)`` apply it when time gets there, after
    /// running the physics up to that moment. Faults due at the same time apply in the order scheduled.
    public mutating func schedule(_ fault: Fault, at: Duration) {
        let index = scheduled.firstIndex { $0.at > at } ?? scheduled.endIndex
        scheduled.insert((at: at, fault: fault), at: index)
    }

    /// Brings the link back after ``Fault/disconnect``. Control must be requested again
    /// (FTMS v1.0.1 §4.16.2.1: control lasts until disconnect).
    public mutating func reconnect(at now: Duration) -> [FTMSMessage] {
        let messages = advance(to: now)
        isConnected = true
        controlGranted = false
        return messages
    }

    /// Applies a fault at ``time``.
    mutating func applyNow(_ fault: Fault) -> [FTMSMessage] {
        var statuses: [FitnessMachineStatus] = []
        switch fault {
        case .disconnect:
            isConnected = false
            controlGranted = false
            if configuration.beltOnDisconnect == .stops, beltState == .running || beltState == .paused {
                beltState = .stopped
                targetSpeed = nil
                workoutEnded = true
            }
        case .refuseCommands(let count, let result):
            refusalsLeft = max(0, count)
            refusalResult = result
        case .dropNotifications(let pattern):
            drop = pattern
            dropCounter = 0
        case .pullSafetyKey:
            beltState = .safetyKeyPulled
            beltSpeedKilometresPerHour = 0
            targetSpeed = nil
            workoutEnded = true
            statuses.append(.stoppedBySafetyKey)
        case .insertSafetyKey:
            if beltState == .safetyKeyPulled { beltState = .stopped }
        case .reportNonsense(let speed):
            nonsense = speed
        case .reportTruthfully:
            nonsense = nil
        case .revokeControl:
            controlGranted = false
            statuses.append(.controlPermissionLost)
        case .consoleStop:
            if beltState == .running || beltState == .paused {
                beltState = .stopped
                targetSpeed = nil
                workoutEnded = true
                statuses.append(.stoppedOrPausedByUser(.stop))
            }
        case .consolePause:
            if beltState == .running {
                beltState = .paused
                statuses.append(.stoppedOrPausedByUser(.pause))
            }
        }
        guard isConnected else { return [] }
        return statuses.map { FTMSMessage(.fitnessMachineStatus, $0.encode()) }
    }
}
