/// The session's lifecycle and the gate every belt start passes: ready → (user start) countdown → running, and
/// back to waiting on any pause or stop. Only a user start opens a countdown, and only a countdown that ran to its
/// end (or a start from the treadmill's own console) makes the session run.
///
/// The countdown carries where it came from, so a pause during the countdown returns there and a countdown after
/// a stop clears the stop once it has run.
struct SessionStartGate: Hashable, Sendable, Codable {
    /// Where the session stands.
    enum State: Hashable, Sendable, Codable {
        /// Waiting for the first user start.
        case ready
        /// Counting down (3-2-1) after a user start.
        case countdown(Countdown)
        /// The session clock runs.
        case running
        /// A walking step follows a standing rest: waiting for the user to step on and press start.
        case backOnBelt
        /// Paused; only the user resumes.
        case paused(PauseReason)
        /// Stopped; the user may resume today only if the reason allows.
        case stopped(StopReason)
        /// Over: the summary has been emitted.
        case finished
    }

    /// The states a user start may leave; a countdown returns to one of them when it is cancelled.
    enum Waiting: Hashable, Sendable, Codable {
        case ready
        case backOnBelt
        case paused(PauseReason)
        case stopped(StopReason)

        init?(_ state: State) {
            switch state {
            case .ready: self = .ready
            case .backOnBelt: self = .backOnBelt
            case .paused(let reason): self = .paused(reason)
            case .stopped(let reason): self = .stopped(reason)
            case .countdown, .running, .finished: return nil
            }
        }

        var state: State {
            switch self {
            case .ready: .ready
            case .backOnBelt: .backOnBelt
            case .paused(let reason): .paused(reason)
            case .stopped(let reason): .stopped(reason)
            }
        }
    }

    /// A countdown in progress.
    struct Countdown: Hashable, Sendable, Codable {
        /// Session time the countdown began.
        var startedAt: Seconds
        /// How many numbers have been said.
        var emitted: Int
        /// Where the session was before the user pressed start.
        var from: Waiting
    }

    /// Where the session stands.
    private(set) var state: State = .ready
    /// The last stop, for the summary: cleared when a countdown after the stop has run to its end.
    private(set) var stopReason: StopReason?

    var isRunning: Bool { state == .running }
    var isFinished: Bool { state == .finished }
    var isCountingDown: Bool {
        if case .countdown = state { return true }
        return false
    }
    var isStopped: Bool {
        if case .stopped = state { return true }
        return false
    }
    var currentStopReason: StopReason? {
        if case .stopped(let reason) = state { return reason }
        return nil
    }

    /// Opens a countdown from a waiting state (does nothing otherwise).
    mutating func beginCountdown(at now: Seconds) {
        guard let from = Waiting(state) else { return }
        state = .countdown(Countdown(startedAt: now, emitted: 0, from: from))
    }

    /// The countdown numbers due by `now` (3, 2, 1 for a three-second countdown), each said once.
    mutating func dueCountdownNumbers(at now: Seconds, total: Int) -> [Int] {
        guard case .countdown(var countdown) = state else { return [] }
        var numbers: [Int] = []
        while countdown.emitted < total, countdown.startedAt + Double(countdown.emitted) <= now + 1e-9 {
            numbers.append(total - countdown.emitted)
            countdown.emitted += 1
        }
        state = .countdown(countdown)
        return numbers
    }

    /// When the countdown says its next number and when it ends, if one is running.
    func countdownSchedule(total: Int) -> (nextNumber: Seconds?, end: Seconds)? {
        guard case .countdown(let countdown) = state else { return nil }
        let next = countdown.emitted < total ? countdown.startedAt + Double(countdown.emitted) : nil
        return (next, countdown.startedAt + Double(total))
    }

    /// A pause during the countdown: back to where the user pressed start.
    mutating func cancelCountdown() {
        guard case .countdown(let countdown) = state else { return }
        state = countdown.from.state
    }

    /// The countdown ran to its end: the session runs, and a stop it followed no longer counts.
    mutating func completeCountdown() {
        if case .countdown(let countdown) = state, case .stopped = countdown.from { stopReason = nil }
        state = .running
    }

    /// Moves to a state that needs no countdown: running after a console start or a step change, back on the
    /// belt, or a pause.
    mutating func move(to newState: State) {
        switch newState {
        case .stopped(let reason): stop(reason)
        case .finished: finish()
        default: state = newState
        }
    }

    mutating func stop(_ reason: StopReason) {
        stopReason = reason
        state = .stopped(reason)
    }

    mutating func finish() {
        state = .finished
    }

    init() {}

    enum CodingKeys: String, CodingKey { case state, stopReason }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        state = try c.decode(State.self, forKey: .state)
        stopReason = try c.decodeIfPresent(StopReason.self, forKey: .stopReason)
        if case .stopped(let reason) = state, stopReason != reason {
            throw DecodingError.dataCorruptedError(
                forKey: .stopReason, in: c,
                debugDescription: "a stopped session must record the reason it stopped for (\(reason.rawValue))")
        }
        if case .countdown(let countdown) = state {
            guard countdown.startedAt.isFinite, countdown.emitted >= 0 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .state, in: c, debugDescription: "the countdown's start time or count is invalid")
            }
        }
    }
}
