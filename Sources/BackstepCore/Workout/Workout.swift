/// A structured workout: an ordered list of steps and repeat blocks.
///
/// Workouts are plain values. The JSON form (used by `--json` output and workout files) uses a `type`
/// discriminator and unit-suffixed keys, e.g. `{"type":"step","name":"Backward walk","durationSeconds":300,…}`.
public struct Workout: Hashable, Sendable {
    /// A short title, e.g. "Backward hill repeats".
    public var name: String
    /// One or two sentences on what the workout does.
    public var summary: String
    /// The steps and repeat blocks, in order.
    public var items: [WorkoutItem]

    /// Creates a workout.
    public init(name: String, summary: String = "", items: [WorkoutItem]) {
        self.name = name
        self.summary = summary
        self.items = items
    }

    /// Every step in the order it is performed, with repeat blocks expanded.
    public var performedSteps: [PerformedStep] {
        var result: [PerformedStep] = []
        for (itemIndex, item) in items.enumerated() {
            switch item {
            case .step(let step):
                result.append(PerformedStep(step: step, itemIndex: itemIndex, round: nil, rounds: nil))
            case .repeats(let block):
                for round in 1...max(block.count, 1) {
                    for step in block.steps {
                        result.append(
                            PerformedStep(step: step, itemIndex: itemIndex, round: round, rounds: block.count))
                    }
                }
            }
        }
        return result
    }

    /// The planned duration in seconds. Steps without a time goal are estimated (see `Step.estimatedSeconds`).
    public var estimatedSeconds: Seconds {
        performedSteps.reduce(0) { $0 + $1.step.estimatedSeconds }
    }

    /// Seconds spent on backward locomotion, as planned.
    public var backwardSeconds: Seconds {
        performedSteps.reduce(0) { total, performed in
            guard case .locomotion(let motion) = performed.step.activity, motion.direction == .backward else {
                return total
            }
            return total + performed.step.estimatedSeconds
        }
    }

    /// The highest fixed or range speed any locomotion step asks for (effort targets are resolved elsewhere).
    public var highestPrescribedSpeed: Speed? {
        performedSteps.compactMap { performed -> Speed? in
            guard case .locomotion(let motion) = performed.step.activity else { return nil }
            return motion.speed.upperBound
        }.max()
    }
}

/// One entry of a workout: a step, or a block of steps repeated a number of times.
public enum WorkoutItem: Hashable, Sendable {
    /// A single step.
    case step(Step)
    /// Steps repeated `count` times.
    case repeats(RepeatBlock)
}

/// Steps performed `count` times in a row (e.g. 8 × [45 s uphill, 90 s rest]).
public struct RepeatBlock: Hashable, Sendable {
    /// How many rounds.
    public var count: Int
    /// The steps of one round.
    public var steps: [Step]
    /// Creates a repeat block.
    public init(count: Int, steps: [Step]) {
        self.count = count
        self.steps = steps
    }
}

/// A step as performed, with its place in the workout.
public struct PerformedStep: Hashable, Sendable {
    /// The step.
    public var step: Step
    /// Index of the workout item it came from.
    public var itemIndex: Int
    /// The round (1-based) when the step is inside a repeat block.
    public var round: Int?
    /// The number of rounds of that block.
    public var rounds: Int?
}

/// One step: what to do, until when, and the technique cues that go with it.
public struct Step: Hashable, Sendable {
    /// A short label shown during the session, e.g. "Uphill backward".
    public var name: String
    /// What the step is.
    public var activity: Activity
    /// When the step ends.
    public var goal: StepGoal
    /// Technique cues to give during the step, in the order to give them.
    public var cues: [TechniqueCue]
    /// An optional note shown with the step.
    public var note: String?

    /// Creates a step.
    public init(name: String, activity: Activity, goal: StepGoal, cues: [TechniqueCue] = [], note: String? = nil) {
        self.name = name
        self.activity = activity
        self.goal = goal
        self.cues = cues
        self.note = note
    }

