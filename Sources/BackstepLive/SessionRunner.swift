import BackstepCore
import Foundation

/// An observation with the session time it was made at.
public struct TimedObservation: Hashable, Sendable {
    /// Session time.
    public var t: Seconds
    /// What the treadmill reported.
    public var observation: TreadmillObservation

    /// Creates a timed observation.
    public init(t: Seconds, observation: TreadmillObservation) {
        self.t = t
        self.observation = observation
    }
}

/// A treadmill the runner can drive in session time. The simulated treadmill implements it in memory; a
/// manual session has none. Observations carry their own times so the engine sees them in causal order even
/// when the runner wakes late.
public protocol TreadmillLink {
    /// What the treadmill can do.
    var capabilities: TreadmillCapabilities { get }
    /// Connects and returns what the treadmill reports at once.
    mutating func connect(at t: Seconds) -> [TimedObservation]
    /// Sends a command and returns any observations made meanwhile (responses, refusals).
    mutating func send(_ command: TreadmillCommand, at t: Seconds) -> [TimedObservation]
    /// Moves the treadmill to session time `t` and returns the observations due by then (readings, statuses).
    mutating func advance(to t: Seconds) -> [TimedObservation]
    /// When the treadmill next has something to report.
    var nextEventTime: Seconds? { get }
}

/// Where session time comes from: real time scaled by a speed-up factor.
public struct SessionClock: Sendable {
    let origin: ContinuousClock.Instant
    /// How many session seconds pass per real second (1 for a real session; more for demos and tests).
    public let speedup: Double

    /// Starts a clock now.
    public init(speedup: Double = 1) {
        self.origin = ContinuousClock.now
        self.speedup = max(speedup, 0.001)
    }

    /// Session seconds since the clock started.
    public var now: Seconds {
        let elapsed = ContinuousClock.now - origin
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds * speedup
    }

    /// Sleeps until session time `t` (or returns at once if it has passed).
    public func sleep(until t: Seconds) async {
        let remaining = (t - now) / speedup
        guard remaining > 0 else { return }
        try? await Task.sleep(for: .seconds(remaining))
    }
}

/// Inputs from the user, collected from another task (keys, stdin lines, a WebSocket) and drained by the runner.
public final class InputQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [SessionInput] = []
    private var closed = false
    private var ended = false

    /// Creates an empty queue.
    public init() {}

    /// Adds an input.
    public func push(_ input: SessionInput) {
        lock.lock()
        defer { lock.unlock() }
        pending.append(input)
    }

    /// Marks the end of outside input (no more user actions will come from the keyboard or pipe).
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        closed = true
    }

    /// Asks the runner to end the session now (the user quit).
    public func requestEnd() {
        lock.lock()
        defer { lock.unlock() }
        ended = true
    }

    /// Whether no more user actions can come (and nothing is queued).
    var isExhausted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closed && pending.isEmpty
    }

    /// Whether the user asked to end the session.
    var endRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return ended
    }

    /// Takes everything queued.
    func drain() -> [SessionInput] {
        lock.lock()
        defer { lock.unlock() }
        let items = pending
        pending.removeAll(keepingCapacity: true)
        return items
    }
}

/// Runs a session engine in real (or sped-up) time against an optional treadmill, feeding user inputs and
/// passing every output to a handler, until the session is over.
public struct SessionRunner<Link: TreadmillLink> {
    /// The engine.
    public private(set) var engine: SessionEngine
    /// The treadmill, if any.
    public private(set) var link: Link?
    /// The clock.
    public let clock: SessionClock
    /// Longest real wait between checks for user input, in seconds.
    public var pollInterval: Double = 0.01
    /// For each output: how late it was handed out in real seconds, compared with its scheduled session time.
    public private(set) var lateness: [Double] = []
    /// Whether to record `lateness` (the benchmark does).
    public var recordLateness = false

    /// Creates a runner.
    public init(engine: SessionEngine, link: Link?, clock: SessionClock) {
        self.engine = engine
        self.link = link
        self.clock = clock
    }

    /// Runs until the session is over, or until `maximumSessionSeconds` pass (then the session is ended).
    public mutating func run(
        inputs: InputQueue, maximumSessionSeconds: Seconds = 6 * 3600, onOutput: (SessionOutput) -> Void
    ) async {
        var t = clock.now
        if var current = link {
            let observed = current.connect(at: t)
            link = current
            for item in observed { deliver(.treadmill(item.observation), at: max(item.t, t), onOutput) }
        }
        deliver(.connect, at: t, onOutput)
        while !engine.isOver {
            t = clock.now
            if t > maximumSessionSeconds || inputs.endRequested {
                hand(engine.end(at: t), onOutput)
                break
            }
            if var current = link {
                let due = current.advance(to: t)
                link = current
                // Each at its own time, so a late wake-up never makes readings look missing.
                for item in due { deliver(.treadmill(item.observation), at: item.t, onOutput) }
            }
            for input in inputs.drain() { deliver(input, at: t, onOutput) }
            deliver(.tick, at: t, onOutput)
            if engine.isOver { break }
            // No user can act any more and the session waits for one: end it with what it has.
            if inputs.isExhausted && engine.isWaitingForUser {
                hand(engine.end(at: t), onOutput)
                break
            }
            var wake = t + pollInterval * clock.speedup
            if let deadline = engine.nextDeadline { wake = min(wake, deadline) }
            if let next = link?.nextEventTime { wake = min(wake, next) }
            await clock.sleep(until: wake)
        }
    }

    mutating func deliver(_ input: SessionInput, at t: Seconds, _ onOutput: (SessionOutput) -> Void) {
        hand(engine.handle(input, at: t), onOutput)
    }

    mutating func hand(_ outputs: [SessionOutput], _ onOutput: (SessionOutput) -> Void) {
        var queue = outputs[...]
        while let output = queue.popFirst() {
            if recordLateness { lateness.append(max(0, (clock.now - output.t) / clock.speedup)) }
            onOutput(output)
            if let command = output.command, var current = link {
                let replies = current.send(command, at: output.t)
                link = current
                for reply in replies {
                    queue.append(contentsOf: engine.handle(.treadmill(reply.observation), at: reply.t))
                }
            }
        }
    }
}

/// The runner's link type when there is no treadmill (manual mode).
public struct NoTreadmill: TreadmillLink {
    public var capabilities: TreadmillCapabilities {
        TreadmillCapabilities(minimumSpeed: .zero, maximumSpeed: .zero, controllable: false)
    }
    public mutating func connect(at t: Seconds) -> [TimedObservation] { [] }
    public mutating func send(_ command: TreadmillCommand, at t: Seconds) -> [TimedObservation] { [] }
    public mutating func advance(to t: Seconds) -> [TimedObservation] { [] }
    public var nextEventTime: Seconds? { nil }
}
