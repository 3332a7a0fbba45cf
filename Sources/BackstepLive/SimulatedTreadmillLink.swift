import BackstepCore
import BackstepTreadmill

/// The simulated FTMS treadmill as a runner link: the FTMS driver and the simulated machine talk real bytes in
/// memory, moved along in session time.
public struct SimulatedTreadmillLink: TreadmillLink {
    var loop: TreadmillLoop

    /// Creates a simulated treadmill (0.5–16 km/h, 0–12 % by default) with a connected driver.
    public init(configuration: SimulatedTreadmill.Configuration = SimulatedTreadmill.Configuration()) {
        loop = TreadmillLoop(
            treadmill: SimulatedTreadmill(configuration: configuration), driver: FTMSTreadmillDriver(),
            supervisionTimeout: .milliseconds(500))
    }

    /// What the driver learnt from the machine's Feature and Supported Range characteristics.
    public var capabilities: TreadmillCapabilities {
        loop.capabilities
            ?? TreadmillCapabilities(
                minimumSpeed: .kilometersPerHour(1), maximumSpeed: .kilometersPerHour(16), controllable: false)
    }

    public mutating func connect(at t: Seconds) -> [TimedObservation] {
        Self.timed(loop.advance(to: Self.duration(t)))
    }

    public mutating func send(_ command: TreadmillCommand, at t: Seconds) -> [TimedObservation] {
        Self.timed(loop.advance(to: Self.duration(t)) + loop.send(command))
    }

    public mutating func advance(to t: Seconds) -> [TimedObservation] {
        Self.timed(loop.advance(to: Self.duration(t)))
    }

    public var nextEventTime: Seconds? { nil }

    /// Applies a fault now (for demos and tests).
    public mutating func inject(_ fault: SimulatedTreadmill.Fault) -> [TimedObservation] {
        Self.timed(loop.inject(fault))
    }

    static func timed(_ observed: [TreadmillLoop.Observed]) -> [TimedObservation] {
        observed.map { item in
            let seconds = Double(item.time.components.seconds) + Double(item.time.components.attoseconds) / 1e18
            return TimedObservation(t: seconds, observation: item.observation)
        }
    }

    /// The simulated belt's state.
    public var treadmill: SimulatedTreadmill { loop.treadmill }

    static func duration(_ seconds: Seconds) -> Duration {
        .nanoseconds(Int64((max(seconds, 0) * 1e9).rounded()))
    }
}