    /// Assumed pace for reps when estimating durations: 3 seconds per repetition.
    public static let assumedSecondsPerRep: Seconds = 3
    /// Assumed length of an open step ("until done") when estimating durations.
    public static let assumedOpenStepSeconds: Seconds = 60

    /// The step's duration if it is timed, otherwise an estimate: distance at the step's speed,
    /// reps at `assumedSecondsPerRep`, open steps at `assumedOpenStepSeconds`.
    public var estimatedSeconds: Seconds {
        switch goal {
        case .time(let seconds):
            return seconds
        case .distance(let distance):
            if case .locomotion(let motion) = activity, let speed = motion.speed.representative,
                speed.metersPerSecond > 0
            {
                return distance.meters / speed.metersPerSecond
            }
            return distance.meters / 1.0
        case .reps(let reps), .repsForTime(let reps):
            return Double(reps) * Self.assumedSecondsPerRep
        case .open:
            return Self.assumedOpenStepSeconds
        }
    }
}

/// What a step is.
public enum Activity: Hashable, Sendable {
    /// Walking or running, backward or forward, on a treadmill, track or hill.
    case locomotion(Locomotion)
    /// A rest: standing, walking forward, or off the treadmill.
    case rest(Rest)
    /// A strength exercise done by reps or for time.
    case strength(StrengthWork)
}

/// Walking or running with its targets.
public struct Locomotion: Hashable, Sendable {
    /// Backward or forward.
    public var direction: Direction
    /// Walk or run.
    public var gait: Gait
    /// Where it happens.
    public var surface: Surface
    /// The target speed.
    public var speed: SpeedTarget
    /// The incline.
    public var grade: Grade
    /// How much handrail support the step allows or recommends.
    public var handrail: HandrailLevel

    /// Creates a locomotion target.
    public init(
        direction: Direction, gait: Gait = .walk, surface: Surface = .treadmill, speed: SpeedTarget,
        grade: Grade = .level, handrail: HandrailLevel = .twoHands
    ) {
        self.direction = direction
        self.gait = gait
        self.surface = surface
        self.speed = speed
        self.grade = grade
        self.handrail = handrail
    }
}

/// Direction of travel relative to where the person faces.
public enum Direction: String, Hashable, Sendable, Codable, CaseIterable {
    case backward, forward
}

/// Walking or running.
public enum Gait: String, Hashable, Sendable, Codable, CaseIterable {
    case walk, run
}

/// Where locomotion happens.
public enum Surface: String, Hashable, Sendable, Codable, CaseIterable {
    /// A motorised treadmill.
    case treadmill
    /// A non-motorised curved treadmill (the user drives the belt).
    case curvedTreadmill = "curved-treadmill"
    /// A track, lane or flat open space.
    case track
    /// An outdoor hill.
    case outdoorHill = "outdoor-hill"
}

/// A speed target: a fixed speed, a range, or an effort the user sets by feel.
public enum SpeedTarget: Hashable, Sendable {
    /// One speed.
    case fixed(Speed)
    /// Anywhere in a range (lower, upper).
    case range(Speed, Speed)
    /// A perceived effort, resolved to a speed by the person (or by their recorded comfortable speed).
    case effort(Effort)

    /// The highest speed the target allows, when it names one.
    public var upperBound: Speed? {
        switch self {
        case .fixed(let speed): speed
        case .range(_, let upper): upper
        case .effort: nil
        }
    }

    /// A single speed that stands for the target (the middle of a range), when it names one.
    public var representative: Speed? {
        switch self {
        case .fixed(let speed): speed
        case .range(let lower, let upper): Speed(metersPerSecond: (lower.metersPerSecond + upper.metersPerSecond) / 2)
        case .effort: nil
        }
    }
}

/// A perceived-effort speed target.
public enum Effort: String, Hashable, Sendable, Codable, CaseIterable {
    /// Easy: could talk in full sentences.
    case easy
    /// Comfortable: the person's own steady pace.
    case comfortable
    /// Brisk: breathing harder, still in control.
    case brisk
    /// As fast as is safe: short bouts only, experienced users.
    case asFastAsSafe = "as-fast-as-safe"

