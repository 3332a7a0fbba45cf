import BackstepCore
import FTMSCodec

/// A ``FTMSTreadmillDriver`` wired to a ``SimulatedTreadmill`` in memory, with simulated time.
///
/// The loop carries the driver's control point writes to the simulator and the simulator's notifications and
/// indications back, each after ``latency``; it ticks the driver at its deadlines and advances the simulator's
/// belt. Nothing sleeps and nothing reads a clock, so thousands of runs take well under a second each; with the
/// same configuration (and the simulator's seed) a run repeats exactly.
///
/// ```swift
/// var loop = TreadmillLoop(treadmill: SimulatedTreadmill(), driver: FTMSTreadmillDriver())
/// _ = loop.send(.start)
/// _ = loop.send(.setTargetSpeed(.kilometersPerHour(3)))
/// let observed = loop.advance(by: .seconds(10))   // readings ramp up to 3 km/h
/// ```
///
/// When the driver gives up on the link (``FTMSTreadmillDriver/Action/disconnect``), the loop drops the link after
/// the writes already in flight (so the driver's last Stop still arrives) and tells the driver it is disconnected.
/// When a fault drops the link, the driver has to notice by itself, unless ``supervisionTimeout`` is set: then the
/// loop reports the disconnection that long afterwards, as a Bluetooth stack's supervision timeout would.
/// ``reconnect()`` brings the link back.
public struct TreadmillLoop: Sendable {
    /// One observation and when the driver made it.
    public struct Observed: Hashable, Sendable {
        /// Simulated time of the observation.
        public var time: Duration
        /// What the driver told the engine.
        public var observation: TreadmillObservation

        /// Creates a timed observation.
        public init(time: Duration, observation: TreadmillObservation) {
            self.time = time
            self.observation = observation
        }
    }

    /// The simulated machine.
    private(set) public var treadmill: SimulatedTreadmill
    /// The driver under test.
    private(set) public var driver: FTMSTreadmillDriver
    /// The simulated current time.
    private(set) public var now: Duration
    /// One-way delay of every write and notification.
    public let latency: Duration
    /// After a fault drops the link, when to report the disconnection to the driver (nil: never).
    public let supervisionTimeout: Duration?
    /// The driver's diagnostics so far, if ``init(treadmill:driver:latency:supervisionTimeout:keepsDiagnostics:)``
    /// asked to keep them.
    private(set) public var diagnostics: [FTMSTreadmillDriver.Diagnostic] = []
    /// Every observation so far, in order.
    private(set) public var history: [Observed] = []

    private let keepsDiagnostics: Bool
    private var inFlight: [(at: Duration, item: Transit)] = []
    private var supervisionDeadline: Duration?

    private enum Transit: Sendable {
        case toTreadmill([UInt8])
        case toDriver(FTMSMessage)
        case dropLink
    }

    /// Connects `driver` to `treadmill`: the driver reads the treadmill's Feature and Supported Range values at the
    /// treadmill's current time, which becomes the loop's.
    /// - Parameters:
    ///   - latency: one-way delay of every message. Default 20 ms.
    ///   - supervisionTimeout: see ``supervisionTimeout``. Default nil.
    ///   - keepsDiagnostics: whether to collect ``diagnostics`` (off by default, for speed).
    public init(
        treadmill: SimulatedTreadmill, driver: FTMSTreadmillDriver, latency: Duration = .milliseconds(20),
        supervisionTimeout: Duration? = nil, keepsDiagnostics: Bool = false
    ) {
        self.treadmill = treadmill
        self.driver = driver
        self.now = treadmill.time
        self.latency = max(latency, .zero)
        self.supervisionTimeout = supervisionTimeout
        self.keepsDiagnostics = keepsDiagnostics
        var observed: [Observed] = []
        connect(into: &observed)
        history += observed
    }

    /// What the driver learnt about the machine.
    public var capabilities: TreadmillCapabilities? { driver.capabilities }

    /// Sends a command to the driver now, and delivers whatever is due at this instant.
    /// - Returns: the observations made meanwhile.
    public mutating func send(_ command: TreadmillCommand) -> [Observed] {
        var observed: [Observed] = []
        process(driver.send(command, now: now), into: &observed)
        settle(into: &observed)
        history += observed
        return observed
    }

