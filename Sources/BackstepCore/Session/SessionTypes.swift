import Foundation

/// What a person or the shell tells the session engine.
public enum SessionInput: Hashable, Sendable {
    /// The treadmill link is up: ask for control (never moves the belt).
    case connect
    /// The user pressed start (or resume). The only input that can lead to a belt start.
    case userStart
    /// The user pressed pause.
    case userPause
    /// The user pressed the one start/pause button: pauses a running session, otherwise acts as `userStart`.
    case togglePause
    /// The user stopped the session.
    case userStop
    /// The user stopped because of pain.
    case painStop
    /// The user stopped for another reason (chest pain, dizziness, loss of balance, …).
    case stop(StopReason)
    /// Skip to the next step.
    case skip
    /// Add time to the current step.
    case extend(Seconds)
    /// The user marked a strength, open or reps step done.
    case markDone
    /// The user asked for a little more speed (one increment, capped).
    case speedUp
    /// The user asked for a little less speed.
    case slowDown
    /// Something the treadmill reported.
    case treadmill(TreadmillObservation)
    /// Time passed; the shell calls this at least every `SessionEngine.nextDeadline`.
    case tick
}

/// One thing the engine did at a moment: an event for the user or the log, or a command for the treadmill.
public struct SessionOutput: Hashable, Sendable {
    /// Session time in seconds since the engine was created.
    public var t: Seconds
    /// The event or command.
    public var kind: Kind

    /// Events and commands.
    public enum Kind: Hashable, Sendable {
        case event(SessionEvent)
        case command(TreadmillCommand)
    }

    /// The command, if this output is one.
    public var command: TreadmillCommand? {
        if case .command(let command) = kind { return command }
        return nil
    }

    /// The event, if this output is one.
    public var event: SessionEvent? {
        if case .event(let event) = kind { return event }
        return nil
    }
}

/// What the user is shown or told during a session.
public enum SessionEvent: Hashable, Sendable {
    /// Waiting for the user to press start; says what to check first.
    case ready(prompt: String)
    /// A countdown number before a change (3, 2, 1).
    case countdown(Int)
    /// A step started.
    case segmentStarted(SegmentInfo)
    /// A technique cue.
    case cue(TechniqueCue)
    /// A change of speed or incline coming up.
    case targetChangeAnnounced(TargetChange)
    /// The once-a-second sample.
    case sample(SessionSample)
    /// The session was paused.
    case paused(PauseReason)
    /// The session resumed after a pause.
    case resumed
    /// The user skipped the rest of a step.
    case skipped(segment: Int)
    /// The user extended a step.
    case extended(segment: Int, bySeconds: Seconds)
    /// The engine waits for the user (strength reps, an open step, getting back on the belt).
    case awaitingUser(prompt: String)
    /// The user changed the speed within the cap.
    case speedAdjusted(Speed)
    /// A speed or incline was held back by the safety envelope.
    case capped(requested: Speed, allowed: Speed)
    /// Something worth knowing: a refused command, an implausible reading.
    case warning(String)
    /// The workout is done.
    case finished(SessionSummary)
    /// The session stopped, with what to do now.
    case stopped(StopReason, guidance: StopGuidance)
}

/// Why the session is paused.
public enum PauseReason: String, Hashable, Sendable, Codable {
    /// The user paused.
    case user
    /// The belt was stopped from the treadmill's console.
    case machine
    /// A standing rest or off-treadmill step.
    case rest
}

/// A step as the session shows it.
public struct SegmentInfo: Hashable, Sendable {
    /// Index into the performed steps, from 0.
    public var index: Int
    /// How many steps the session has.
    public var count: Int
    /// The step's name.
    public var name: String
    /// The round within a repeat block, if any.
    public var round: Int?
    /// The rounds of that block.
    public var rounds: Int?
    /// Planned seconds, if the step is timed.
    public var plannedSeconds: Seconds?
    /// Direction, for locomotion.
    public var direction: Direction?
    /// Gait, for locomotion.
    public var gait: Gait?
    /// The speed the belt will run at (after the safety envelope), if any.
    public var targetSpeed: Speed?
    /// The incline, if any.
    public var targetGrade: Grade?
    /// What the user should do when the app does not control the belt, or for effort targets.
    public var instruction: String
}

