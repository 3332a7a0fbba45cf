/// Checks a session's log against the safety envelope, independently of how the engine enforces it: fed every
/// input and every output in order, it lists every violation.
///
/// The rules (domain brief §5):
/// 1. every `.start` follows a user start given since the previous one, and none follows a stop without a new one;
/// 2. no speed or incline command while the belt is paused or stopped;
/// 3. no speed above min(policy cap for the step's gait, machine maximum), none below the machine's minimum
///    (a machine would raise it), and no incline above the incline cap or the machine's maximum;
/// 4. every increase was announced (an announced target or a user speed-up at least as high) and rises by at
///    most one `SafetyPolicy.speedIncrement`;
/// 5. a pause or stop command within one second of a lost link, a pulled safety key, or a user or pain stop
///    while the belt runs.
public struct SessionSafetyAudit: Sendable {
    /// One broken rule.
    public struct Violation: Hashable, Sendable, CustomStringConvertible {
        /// Session time.
        public var t: Seconds
        /// What was wrong.
        public var rule: String
        public var description: String { "t=\(t): \(rule)" }
    }

    let configuration: SessionConfiguration
    /// Everything found so far.
    public private(set) var violations: [Violation] = []

    var beltStarted = false
    var userStartsSinceLastStart = 0
    var stoppedAwaitingUser = false
    var commanded: Speed?
    var announcedMax = Speed.zero
    var gait = Gait.walk
    var pauseDue: (deadline: Seconds, cause: String)?

    /// Creates an audit for a session with this configuration.
    public init(configuration: SessionConfiguration) {
        self.configuration = configuration
    }

    /// Records an input given to the engine at `t`.
    public mutating func record(input: SessionInput, at t: Seconds) {
        checkPauseDeadline(at: t)
        switch input {
        case .userStart, .togglePause:
            userStartsSinceLastStart += 1
            stoppedAwaitingUser = false
        case .treadmill(.linkLost):
            if beltStarted, pauseDue == nil { pauseDue = (t + 1, "a lost link") }
        case .treadmill(.safetyKeyPulled):
            if beltStarted, pauseDue == nil { pauseDue = (t + 1, "a pulled safety key") }
        case .userStop, .painStop, .stop:
            if beltStarted, pauseDue == nil { pauseDue = (t + 1, "a stop") }
        default:
            break
        }
    }

    /// Records an output the engine returned.
    public mutating func record(output: SessionOutput) {
        let t = output.t
        checkPauseDeadline(at: t)
        switch output.kind {
        case .event(let event):
            switch event {
            case .segmentStarted(let info): gait = info.gait ?? .walk
            case .targetChangeAnnounced(let change):
                if let speed = change.speed { announcedMax = max(announcedMax, speed) }
            case .speedAdjusted(let speed): announcedMax = max(announcedMax, speed)
            case .stopped: stoppedAwaitingUser = true
            default: break
            }
        case .command(let command):
            switch command {
            case .start:
                if userStartsSinceLastStart == 0 { fail(t, "belt start without a user start") }
                if stoppedAwaitingUser { fail(t, "belt start after a stop without a new user action") }
                userStartsSinceLastStart = 0
                beltStarted = true
                commanded = nil
            case .pause, .stop:
                beltStarted = false
                commanded = nil
                pauseDue = nil
            case .setTargetSpeed(let speed):
                if !beltStarted { fail(t, "speed command while the belt is paused") }
                var cap = configuration.policy.cap(for: gait)
                if let treadmill = configuration.treadmill { cap = min(cap, treadmill.maximumSpeed) }
                if speed.metersPerSecond > cap.metersPerSecond + 1e-9 {
                    fail(t, "speed \(speed.metersPerSecond) m/s above the cap \(cap.metersPerSecond) m/s")
                }
                if let floor = configuration.treadmill?.minimumSpeed, speed < floor {
                    fail(t, "speed \(speed.metersPerSecond) m/s below the machine's minimum")
                }
                if speed > (commanded ?? .zero) {
                    if speed > max(announcedMax, SafetyPolicy.beginnerStartSpeed) {
                        fail(t, "unannounced increase to \(speed.metersPerSecond) m/s")
                    }
                    if let prior = commanded,
                        (speed - prior).metersPerSecond > SafetyPolicy.speedIncrement(from: prior).metersPerSecond
                            + 1e-9
                    {
                        fail(t, "increase of more than one step from \(prior.metersPerSecond) m/s")
                    }
                }
                commanded = speed
            case .setTargetIncline(let grade):
                if !beltStarted { fail(t, "incline command while the belt is paused") }
                if grade > configuration.policy.gradeCap { fail(t, "incline \(grade.percent) % above the cap") }
                if let treadmill = configuration.treadmill, grade > treadmill.maximumGrade {
                    fail(t, "incline above the machine's maximum")
                }
            case .requestControl:
                break
            }
        }
    }

    /// Closes the log at `t`: a pause still owed is a violation.
    public mutating func finish(at t: Seconds) {
        checkPauseDeadline(at: t)
    }

    mutating func checkPauseDeadline(at t: Seconds) {
        if let due = pauseDue, t > due.deadline + 1e-9 {
            fail(due.deadline - 1, "no pause within 1 s of \(due.cause)")
            pauseDue = nil
        }
    }

    mutating func fail(_ t: Seconds, _ rule: String) {
        violations.append(Violation(t: t, rule: rule))
    }
}