    /// Lets simulated time run to `end`, delivering messages and ticking the driver on the way.
    /// - Returns: the observations made meanwhile.
    public mutating func advance(to end: Duration) -> [Observed] {
        var observed: [Observed] = []
        settle(into: &observed)
        while now < end {
            var step = end
            if let next = inFlight.first?.at, next > now, next < step { step = next }
            if let deadline = driver.nextDeadline, deadline > now, deadline < step { step = deadline }
            let machineNext = treadmill.nextEventTime
            if machineNext > now, machineNext < step { step = machineNext }
            if let deadline = supervisionDeadline, deadline > now, deadline < step { step = deadline }
            now = step
            let wasConnected = treadmill.isConnected
            let messages = treadmill.advance(to: now)
            noteFaultDisconnect(wasConnected: wasConnected)
            for message in messages { enqueue(.toDriver(message)) }
            settle(into: &observed)
        }
        history += observed
        return observed
    }

    /// Lets simulated time run for `duration`.
    public mutating func advance(by duration: Duration) -> [Observed] {
        advance(to: now + duration)
    }

    /// Applies a fault to the treadmill now.
    public mutating func inject(_ fault: SimulatedTreadmill.Fault) -> [Observed] {
        var observed: [Observed] = []
        let wasConnected = treadmill.isConnected
        let messages = treadmill.apply(fault, at: now)
        noteFaultDisconnect(wasConnected: wasConnected)
        for message in messages { enqueue(.toDriver(message)) }
        settle(into: &observed)
        history += observed
        return observed
    }

    /// Schedules a fault on the treadmill; it happens when ``advance(to:)`` gets there.
    public mutating func schedule(_ fault: SimulatedTreadmill.Fault, at time: Duration) {
        treadmill.schedule(fault, at: time)
    }

    /// Brings the link back (after a fault or after the driver gave up): the treadmill reconnects, messages in
    /// flight are lost, and the driver connects afresh (reporting `.linkRestored`).
    public mutating func reconnect() -> [Observed] {
        var observed: [Observed] = []
        inFlight = []
        supervisionDeadline = nil
        _ = treadmill.reconnect(at: now)
        connect(into: &observed)
        settle(into: &observed)
        history += observed
        return observed
    }

    // MARK: Internals

    private mutating func connect(into observed: inout [Observed]) {
        let actions = driver.connected(
            feature: treadmill.read(.fitnessMachineFeature) ?? [], speedRange: treadmill.read(.supportedSpeedRange),
            inclinationRange: treadmill.read(.supportedInclinationRange), now: now)
        process(actions, into: &observed)
    }

    private mutating func noteFaultDisconnect(wasConnected: Bool) {
        if wasConnected, !treadmill.isConnected, let timeout = supervisionTimeout {
            supervisionDeadline = now + timeout
        }
    }

    private mutating func enqueue(_ item: Transit) {
        inFlight.append((at: now + latency, item: item))
    }

    /// Delivers everything due by `now` and ticks the driver if a deadline passed, until nothing more happens.
    private mutating func settle(into observed: inout [Observed]) {
        var rounds = 0
        while rounds < 10_000 {
            rounds += 1
            if let first = inFlight.first, first.at <= now {
                inFlight.removeFirst()
                deliver(first.item, into: &observed)
                continue
            }
            if let deadline = supervisionDeadline, deadline <= now {
                supervisionDeadline = nil
                process(driver.disconnected(now: now), into: &observed)
                continue
            }
            if let deadline = driver.nextDeadline, deadline <= now {
                let actions = driver.tick(now: now)
                process(actions, into: &observed)
                if !actions.isEmpty { continue }
            }
            break
        }
    }

    private mutating func deliver(_ item: Transit, into observed: inout [Observed]) {
        switch item {
        case .toTreadmill(let bytes):
            for message in treadmill.write(bytes, at: now) { enqueue(.toDriver(message)) }
        case .toDriver(let message):
            process(driver.receive(message.characteristic, message.bytes, now: now), into: &observed)
        case .dropLink:
            if treadmill.isConnected { _ = treadmill.apply(.disconnect, at: now) }
            supervisionDeadline = nil
            process(driver.disconnected(now: now), into: &observed)
        }
    }

    private mutating func process(_ actions: [FTMSTreadmillDriver.Action], into observed: inout [Observed]) {
        for action in actions {
            switch action {
            case .write(let bytes): enqueue(.toTreadmill(bytes))
            case .scheduleTick: break  // the loop ticks at `driver.nextDeadline`
            case .observe(let observation): observed.append(Observed(time: now, observation: observation))
            case .disconnect: enqueue(.dropLink)
            case .diagnostic(let diagnostic): if keepsDiagnostics { diagnostics.append(diagnostic) }
            }
        }
    }
}