/// A speed or incline change coming up.
public struct TargetChange: Hashable, Sendable {
    /// The step that brings the change.
    public var segment: Int
    /// The speed after the change (nil: the belt stops or the user sets it).
    public var speed: Speed?
    /// The incline after the change.
    public var grade: Grade?
    /// Seconds until the change starts.
    public var inSeconds: Seconds
}

/// One second of a session.
public struct SessionSample: Hashable, Sendable {
    /// Sequence number from 0, so a retry never stores a sample twice.
    public var sequence: Int
    /// Session time in seconds.
    public var t: Seconds
    /// The step index.
    public var segment: Int
    /// Direction, during locomotion.
    public var direction: Direction?
    /// Gait, during locomotion.
    public var gait: Gait?
    /// The target speed.
    public var targetSpeed: Speed?
    /// The measured belt speed (nil when unknown).
    public var speed: Speed?
    /// The target incline.
    public var targetGrade: Grade?
    /// The measured incline.
    public var grade: Grade?
    /// Distance so far.
    public var distance: Distance
    /// Heart rate, when known.
    public var heartRate: Int?
    /// Current MET.
    public var met: Double
    /// Energy so far, kcal.
    public var kcal: Double
    /// The same motion done forward, kcal so far.
    public var forwardKcal: Double

    /// Creates a sample.
    public init(
        sequence: Int, t: Seconds, segment: Int, direction: Direction? = nil, gait: Gait? = nil,
        targetSpeed: Speed? = nil, speed: Speed? = nil, targetGrade: Grade? = nil, grade: Grade? = nil,
        distance: Distance = Distance(meters: 0), heartRate: Int? = nil, met: Double = 0, kcal: Double = 0,
        forwardKcal: Double = 0
    ) {
        self.sequence = sequence
        self.t = t
        self.segment = segment
        self.direction = direction
        self.gait = gait
        self.targetSpeed = targetSpeed
        self.speed = speed
        self.targetGrade = targetGrade
        self.grade = grade
        self.distance = distance
        self.heartRate = heartRate
        self.met = met
        self.kcal = kcal
        self.forwardKcal = forwardKcal
    }
}

/// What a session added up to.
public struct SessionSummary: Hashable, Sendable {
    /// Wall time from the first start to the end.
    public var elapsedSeconds: Seconds
    /// Time the session clock ran (pauses excluded).
    public var activeSeconds: Seconds
    /// Time spent on backward locomotion.
    public var backwardSeconds: Seconds
    /// Distance covered.
    public var distance: Distance
    /// Distance covered backward.
    public var backwardDistance: Distance
    /// Energy, kcal.
    public var kcal: Double
    /// The same motion done forward, kcal.
    public var forwardKcal: Double
    /// Steps completed out of the total.
    public var stepsCompleted: Int
    /// Total steps.
    public var stepsTotal: Int
    /// Whether the whole workout was done.
    public var completed: Bool
    /// Why it ended early, if it did.
    public var stopReason: StopReason?

    /// Creates a summary.
    public init(
        elapsedSeconds: Seconds, activeSeconds: Seconds, backwardSeconds: Seconds, distance: Distance,
        backwardDistance: Distance, kcal: Double, forwardKcal: Double, stepsCompleted: Int, stepsTotal: Int,
        completed: Bool, stopReason: StopReason?
    ) {
        self.elapsedSeconds = elapsedSeconds
        self.activeSeconds = activeSeconds
        self.backwardSeconds = backwardSeconds
        self.distance = distance
        self.backwardDistance = backwardDistance
        self.kcal = kcal
        self.forwardKcal = forwardKcal
        self.stepsCompleted = stepsCompleted
        self.stepsTotal = stepsTotal
        self.completed = completed
        self.stopReason = stopReason
    }
}
