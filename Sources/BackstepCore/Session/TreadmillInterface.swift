/// The boundary between the session engine and a treadmill, in domain terms. A treadmill driver (FTMS over
/// Bluetooth, the simulated treadmill, a browser bridge) turns these commands into bytes and its bytes into
/// observations; the engine never sees a protocol.

/// What the session engine asks a treadmill to do. Every command the engine emits has already passed the
/// safety envelope (caps, ramps, announcements, explicit user start).
public enum TreadmillCommand: Hashable, Sendable {
    /// Ask for control of the machine (FTMS "Request Control").
    case requestControl
    /// Start or resume the belt. Only ever sent after an explicit user action.
    case start
    /// Set the belt speed.
    case setTargetSpeed(Speed)
    /// Set the incline.
    case setTargetIncline(Grade)
    /// Pause the belt (it can resume on a new user action).
    case pause
    /// Stop the belt and end the workout on the machine.
    case stop

    /// The operation's name in event logs (`requestControl`, `start`, `setTargetSpeed`, …).
    public var op: String {
        switch self {
        case .requestControl: "requestControl"
        case .start: "start"
        case .setTargetSpeed: "setTargetSpeed"
        case .setTargetIncline: "setTargetIncline"
        case .pause: "pause"
        case .stop: "stop"
        }
    }
}

/// One reading from the treadmill. Fields are nil when the machine does not report them.
public struct TreadmillReading: Hashable, Sendable {
    /// Belt speed.
    public var speed: Speed?
    /// Incline.
    public var grade: Grade?
    /// Total distance the machine has counted in this workout.
    public var distance: Distance?
    /// Heart rate in beats per minute, from the machine's grips or a strap it relays.
    public var heartRate: Int?

    /// Creates a reading.
    public init(speed: Speed? = nil, grade: Grade? = nil, distance: Distance? = nil, heartRate: Int? = nil) {
        self.speed = speed
        self.grade = grade
        self.distance = distance
        self.heartRate = heartRate
    }
}

/// What a treadmill tells the engine.
public enum TreadmillObservation: Hashable, Sendable {
    /// A data record (FTMS sends one about once a second).
    case reading(TreadmillReading)
    /// The machine confirmed a command.
    case commandSucceeded(TreadmillCommand)
    /// The machine refused a command, or it timed out after retries.
    case commandFailed(TreadmillCommand, reason: String)
    /// The safety key (emergency clip) was pulled.
    case safetyKeyPulled
    /// The belt was stopped or paused from the machine's own console.
    case stoppedByMachine
    /// The belt was started from the machine's own console.
    case startedByMachine
    /// The controlling link (Bluetooth, the browser bridge) is gone.
    case linkLost
    /// The link is back (control must be requested again).
    case linkRestored
}

/// What a treadmill can do, as far as the engine needs to know.
public struct TreadmillCapabilities: Hashable, Sendable {
    /// Slowest and fastest belt speed.
    public var minimumSpeed: Speed
    /// Fastest belt speed.
    public var maximumSpeed: Speed
    /// The smallest speed step the machine accepts.
    public var speedIncrement: Speed
    /// Lowest incline.
    public var minimumGrade: Grade
    /// Highest incline (0 for machines without incline).
    public var maximumGrade: Grade
    /// The app can set speed and incline (false: targets are shown for the user to set by hand).
    public var controllable: Bool

    /// Creates capabilities.
    public init(
        minimumSpeed: Speed, maximumSpeed: Speed, speedIncrement: Speed = .kilometersPerHour(0.1),
        minimumGrade: Grade = .level, maximumGrade: Grade = .level, controllable: Bool
    ) {
        self.minimumSpeed = minimumSpeed
        self.maximumSpeed = maximumSpeed
        self.speedIncrement = speedIncrement
        self.minimumGrade = minimumGrade
        self.maximumGrade = maximumGrade
        self.controllable = controllable
    }
}