    /// Words shown to the user.
    public var label: String {
        switch self {
        case .easy: "easy"
        case .comfortable: "comfortable"
        case .brisk: "brisk"
        case .asFastAsSafe: "as fast as is safe"
        }
    }
}

/// How much the person holds the treadmill rails. Ordered from most to least support;
/// weaning moves towards `handsFree` (domain brief §7).
public enum HandrailLevel: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case twoHands = "two-hands"
    case oneHand = "one-hand"
    case fingertips
    case handsFree = "hands-free"

    /// Position in the weaning order (0 = most support).
    public var independence: Int {
        switch self {
        case .twoHands: 0
        case .oneHand: 1
        case .fingertips: 2
        case .handsFree: 3
        }
    }

    /// The next level with less support, if any.
    public var lessSupport: HandrailLevel? {
        switch self {
        case .twoHands: .oneHand
        case .oneHand: .fingertips
        case .fingertips: .handsFree
        case .handsFree: nil
        }
    }

    /// The previous level with more support, if any.
    public var moreSupport: HandrailLevel? {
        switch self {
        case .twoHands: nil
        case .oneHand: .twoHands
        case .fingertips: .oneHand
        case .handsFree: .fingertips
        }
    }

    /// Words shown to the user.
    public var label: String {
        switch self {
        case .twoHands: "both hands on the rails"
        case .oneHand: "one hand on a rail"
        case .fingertips: "fingertips on the rails"
        case .handsFree: "hands free"
        }
    }

    public static func < (lhs: HandrailLevel, rhs: HandrailLevel) -> Bool { lhs.independence < rhs.independence }
}

/// A rest between efforts.
public struct Rest: Hashable, Sendable {
    /// The kind of rest.
    public var kind: RestKind
    /// Belt speed during the rest, when the person stays on a moving belt.
    public var speed: Speed?
    /// Creates a rest.
    public init(kind: RestKind, speed: Speed? = nil) {
        self.kind = kind
        self.speed = speed
    }
    /// Standing still (belt paused or stepped to the side rails).
    public static let standing = Rest(kind: .standing)
    /// Off the treadmill altogether.
    public static let offTreadmill = Rest(kind: .offTreadmill)
}

/// Kinds of rest.
public enum RestKind: String, Hashable, Sendable, Codable, CaseIterable {
    case standing
    case forwardWalk = "forward-walk"
    case offTreadmill = "off-treadmill"
}

/// A strength exercise.
public struct StrengthWork: Hashable, Sendable {
    /// Which exercise.
    public var exercise: Exercise
    /// An optional load description, e.g. "light dumbbell".
    public var load: String?
    /// Creates strength work.
    public init(exercise: Exercise, load: String? = nil) {
        self.exercise = exercise
        self.load = load
    }
}

/// Strength exercises used by the catalog.
public enum Exercise: String, Hashable, Sendable, Codable, CaseIterable {
    case pushUp = "push-up"
    case squat
    case gobletSquat = "goblet-squat"
    case reverseLunge = "reverse-lunge"
    case stepUp = "step-up"
    case calfRaise = "calf-raise"
    case plank

    /// The exercise's name as shown.
    public var label: String {
        switch self {
        case .pushUp: "push-ups"
        case .squat: "squats"
        case .gobletSquat: "goblet squats"
        case .reverseLunge: "reverse lunges"
        case .stepUp: "step-ups"
        case .calfRaise: "calf raises"
        case .plank: "plank"
        }
    }
}

/// When a step ends.
public enum StepGoal: Hashable, Sendable {
    /// After a time.
    case time(Seconds)
    /// After a distance.
    case distance(Distance)
    /// After a number of repetitions, marked done by the user.
    case reps(Int)
    /// A number of repetitions done as fast as possible; the time taken is the score.
    case repsForTime(Int)
    /// When the user says so.
    case open
}
